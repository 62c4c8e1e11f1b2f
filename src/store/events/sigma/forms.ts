/**
 * The readings of a field the tests need, each computed once per row as a list with one entry
 * per element (see elements.ts): `json` (the value itself), `str` (string forms), `low` (string
 * forms lower-cased), `num` (numberForm), `hex` (IP addresses of string elements, ip.ts) and the
 * time parts (time.ts). A NULL entry never matches.
 */
import { type Frag, sql } from '../sql.ts';
import { elements, mapOf, stringForms, stringValue } from './elements.ts';
import { ipHex } from './ip.ts';
import { numberForm, TIME_PARTS, type TimePart, timePart } from './time.ts';

export type FormKind = 'str' | 'low' | 'num' | 'hex' | TimePart;

/** The form `kind` of the field whose JSON value is `j`. */
export function formExpr(kind: FormKind, j: Frag): Frag {
  switch (kind) {
    case 'str':
      return stringForms(j);
    case 'low':
      return mapOf(stringForms(j), (s) => sql`lower(${s})`);
    case 'num':
      return mapOf(elements(j), numberForm);
    case 'hex':
      return mapOf(
        elements(j),
        (e) => sql`(CASE WHEN json_type(${e}) = 'VARCHAR' THEN ${ipHex(stringValue(e))} END)`,
      );
    default:
      if (!TIME_PARTS.includes(kind)) throw new Error(`unknown form ${String(kind)}`);
      return mapOf(elements(j), (e) => timePart(e, kind));
  }
}
