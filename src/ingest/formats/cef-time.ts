/**
 * Device timestamps in CEF (`rt`, `start`, `end`) and LEEF (`devTime` without a format):
 * - epoch milliseconds (or seconds when below 1e11), as digits;
 * - `MMM dd yyyy HH:mm:ss[.SSS][ zzz]` and `MMM dd HH:mm:ss[.SSS][ zzz]` (the year then follows the
 *   syslog missing-year rule), where `zzz` is an abbreviation (`UTC`, `CET`), an offset (`+0100`,
 *   `GMT+01:00`) or an IANA name (`Europe/Berlin`);
 * - RFC 3339 / ISO 8601 (`2026-11-22T10:00:00Z`, `2026-11-22 10:00:00.123`).
 * A time without its own zone is read in `zone` (the CEF `dtz` or `ctx.assumeTimeZone`).
 */
import { readBsdTime, readIsoTime, toUtcMillis } from './syslog-time.ts';
import { abbreviationOffset, parseOffset, resolveZone, type Zone } from './syslog-zone.ts';

// Local copies: under tsx an imported binding costs a getter call per use, too slow in scan loops.
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

const MAX_MS = 253402300799999;

/** Epoch ms (microsecond fraction) of a CEF/LEEF device time, or null when it is not one of the forms. */
export function parseDeviceTime(value: string, zone: Zone, received: number): number | null {
  const s = value.trim();
  const n = s.length;
  if (n === 0) return null;
  let allDigits = true;
  for (let i = 0; i < n && allDigits; i++) allDigits = isDigit(s.charCodeAt(i));
  if (allDigits) {
    if (n > 16) return null;
    const num = Number(s);
    const ms = num < 1e11 ? num * 1000 : num;
    return ms <= MAX_MS ? ms : null;
  }
  const t = isDigit(s.charCodeAt(0)) ? readIsoTime(s, 0, n, 'Tt ') : readBsdTime(s, 0, n);
  if (t === null) return null;
  const rest = s.slice(t.next).trim();
  if (rest === '') return toUtcMillis(t, zone, received);
  if (t.offsetMin !== null) return null;
  const offset = abbreviationOffset(rest) ?? parseOffset(rest);
  if (offset !== null && offset !== undefined) {
    t.offsetMin = offset;
    return toUtcMillis(t, zone, received);
  }
  const named = rest.includes('/') ? resolveZone(rest) : null;
  return named === null ? null : toUtcMillis(t, named, received);
}
