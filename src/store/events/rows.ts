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

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Epoch ms of a canonical `YYYY-MM-DDTHH:MM:SS.mmm[uuu]Z` timestamp without the regex of
 * parseIsoToMillis (the commit reads two per event); null when not in exactly that form.
 */
function canonicalMillis(s: string): number | null {
  const n = s.length;
  if ((n !== 24 && n !== 27) || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':') return null;
  if (s[16] !== ':' || s[19] !== '.' || s[n - 1] !== 'Z') return null;
  for (let i = 0; i < 19; i++) {
    if (i === 4 || i === 7 || i === 10 || i === 13 || i === 16) continue;
    const d = digit(s, i);
    if (d < 0 || d > 9) return null;
  }
  let frac = 0;
  for (let i = 20; i < n - 1; i++) {
    const d = digit(s, i);
    if (d < 0 || d > 9) return null;
    frac = frac * 10 + d;
  }
  const year = two(s, 0) * 100 + two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const base = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(base).getUTCDate() !== day) return null;
  return base + (n === 24 ? frac : frac / 1000);
}

/** Epoch ms of any ISO 8601 timestamp, via the fast path when it is already canonical. */
function isoMillis(s: string): number | null {
  return canonicalMillis(s) ?? parseIsoToMillis(s);
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
  if (typeof value === 'string') {
    const fast = canonicalMillis(value);
    if (fast !== null) {
      const iso = value.endsWith('000Z') && value.length === 27 ? millisToIso(fast) : value;
      return { micros: msToMicros(fast), day: value.slice(0, 10), iso };
    }
  }
  const ms = typeof value === 'string' ? parseIsoToMillis(value) : null;
  if (ms === null) {
    throw new BadRequestError(
      `event ${stored.id}: @timestamp must be an ISO 8601 timestamp`,
      `events[${index}]`,
    );
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
  if (typeof v === 'number')
    return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? v : undefined;
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

// A batch's events usually share one `vigil.ingested`: remember the last one read.
let lastIngested: { text: FieldValue; iso: string; value: DuckDBTimestampValue } | null = null;

function ingestedTime(v: FieldValue): { iso: string; value: DuckDBTimestampValue } | null {
  if (lastIngested !== null && lastIngested.text === v) return lastIngested;
  const ms = typeof v === 'string' ? isoMillis(v) : null;
  if (ms === null) return null;
  lastIngested = { text: v, iso: millisToIso(ms), value: new DuckDBTimestampValue(msToMicros(ms)) };
  return lastIngested;
}

function requiredText(stored: StoredEvent, field: string, index: number): string {
  const v = stored.event[field];
  if (typeof v !== 'string' || v === '') {
    throw new BadRequestError(`event ${stored.id}: ${field} must be a non-empty string`, `events[${index}]`);
  }
  return v;
}

// Each appends one hot column (two for an IP: text and number) and returns `bit` when the field
// is present but cannot go in the column (irregular), else 0.

function appendKeyword(ap: DuckDBAppender, value: FieldValue | undefined, bit: number): number {
  const v = keyword(value);
  if (typeof v === 'string') {
    ap.appendVarchar(v);
    return 0;
  }
  ap.appendNull();
  return v === undefined ? bit : 0;
}

function appendIp(ap: DuckDBAppender, value: FieldValue | undefined, bit: number): number {
  const a = ip(value);
  if (typeof a === 'string') {
    ap.appendVarchar(a);
    const n = ipToBigInt(a);
    if (n === null) ap.appendNull();
    else ap.appendUHugeInt(n);
    return 0;
  }
  ap.appendNull();
  ap.appendNull();
  return a === undefined ? bit : 0;
}

function appendPort(ap: DuckDBAppender, value: FieldValue | undefined, bit: number): number {
  const p = port(value);
  if (typeof p === 'number') {
    ap.appendInteger(p);
    return 0;
  }
  ap.appendNull();
  return p === undefined ? bit : 0;
}

function appendText(ap: DuckDBAppender, value: FieldValue | undefined, bit: number): number {
  const t = text(value);
  if (typeof t === 'string') {
    ap.appendVarchar(t);
    return 0;
  }
  ap.appendNull();
  return t === undefined ? bit : 0;
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
    const ingested = ingestedTime(ingestedValue);
    if (ingested === null) {
      throw new BadRequestError(
        `event ${stored.id}: vigil.ingested must be an ISO 8601 timestamp`,
        `events[${index}]`,
      );
    }
    if (ingestedValue !== ingested.iso) ingestedIso = ingested.iso;
    ap.appendTimestamp(ingested.value);
  }

  irregular |= appendKeyword(ap, ev['event.dataset'], 1);
  irregular |= appendKeyword(ap, ev['event.category'], 2);
  irregular |= appendKeyword(ap, ev['event.action'], 4);
  irregular |= appendKeyword(ap, ev['event.outcome'], 8);
  irregular |= appendKeyword(ap, ev['event.code'], 16);
  irregular |= appendKeyword(ap, ev['host.name'], 32);
  irregular |= appendKeyword(ap, ev['user.name'], 64);
  irregular |= appendIp(ap, ev['source.ip'], 128);
  irregular |= appendPort(ap, ev['source.port'], 256);
  irregular |= appendIp(ap, ev['destination.ip'], 512);
  irregular |= appendPort(ap, ev['destination.port'], 1024);
  irregular |= appendKeyword(ap, ev['process.name'], 2048);
  irregular |= appendText(ap, ev.message, 4096);
  const original = ev['event.original'];
  irregular |= appendText(ap, original, 8192);
  ap.appendInteger(irregular);
  ap.appendBigInt(seq);

  ap.appendVarchar(docJson(ev, original, time.iso, ingestedIso));
  ap.endRow();
}

/**
 * The `doc` column: the event minus `event.original` (a string original has its own column) and
 * `vigil.id`, with canonical timestamps. Serialized from the event itself, with those fields
 * taken out and put back, because copying ~100 keys into a new object per event costs more than
 * the serialization (hot path: every stored event).
 */
function docJson(
  ev: Record<string, FieldValue>,
  original: FieldValue | undefined,
  tsIso: string,
  ingestedIso: string | null,
): string {
  const dropOriginal = typeof original === 'string';
  const id = ev['vigil.id'];
  const ts = ev['@timestamp'];
  const ingested = ev['vigil.ingested'];
  if (dropOriginal) delete ev['event.original'];
  if (id !== undefined) delete ev['vigil.id'];
  ev['@timestamp'] = tsIso;
  if (ingestedIso !== null) ev['vigil.ingested'] = ingestedIso;
  try {
    return JSON.stringify(ev);
  } finally {
    if (dropOriginal) ev['event.original'] = original as string;
    if (id !== undefined) ev['vigil.id'] = id;
    if (ts === undefined) delete ev['@timestamp'];
    else ev['@timestamp'] = ts;
    if (ingestedIso !== null) ev['vigil.ingested'] = ingested as FieldValue;
  }
}

/** Appends one dead letter as a row of vigil_dead_letters. */
export function appendDeadLetter(ap: DuckDBAppender, d: DeadLetter, index: number): void {
  const ms = typeof d.received === 'string' ? isoMillis(d.received) : null;
  if (ms === null) {
    throw new BadRequestError(
      `dead letter ${d.id}: received must be an ISO 8601 timestamp`,
      `deadLetters[${index}]`,
    );
  }
  for (const [k, v] of [
    ['id', d.id],
    ['tenant', d.tenant],
    ['source', d.source],
    ['reason', d.reason],
  ] as const) {
    if (typeof v !== 'string')
      throw new BadRequestError(`dead letter ${d.id}: ${k} must be a string`, `deadLetters[${index}]`);
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
