/**
 * The matcher's numeric readings of an element in SQL (`detect/engine/scalar.ts`):
 * - `numberForm`: a JSON number, or a string written as a decimal number (JavaScript `\s`
 *   whitespace around it allowed, read as `Number(text)` reads it: overflow is ±Infinity);
 * - `timePart`: the UTC minute/hour/day/ISO week/month/year of a timestamp: an ISO 8601 string as
 *   `parseIsoToMillis` reads it (same pattern, same checks, a missing zone is UTC, and like
 *   `Date.UTC` a year from 0000 to 0099 counts as 1900–1999), or a non-negative JSON number of
 *   epoch seconds (below 1e11) or milliseconds.
 */
import { type Frag, literal, raw, sql } from '../sql.ts';
import { isNumber, numberValue, stringValue } from './elements.ts';

/** JavaScript's `\s` (and what `String.prototype.trim` removes) as an RE2 class. */
const WS =
  '[\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]';
/** scalar.ts NUMERIC, with `\s` and `\d` spelled out. */
const NUMERIC = `^${WS}*[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?${WS}*$`;
const TRIM = `^${WS}+|${WS}+$`;
/** core/time.ts ISO_RE, applied to the text with surrounding whitespace (the trim) allowed. */
const ISO = `^${WS}*([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?)?${WS}*(Z|z|[+-][0-9]{2}(?::?[0-9]{2})?)?${WS}*$`;

/** A string's number as `Number(text)` gives it, when NUMERIC accepts the text; else NULL. */
function numericText(s: Frag): Frag {
  const trimmed = sql`regexp_replace(${s}, ${literal(TRIM)}, '', 'g')`;
  // DuckDB gives NULL (or -inf) where JavaScript overflows to ±Infinity.
  const overflow = sql`(CASE WHEN starts_with(${trimmed}, '-') THEN '-inf'::DOUBLE ELSE 'inf'::DOUBLE END)`;
  return sql`(CASE WHEN regexp_full_match(${s}, ${literal(NUMERIC)}) THEN COALESCE(TRY_CAST(${trimmed} AS DOUBLE), ${overflow}) END)`;
}

/** The matcher's `numberForm` of a JSON element (NULL when it is not a number). */
export const numberForm = (e: Frag): Frag =>
  sql`(CASE WHEN ${isNumber(e)} THEN ${numberValue(e)} WHEN json_type(${e}) = 'VARCHAR' THEN ${numericText(stringValue(e))} END)`;

export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
export const TIME_PARTS: readonly TimePart[] = ['minute', 'hour', 'day', 'week', 'month', 'year'];

const PART_FN: Record<TimePart, string> = {
  minute: 'minute',
  hour: 'hour',
  day: 'day',
  week: 'weekofyear',
  month: 'month',
  year: 'year',
};

/** `parseIsoToMillis` of a string, as a TIMESTAMP to the second (the fraction cannot change a part). */
function isoTimestamp(s: Frag): Frag {
  const m = raw('iso__');
  const g = (name: string) => sql`${m}.${raw(name)}`;
  const int = (x: Frag) => sql`TRY_CAST(${x} AS INTEGER)`;
  const opt = (name: string) => sql`COALESCE(TRY_CAST(NULLIF(${g(name)}, '') AS INTEGER), 0)`;
  const year = int(g('y'));
  // Date.UTC reads a year 0..99 as 1900..1999.
  const fullYear = sql`(CASE WHEN ${year} <= 99 THEN ${year} + 1900 ELSE ${year} END)`;
  const month = int(g('mo'));
  const day = int(g('d'));
  const zone = g('z');
  const digits = sql`replace(substr(${zone}, 2), ':', '')`;
  const oh = sql`TRY_CAST(left(${digits}, 2) AS INTEGER)`;
  const om = sql`(CASE WHEN length(${digits}) > 2 THEN TRY_CAST(substr(${digits}, 3, 2) AS INTEGER) ELSE 0 END)`;
  const offsetOk = sql`(${zone} IN ('', 'Z', 'z') OR (${oh} <= 23 AND ${om} <= 59))`;
  const offset = sql`(CASE WHEN ${zone} IN ('', 'Z', 'z') THEN 0 ELSE (CASE WHEN starts_with(${zone}, '-') THEN -1 ELSE 1 END) * (${oh} * 60 + ${om}) END)`;
  const fieldsOk = sql`${month} BETWEEN 1 AND 12 AND ${day} BETWEEN 1 AND 31 AND ${opt('h')} <= 23 AND ${opt('mi')} <= 59 AND ${opt('s')} <= 60 AND ${offsetOk}`;
  // (month is clamped only so that make_date never throws; the CASE has checked it already)
  const dayOk = sql`${day} <= day(last_day(make_date(${fullYear}, least(greatest(${month}, 1), 12), 1)))`;
  const ts = sql`make_timestamp(${fullYear}, ${month}, ${day}, ${opt('h')}, ${opt('mi')}, CAST(least(${opt('s')}, 59) AS DOUBLE)) - to_minutes(CAST(${offset} AS BIGINT))`;
  const body = sql`(CASE WHEN ${g('y')} <> '' AND ${fieldsOk} THEN (CASE WHEN ${dayOk} THEN ${ts} END) END)`;
  const groups = raw(`['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'z']`);
  return sql`list_transform([regexp_extract(${s}, ${literal(ISO)}, ${groups})], lambda iso__: ${body})[1]`;
}

/** Epoch seconds (below 1e11) or milliseconds, non-negative, as the TIMESTAMP `new Date` makes of them. */
function epochTimestamp(x: Frag): Frag {
  const ms = sql`(CASE WHEN ${x} < 1e11 THEN ${x} * 1000 ELSE ${x} END)`;
  return sql`(CASE WHEN ${x} >= 0 AND ${ms} <= 8.64e15 THEN epoch_ms(CAST(floor(${ms}) AS BIGINT)) END)`;
}

/** The matcher's `timePart` of a JSON element (NULL when it is not a time). */
export function timePart(e: Frag, part: TimePart): Frag {
  const fn = raw(PART_FN[part]);
  const ts = sql`(CASE WHEN ${isNumber(e)} THEN ${epochTimestamp(numberValue(e))} WHEN json_type(${e}) = 'VARCHAR' THEN ${isoTimestamp(stringValue(e))} END)`;
  return sql`${fn}(${ts})`;
}
