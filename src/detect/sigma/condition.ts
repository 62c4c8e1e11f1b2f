/**
 * The Sigma condition language: `and`, `or`, `not`, parentheses, `1 of x*`, `all of x*`,
 * `1 of them`, `all of them`. Precedence (loosest first): or, and, not, `x of`, parentheses.
 * Search names are resolved against the detection's searches; errors carry the 1-based column.
 */
import type { ConditionNode } from './model.ts';

export type ConditionOutcome =
  | { ok: true; node: ConditionNode }
  | { ok: false; column: number; reason: string };

interface Token {
  text: string;
  column: number;
}

class ConditionSyntaxError {
  constructor(
    readonly column: number,
    readonly reason: string,
  ) {}
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s+|[()]|[^\s()]+/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (!/^\s/.test(m[0])) tokens.push({ text: m[0], column: m.index + 1 });
  }
  return tokens;
}

/** `*` in a pattern matches any run of characters; nothing else is special. */
export function patternToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/** Parses a condition against the search names defined in the detection (in definition order). */
export function parseCondition(text: string, searchNames: readonly string[]): ConditionOutcome {
  const pipe = text.indexOf('|');
  if (pipe >= 0) {
    return {
      ok: false,
      column: pipe + 1,
      reason:
        'aggregations and "near" after "|" are the obsolete Sigma 1.0 syntax; write a correlation rule instead',
    };
  }
  const tokens = tokenize(text);
  if (tokens.length === 0) return { ok: false, column: 1, reason: 'the condition is empty' };
  const p = new Parser(tokens, searchNames, text.length + 1);
  try {
    const node = p.parseOr();
    const extra = p.peek();
    if (extra !== undefined) throw new ConditionSyntaxError(extra.column, `unexpected "${extra.text}"`);
    return { ok: true, node };
  } catch (e) {
    if (e instanceof ConditionSyntaxError) return { ok: false, column: e.column, reason: e.reason };
    throw e;
  }
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly names: readonly string[],
    private readonly endColumn: number,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private next(what: string): Token {
    const t = this.tokens[this.i];
    if (t === undefined)
      throw new ConditionSyntaxError(this.endColumn, `the condition ends where ${what} was expected`);
    this.i += 1;
    return t;
  }

  private accept(word: string): boolean {
    if (this.peek()?.text !== word) return false;
    this.i += 1;
    return true;
  }

  parseOr(): ConditionNode {
    const operands = [this.parseAnd()];
    while (this.accept('or')) operands.push(this.parseAnd());
    return operands.length === 1 ? (operands[0] as ConditionNode) : { kind: 'or', operands };
  }

  private parseAnd(): ConditionNode {
    const operands = [this.parseNot()];
    while (this.accept('and')) operands.push(this.parseNot());
    return operands.length === 1 ? (operands[0] as ConditionNode) : { kind: 'and', operands };
  }

  private parseNot(): ConditionNode {
    if (this.accept('not')) return { kind: 'not', operand: this.parseNot() };
    return this.parsePrimary();
  }

  private parsePrimary(): ConditionNode {
    const t = this.next('a search name, "not", "(" or "1 of"/"all of"');
    if (t.text === '(') {
      const inner = this.parseOr();
      const close = this.peek();
      if (close?.text !== ')') {
        throw new ConditionSyntaxError(
          close?.column ?? this.endColumn,
          `missing ")" for the "(" at column ${t.column}`,
        );
      }
      this.i += 1;
      return inner;
    }
    if (this.peek()?.text === 'of') return this.parseOf(t);
    if (t.text === ')') throw new ConditionSyntaxError(t.column, 'unexpected ")"');
    if (KEYWORDS.has(t.text)) throw new ConditionSyntaxError(t.column, `unexpected "${t.text}"`);
    if (t.text.includes('*')) {
      throw new ConditionSyntaxError(
        t.column,
        `the pattern "${t.text}" needs a quantifier: "1 of ${t.text}" or "all of ${t.text}"`,
      );
    }
    if (!this.names.includes(t.text)) {
      const hint = KEYWORDS.has(t.text.toLowerCase()) ? ' (operators are lower case)' : '';
      throw new ConditionSyntaxError(t.column, `unknown search identifier "${t.text}"${hint}`);
    }
    return { kind: 'search', name: t.text };
  }

  private parseOf(quant: Token): ConditionNode {
    let quantifier: 'one' | 'all';
    if (quant.text === '1') quantifier = 'one';
    else if (quant.text === 'all') quantifier = 'all';
    else if (quant.text === 'any') {
      throw new ConditionSyntaxError(quant.column, '"any of" is not Sigma; write "1 of"');
    } else {
      throw new ConditionSyntaxError(
        quant.column,
        `"${quant.text} of" is not supported; use "1 of" or "all of"`,
      );
    }
    this.i += 1; // "of"
    const target = this.next('a search pattern or "them" after "of"');
    if (target.text === '(' || target.text === ')' || (KEYWORDS.has(target.text) && target.text !== 'them')) {
      throw new ConditionSyntaxError(
        target.column,
        `expected a search pattern or "them" after "of", found "${target.text}"`,
      );
    }
    if (target.text === 'them') {
      const matches = this.names.filter((n) => !n.startsWith('_'));
      if (matches.length === 0)
        throw new ConditionSyntaxError(target.column, '"them" matches no search identifier');
      return { kind: 'of', quantifier, pattern: 'them', matches };
    }
    const re = patternToRegExp(target.text);
    const matches = this.names.filter((n) => re.test(n));
    if (matches.length === 0) {
      throw new ConditionSyntaxError(
        target.column,
        `the pattern "${target.text}" matches no search identifier (defined: ${this.names.join(', ')})`,
      );
    }
    return { kind: 'of', quantifier, pattern: target.text, matches };
  }
}
