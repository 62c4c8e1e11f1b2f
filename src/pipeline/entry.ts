/**
 * What a journal record holds: a raw batch from a listener, or a rejection (input that could not
 * be framed or decoded). Written once per request on the hot path, so a batch is binary: a JSON
 * header, then each event's UTF-8 bytes behind its length — no escaping of events that are JSON
 * themselves. Rejections (rare) are JSON.
 *
 * Batch layout: `[u8 2][u32 header length][header JSON][u32 event count]([u32 length][UTF-8])*`
 * (little endian). A payload starting with `{` is JSON (rejections, and batches of version 1).
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

const BINARY_BATCH = 2;

export function encodeBatch(b: RawBatch): Buffer {
  const header: Omit<BatchWire, 'e'> = { s: b.source, t: b.tenant, f: b.format, r: b.received };
  if (b.meta) header.m = b.meta;
  const headerText = JSON.stringify(header);
  const headerBytes = Buffer.byteLength(headerText);
  const sizes = new Array<number>(b.events.length);
  let total = 1 + 4 + headerBytes + 4;
  for (let i = 0; i < b.events.length; i++) {
    const n = Buffer.byteLength(b.events[i] as string);
    sizes[i] = n;
    total += 4 + n;
  }
  const buf = Buffer.allocUnsafe(total);
  buf[0] = BINARY_BATCH;
  buf.writeUInt32LE(headerBytes, 1);
  let at = 5 + buf.write(headerText, 5);
  buf.writeUInt32LE(b.events.length, at);
  at += 4;
  for (let i = 0; i < b.events.length; i++) {
    const n = sizes[i] as number;
    buf.writeUInt32LE(n, at);
    at += 4;
    at += buf.write(b.events[i] as string, at, n);
  }
  return buf;
}

function decodeBinaryBatch(payload: Buffer): JournalEntry {
  if (payload.length < 9) return corrupt(payload, 'journal batch is truncated');
  const headerBytes = payload.readUInt32LE(1);
  let at = 5 + headerBytes;
  if (at + 4 > payload.length) return corrupt(payload, 'journal batch header is truncated');
  let header: Partial<BatchWire>;
  try {
    header = JSON.parse(payload.toString('utf8', 5, at)) as Partial<BatchWire>;
  } catch {
    return corrupt(payload, 'journal batch header is not JSON');
  }
  if (typeof header.f !== 'string' || !isFormat(header.f))
    return corrupt(payload, 'journal batch has an unknown format');
  const count = payload.readUInt32LE(at);
  at += 4;
  const events = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    if (at + 4 > payload.length) return corrupt(payload, 'journal batch events are truncated');
    const n = payload.readUInt32LE(at);
    at += 4;
    if (at + n > payload.length) return corrupt(payload, 'journal batch events are truncated');
    events[i] = payload.toString('utf8', at, at + n);
    at += n;
  }
  const batch: RawBatch = {
    source: String(header.s),
    tenant: String(header.t),
    format: header.f,
    received: Number(header.r),
    events,
  };
  if (header.m) batch.meta = header.m;
  return { kind: 'batch', batch };
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
  if (payload[0] === BINARY_BATCH) return decodeBinaryBatch(payload);
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
