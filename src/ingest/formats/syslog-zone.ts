/**
 * Time zones for timestamps that carry none (RFC 3164, some CEF/LEEF dates): `UTC`/`Z`/`GMT`,
 * fixed offsets (`+02:00`, `+0200`, `-05`) and IANA names (`Europe/Berlin`) through
 * `Intl.DateTimeFormat`. IANA offsets are cached per zone in 15-minute buckets of UTC time (every
 * real DST transition falls on a 15-minute boundary), so the hot path rarely calls Intl.
 * Also a small table of unambiguous zone abbreviations seen inside device timestamps (`UTC`,
 * `CET`, `PST`...), read as fixed offsets; ambiguous ones (`IST`, `BST`) are not guessed.
 */

export type Zone =
  | { readonly kind: 'fixed'; readonly offsetMin: number }
  | {
      readonly kind: 'iana';
      readonly name: string;
      readonly fmt: Intl.DateTimeFormat;
      readonly cache: Map<number, number>;
    };

export const UTC_ZONE: Zone = { kind: 'fixed', offsetMin: 0 };

const ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0,
  UT: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  JST: 540,
  KST: 540,
  HKT: 480,
  AEST: 600,
  AEDT: 660,
  ACST: 570,
  AWST: 480,
  NZST: 720,
  NZDT: 780,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
};

/** Offset in minutes of a zone abbreviation written inside a timestamp, or undefined. */
export function abbreviationOffset(token: string): number | undefined {
  return Object.hasOwn(ABBREVIATIONS, token) ? ABBREVIATIONS[token] : undefined;
}

/** `+02:00`, `+0200`, `+02`, `-05:30` (also after `UTC`/`GMT`) to minutes east of UTC; null otherwise. */
export function parseOffset(text: string): number | null {
  let s = text;
  if (s.startsWith('UTC') || s.startsWith('GMT')) s = s.slice(3);
  const sign = s.charCodeAt(0) === 0x2d ? -1 : s.charCodeAt(0) === 0x2b ? 1 : 0;
  if (sign === 0) return null;
  const body = s.length === 6 && s[3] === ':' ? s.slice(1, 3) + s.slice(4) : s.slice(1);
  if (!/^\d{2}(\d{2})?$/.test(body)) return null;
  const h = Number(body.slice(0, 2));
  const m = body.length > 2 ? Number(body.slice(2)) : 0;
  if (h > 23 || m > 59) return null;
  return sign * (h * 60 + m);
}

const zones = new Map<string, Zone | null>();

/** Resolves a configured zone name; null when it is not UTC, a fixed offset or a known IANA zone. */
export function resolveZone(name: string): Zone | null {
  const known = zones.get(name);
  if (known !== undefined) return known;
  const zone = computeZone(name.trim());
  if (zones.size > 1000) zones.clear();
  zones.set(name, zone);
  return zone;
}

function computeZone(name: string): Zone | null {
  if (name === '') return null;
  const upper = name.toUpperCase();
  if (upper === 'UTC' || upper === 'Z' || upper === 'GMT' || upper === 'ETC/UTC') return UTC_ZONE;
  const offset = parseOffset(upper);
  if (offset !== null) return { kind: 'fixed', offsetMin: offset };
  try {
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    return { kind: 'iana', name, fmt, cache: new Map() };
  } catch {
    return null;
  }
}

const BUCKET = 15 * 60_000;

/** Minutes east of UTC that `zone` has at the UTC instant `utcMs`. */
export function offsetAt(zone: Zone, utcMs: number): number {
  if (zone.kind === 'fixed') return zone.offsetMin;
  const bucket = Math.floor(utcMs / BUCKET);
  const cached = zone.cache.get(bucket);
  if (cached !== undefined) return cached;
  const at = bucket * BUCKET;
  let y = 1970;
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const p of zone.fmt.formatToParts(new Date(at))) {
    const v = Number(p.value);
    if (p.type === 'year') y = v;
    else if (p.type === 'month') mo = v;
    else if (p.type === 'day') d = v;
    else if (p.type === 'hour') h = v;
    else if (p.type === 'minute') mi = v;
    else if (p.type === 'second') s = v;
  }
  const offset = Math.round((Date.UTC(y, mo - 1, d, h, mi, s) - at) / 60_000);
  if (zone.cache.size > 4096) zone.cache.clear();
  zone.cache.set(bucket, offset);
  return offset;
}

/**
 * Converts a wall-clock time in `zone` (given as if it were UTC: `Date.UTC(...)` of the local
 * fields, fraction allowed) to a UTC instant, with a two-pass offset lookup: a wall time that
 * occurs twice (DST overlap) gets one of its two instants, one that never occurs (DST gap) is
 * shifted by the offset change.
 */
export function wallToUtc(wallMs: number, zone: Zone): number {
  if (zone.kind === 'fixed') return wallMs - zone.offsetMin * 60_000;
  const first = offsetAt(zone, wallMs);
  const second = offsetAt(zone, wallMs - first * 60_000);
  return wallMs - second * 60_000;
}

/** Rejection text for an unusable `ParseContext.assumeTimeZone`. */
export function unknownZoneReason(name: string): string {
  return `unknown time zone ${JSON.stringify(name)} in assumeTimeZone; use UTC, an offset such as +02:00, or an IANA name such as Europe/Berlin`;
}
