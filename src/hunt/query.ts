/**
 * Vigil's search language, a Lucene/KQL-like syntax analysts know, parsed to a QueryNode tree.
 *
 *   field:value            equals (case-sensitive, except on the text fields `message` and
 *                          `event.original` where the store matches the phrase case-insensitively)
 *   field:"quoted value"   equals, every character literal (no wildcards, no CIDR)
 *   field:*sub*  pre*  *suf  contains / prefix / suffix (the store matches these case-insensitively)
 *   field:10.0.0.0/8       CIDR on IP fields (source.ip, destination.ip, host.ip, client.ip,
 *                          server.ip, related.ip, any field ending in `.ip`); IPv4 and IPv6
 *   field:*  _exists_:field  the field has a non-null value
 *   field:>10 >= < <=      numeric or time comparison (a number or an ISO 8601 timestamp)
 *   field:(a OR b*)        a group where every bare term applies to `field`
 *   -term  NOT term        negation;   a b  /  a AND b   both;   a OR b   either;   ( ... )
 *   word  "a phrase"       free text: case-insensitive contains over message and event.original
 *   *                      everything (so is the empty query)
 *
 * On a field holding an array, a term matches when any element matches (see the event store).
 * Precedence: NOT binds tightest, then AND (explicit or implicit), then OR. Keywords are
 * uppercase (`and`/`or` are plain words). `\` makes the next character literal (`\*`, `\:`,
 * `a\ b`). A word with `:` is a field term, so quote free text that contains a colon.
 */
import {
  type FieldNode,
  isIpField,
  isValidFieldName,
  MAX_QUERY_BYTES,
  MAX_QUERY_DEPTH,
  MAX_QUERY_NODES,
  type QueryNode,
  QuerySyntaxError,
} from './ast.ts';
import { parseCidr } from './ip.ts';
import { isKeyword, type Token, tokenize, type WordChar, wordText } from './lexer.ts';
import { comparisonValue } from './values.ts';

/** Parses a query; throws QuerySyntaxError (a BadRequestError) with the column of the problem. */
export function parseQuery(text: string): QueryNode {
  if (Buffer.byteLength(text, 'utf8') > MAX_QUERY_BYTES) {
    throw new QuerySyntaxError(`query is longer than ${MAX_QUERY_BYTES} bytes`, columnPastBytes(text));
  }
  return new Parser(tokenize(text)).parseAll();
}

/** Column of the first character that does not fit in MAX_QUERY_BYTES. */
function columnPastBytes(text: string): number {
  let bytes = 0;
  let col = 1;
  for (const ch of text) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > MAX_QUERY_BYTES) return col;
    col += ch.length;
  }
  return col;
}

export type ParseQueryOutcome = { ok: true; query: QueryNode } | { ok: false; error: QuerySyntaxError };

/** Same as parseQuery, as an outcome instead of an exception. */
export function tryParseQuery(text: string): ParseQueryOutcome {
  try {
    return { ok: true, query: parseQuery(text) };
  } catch (e) {
    if (e instanceof QuerySyntaxError) return { ok: false, error: e };
    throw e;
  }
}

class Parser {
  private pos = 0;
  private nodes = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): QueryNode {
    if (this.tokens.length === 0) return { kind: 'all' };
    const node = this.parseOr(null);
    const extra = this.tokens[this.pos];
    if (extra) {
      throw new QuerySyntaxError(extra.t === 'rparen' ? `unexpected ')'` : 'unexpected input', extra.col);
    }
    return node;
  }

  private count<T extends QueryNode>(node: T, col: number): T {
    if (++this.nodes > MAX_QUERY_NODES) {
      throw new QuerySyntaxError(`query has more than ${MAX_QUERY_NODES} terms; simplify it`, col);
    }
    return node;
  }

  private enter(col: number): void {
    if (++this.depth > MAX_QUERY_DEPTH) {
      throw new QuerySyntaxError(`query is nested more than ${MAX_QUERY_DEPTH} levels deep`, col);
    }
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private endCol(): number {
    const last = this.tokens[this.tokens.length - 1];
    return last ? last.end : 1;
  }

  private parseOr(field: string | null): QueryNode {
    const first = this.peek();
    const children = [this.parseAnd(field)];
    while (isKeyword(this.peek(), 'OR')) {
      this.pos++;
      children.push(this.parseAnd(field));
    }
    return children.length === 1
      ? (children[0] as QueryNode)
      : this.count({ kind: 'or', children }, first?.col ?? 1);
  }

  private startsTerm(token: Token | undefined): boolean {
    if (!token || token.t === 'rparen') return false;
    return !isKeyword(token, 'AND') && !isKeyword(token, 'OR');
  }

  private parseAnd(field: string | null): QueryNode {
    const first = this.peek();
    const children = [this.parseUnary(field)];
    for (;;) {
      const next = this.peek();
      if (isKeyword(next, 'AND')) {
        this.pos++;
        children.push(this.parseUnary(field));
      } else if (this.startsTerm(next)) {
        children.push(this.parseUnary(field));
      } else {
        break;
      }
    }
    return children.length === 1
      ? (children[0] as QueryNode)
      : this.count({ kind: 'and', children }, first?.col ?? 1);
  }

  private parseUnary(field: string | null): QueryNode {
    const token = this.peek();
    if (token && (token.t === 'minus' || isKeyword(token, 'NOT'))) {
      this.pos++;
      this.enter(token.col);
      const child = this.parseUnary(field);
      this.depth--;
      return this.count({ kind: 'not', child }, token.col);
    }
    return this.parsePrimary(field);
  }

  private parsePrimary(field: string | null): QueryNode {
    const token = this.peek();
    if (!token) throw new QuerySyntaxError('unexpected end of query: expected a term', this.endCol());
    if (token.t === 'rparen') throw new QuerySyntaxError(`unexpected ')': expected a term`, token.col);
    if (isKeyword(token, 'AND') || isKeyword(token, 'OR')) {
      const kw = wordText((token as { chars: WordChar[] }).chars);
      throw new QuerySyntaxError(`'${kw}' needs a term on both sides`, token.col);
    }
    this.pos++;
    if (token.t === 'lparen') return this.parseGroup(token, field);
    if (token.t === 'quoted') {
      if (field !== null)
        return this.count({ kind: 'field', field, op: 'eq', value: token.value }, token.col);
      if (token.value === '') throw new QuerySyntaxError('empty phrase ""', token.col);
      return this.count({ kind: 'text', value: token.value }, token.col);
    }
    if (token.t === 'minus') throw new QuerySyntaxError('unexpected -', token.col);
    return this.parseWord(token.chars, token.col, token.end, field);
  }

  private parseGroup(open: Token, field: string | null): QueryNode {
    if (this.peek()?.t === 'rparen') throw new QuerySyntaxError('empty parentheses', open.col);
    this.enter(open.col);
    const inner = this.parseOr(field);
    this.depth--;
    const close = this.peek();
    if (close?.t !== 'rparen') {
      throw new QuerySyntaxError(`'(' at column ${open.col} is not closed`, close?.col ?? this.endCol());
    }
    this.pos++;
    return inner;
  }

  private parseWord(chars: WordChar[], col: number, end: number, field: string | null): QueryNode {
    const colon = chars.findIndex((c) => c.ch === ':' && !c.escaped);
    if (colon < 0) {
      if (field !== null) return this.fieldValue(field, chars, col);
      return this.freeText(chars, col);
    }
    if (field !== null) {
      throw new QuerySyntaxError(`a field term cannot appear inside '${field}:( ... )'`, col);
    }
    if (colon === 0) throw new QuerySyntaxError(`missing field name before ':'`, col);
    const nameChars = chars.slice(0, colon);
    const name = wordText(nameChars);
    if (nameChars.some((c) => c.escaped) || !isValidFieldName(name)) {
      throw new QuerySyntaxError(
        `invalid field name '${name}' (letters, digits, '_', '@', '.', '-'; quote free text that contains ':')`,
        col,
      );
    }
    const value = chars.slice(colon + 1);
    const valueCol = value[0]?.col ?? end;
    if (value.length === 0) {
      const next = this.peek();
      if (next && next.col === end && next.t === 'quoted') {
        this.pos++;
        if (name === '_exists_') return this.existsOf(next.value, next.col);
        return this.count({ kind: 'field', field: name, op: 'eq', value: next.value }, next.col);
      }
      if (next && next.col === end && next.t === 'lparen' && name !== '_exists_') {
        this.pos++;
        return this.parseGroup(next, name);
      }
      throw new QuerySyntaxError(`missing value after '${name}:'`, end);
    }
    if (name === '_exists_') return this.existsOf(wordText(value), valueCol);
    return this.fieldValue(name, value, valueCol);
  }

  private existsOf(name: string, col: number): FieldNode {
    if (!isValidFieldName(name))
      throw new QuerySyntaxError(`_exists_ needs a field name, got '${name}'`, col);
    return this.count({ kind: 'field', field: name, op: 'exists', value: '' }, col);
  }

  private freeText(chars: WordChar[], col: number): QueryNode {
    if (chars.length === 1 && chars[0]?.ch === '*' && !chars[0].escaped)
      return this.count({ kind: 'all' }, col);
    const { core } = stripWildcards(chars, col);
    return this.count({ kind: 'text', value: wordText(core) }, col);
  }

  private fieldValue(field: string, chars: WordChar[], col: number): FieldNode {
    const first = chars[0] as WordChar;
    if (chars.length === 1 && first.ch === '*' && !first.escaped) {
      return this.count({ kind: 'field', field, op: 'exists', value: '' }, col);
    }
    if (!first.escaped && (first.ch === '>' || first.ch === '<')) {
      const orEqual = chars[1]?.ch === '=' && !chars[1].escaped;
      const op = first.ch === '>' ? (orEqual ? 'gte' : 'gt') : orEqual ? 'lte' : 'lt';
      const text = wordText(chars.slice(orEqual ? 2 : 1));
      if (comparisonValue(text) === null) {
        throw new QuerySyntaxError(
          `'${field}:${orEqual ? first.ch + '=' : first.ch}' needs a number or an ISO 8601 timestamp, got '${text}'`,
          col,
        );
      }
      return this.count({ kind: 'field', field, op, value: text }, col);
    }
    const { core, leading, trailing } = stripWildcards(chars, col);
    const value = wordText(core);
    if (leading || trailing) {
      const op = leading && trailing ? 'contains' : leading ? 'suffix' : 'prefix';
      return this.count({ kind: 'field', field, op, value }, col);
    }
    if (isIpField(field) && value.includes('/')) {
      if (!parseCidr(value)) {
        throw new QuerySyntaxError(`invalid CIDR network '${value}' (e.g. 10.0.0.0/8, 2001:db8::/32)`, col);
      }
      return this.count({ kind: 'field', field, op: 'cidr', value }, col);
    }
    return this.count({ kind: 'field', field, op: 'eq', value }, col);
  }
}

/** Removes one unescaped `*` at each end; any other unescaped `*` is an error. */
function stripWildcards(
  chars: WordChar[],
  col: number,
): { core: WordChar[]; leading: boolean; trailing: boolean } {
  const isStar = (c: WordChar | undefined): boolean => c !== undefined && c.ch === '*' && !c.escaped;
  const leading = isStar(chars[0]);
  const trailing = chars.length > 1 && isStar(chars[chars.length - 1]);
  const core = chars.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  const inner = core.findIndex(isStar);
  if (inner >= 0) {
    throw new QuerySyntaxError(
      `'*' is supported only at the start and end of a value (*sub*, pre*, *suf); write \\* for a literal '*'`,
      core[inner]?.col ?? col,
    );
  }
  if (core.length === 0) throw new QuerySyntaxError(`a wildcard needs some text next to it`, col);
  return { core, leading, trailing };
}
