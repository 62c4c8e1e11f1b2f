/**
 * A fast path for the timestamps JSON logs carry most (`2026-11-22T10:00:00.123456Z`,
 * Sysmon's `2026-11-22 10:00:00.123`, `...+0000`): a character scan that rewrites a UTC
 * timestamp straight into Vigil's canonical form, giving the same text as
 * `millisToIso(parseIsoToMillis(text))` from core/time.ts at a fraction of the cost. Anything
 * else (other offsets, dates before year 100, leap seconds, unusual layouts) returns null so the
 * caller takes the general path.
 */

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether `s` from `i` to the end is a zero UTC offset (`+00:00`, `-0000`, `+00`). */
function zeroOffset(s: string, i: number): boolean {
  const c = s[i];
  if (c !== '+' && c !== '-') return false;
  const rest = s.length - i - 1;
  if (rest === 2) return two(s, i + 1) === 0;
  if (rest === 4) return two(s, i + 1) === 0 && two(s, i + 3) === 0;
  return rest === 5 && two(s, i + 1) === 0 && s[i + 3] === ':' && two(s, i + 4) === 0;
}

/**
 * The canonical form of a UTC ISO timestamp, or null to take the general path. A zone-less
 * timestamp qualifies only when `zonelessIsUtc`.
 */
export function fastUtcIso(s: string, zonelessIsUtc: boolean): string | null {
  if (s.length < 19 || s.length > 40) return null;
  const y = two(s, 0) * 100 + two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const sep = s[10];
  if (y < 100 || s[4] !== '-' || s[7] !== '-' || (sep !== 'T' && sep !== ' ')) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(y, month)) return null;
  const h = two(s, 11);
  const mi = two(s, 14);
  const sec = two(s, 17);
  if (s[13] !== ':' || s[16] !== ':' || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
    return null;
  let i = 19;
  let frac = '';
  if (s[i] === '.' || s[i] === ',') {
    const start = ++i;
    while (i < s.length && digit(s, i) >= 0) i++;
    if (i === start || i - start > 9) return null;
    frac = s.slice(start, Math.min(i, start + 6));
  }
  const utc =
    i === s.length
      ? zonelessIsUtc
      : (i === s.length - 1 && (s[i] === 'Z' || s[i] === 'z')) || zeroOffset(s, i);
  if (!utc) return null;
  const f6 = frac.padEnd(6, '0');
  const micros = f6.slice(3);
  return `${s.slice(0, 10)}T${s.slice(11, 19)}.${f6.slice(0, 3)}${micros === '000' ? '' : micros}Z`;
}

const D2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const D3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const DAY_MS = 86_400_000;

/**
 * Epoch milliseconds (fraction down to microseconds) to the canonical form; the same text as
 * core's `millisToIso`, by arithmetic instead of a `Date` (civil-from-days after H. Hinnant).
 * A fraction that rounds up to a whole millisecond carries into it. Null outside years 0-9999.
 */
export function fastMillisToIso(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  let whole = Math.floor(ms);
  let micros = Math.round((ms - whole) * 1000);
  if (micros === 1000) {
    whole += 1;
    micros = 0;
  }
  const days = Math.floor(whole / DAY_MS);
  let rem = whole - days * DAY_MS;
  const milli = rem % 1000;
  rem = (rem - milli) / 1000;
  const sec = rem % 60;
  rem = (rem - sec) / 60;
  const min = rem % 60;
  const hour = (rem - min) / 60;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return null;
  return (
    `${D2[Math.floor(year / 100)]}${D2[year % 100]}-${D2[month]}-${D2[day]}` +
    `T${D2[hour]}:${D2[min]}:${D2[sec]}.${D3[milli]}${micros === 0 ? '' : D3[micros]}Z`
  );
}
