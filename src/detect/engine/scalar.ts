/**
 * Reading event values for matching: the string and number forms of a scalar, time parts of a
 * timestamp, IP addresses against CIDR networks. Event values may be arrays; callers test each
 * element (a field matches when any element does).
 */
import { parseIsoToMillis } from '../../core/time.ts';

/** The text a scalar is compared as: strings as they are, numbers and booleans printed. */
export function stringForm(x: unknown): string | null {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint') return String(x);
  return null;
}

const NUMERIC = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * Texts lower-cased (and UTF-8 encoded) lately: a few slots, found by comparing the text (the
 * same field value is usually the same string object, which compares at once). No hashing, no
 * allocation but the results; bounded for callers that never forget.
 */
const SLOTS = 16;
const lowerKeys: string[] = new Array<string>(SLOTS).fill('');
const lowerVals: string[] = new Array<string>(SLOTS).fill('');
let lowerUsed = 0;
let lowerNext = 0;
const utf8Keys: string[] = new Array<string>(SLOTS).fill('');
const utf8Vals: Buffer[] = new Array<Buffer>(SLOTS).fill(Buffer.alloc(0));
let utf8Used = 0;
let utf8Next = 0;

/**
 * `s.toLowerCase()`, remembered: the same event text is lower-cased once for every rule and index
 * that reads it. The rule set forgets them before each event ({@link forgetLowered}).
 */
export function lower(s: string): string {
  for (let k = 0; k < lowerUsed; k++) if (lowerKeys[k] === s) return lowerVals[k] as string;
  const l = s.toLowerCase();
  let at = lowerUsed;
  if (at < SLOTS) lowerUsed++;
  else {
    at = lowerNext;
    lowerNext = (lowerNext + 1) % SLOTS;
  }
  lowerKeys[at] = s;
  lowerVals[at] = l;
  return l;
}

/**
 * The UTF-8 bytes of `s` (`Buffer.from(s, 'utf8')`: lone surrogates become U+FFFD, as the
 * regular-expression engine reads a string), remembered like {@link lower}. RE2 reads a buffer
 * as it is, where it would convert a string again on each call.
 */
export function utf8(s: string): Buffer {
  for (let k = 0; k < utf8Used; k++) if (utf8Keys[k] === s) return utf8Vals[k] as Buffer;
  const b = Buffer.from(s, 'utf8');
  let at = utf8Used;
  if (at < SLOTS) utf8Used++;
  else {
    at = utf8Next;
    utf8Next = (utf8Next + 1) % SLOTS;
  }
  utf8Keys[at] = s;
  utf8Vals[at] = b;
  return b;
}

/** Forgets the texts remembered for the previous event (the rule set does so before each event). */
export function forgetLowered(): void {
  lowerUsed = 0;
  lowerNext = 0;
  utf8Used = 0;
  utf8Next = 0;
}

/** The number a scalar stands for: numbers, and strings written as a decimal number. */
export function numberForm(x: unknown): number | null {
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (typeof x === 'string' && NUMERIC.test(x)) return Number(x);
  return null;
}

/** Whether `pred` holds for the value or, for an array, any element. */
export function anyElement(v: unknown, pred: (x: unknown) => boolean): boolean {
  if (Array.isArray(v)) {
    for (const x of v) if (pred(x)) return true;
    return false;
  }
  return pred(v);
}

export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** The ISO 8601 week number (1..53) of a UTC date. */
export function isoWeek(d: Date): number {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** The time part (UTC) of an ISO timestamp or epoch seconds/milliseconds; null when not a time. */
export function timePart(x: unknown, part: TimePart): number | null {
  let ms: number | null = null;
  if (typeof x === 'string') ms = parseIsoToMillis(x);
  else if (typeof x === 'number' && Number.isFinite(x) && x >= 0) ms = x < 1e11 ? x * 1000 : x;
  if (ms === null) return null;
  const d = new Date(ms);
  switch (part) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'week':
      return isoWeek(d);
    case 'month':
      return d.getUTCMonth() + 1;
    default:
      return d.getUTCFullYear();
  }
}

export { type CidrNetwork, cidrTest } from './cidr.ts';
