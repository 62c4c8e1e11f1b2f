/**
 * Reading event times out of JSON values into Vigil's canonical ISO form.
 *
 * Accepted: ISO 8601 / RFC 3339 text (a zone-less one is read in the assumed zone of the parse
 * context), epoch numbers or numeric text in seconds, milliseconds, microseconds or nanoseconds
 * (told apart by size), and .NET's `/Date(1763830614123)/` (PowerShell `ConvertTo-Json`).
 * Numbers below 1e8 (before March 1973) are not taken as times: fields named `time` or `ts` that
 * small are durations or counters, not instants.
 * The text is formatted by the fast paths of `json-iso.ts`, tested to match core/time.ts.
 */
import { parseIsoToMillis } from '../../core/time.ts';
import { fastMillisToIso, fastUtcIso } from './json-iso.ts';

const MIN_EPOCH = 1e8;
const MAX_MS = 253402300799999; // 9999-12-31T23:59:59.999Z

/** Epoch milliseconds in 1970-9999 to canonical ISO, or null. */
function msToIso(ms: number): string | null {
  return ms >= 0 && ms <= MAX_MS ? fastMillisToIso(ms) : null;
}

/** Epoch seconds/ms/µs/ns to canonical ISO, or null when out of range. */
export function epochAnyToIso(n: number): string | null {
  if (!Number.isFinite(n) || n < MIN_EPOCH) return null;
  if (n >= 1e17) return msToIso(n / 1e6);
  if (n >= 1e14) return msToIso(n / 1e3);
  return msToIso(n < 1e11 ? n * 1000 : n);
}

/** Epoch seconds with a fraction (Zeek, Splunk HEC) to canonical ISO, or null. */
export function epochSecondsToIso(n: number): string | null {
  if (!Number.isFinite(n) || n < 0) return null;
  const whole = Math.floor(n);
  return msToIso(whole * 1000 + Math.round((n - whole) * 1e6) / 1e3);
}

const UTC_NAMES = new Set([
  '',
  'UTC',
  'utc',
  'Z',
  'z',
  'GMT',
  'Etc/UTC',
  'Etc/GMT',
  '+00:00',
  '-00:00',
  '+0000',
]);
const FIXED_OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f !== undefined) return f;
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    f = null; // unknown zone name: read as UTC
  }
  if (formatters.size < 256) formatters.set(zone, f);
  return f;
}

/** Offset in minutes east of UTC of `zone` (`UTC`, `+02:00`, or an IANA name) at instant `atMs`. */
export function zoneOffsetMinutes(zone: string, atMs: number): number {
  if (UTC_NAMES.has(zone)) return 0;
  const m = FIXED_OFFSET.exec(zone);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  const f = formatterFor(zone);
  if (f === null || !Number.isFinite(atMs)) return 0;
  const at = Math.floor(atMs / 1000) * 1000;
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(
    p.year ?? 1970,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return Math.round((wall - at) / 60_000);
}

/** ISO text to canonical ISO; a zone-less time is read in `zone`. */
export function isoToCanonical(text: string, zone: string): string | null {
  const utc = UTC_NAMES.has(zone);
  const fast = fastUtcIso(text, utc);
  if (fast !== null) return fast;
  const first = parseIsoToMillis(text, 0);
  if (first === null) return null;
  if (utc) return fastMillisToIso(first);
  const ms = parseIsoToMillis(text, zoneOffsetMinutes(zone, first));
  return ms === null ? null : fastMillisToIso(ms);
}

const DOTNET_DATE = /^\/Date\((\d+)(?:[+-]\d{4})?\)\/$/;

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Any accepted JSON time value to canonical ISO, or null when it is not a time. */
export function timeValueToIso(v: unknown, zone: string): string | null {
  if (typeof v === 'number') return epochAnyToIso(v);
  if (typeof v !== 'string' || v.length === 0 || v.length > 64) return null;
  const c = v.charCodeAt(0);
  if (isDigitCode(c)) {
    // all digits (with an optional fraction): an epoch; otherwise ISO
    let i = 0;
    while (i < v.length && isDigitCode(v.charCodeAt(i))) i++;
    if (i === v.length || (v[i] === '.' && i >= 9 && /^\d*$/.test(v.slice(i + 1)))) {
      return i >= 9 ? epochAnyToIso(Number(v)) : null;
    }
    return isoToCanonical(v, zone);
  }
  if (c === 47 /* / */) {
    const m = DOTNET_DATE.exec(v);
    return m ? msToIso(Number(m[1])) : null;
  }
  if (c === 32) return timeValueToIso(v.trim(), zone);
  return null;
}

/**
 * The first of `keys` in `o` whose value reads as a time, as canonical ISO; null when none does.
 */
export function pickTime(o: Record<string, unknown>, keys: readonly string[], zone: string): string | null {
  for (const k of keys) {
    const v = o[k];
    if (v === undefined || v === null) continue;
    const iso = timeValueToIso(v, zone);
    if (iso !== null) return iso;
  }
  return null;
}

/** The parse context's receive time, the fallback for events without a readable time. */
export function receivedIso(received: number): string {
  return msToIso(received) ?? (fastMillisToIso(Date.now()) as string);
}
