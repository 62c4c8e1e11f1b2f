/**
 * Checks that an untrusted value (e.g. a query tree received from another thread or process) is
 * a QueryNode parseQuery could have produced: known kinds and operators, valid field names,
 * string values, valid CIDRs and comparison values, and within the size and depth limits.
 */
import { BadRequestError } from '../core/errors.ts';
import { type FieldOp, isValidFieldName, MAX_QUERY_DEPTH, MAX_QUERY_NODES, type QueryNode } from './ast.ts';
import { parseCidr } from './ip.ts';
import { comparisonValue } from './values.ts';

const OPS = new Set<FieldOp>([
  'eq',
  'contains',
  'prefix',
  'suffix',
  'cidr',
  'exists',
  'gt',
  'gte',
  'lt',
  'lte',
]);

export type QueryCheck = { ok: true; query: QueryNode } | { ok: false; reason: string };

/** A QueryNode, or the reason the value is not one. Never throws. */
export function checkQueryNode(value: unknown): QueryCheck {
  let nodes = 0;
  const visit = (v: unknown, depth: number): string | null => {
    if (++nodes > MAX_QUERY_NODES) return `query has more than ${MAX_QUERY_NODES} nodes`;
    if (depth > MAX_QUERY_DEPTH) return `query is nested more than ${MAX_QUERY_DEPTH} levels deep`;
    if (typeof v !== 'object' || v === null) return 'query node must be an object';
    const n = v as Record<string, unknown>;
    switch (n.kind) {
      case 'all':
        return null;
      case 'text':
        return typeof n.value === 'string' ? null : 'text node needs a string value';
      case 'not':
        return visit(n.child, depth + 1);
      case 'and':
      case 'or': {
        if (!Array.isArray(n.children) || n.children.length === 0) return `${n.kind} node needs children`;
        for (const c of n.children) {
          const problem = visit(c, depth + 1);
          if (problem) return problem;
        }
        return null;
      }
      case 'field': {
        if (typeof n.field !== 'string' || !isValidFieldName(n.field))
          return `invalid field name '${String(n.field)}'`;
        if (typeof n.op !== 'string' || !OPS.has(n.op as FieldOp))
          return `unknown operator '${String(n.op)}'`;
        if (typeof n.value !== 'string') return 'field node needs a string value';
        if (n.op === 'cidr' && !parseCidr(n.value)) return `invalid CIDR network '${n.value}'`;
        if (
          (n.op === 'gt' || n.op === 'gte' || n.op === 'lt' || n.op === 'lte') &&
          !comparisonValue(n.value)
        ) {
          return `'${n.value}' is not a number or an ISO 8601 timestamp`;
        }
        return null;
      }
      default:
        return `unknown query node kind '${String(n.kind)}'`;
    }
  };
  const problem = visit(value, 0);
  return problem === null ? { ok: true, query: value as QueryNode } : { ok: false, reason: problem };
}

/** checkQueryNode for request handlers: the QueryNode, or a BadRequestError about `query`. */
export function requireQueryNode(value: unknown): QueryNode {
  const c = checkQueryNode(value);
  if (!c.ok) throw new BadRequestError(c.reason, 'query');
  return c.query;
}
