/**
 * Turns committed events and dead letters into appender rows of the tables in schema.ts:
 * hot columns read straight off the event, the rest serialized once into `doc`. This is the
 * commit's hot loop, so it avoids per-row SQL and intermediate objects.
 */
import { type DuckDBAppender, DuckDBTimestampValue } from '@duckdb/node-api';
import { BadRequestError } from '../../core/errors.ts';
import type { FieldValue } from '../../core/event.ts';
import { millisToIso, parseIsoToMillis, utcDay } from '../../core/time.ts';
import { ipToBigInt } from '../../hunt/index.ts';
import type { DeadLetter, StoredEvent } from './types.ts';

/** Epoch milliseconds (with a microsecond fraction) to epoch microseconds. */
export function msToMicros(ms: number): bigint {
  const whole = Math.floor(ms);
  return BigInt(whole) * 1000n + BigInt(Math.round((ms - whole) * 1000));
}

/** Epoch microseconds to the canonical ISO form. */
export function microsToIso(us: bigint): string {
  const ms = us / 1000n;
  const rest = Number(us - ms * 1000n);
  return millisToIso(Number(ms) + rest / 1000);
}

export interface EventTime {
  micros: bigint;
  day: string;
  /** `@timestamp` in canonical ISO form. */
  iso: string;
}

/** The event's `@timestamp`, or a BadRequestError naming the event. */
export function eventTime(stored: StoredEvent, index: number): EventTime {
  const value = stored.event['@timestamp'];
  const ms = typeof value === 'string' ? parseIsoToMillis(value) : null;
  if (ms === null) {
    throw new BadRequestError(`event ${stored.id}: @timestamp must be an ISO 8601 timestamp`, `events[${index}]`);
  }
  return { micros: msToMicros(ms), day: utcDay(ms), iso: millisToIso(ms) };
}

/** A keyword column's value: the scalar as text, null when absent, undefined when irregular. */
function keyword(v: FieldValue | undefined): string | null | undefined {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v.length === 1 && v[0] !== null && v[0] !== undefined) return keyword(v[0]);
  return undefined;
}

function port(v: FieldValue | undefined): number | null | undefined {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? v : undefined;
  if (typeof v === 'string') {
    if (!/^\d{1,9}$/.test(v)) return undefined;
    return Number(v);
  }
  if (Array.isArray(v) && v.length === 1 && v[0] !== null && v[0] !== undefined) return port(v[0]);
  return undefined;
}

function ip(v: FieldValue | undefined): string | null | undefined {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return v[0];
  return undefined;
}

function text(v: FieldValue | undefined): string | null | undefined {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : undefined;
}

function requiredText(stored: StoredEvent, field: string, index: number): string {
  const v = stored.event[field];
  if (typeof v !== 'string' || v === '') {
    throw new BadRequestError(`event ${stored.id}: ${field} must be a non-empty string`, `events[${index}]`);
  }
  return v;
}

/** Appends one event as a row of a day table (column order of EVENT_TABLE_COLUMNS). */
export function appendEvent(
  ap: DuckDBAppender,
  stored: StoredEvent,
  time: EventTime,
  index: number,
  seq: bigint,
): void {
  const ev = stored.event;
  if (typeof stored.id !== 'string' || stored.id === '') {
    throw new BadRequestError(`event at index ${index} has no id`, `events[${index}]`);
  }
  const tenant = requiredText(stored, 'vigil.tenant', index);
  const source = requiredText(stored, 'vigil.source', index);
  let irregular = 0;
  ap.appendVarchar(stored.id);
  ap.appendTimestamp(new DuckDBTimestampValue(time.micros));
  ap.appendVarchar(tenant);
  ap.appendVarchar(source);

  const ingestedValue = ev['vigil.ingested'];
  let ingestedIso: string | null = null;
  if (ingestedValue === undefined || ingestedValue === null) {
    ap.appendNull();
  } else {
    const ms = typeof ingestedValue === 'string' ? parseIsoToMillis(ingestedValue) : null;
    if (ms === null) {
      throw new BadRequestError(`event ${stored.id}: vigil.ingested must be an ISO 8601 timestamp`, `events[${index}]`);
    }
    const canonical = millisToIso(ms);
    if (ingestedValue !== canonical) ingestedIso = canonical;
    ap.appendTimestamp(new DuckDBTimestampValue(msToMicros(ms)));
  }

  const kw = (field: string, bit: number): void => {
    const v = keyword(ev[field]);
    if (typeof v === 'string') ap.appendVarchar(v);
    else {
      if (v === undefined) irregular |= bit;
      ap.appendNull();
    }
  };
  const ipAndPort = (ipField: string, portField: string, ipBit: number, portBit: number): void => {
    const a = ip(ev[ipField]);
    if (typeof a === 'string') {
      ap.appendVarchar(a);
      const n = ipToBigInt(a);
      if (n === null) ap.appendNull();
      else ap.appendUHugeInt(n);
    } else {
      if (a === undefined) irregular |= ipBit;
      ap.appendNull();
      ap.appendNull();
    }
    const p = port(ev[portField]);
    if (typeof p === 'number') ap.appendInteger(p);
    else {
      if (p === undefined) irregular |= portBit;
      ap.appendNull();
    }
  };
  kw('event.dataset', 1);
  kw('event.category', 2);
  kw('event.action', 4);
  kw('event.outcome', 8);
  kw('event.code', 16);
  kw('host.name', 32);
  kw('user.name', 64);
  ipAndPort('source.ip', 'source.port', 128, 256);
  ipAndPort('destination.ip', 'destination.port', 512, 1024);
  kw('process.name', 2048);
  const message = text(ev.message);
  if (typeof message === 'string') ap.appendVarchar(message);
  else {
    if (message === undefined) irregular |= 4096;
    ap.appendNull();
  }
  const original = text(ev['event.original']);
  if (typeof original === 'string') ap.appendVarchar(original);
  else {
    if (original === undefined) irregular |= 8192;
    ap.appendNull();
  }
  ap.appendInteger(irregular);
  ap.appendBigInt(seq);

  const doc: Record<string, FieldValue> = {};
  for (const k in ev) {
    if ((k === 'event.original' && typeof original === 'string') || k === 'vigil.id') continue;
    doc[k] = ev[k] as FieldValue;
  }
  doc['@timestamp'] = time.iso;
  if (ingestedIso !== null) doc['vigil.ingested'] = ingestedIso;
  ap.appendVarchar(JSON.stringify(doc));
  ap.endRow();
}

/** Appends one dead letter as a row of vigil_dead_letters. */
export function appendDeadLetter(ap: DuckDBAppender, d: DeadLetter, index: number): void {
  const ms = typeof d.received === 'string' ? parseIsoToMillis(d.received) : null;
  if (ms === null) {
    throw new BadRequestError(`dead letter ${d.id}: received must be an ISO 8601 timestamp`, `deadLetters[${index}]`);
  }
  for (const [k, v] of [
    ['id', d.id],
    ['tenant', d.tenant],
    ['source', d.source],
    ['reason', d.reason],
  ] as const) {
    if (typeof v !== 'string') throw new BadRequestError(`dead letter ${d.id}: ${k} must be a string`, `deadLetters[${index}]`);
  }
  if (!(d.raw instanceof Uint8Array)) {
    throw new BadRequestError(`dead letter ${d.id}: raw must be bytes`, `deadLetters[${index}]`);
  }
  ap.appendVarchar(d.id);
  ap.appendTimestamp(new DuckDBTimestampValue(msToMicros(ms)));
  ap.appendVarchar(d.tenant);
  ap.appendVarchar(d.source);
  ap.appendVarchar(d.reason);
  ap.appendBlob(d.raw);
  ap.endRow();
}
