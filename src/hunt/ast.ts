/**
 * The search language's syntax tree, its error type, its limits, and the small field-name
 * rules the parser, the printer and the event store share.
 */
import { BadRequestError } from '../core/errors.ts';

/** Comparison and match operators of a `field:value` term. */
export type FieldOp =
  | 'eq'
  | 'contains'
  | 'prefix'
  | 'suffix'
  | 'cidr'
  | 'exists'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte';

export interface AllNode {
  kind: 'all';
}
export interface AndNode {
  kind: 'and';
  /** Two or more children. */
  children: QueryNode[];
}
export interface OrNode {
  kind: 'or';
  /** Two or more children. */
  children: QueryNode[];
}
export interface NotNode {
  kind: 'not';
  child: QueryNode;
}
export interface FieldNode {
  kind: 'field';
  field: string;
  op: FieldOp;
  /**
   * The literal to match, escapes removed and wildcards stripped (`*sub*` gives `sub`).
   * For `cidr` the network as written (validated); for `gt`..`lte` a number or an ISO timestamp
   * as written; for `exists` the empty string.
   */
  value: string;
}
/** Free text: case-insensitive "contains" over `message` and `event.original`. */
export interface TextNode {
  kind: 'text';
  value: string;
}

export type QueryNode = AllNode | AndNode | OrNode | NotNode | FieldNode | TextNode;

/** Longest accepted query, in UTF-8 bytes. */
export const MAX_QUERY_BYTES = 8192;
/** Most nodes one query may produce. */
export const MAX_QUERY_NODES = 1024;
/** Deepest nesting of parentheses and negations. */
export const MAX_QUERY_DEPTH = 64;
/** Longest field name. */
export const MAX_FIELD_LENGTH = 256;

/** A field name: ECS dotted names, `@timestamp`, source fields such as `winlog.event_data.Image`. */
export const FIELD_NAME_RE = /^[A-Za-z0-9_@][A-Za-z0-9_@.-]*$/;

export function isValidFieldName(name: string): boolean {
  return name.length <= MAX_FIELD_LENGTH && FIELD_NAME_RE.test(name);
}

const IP_FIELDS = new Set(['source.ip', 'destination.ip', 'host.ip', 'client.ip', 'server.ip', 'related.ip']);

/** Fields whose values are IP addresses, where `field:10.0.0.0/8` is a CIDR match. */
export function isIpField(name: string): boolean {
  return IP_FIELDS.has(name) || name.endsWith('.ip');
}

/** A problem in a query's text, with the 1-based column where it is. */
export class QuerySyntaxError extends BadRequestError {
  readonly column: number;

  constructor(message: string, column: number) {
    super(`${message} (at column ${column})`, `query column ${column}`);
    this.name = 'QuerySyntaxError';
    this.column = column;
  }
}
