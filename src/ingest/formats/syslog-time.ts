/**
 * Timestamp scanners for syslog-family headers, written as char-code scanners (no regex) that
 * report how far they read:
 * - `readIsoTime`: RFC 3339 / RFC 5424 `2026-11-22T10:00:00.123456+01:00` (fraction of any length,
 *   6 digits kept; zone optional here, the caller decides whether that is allowed).
 * - `readBsdTime`: BSD `Nov 22 10:00:00`, `Nov  2 10:00:00`, with optional year (`Nov 22 2026
 *   10:00:00`, Cisco ASA) and fraction (`10:00:00.123`, Cisco IOS).
 * Missing year rule (`toUtcMillis`): of the years around `received`, take the one that puts the
 * instant nearest to `received` while no more than one day after it (clock skew); so a
 * `Dec 31 23:59:59` line received on Jan 1 belongs to the previous year. Feb 29 falls back to
 * the latest leap year not after the next year.
 */
import { wallToUtc, type Zone } from './syslog-zone.ts';

// Local copies: under tsx an imported binding costs a getter call per use, too slow in scan loops.
const DASH = 0x2d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Local date-time fields as written; `year` null when the text had none. */
export interface WallTime {
  year: number | null;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
}

/** A timestamp read at some position: fields, zone offset if written (minutes), index after it. */
export interface TimeRead {
  wall: WallTime;
  offsetMin: number | null;
  next: number;
}

const DAY_MS = 86_400_000;

function two(raw: string, i: number): number {
  const a = raw.charCodeAt(i) - 0x30;
  const b = raw.charCodeAt(i + 1) - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Reads `.fraction` at `i` (if present) into micros; returns [micros, next index]. */
function readFraction(raw: string, i: number, end: number): [number, number] {
  const c = raw.charCodeAt(i);
  if ((c !== 0x2e && c !== 0x2c) || !isDigit(raw.charCodeAt(i + 1))) return [0, i];
  let j = i + 1;
  let micros = 0;
  let n = 0;
  while (j < end && isDigit(raw.charCodeAt(j))) {
    if (n < 6) {
      micros = micros * 10 + (raw.charCodeAt(j) - 0x30);
      n++;
    }
    j++;
  }
  while (n < 6) {
    micros *= 10;
    n++;
  }
  return [micros, j];
}

/** Reads `hh:mm:ss[.frac]` at `i`; null when the shape is not there. */
function readClock(raw: string, i: number, end: number): [number, number, number, number, number] | null {
  const h = two(raw, i);
  const m = two(raw, i + 3);
  const s = two(raw, i + 6);
  if (h < 0 || m < 0 || s < 0 || raw.charCodeAt(i + 2) !== 0x3a || raw.charCodeAt(i + 5) !== 0x3a)
    return null;
  const [micros, next] = readFraction(raw, i + 8, end);
  return [h, m, s, micros, next];
}

/**
 * Reads an RFC 3339 timestamp at `pos`. `sep` lists the allowed date/time separators.
 * Returns null when the text does not have the shape; values are validated by `toUtcMillis`.
 */
export function readIsoTime(raw: string, pos: number, end: number, sep = 'Tt'): TimeRead | null {
  const y1 = two(raw, pos);
  const y2 = two(raw, pos + 2);
  const mo = two(raw, pos + 5);
  const d = two(raw, pos + 8);
  if (y1 < 0 || y2 < 0 || mo < 0 || d < 0) return null;
  if (raw.charCodeAt(pos + 4) !== DASH || raw.charCodeAt(pos + 7) !== DASH) return null;
  if (pos + 10 >= end || !sep.includes(raw.charAt(pos + 10))) return null;
  const clock = readClock(raw, pos + 11, end);
  if (!clock) return null;
  const [hour, minute, second, micros, afterClock] = clock;
  let i = afterClock;
  let offsetMin: number | null = null;
  const z = raw.charCodeAt(i);
  if (z === 0x5a || z === 0x7a) {
    offsetMin = 0;
    i++;
  } else if (z === 0x2b || z === DASH) {
    const oh = two(raw, i + 1);
    const colon = raw.charCodeAt(i + 3) === 0x3a;
    const om = two(raw, colon ? i + 4 : i + 3);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return null;
    offsetMin = (z === DASH ? -1 : 1) * (oh * 60 + om);
    i += colon ? 6 : 5;
  }
  const wall = { year: y1 * 100 + y2, month: mo, day: d, hour, minute, second, micros };
  return { wall, offsetMin, next: i };
}

const MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec';

/** Month index 1..12 of a three-letter English month name at `i` (any case), or 0. */
export function monthAt(raw: string, i: number): number {
  const a = raw.charCodeAt(i) | 0x20;
  const b = raw.charCodeAt(i + 1) | 0x20;
  const c = raw.charCodeAt(i + 2) | 0x20;
  for (let k = 0; k < 36; k += 3) {
    if (MONTHS.charCodeAt(k) === a && MONTHS.charCodeAt(k + 1) === b && MONTHS.charCodeAt(k + 2) === c) {
      return k / 3 + 1;
    }
  }
  return 0;
}

/**
 * Reads a BSD timestamp at `pos`: `Mmm dd hh:mm:ss`, `Mmm  d hh:mm:ss`, `Mmm dd yyyy hh:mm:ss`,
 * each with an optional fraction. Returns null when the text does not have the shape.
 */
export function readBsdTime(raw: string, pos: number, end: number): TimeRead | null {
  const month = monthAt(raw, pos);
  if (month === 0 || raw.charCodeAt(pos + 3) !== 0x20) return null;
  let i = pos + 4;
  if (raw.charCodeAt(i) === 0x20) i++;
  let day = 0;
  const dayStart = i;
  while (i < end && i - dayStart < 2 && isDigit(raw.charCodeAt(i)))
    day = day * 10 + (raw.charCodeAt(i++) - 0x30);
  if (i === dayStart || raw.charCodeAt(i) !== 0x20) return null;
  i++;
  let year: number | null = null;
  if (raw.charCodeAt(i + 4) === 0x20 && two(raw, i) >= 0 && two(raw, i + 2) >= 0) {
    year = two(raw, i) * 100 + two(raw, i + 2);
    i += 5;
  }
  const clock = readClock(raw, i, end);
  if (!clock) return null;
  const [hour, minute, second, micros, next] = clock;
  return { wall: { year, month, day, hour, minute, second, micros }, offsetMin: null, next };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Epoch ms of the given fields read as UTC, or null when the date or time is impossible. */
function fieldsToMillis(year: number, w: WallTime): number | null {
  if (year < 1000 || w.month < 1 || w.month > 12 || w.day < 1) return null;
  if (w.day > (DAYS_IN_MONTH[w.month - 1] ?? 0) || (w.month === 2 && w.day === 29 && !isLeap(year)))
    return null;
  if (w.hour > 23 || w.minute > 59 || w.second > 60) return null;
  return Date.UTC(year, w.month - 1, w.day, w.hour, w.minute, Math.min(w.second, 59)) + w.micros / 1000;
}

/** Applies the written offset, or `zone` when there was none. */
function toInstant(ms: number, offsetMin: number | null, zone: Zone): number {
  return offsetMin === null ? wallToUtc(ms, zone) : ms - offsetMin * 60_000;
}

/**
 * The UTC instant (epoch ms, microsecond fraction) of a timestamp read by the scanners above:
 * its own offset if it had one, else `zone`; its own year if it had one, else the missing-year
 * rule described at the top of this file. Null when the fields are impossible.
 */
export function toUtcMillis(t: TimeRead, zone: Zone, received: number): number | null {
  const w = t.wall;
  if (w.year !== null) {
    const ms = fieldsToMillis(w.year, w);
    return ms === null ? null : toInstant(ms, t.offsetMin, zone);
  }
  const base = new Date(received).getUTCFullYear();
  let best: number | null = null;
  for (let y = base + 1; y >= base - 1; y--) {
    const ms = fieldsToMillis(y, w);
    if (ms === null) continue;
    const at = toInstant(ms, t.offsetMin, zone);
    if (at - received > DAY_MS) continue;
    if (best === null || Math.abs(at - received) < Math.abs(best - received)) best = at;
  }
  if (best === null && w.month === 2 && w.day === 29) {
    for (let y = base + 1; y >= base - 8; y--) {
      const ms = fieldsToMillis(y, w);
      const at = ms === null ? null : toInstant(ms, t.offsetMin, zone);
      if (at !== null && at - received <= DAY_MS) return at;
    }
  }
  return best;
}
