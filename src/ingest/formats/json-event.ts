/**
 * The common first and last steps of every JSON-family parser: turning the raw text into one JSON
 * object (or a rejection a sender can act on), and stamping the fields every event carries.
 */
import type { Format, VigilEvent } from '../../core/event.ts';
import type { ParseOutcome } from '../types.ts';
import type { JsonObject } from './json-values.ts';

export type JsonObjectOutcome = { ok: true; value: JsonObject } | { ok: false; reason: string };

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/** Parses the raw text as one JSON object; never throws. A leading byte-order mark is ignored. */
export function parseJsonObject(raw: string): JsonObjectOutcome {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.trim().length === 0) return { ok: false, reason: 'empty input: expected one JSON object' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, reason: `invalid JSON: ${detail}` };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return { ok: true, value: value as JsonObject };
  }
  const hint = Array.isArray(value) ? '; send one object per event (one per line for NDJSON)' : '';
  return { ok: false, reason: `expected one JSON object per event, got ${describe(value)}${hint}` };
}

/**
 * Stamps `@timestamp`, `event.original` and `vigil.format` (overwriting any same-named input
 * field, since these three are Vigil's contract) and records dropped fields.
 */
export function finishEvent(
  ev: VigilEvent,
  raw: string,
  format: Exclude<Format, 'auto'>,
  timestamp: string,
  dropped = 0,
): ParseOutcome {
  ev['@timestamp'] = timestamp;
  ev['event.original'] = raw;
  ev['vigil.format'] = format;
  if (dropped > 0) ev['vigil.dropped_fields'] = dropped;
  return { ok: true, event: ev };
}
