/**
 * Splits a query's text into tokens: parentheses, a leading `-` (negation), quoted strings and
 * words. Inside a word a backslash makes the next character literal (`a\ b`, `\*`, `\:`); each
 * word character remembers whether it was escaped, so the parser can tell a wildcard `*` or a
 * field separator `:` from a literal one. Columns are 1-based.
 */
import { QuerySyntaxError } from './ast.ts';

export interface WordChar {
  ch: string;
  escaped: boolean;
  /** Column of the character (of its backslash when escaped). */
  col: number;
}

export type Token =
  | { t: 'lparen'; col: number; end: number }
  | { t: 'rparen'; col: number; end: number }
  | { t: 'minus'; col: number; end: number }
  | { t: 'quoted'; value: string; col: number; end: number }
  | { t: 'word'; chars: WordChar[]; col: number; end: number };

const isSpace = (c: string): boolean => /\s/.test(c);

/** Tokens of `text`; `end` is the column just after the token. Throws QuerySyntaxError. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    const col = i + 1;
    if (isSpace(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push(c === '(' ? { t: 'lparen', col, end: col + 1 } : { t: 'rparen', col, end: col + 1 });
      i++;
    } else if (c === '-' && i + 1 < n && !isSpace(text[i + 1] as string) && text[i + 1] !== ')') {
      tokens.push({ t: 'minus', col, end: col + 1 });
      i++;
    } else if (c === '-') {
      throw new QuerySyntaxError(`'-' must be directly followed by a term (quote it to search for "-")`, col);
    } else if (c === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= n) throw new QuerySyntaxError('unterminated quoted string', col);
        const d = text[j] as string;
        if (d === '"') break;
        if (d === '\\') {
          if (j + 1 >= n) throw new QuerySyntaxError('unterminated quoted string', col);
          value += text[j + 1];
          j += 2;
        } else {
          value += d;
          j++;
        }
      }
      tokens.push({ t: 'quoted', value, col, end: j + 2 });
      i = j + 1;
    } else {
      const chars: WordChar[] = [];
      let j = i;
      while (j < n) {
        const d = text[j] as string;
        if (isSpace(d) || d === '(' || d === ')' || d === '"') break;
        if (d === '\\') {
          if (j + 1 >= n) throw new QuerySyntaxError(`dangling '\\' at the end of the query`, j + 1);
          chars.push({ ch: text[j + 1] as string, escaped: true, col: j + 1 });
          j += 2;
        } else {
          chars.push({ ch: d, escaped: false, col: j + 1 });
          j++;
        }
      }
      tokens.push({ t: 'word', chars, col, end: j + 1 });
      i = j;
    }
  }
  return tokens;
}

/** A word's characters with escapes removed. */
export function wordText(chars: readonly WordChar[]): string {
  let s = '';
  for (const c of chars) s += c.ch;
  return s;
}

/** True when the word is exactly `keyword`, unescaped (`AND`, `OR`, `NOT`). */
export function isKeyword(token: Token | undefined, keyword: string): boolean {
  if (token?.t !== 'word' || token.chars.length !== keyword.length) return false;
  return token.chars.every((c, k) => !c.escaped && c.ch === keyword[k]);
}
