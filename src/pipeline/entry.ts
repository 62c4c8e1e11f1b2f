/**
 * What a journal record holds: a raw batch from a listener, or a rejection (input that could not
 * be framed or decoded). JSON with short keys: it is written once per request on the hot path.
 */
import { isFormat } from '../core/event.ts';
import type { RawBatch, RawRejection } from './sink.ts';

export type JournalEntry =
  | { kind: 'batch'; batch: RawBatch }
  | { kind: 'rejection'; rejection: RawRejection };

interface BatchWire {
  s: string;
  t: string;
  f: string;
  r: number;
  m?: Record<string, string | number>;
  e: string[];
}
interface RejectionWire {
  x: 1;
  s: string;
  t: string;
  r: number;
  why: string;
  raw: string;
}

export function encodeBatch(b: RawBatch): Buffer {
  const wire: BatchWire = { s: b.source, t: b.tenant, f: b.format, r: b.received, e: b.events };
  if (b.meta) wire.m = b.meta;
  return Buffer.from(JSON.stringify(wire));
}

export function encodeRejection(r: RawRejection): Buffer {
  const wire: RejectionWire = {
    x: 1,
    s: r.source,
    t: r.tenant,
    r: r.received,
    why: r.reason,
    raw: Buffer.from(r.raw.buffer, r.raw.byteOffset, r.raw.byteLength).toString('base64'),
  };
  return Buffer.from(JSON.stringify(wire));
}

/** Decodes a journal payload; a payload that is not a valid entry becomes a rejection of itself. */
export function decodeEntry(payload: Buffer): JournalEntry {
  let wire: unknown;
  try {
    wire = JSON.parse(payload.toString('utf8'));
  } catch {
    return corrupt(payload, 'journal entry is not JSON');
  }
  if (typeof wire !== 'object' || wire === null) return corrupt(payload, 'journal entry is not an object');
  const w = wire as Partial<BatchWire & RejectionWire>;
  if (w.x === 1) {
    return {
      kind: 'rejection',
      rejection: {
        source: String(w.s),
        tenant: String(w.t),
        received: Number(w.r),
        reason: String(w.why),
        raw: Buffer.from(String(w.raw), 'base64'),
      },
    };
  }
  if (!Array.isArray(w.e) || typeof w.f !== 'string' || !isFormat(w.f)) {
    return corrupt(payload, 'journal entry has no events or an unknown format');
  }
  const batch: RawBatch = {
    source: String(w.s),
    tenant: String(w.t),
    format: w.f,
    received: Number(w.r),
    events: w.e.map(String),
  };
  if (w.m) batch.meta = w.m;
  return { kind: 'batch', batch };
}

function corrupt(payload: Buffer, reason: string): JournalEntry {
  return {
    kind: 'rejection',
    rejection: { source: 'unknown', tenant: 'default', received: Date.now(), reason, raw: payload },
  };
}
