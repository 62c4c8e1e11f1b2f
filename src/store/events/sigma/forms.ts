/**
 * The readings of a field the tests need (the matcher's views of a value): `str` (string forms),
 * `low` (string forms lower-cased as JavaScript does, lower.ts), `num` (numberForm), `hex` (IP addresses of string values,
 * ip.ts) and the time parts (time.ts). A row computes each reading once: as a scalar when the
 * field's value is not an array (the common case, and the cheap one), else as a list with one
 * entry per element. A NULL reading never matches.
 */
import { type Frag, sql } from '../sql.ts';
import { anyOf, mapOf, stringForm, stringValue } from './elements.ts';
import { ipHex } from './ip.ts';
import { lowerJs } from './lower.ts';
import { numberForm, TIME_PARTS, type TimePart, timePart } from './time.ts';

export type FormKind = 'str' | 'low' | 'num' | 'hex' | TimePart;

/** A field of the row: its JSON value, and a reading of it as a scalar and as a list. */
export interface Reading {
  json: Frag;
  /** The reading of a value that is not an array (NULL for an array, or an absent field). */
  scalar: Frag;
  /** The readings of an array's elements (NULL when the value is not an array). */
  list: Frag;
}

/** The reading `kind` of one JSON element (or of a value that is not an array). */
export function readElement(kind: FormKind, e: Frag): Frag {
  switch (kind) {
    case 'str':
      return stringForm(e);
    case 'low':
      return lowerJs(stringForm(e));
    case 'num':
      return numberForm(e);
    case 'hex':
      return sql`(CASE WHEN json_type(${e}) = 'VARCHAR' THEN ${ipHex(stringValue(e))} END)`;
    default:
      if (!TIME_PARTS.includes(kind)) throw new Error(`unknown reading ${String(kind)}`);
      return timePart(e, kind);
  }
}

/** The readings of the elements of `j` when it is an array, else NULL. */
export function readList(kind: FormKind, j: Frag): Frag {
  return sql`(CASE WHEN json_type(${j}) = 'ARRAY' THEN ${mapOf(sql`json_extract(${j}, '$[*]')`, (e) => readElement(kind, e))} END)`;
}

/** The field's JSON value itself as a reading (for typed tests of its elements). */
export const rawReading = (j: Frag): Reading => ({
  json: j,
  scalar: j,
  list: sql`json_extract(${j}, '$[*]')`,
});

/** Whether `pred` holds for the value, or for an element of an array value; two-valued. */
export function anyReading(r: Reading, pred: (x: Frag) => Frag): Frag {
  return sql`(CASE WHEN json_type(${r.json}) = 'ARRAY' THEN ${anyOf(r.list, pred)} ELSE COALESCE(${pred(r.scalar)}, false) END)`;
}
