/**
 * Value predicates over a VARCHAR expression (equals, case-insensitive contains/prefix/suffix,
 * numeric and time comparisons, IPv4 CIDR computed in SQL) and the two ways a JSON field is read:
 * straight from `doc`, or from a column holding `json_extract(doc, path)` computed once per row.
 * Any-element semantics for arrays live here (jsonAny).
 */
import { DuckDBTimestampValue } from '@duckdb/node-api';
import { BadRequestError } from '../../core/errors.ts';
import { epochToIso, isoToMicros } from '../../core/time.ts';
import { comparisonValue, type FieldNode, isValidFieldName, parseCidr } from '../../hunt/index.ts';
import { type Frag, literal, raw, sql } from './sql.ts';

/** A predicate over a VARCHAR expression. */
export type Pred = (x: Frag) => Frag;

export const CMP: Record<'gt' | 'gte' | 'lt' | 'lte', string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };
const IPV4_RE =
  '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])([.](25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}';
const V4_MAPPED = 0xffff00000000n;

/** `$."field"` as a SQL literal (`field` already validated). */
export function jsonPath(field: string, suffix = ''): Frag {
  if (!isValidFieldName(field)) throw new BadRequestError(`invalid field name '${field}'`, 'field');
  return literal(`$."${field.replace(/["\\]/g, (c) => `\\${c}`)}"${suffix}`);
}

const eq =
  (v: string): Pred =>
  (x) =>
    sql`${x} = ${v}`;
const lowerMatch =
  (fn: 'contains' | 'starts_with' | 'ends_with', v: string): Pred =>
  (x) =>
    sql`${raw(fn)}(lower(${x}), ${v.toLowerCase()})`;

export function timeParam(text: string, node: FieldNode): DuckDBTimestampValue {
  const cv = comparisonValue(text);
  const iso = cv === null ? null : cv.kind === 'time' ? cv.iso : epochToIso(cv.value);
  if (iso === null) {
    throw new BadRequestError(`'${node.field}' needs an ISO 8601 timestamp, got '${text}'`, node.field);
  }
  return new DuckDBTimestampValue(isoToMicros(iso));
}

function comparePred(node: FieldNode & { op: 'gt' | 'gte' | 'lt' | 'lte' }): Pred {
  const cv = comparisonValue(node.value);
  if (cv === null) throw new BadRequestError(`'${node.value}' is not a number or a timestamp`, node.field);
  const op = raw(CMP[node.op]);
  if (cv.kind === 'number') return (x) => sql`TRY_CAST(${x} AS DOUBLE) ${op} ${cv.value}`;
  const ts = new DuckDBTimestampValue(isoToMicros(cv.iso));
  return (x) => sql`TRY_CAST(${x} AS TIMESTAMP) ${op} ${ts}`;
}

function ipv4Cidr(lo: bigint, hi: bigint): Pred {
  const part = (x: Frag, k: number): Frag => sql`CAST(split_part(${x}, '.', ${raw(String(k))}) AS BIGINT)`;
  return (x) =>
    sql`(CASE WHEN regexp_full_match(${x}, ${literal(IPV4_RE)}) THEN ${part(x, 1)} * 16777216 + ${part(x, 2)} * 65536 + ${part(x, 3)} * 256 + ${part(x, 4)} END) BETWEEN ${Number(lo - V4_MAPPED)} AND ${Number(hi - V4_MAPPED)}`;
}

/** The value predicate for a doc field or a VARCHAR column, by operator. */
export function stringPred(node: FieldNode, textField: boolean): Pred {
  switch (node.op) {
    case 'eq':
      return textField ? lowerMatch('contains', node.value) : eq(node.value);
    case 'contains':
      return lowerMatch('contains', node.value);
    case 'prefix':
      return lowerMatch('starts_with', node.value);
    case 'suffix':
      return lowerMatch('ends_with', node.value);
    case 'exists':
      return (x) => sql`${x} IS NOT NULL`;
    case 'cidr': {
      const r = parseCidr(node.value);
      if (!r) throw new BadRequestError(`invalid CIDR network '${node.value}'`, node.field);
      if (!r.v4) {
        throw new BadRequestError(
          `IPv6 CIDR search is supported on source.ip and destination.ip only, not '${node.field}'`,
          node.field,
        );
      }
      return ipv4Cidr(r.lo, r.hi);
    }
    default:
      return comparePred(node as FieldNode & { op: 'gt' | 'gte' | 'lt' | 'lte' });
  }
}

/** How to read one JSON field of a row: its JSON type, its value as text, its elements as text. */
export interface JsonSource {
  type: Frag;
  scalar: Frag;
  elements: Frag;
}

/** Reads the field from `doc` (parses the whole doc each time: for rarely evaluated predicates). */
export function docSource(field: string): JsonSource {
  const p = jsonPath(field);
  return {
    type: sql`json_type(doc, ${p})`,
    scalar: sql`json_extract_string(doc, ${p})`,
    elements: sql`json_extract_string(doc, ${jsonPath(field, '[*]')})`,
  };
}

/** Reads the field from a column holding json_extract(doc, path) (the small value only). */
export function projectedSource(column: string): JsonSource {
  const c = raw(column);
  return {
    type: sql`json_type(${c})`,
    scalar: sql`json_extract_string(${c}, '$')`,
    elements: sql`json_extract_string(${c}, '$[*]')`,
  };
}

/** Matches when the value, or any element of an array value, satisfies `pred`. */
export function jsonAny(src: JsonSource, pred: Pred, listOnly = false): Frag {
  const anyOf = (list: Frag): Frag => sql`len(list_filter(${list}, lambda v__: ${pred(raw('v__'))})) > 0`;
  if (listOnly) {
    // For predicates that repeat their argument: evaluate the (possibly costly) value once.
    return sql`COALESCE(${anyOf(sql`CASE WHEN ${src.type} = 'ARRAY' THEN ${src.elements} ELSE [${src.scalar}] END`)}, false)`;
  }
  return sql`(CASE WHEN ${src.type} = 'ARRAY' THEN ${anyOf(src.elements)} ELSE COALESCE(${pred(src.scalar)}, false) END)`;
}

/** The field is present with a non-null value. */
export const jsonExists = (src: JsonSource): Frag => sql`COALESCE(${src.type} <> 'NULL', false)`;

/** The predicate for a field read from JSON. */
export function jsonPredicate(src: JsonSource, node: FieldNode): Frag {
  if (node.op === 'exists') return jsonExists(src);
  return jsonAny(src, stringPred(node, false), node.op === 'cidr');
}
