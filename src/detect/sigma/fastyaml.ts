/**
 * A fast reader for the YAML most Sigma files are written in: one document of block maps and
 * sequences, plain scalars (also over several lines), single-line quoted scalars, `|` and `>`
 * block scalars, and comments. It builds the same positioned tree as `toYNode` over the `yaml`
 * package's document (values resolved by the YAML 1.2 core schema, the same positions) at a
 * fraction of the cost, and gives up (undefined) on anything else, or on anything the `yaml`
 * package would report as an error, so that the caller parses those texts with the package:
 * several documents, flow collections, anchors and aliases, tags, tabs, carriage returns,
 * multi-line quoted scalars, duplicate keys, odd indentation.
 */
import type { Pos, YEntry, YNode } from './ynode.ts';

class GiveUp extends Error {}

const giveUp = (): never => {
  throw new GiveUp();
};

/** Resolves a plain scalar as the YAML 1.2 core schema does (in the `yaml` package's order). */
export function resolvePlain(s: string): string | number | boolean | null {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s)) return s[0] === 't' || s[0] === 'T';
  let n: number | undefined;
  if (/^0o[0-7]+$/.test(s)) n = Number.parseInt(s.substring(2), 8);
  else if (/^[-+]?[0-9]+$/.test(s)) n = Number.parseInt(s, 10);
  else if (/^0x[0-9a-fA-F]+$/.test(s)) n = Number.parseInt(s.substring(2), 16);
  else if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) {
    n = s.slice(-3).toLowerCase() === 'nan' ? Number.NaN : s[0] === '-' ? -Infinity : Infinity;
  } else if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) n = Number.parseFloat(s);
  else if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) n = Number.parseFloat(s);
  if (n === undefined) return s;
  // as toYNode: an integer too large to keep exactly keeps its text
  return Number.isInteger(n) && !Number.isSafeInteger(n) ? s : n;
}

/** Characters that start something other than a plain scalar (or need a closer look). */
const SPECIAL_START = new Set([
  '[',
  '{',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  '#',
  ',',
  '?',
  ':',
  '-',
]);

const QUOTES = new Set(["'", '"']);

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

class Reader {
  private readonly lines: string[];

  constructor(text: string) {
    this.lines = text.split('\n');
  }

  document(): YNode {
    const first = this.nextContent(0);
    if (first < 0) giveUp();
    const { node, next } = this.block(first, this.indent(first), this.indent(first));
    if (this.nextContent(next) >= 0) giveUp();
    return node;
  }

  private pos(line: number, col: number): Pos {
    return { line: line + 1, column: col + 1 };
  }

  private line(i: number): string {
    return this.lines[i] as string;
  }

  private indent(i: number): number {
    const l = this.line(i);
    let k = 0;
    while (l.charCodeAt(k) === 32) k++;
    return k;
  }

  private blank(i: number): boolean {
    return this.line(i).trim() === '';
  }

  /** The first line at or after `i` that is neither blank nor a comment; -1 at the end. */
  private nextContent(i: number): number {
    for (let k = i; k < this.lines.length; k++) {
      const t = this.line(k).trimStart();
      if (t !== '' && t[0] !== '#') return k;
    }
    return -1;
  }

  /** Where a comment starts in `l` at or after `from` (a `#` after a space), or the line's end. */
  private contentEnd(l: string, from: number): number {
    for (let k = from; k < l.length; k++) if (l[k] === '#' && (k === from || l[k - 1] === ' ')) return k;
    return l.length;
  }

  /** A map or a sequence whose first item starts at (line, col), with indentation `indent`. */
  private block(i: number, col: number, indent: number): { node: YNode; next: number } {
    const l = this.line(i);
    if (l[col] === '-' && (l.length === col + 1 || l[col + 1] === ' ')) return this.seq(i, indent);
    return this.map(i, col, indent);
  }

  /** The key of a map entry at (line, col), or null when the line holds no key there. */
  private keyAt(l: string, col: number): { key: string; after: number } | null {
    const end = this.contentEnd(l, col);
    let colon = -1;
    for (let k = col; k < end; k++) {
      if (l[k] === ':' && (k + 1 === end || l[k + 1] === ' ')) {
        colon = k;
        break;
      }
    }
    if (colon < 0) return null;
    const raw = l.slice(col, colon);
    if (raw === '' || raw.length > 1000 || raw.endsWith(' ') || SPECIAL_START.has(raw[0] as string)) giveUp();
    const v = resolvePlain(raw);
    return { key: String(v ?? ''), after: colon + 1 };
  }

  private map(i: number, col: number, indent: number): { node: YNode; next: number } {
    const entries: YEntry[] = [];
    const keys = new Set<string>();
    let line = i;
    let at = col;
    for (;;) {
      const l = this.line(line);
      const k = this.keyAt(l, at);
      if (k === null || keys.has(k.key)) giveUp();
      const key = k as { key: string; after: number };
      keys.add(key.key);
      const keyPos = this.pos(line, at);
      const { node, next } = this.value(line, key.after, indent, true);
      entries.push({ key: key.key, keyPos, value: node });
      const n = this.nextContent(next);
      if (n < 0) return { node: { kind: 'map', pos: this.pos(i, col), entries }, next };
      const ind = this.indent(n);
      if (ind < indent) return { node: { kind: 'map', pos: this.pos(i, col), entries }, next: n };
      if (ind > indent || this.line(n)[ind] === '-') giveUp();
      line = n;
      at = indent;
    }
  }

  private seq(i: number, indent: number): { node: YNode; next: number } {
    const items: YNode[] = [];
    let line = i;
    for (;;) {
      const { node, next } = this.value(line, indent + 1, indent, false);
      items.push(node);
      const n = this.nextContent(next);
      if (n < 0) return { node: { kind: 'seq', pos: this.pos(i, indent), items }, next };
      const ind = this.indent(n);
      const l = this.line(n);
      if (ind < indent) return { node: { kind: 'seq', pos: this.pos(i, indent), items }, next: n };
      if (ind > indent) giveUp();
      if (l[ind] !== '-' || !(l.length === ind + 1 || l[ind + 1] === ' ')) {
        // the next key of a map at the same indentation as this sequence (`key:\n- a\nnext: b`)
        return { node: { kind: 'seq', pos: this.pos(i, indent), items }, next: n };
      }
      line = n;
    }
  }

  /**
   * The value after a map's `:` or a sequence's `-` at (line, col); `indent` is the indentation
   * of the map or sequence (continuation lines are deeper).
   */
  private value(i: number, col: number, indent: number, inMap: boolean): { node: YNode; next: number } {
    const l = this.line(i);
    let c = col;
    while (l[c] === ' ') c++;
    if (c >= l.length || l[c] === '#') {
      if (l[c] === '#' && c === col) giveUp();
      const n = this.nextContent(i + 1);
      if (n >= 0) {
        const ind = this.indent(n);
        const nl = this.line(n);
        const dash = nl[ind] === '-' && (nl.length === ind + 1 || nl[ind + 1] === ' ');
        if (ind > indent) {
          if (dash || (!QUOTES.has(nl[ind] as string) && this.keyAt(nl, ind) !== null))
            return this.block(n, ind, ind);
          return this.scalar(n, ind, indent);
        }
        if (inMap && ind === indent && dash) return this.block(n, ind, ind);
      }
      return { node: { kind: 'scalar', pos: this.pos(i, c), value: null, plain: true }, next: i + 1 };
    }
    if (!inMap && !QUOTES.has(l[c] as string) && this.keyAt(l, c) !== null) return this.map(i, c, c);
    return this.scalar(i, c, indent);
  }

  /** A scalar starting at (line, col); continuation lines must be indented deeper than `indent`. */
  private scalar(i: number, col: number, indent: number): { node: YNode; next: number } {
    const l = this.line(i);
    const c = l[col] as string;
    if (c === "'" || c === '"') return this.quoted(i, col, indent);
    if (c === '|' || c === '>') return this.blockScalar(i, col, indent);
    // `-`, `?` and `:` start a plain scalar when a non-space follows (`-1`, `-enc`)
    const plainStart =
      (c === '-' || c === '?' || c === ':') && l[col + 1] !== undefined && l[col + 1] !== ' ';
    if (SPECIAL_START.has(c) && !plainStart) giveUp();
    const end = this.contentEnd(l, col);
    const first = l.slice(col, end).trimEnd();
    if (first.includes(': ') || first.endsWith(':')) giveUp();
    let text = first;
    let next = i + 1;
    let blanks = 0;
    let multi = false;
    for (let k = i + 1; k < this.lines.length; k++) {
      if (this.blank(k)) {
        blanks++;
        continue;
      }
      if (this.indent(k) <= indent) break;
      if (end < l.length) giveUp(); // a comment ends a plain scalar: deeper lines after it are an error
      const t = this.line(k).trim();
      if (SPECIAL_START.has(t[0] as string) || t.includes(': ') || t.endsWith(':') || t.includes(' #'))
        giveUp();
      text += blanks > 0 ? '\n'.repeat(blanks) : ' ';
      text += t;
      blanks = 0;
      multi = true;
      next = k + 1;
    }
    const value = resolvePlain(text);
    if (multi && typeof value !== 'string') giveUp();
    return { node: { kind: 'scalar', pos: this.pos(i, col), value, plain: true }, next };
  }

  private quoted(i: number, col: number, indent: number): { node: YNode; next: number } {
    const l = this.line(i);
    const q = l[col];
    let out = '';
    let k = col + 1;
    for (;;) {
      if (k >= l.length) giveUp(); // a quoted scalar over several lines
      const ch = l[k] as string;
      if (q === "'") {
        if (ch === "'") {
          if (l[k + 1] === "'") {
            out += "'";
            k += 2;
            continue;
          }
          break;
        }
      } else if (ch === '"') break;
      else if (ch === '\\') {
        const e = l[k + 1];
        if (e === undefined) giveUp();
        const esc = e === undefined ? undefined : ESCAPES[e];
        if (esc !== undefined) {
          out += esc;
          k += 2;
          continue;
        }
        const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        const hex = l.slice(k + 2, k + 2 + width);
        if (width === 0 || !new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) giveUp();
        const code = Number.parseInt(hex, 16);
        if (code > 0x10ffff) giveUp();
        out += String.fromCodePoint(code);
        k += 2 + width;
        continue;
      }
      out += ch;
      k++;
    }
    const rest = l.slice(k + 1);
    if (!(rest.trim() === '' || /^ +#/.test(rest))) giveUp();
    const n = this.nextContent(i + 1);
    if (n >= 0 && this.indent(n) > indent) giveUp();
    return { node: { kind: 'scalar', pos: this.pos(i, col), value: out, plain: false }, next: i + 1 };
  }

  private blockScalar(i: number, col: number, indent: number): { node: YNode; next: number } {
    const l = this.line(i);
    const m = /^([|>])([-+]?)( +#.*| *)$/.exec(l.slice(col));
    if (m === null || m[2] === '+') giveUp();
    const header = m as RegExpExecArray;
    const first = this.nextNonBlank(i + 1);
    if (first < 0 || this.indent(first) <= indent) giveUp();
    const contentIndent = this.indent(first);
    const lines: string[] = [];
    let k = i + 1;
    for (; k < this.lines.length; k++) {
      const line = this.line(k);
      if (this.blank(k)) {
        if (line.length > contentIndent) giveUp();
        lines.push('');
        continue;
      }
      const ind = this.indent(k);
      if (ind < contentIndent) {
        if (ind > indent) giveUp();
        break;
      }
      lines.push(line.slice(contentIndent));
    }
    if (k >= this.lines.length) giveUp(); // up to the end of the text: its last line break decides
    while (lines.length > 0 && lines[lines.length - 1] === '') {
      lines.pop();
      k--;
    }
    let text: string;
    if (header[1] === '|') text = lines.join('\n');
    else {
      if (lines[0] === '') giveUp(); // leading empty lines fold differently
      text = '';
      let blanks = 0;
      let started = false;
      for (const line of lines) {
        if (line === '') {
          blanks++;
          continue;
        }
        if (line[0] === ' ') giveUp(); // more-indented lines fold differently
        if (started) text += blanks > 0 ? '\n'.repeat(blanks) : ' ';
        text += line;
        blanks = 0;
        started = true;
      }
    }
    if (header[2] !== '-') text += '\n';
    return { node: { kind: 'scalar', pos: this.pos(i, col), value: text, plain: false }, next: k };
  }

  private nextNonBlank(i: number): number {
    for (let k = i; k < this.lines.length; k++) if (!this.blank(k)) return k;
    return -1;
  }
}

/**
 * The positioned tree of a one-document Sigma text written in the plain block subset of YAML;
 * undefined when the text needs the full YAML parser.
 */
export function parseBlockYaml(text: string): YNode | undefined {
  if (/[\t\r\ufeff]/.test(text) || /^(?:---|\.\.\.|%)/m.test(text)) return undefined;
  try {
    return new Reader(text).document();
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}
