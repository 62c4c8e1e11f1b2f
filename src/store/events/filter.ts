/**
 * Compiles a search QueryNode to SQL over a day table.
 *
 * - A field with a hot column (schema.ts) is matched on the column; rows where the field is
 *   irregular (an array of several values, a non-numeric port, ...) are matched on `doc`.
 * - Any other field is read from `doc`. When the stored value is an array, the term matches if
 *   ANY element matches (for every operator; `-field:x` therefore means "no element is x").
 * - eq is exact and case-sensitive, except on `message` and `event.original`, where it is a
 *   case-insensitive phrase match; contains/prefix/suffix and free text are case-insensitive.
 *   Numbers and booleans in `doc` compare by their JSON text (`event.code:4624` matches 4624).
 * - cidr: on source.ip / destination.ip a range over the numeric column (IPv4 and IPv6); on
 *   other IP fields (from `doc`) IPv4 networks only, computed in SQL; an IPv6 network there is
 *   rejected with a BadRequestError.
 * - A field "exists" when it has a non-null value (an empty array counts).
 * Every leaf is made two-valued (COALESCE(..., false)) so NOT behaves as "does not match".
 *
 * The result is split for speed: top-level conjuncts on typed columns (`scan`) run in the table
 * scan; the rest (`json`) runs over a subquery that extracts each JSON field once per row into
 * `vigil_j<N>` (see scope.ts), instead of parsing the whole doc once per predicate.
 * Field names are validated against a strict character set and inlined only inside JSON path
 * literals; every value is a bound parameter.
 */
import { BadRequestError } from '../../core/errors.ts';
import {
  comparisonValue,
  type FieldNode,
  ipToBigInt,
  isValidFieldName,
  parseCidr,
  type QueryNode,
} from '../../hunt/index.ts';
import { CMP, docSource, jsonPredicate, projectedSource, stringPred, timeParam } from './predicates.ts';
import { type HotColumn, hotColumn } from './schema.ts';
import { type Frag, join, raw, sql } from './sql.ts';

export interface CompiledFilter {
  /** Conjunction evaluated in the table scan (typed columns, free text): never null. */
  scan: Frag;
  /** Conjunction over projected JSON fields (`vigil_j0`, ...), or null when there is none. */
  json: Frag | null;
  /** The JSON fields to project, in `vigil_j<N>` order. */
  jsonFields: string[];
  /** Has a filter on a typed column that every match must pass (narrows the scan cheaply). */
  selective: boolean;
  /** Has a free-text or JSON-field filter (costly per row). */
  expensive: boolean;
}

interface Part {
  where: Frag;
  usesJson: boolean;
  selective: boolean;
  expensive: boolean;
}

/** A column predicate, OR the doc predicate for rows where the field is irregular. */
function onColumn(col: HotColumn, colPred: Frag | null, docPred: (() => Frag) | null): Frag {
  const parts: Frag[] = [];
  if (colPred) parts.push(sql`COALESCE(${colPred}, false)`);
  if (col.bit !== 0 && docPred)
    parts.push(sql`((irregular & ${raw(String(col.bit))}) <> 0 AND ${docPred()})`);
  return parts.length === 0 ? raw('false') : sql`(${join(parts, ' OR ')})`;
}

const isCompare = (op: FieldNode['op']): op is 'gt' | 'gte' | 'lt' | 'lte' =>
  op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte';

function columnField(col: HotColumn, node: FieldNode): Frag {
  const c = raw(col.column);
  const fallback =
    node.op === 'exists' ? () => raw('true') : () => jsonPredicate(docSource(node.field), node);
  switch (col.kind) {
    case 'time': {
      if (node.op === 'exists') return sql`(${c} IS NOT NULL)`;
      if (node.op === 'eq') return sql`COALESCE(${c} = ${timeParam(node.value, node)}, false)`;
      if (isCompare(node.op))
        return sql`COALESCE(${c} ${raw(CMP[node.op])} ${timeParam(node.value, node)}, false)`;
      return jsonPredicate(docSource(node.field), node);
    }
    case 'int': {
      let colPred: Frag | null;
      if (node.op === 'eq')
        colPred = /^-?\d{1,10}$/.test(node.value) ? sql`${c} = ${Number(node.value)}` : null;
      else if (isCompare(node.op)) {
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
        // Irregular rows (arrays of addresses) are matched from doc, where only IPv4 works.
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

class Compiler {
  readonly jsonFields: string[] = [];

  private projected(field: string): string {
    let k = this.jsonFields.indexOf(field);
    if (k < 0) k = this.jsonFields.push(field) - 1;
    return `vigil_j${k}`;
  }

  compile(node: QueryNode): Part {
    switch (node.kind) {
      case 'all':
        return { where: raw('true'), usesJson: false, selective: false, expensive: false };
      case 'text': {
        const v = node.value.toLowerCase();
        return {
          where: sql`(COALESCE(contains(lower(message), ${v}), false) OR COALESCE(contains(lower(original), ${v}), false))`,
          usesJson: false,
          selective: false,
          expensive: true,
        };
      }
      case 'field': {
        if (!isValidFieldName(node.field))
          throw new BadRequestError(`invalid field name '${node.field}'`, 'query');
        const col = hotColumn(node.field);
        if (!col) {
          const where = jsonPredicate(projectedSource(this.projected(node.field)), node);
          return { where, usesJson: true, selective: false, expensive: true };
        }
        const text = col.kind === 'text' && node.op !== 'exists';
        return {
          where: columnField(col, node),
          usesJson: false,
          selective: !text && node.op !== 'exists',
          expensive: text,
        };
      }
      case 'not': {
        const child = this.compile(node.child);
        return { ...child, where: sql`(NOT ${child.where})`, selective: false };
      }
      case 'and':
      case 'or': {
        const children = node.children.map((c) => this.compile(c));
        return {
          where: sql`(${join(
            children.map((c) => c.where),
            node.kind === 'and' ? ' AND ' : ' OR ',
          )})`,
          usesJson: children.some((c) => c.usesJson),
          selective:
            node.kind === 'and' ? children.some((c) => c.selective) : children.every((c) => c.selective),
          expensive: children.some((c) => c.expensive),
        };
      }
    }
  }
}

export function compileFilter(node: QueryNode): CompiledFilter {
  const compiler = new Compiler();
  const parts = (node.kind === 'and' ? node.children : [node]).map((n) => compiler.compile(n));
  const scan = parts.filter((p) => !p.usesJson).map((p) => p.where);
  const json = parts.filter((p) => p.usesJson).map((p) => p.where);
  return {
    scan: scan.length === 0 ? raw('true') : join(scan, ' AND '),
    json: json.length === 0 ? null : sql`(${join(json, ' AND ')})`,
    jsonFields: compiler.jsonFields,
    selective: parts.some((p) => p.selective),
    expensive: parts.some((p) => p.expensive),
  };
}
