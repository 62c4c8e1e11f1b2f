/**
 * Compiles a search QueryNode to a SQL predicate over a day table.
 *
 * - A field with a hot column (schema.ts) is matched on the column; rows where the field is
 *   irregular (an array of several values, a non-numeric port, ...) are matched on `doc`.
 * - Any other field is read from `doc` with json_extract_string. When the stored value is an
 *   array, the term matches if ANY element matches (for every operator; `-field:x` therefore
 *   means "no element is x").
 * - eq is exact and case-sensitive, except on `message` and `event.original`, where it is a
 *   case-insensitive phrase match; contains/prefix/suffix and free text are case-insensitive.
 *   Numbers and booleans in `doc` compare by their JSON text (`event.code:4624` matches 4624).
 * - cidr: on source.ip / destination.ip a range over the numeric column (IPv4 and IPv6); on
 *   other IP fields (from `doc`) IPv4 networks only, computed in SQL; an IPv6 network there is
 *   rejected with a BadRequestError.
 * - A field "exists" when it has a non-null value (an empty array counts).
 * Every leaf is made two-valued (COALESCE(..., false)) so NOT behaves as "does not match".
 * Field names are validated against a strict character set and inlined only inside JSON path
 * literals; every value is a bound parameter.
 */
import { DuckDBTimestampValue } from '@duckdb/node-api';
import { BadRequestError } from '../../core/errors.ts';
import { epochToIso, isoToMicros } from '../../core/time.ts';
import {
  comparisonValue,
  type FieldNode,
  ipToBigInt,
  isValidFieldName,
  parseCidr,
  type QueryNode,
} from '../../hunt/index.ts';
import { type HotColumn, hotColumn } from './schema.ts';
import { type Frag, join, literal, raw, sql } from './sql.ts';

export interface CompiledFilter {
  where: Frag;
  /** Has a filter on a typed column that every match must pass (narrows the scan cheaply). */
  selective: boolean;
  /** Has a free-text or JSON-field filter (costly per row). */
  expensive: boolean;
}

type Pred = (x: Frag) => Frag;

const CMP: Record<'gt' | 'gte' | 'lt' | 'lte', string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };
const IPV4_RE =
  '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])([.](25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}';
const V4_MAPPED = 0xffff00000000n;

/** `$."field"` as a SQL literal (`field` already validated). */
export function jsonPath(field: string, suffix = ''): Frag {
  if (!isValidFieldName(field)) throw new BadRequestError(`invalid field name '${field}'`, 'field');
  return literal(`$."${field.replace(/["\\]/g, (c) => `\\${c}`)}"${suffix}`);
}

/** Matches when the doc value (or any element of an array value) satisfies `pred`. */
function jsonAny(field: string, pred: Pred, listOnly = false): Frag {
  const p = jsonPath(field);
  const anyOf = (list: Frag): Frag => sql`len(list_filter(${list}, lambda v__: ${pred(raw('v__'))})) > 0`;
  if (listOnly) {
    return sql`COALESCE(${anyOf(sql`CASE WHEN json_type(doc, ${p}) = 'ARRAY' THEN json_extract_string(doc, ${jsonPath(field, '[*]')}) ELSE [json_extract_string(doc, ${p})] END`)}, false)`;
  }
  return sql`(CASE WHEN json_type(doc, ${p}) = 'ARRAY' THEN ${anyOf(sql`json_extract_string(doc, ${jsonPath(field, '[*]')})`)} ELSE COALESCE(${pred(sql`json_extract_string(doc, ${p})`)}, false) END)`;
}

const jsonExists = (field: string): Frag =>
  sql`COALESCE(json_type(doc, ${jsonPath(field)}) <> 'NULL', false)`;

const eq =
  (v: string): Pred =>
  (x) =>
    sql`${x} = ${v}`;
const lowerMatch =
  (fn: 'contains' | 'starts_with' | 'ends_with', v: string): Pred =>
  (x) =>
    sql`${raw(fn)}(lower(${x}), ${v.toLowerCase()})`;

function timeParam(text: string, node: FieldNode): DuckDBTimestampValue {
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
function stringPred(node: FieldNode, textField: boolean): Pred {
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

function jsonField(node: FieldNode): Frag {
  if (node.op === 'exists') return jsonExists(node.field);
  return jsonAny(node.field, stringPred(node, false), node.op === 'cidr');
}

/** A column predicate, OR the doc predicate for rows where the field is irregular. */
function onColumn(col: HotColumn, colPred: Frag | null, docPred: (() => Frag) | null): Frag {
  const parts: Frag[] = [];
  if (colPred) parts.push(sql`COALESCE(${colPred}, false)`);
  if (col.bit !== 0 && docPred)
    parts.push(sql`((irregular & ${raw(String(col.bit))}) <> 0 AND ${docPred()})`);
  return parts.length === 0 ? raw('false') : sql`(${join(parts, ' OR ')})`;
}

function columnField(col: HotColumn, node: FieldNode): Frag {
  const c = raw(col.column);
  const fallback = node.op === 'exists' ? () => raw('true') : () => jsonField(node);
  switch (col.kind) {
    case 'time': {
      if (node.op === 'exists') return sql`(${c} IS NOT NULL)`;
      if (node.op === 'eq') return sql`COALESCE(${c} = ${timeParam(node.value, node)}, false)`;
      if (node.op === 'gt' || node.op === 'gte' || node.op === 'lt' || node.op === 'lte') {
        return sql`COALESCE(${c} ${raw(CMP[node.op])} ${timeParam(node.value, node)}, false)`;
      }
      return jsonField(node);
    }
    case 'int': {
      let colPred: Frag | null;
      if (node.op === 'eq')
        colPred = /^-?\d{1,10}$/.test(node.value) ? sql`${c} = ${Number(node.value)}` : null;
      else if (node.op === 'gt' || node.op === 'gte' || node.op === 'lt' || node.op === 'lte') {
        const cv = comparisonValue(node.value);
        if (cv?.kind !== 'number') {
          throw new BadRequestError(`'${node.field}' is a number; '${node.value}' is not`, node.field);
        }
        colPred = sql`${c} ${raw(CMP[node.op])} ${cv.value}`;
      } else colPred = stringPred(node, false)(sql`CAST(${c} AS VARCHAR)`);
      return onColumn(col, colPred, fallback);
    }
    case 'ip': {
      const num = raw(`${col.column}_num`);
      if (node.op === 'cidr') {
        const r = parseCidr(node.value);
        if (!r) throw new BadRequestError(`invalid CIDR network '${node.value}'`, node.field);
        const colPred = sql`${num} BETWEEN CAST(${r.lo.toString()} AS UHUGEINT) AND CAST(${r.hi.toString()} AS UHUGEINT)`;
        return onColumn(col, colPred, r.v4 ? fallback : null);
      }
      if (node.op === 'eq') {
        const n = ipToBigInt(node.value);
        const colPred =
          n === null ? sql`${c} = ${node.value}` : sql`${num} = CAST(${n.toString()} AS UHUGEINT)`;
        return onColumn(col, colPred, fallback);
      }
      return onColumn(col, stringPred(node, false)(c), fallback);
    }
    default:
      return onColumn(col, stringPred(node, col.kind === 'text')(c), fallback);
  }
}

export function compileFilter(node: QueryNode): CompiledFilter {
  switch (node.kind) {
    case 'all':
      return { where: raw('true'), selective: false, expensive: false };
    case 'text': {
      const v = node.value.toLowerCase();
      return {
        where: sql`(COALESCE(contains(lower(message), ${v}), false) OR COALESCE(contains(lower(original), ${v}), false))`,
        selective: false,
        expensive: true,
      };
    }
    case 'field': {
      if (!isValidFieldName(node.field))
        throw new BadRequestError(`invalid field name '${node.field}'`, 'query');
      const col = hotColumn(node.field);
      if (!col) return { where: jsonField(node), selective: false, expensive: true };
      const text = col.kind === 'text' && node.op !== 'exists';
      return { where: columnField(col, node), selective: !text && node.op !== 'exists', expensive: text };
    }
    case 'not': {
      const child = compileFilter(node.child);
      return { where: sql`(NOT ${child.where})`, selective: false, expensive: child.expensive };
    }
    case 'and':
    case 'or': {
      const children = node.children.map(compileFilter);
      const selective =
        node.kind === 'and' ? children.some((c) => c.selective) : children.every((c) => c.selective);
      return {
        where: sql`(${join(
          children.map((c) => c.where),
          node.kind === 'and' ? ' AND ' : ' OR ',
        )})`,
        selective,
        expensive: children.some((c) => c.expensive),
      };
    }
  }
}
