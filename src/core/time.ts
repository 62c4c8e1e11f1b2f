/**
 * Timestamps. Vigil stores event time as ISO 8601 in UTC with a `Z` and up to microsecond
 * precision (`2026-11-22T16:56:54.123456Z`). These helpers produce and read that form.
 */

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Epoch milliseconds (fractions kept down to microseconds) to the canonical ISO form. */
export function millisToIso(ms: number): string {
  const total = Math.round(ms * 1000);
  const whole = Math.floor(total / 1000);
  const micros = total - whole * 1000;
  const d = new Date(whole);
  const base =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms3 = pad(d.getUTCMilliseconds(), 3);
  return micros === 0 ? `${base}.${ms3}Z` : `${base}.${ms3}${pad(micros, 3)}Z`;
}

// YYYY-MM-DD[T ]hh:mm[:ss[.fraction]][Z|±hh[:]mm]
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an ISO 8601 / RFC 3339 timestamp (date only, optional seconds, fraction of any length,
 * `Z` or an offset) to epoch milliseconds with microsecond fraction. A timestamp with no zone is
 * read in `assumeOffsetMinutes` (default UTC). Returns null for anything else or impossible dates.
 */
export function parseIsoToMillis(text: string, assumeOffsetMinutes = 0): number | null {
  const m = ISO_RE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  let offset = assumeOffsetMinutes;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return null;
    offset = sign * (oh * 60 + om);
  } else if (zone) {
    offset = 0;
  }
  const base = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  const check = new Date(base);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  const fraction = frac ? Number(`0.${frac.slice(0, 6)}`) * 1000 : 0;
  return base - offset * 60_000 + fraction;
}

/** Any accepted timestamp form (ISO text, epoch seconds or milliseconds) to the canonical ISO form. */
export function normalizeTimestamp(value: string | number, assumeOffsetMinutes = 0): string | null {
  if (typeof value === 'number') return epochToIso(value);
  const trimmed = value.trim();
  if (/^\d{9,}(\.\d+)?$/.test(trimmed)) return epochToIso(Number(trimmed));
  const ms = parseIsoToMillis(trimmed, assumeOffsetMinutes);
  return ms === null ? null : millisToIso(ms);
}

/** Epoch seconds (< 1e11) or milliseconds (>= 1e11) to ISO; null when out of range. */
export function epochToIso(n: number): string | null {
  if (!Number.isFinite(n) || n < 0) return null;
  const ms = n < 1e11 ? n * 1000 : n;
  if (ms > 253402300799999) return null;
  return millisToIso(ms);
}

/** Canonical ISO to epoch microseconds (as bigint), for stores with microsecond timestamps. */
export function isoToMicros(iso: string): bigint {
  const ms = parseIsoToMillis(iso);
  if (ms === null) throw new Error(`not an ISO timestamp: ${iso}`);
  const whole = Math.floor(ms);
  return BigInt(whole) * 1000n + BigInt(Math.round((ms - whole) * 1000));
}

/** `YYYY-MM-DD` of an epoch-ms instant in UTC (the event store's day partition key). */
export function utcDay(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
