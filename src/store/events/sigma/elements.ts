/**
 * Reading a row's field values the way the streaming matcher reads an event (`detect/engine`):
 * every field is a JSON value taken from `doc` (a string `event.original` from its own column,
 * `vigil.id` from `id`), an array is tested element by element (any element may match), and an
 * element is seen through the matcher's forms: its string form (`stringForm`: strings as they
 * are, numbers printed the JavaScript way, booleans as `true`/`false`), or its JSON type for the
 * typed tests (number and boolean values, `exists`, `null`, the logsource condition).
 */
import { type Frag, raw, sql } from '../sql.ts';

/**
 * The JSON value of `field` in a day-table row (SQL NULL when the event lacks the field), given
 * `fromDoc`, its value as extracted from `doc`.
 */
export function fieldJson(field: string, fromDoc: Frag): Frag {
  if (field === 'vigil.id') return raw('to_json(id)');
  // A string `event.original` is kept in its own column and left out of `doc`.
  if (field === 'event.original')
    return sql`(CASE WHEN original IS NOT NULL THEN to_json(original) ELSE ${fromDoc} END)`;
  return fromDoc;
}

/** Lambda parameter names, one per nesting level, so nested lambdas never shadow each other. */
let lambdaCounter = 0;
function lambdaName(): string {
  lambdaCounter = (lambdaCounter + 1) % 1_000_000;
  return `e${lambdaCounter}__`;
}

/** Whether `pred` holds for an element of `list` (a SQL list); two-valued. */
export function anyOf(list: Frag, pred: (x: Frag) => Frag): Frag {
  const v = lambdaName();
  return sql`COALESCE(len(list_filter(${list}, ${raw(`lambda ${v}: `)}${pred(raw(v))})) > 0, false)`;
}

/** `list` with `fn` applied to each element. */
export function mapOf(list: Frag, fn: (x: Frag) => Frag): Frag {
  const v = lambdaName();
  return sql`list_transform(${list}, ${raw(`lambda ${v}: `)}${fn(raw(v))})`;
}

const NUMBER_TYPES = raw(`('BIGINT', 'UBIGINT', 'DOUBLE')`);

/** A JSON element is a number. */
export const isNumber = (e: Frag): Frag => sql`json_type(${e}) IN ${NUMBER_TYPES}`;

/** A JSON number element as DOUBLE (JavaScript numbers are doubles). */
export const numberValue = (e: Frag): Frag => sql`CAST(json_extract_string(${e}, '$') AS DOUBLE)`;

/** A JSON string element's text. */
export const stringValue = (e: Frag): Frag => sql`json_extract_string(${e}, '$')`;

/**
 * The matcher's `stringForm` of a JSON element: strings as they are, booleans as `true`/`false`,
 * numbers as JavaScript prints them (DuckDB's JSON writer prints the same shortest digits but
 * `1e21` where JavaScript prints `1e+21`), NULL for null and nested values.
 */
export const stringForm = (e: Frag): Frag =>
  sql`(CASE WHEN json_type(${e}) IN ('VARCHAR', 'BOOLEAN', 'BIGINT', 'UBIGINT') THEN json_extract_string(${e}, '$') WHEN json_type(${e}) = 'DOUBLE' THEN regexp_replace(json_extract_string(${e}, '$'), 'e([0-9])', 'e+\\1') END)`;

/**
 * The matcher's `present`: the event has the field with a value that is not null and not an
 * empty array.
 */
export const present = (j: Frag): Frag =>
  sql`COALESCE(json_type(${j}) <> 'NULL' AND NOT (json_type(${j}) = 'ARRAY' AND json_array_length(${j}) = 0), false)`;

/** The event has the field at all (`Object.hasOwn`), whatever its value, null included. */
export const hasField = (j: Frag): Frag => sql`(${j} IS NOT NULL)`;
