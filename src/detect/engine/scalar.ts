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

/** Short texts lower-cased for the current event. */
const lowered = new Map<string, string>();
const SHORT = 256;
const MAX_SHORT = 1024;
/** Long texts lower-cased for the current event: compared by identity, a few at a time. */
const LONG_SLOTS = 8;
const longText: (string | null)[] = new Array(LONG_SLOTS).fill(null);
const longLower: (string | null)[] = new Array(LONG_SLOTS).fill(null);
let longNext = 0;

/**
 * `s.toLowerCase()`, remembered: the same event text is lower-cased once for every rule and index
 * that reads it. The rule set forgets them before each event ({@link forgetLowered}); the cache is
 * also bounded, for callers that never do. Long texts are not hashed: the last few are kept and
 * found by identity.
 */
export function lower(s: string): string {
  if (s.length <= SHORT) {
    let l = lowered.get(s);
    if (l === undefined) {
      if (lowered.size >= MAX_SHORT) lowered.clear();
      l = s.toLowerCase();
      lowered.set(s, l);
    }
    return l;
  }
  for (let k = 0; k < LONG_SLOTS; k++) if (longText[k] === s) return longLower[k] as string;
  const l = s.toLowerCase();
  longText[longNext] = s;
  longLower[longNext] = l;
  longNext = (longNext + 1) % LONG_SLOTS;
  return l;
}

/** Empties the lower-case cache (the rule set does so before each event). */
export function forgetLowered(): void {
  if (lowered.size > 0) lowered.clear();
  if (longNext === 0 && longText[0] === null) return;
  longText.fill(null);
  longLower.fill(null);
  longNext = 0;
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
