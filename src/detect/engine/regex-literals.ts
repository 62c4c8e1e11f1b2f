/**
 * Literals a regular expression cannot match without: `net\s+user` matches no text that lacks
 * `net` (and `user`), `(?:iex|invoke-expression)\(` none that lacks `(`... The rule index uses
 * them like a string pattern's required literal, and the `re` test checks them before calling RE2.
 *
 * The answer is a list of lower-cased literals of which every match contains at least one (so the
 * lower-cased text must too), or null when nothing is known. A small character class or class
 * escape multiplies the literal it is part of into alternatives (`net\s+` needs one of `net `,
 * `net\t`...), up to {@link MAX_ALTERNATIVES}: a longer literal is worth a few alternatives. It is conservative: anything the
 * reader does not fully understand (back-references, `\Q...\E`, octal escapes, odd repetitions)
 * gives null or ends the literal there. Only ASCII counts as literal text; under case folding `s`
 * does not either (RE2 folds `ſ` onto it, which `toLowerCase` keeps apart).
 */

/** Alternatives of which one must occur; null when nothing is required. */
type Requirement = string[] | null;

class Bail extends Error {}

/** The score of a requirement: its shortest literal first (up to 12), then fewer alternatives. */
function score(r: string[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const l of r) min = Math.min(min, l.length);
  return Math.min(min, 12) * 1000 - r.length;
}

function best(cands: string[][]): Requirement {
  let out: Requirement = null;
  let top = Number.NEGATIVE_INFINITY;
  for (const c of cands) {
    const s = score(c);
    if (s > top) {
      top = s;
      out = c;
    }
  }
  return out;
}

const REPEAT = /\{(\d+)(?:,(\d*))?\}/y;

/** The escapes of control characters. */
const CONTROL: Readonly<Record<string, string>> = { a: '\x07', f: '\f', t: '\t', n: '\n', r: '\r', v: '\v' };

/** A run of literal text is multiplied by character classes into at most this many alternatives. */
const MAX_ALTERNATIVES = 16;
/** Classes of at most this many characters are read as alternatives. */
const MAX_CLASS = 10;
/** The characters of `\s` (RE2's, and the vertical tab: a superset is still a requirement). */
const SPACE = [' ', '\t', '\n', '\f', '\r', '\v'];
const DIGITS = [...'0123456789'];

/**
 * One atom: a literal character (lower-cased), one of a few characters (a small class), a
 * zero-width assertion, or anything else.
 */
type Atom =
  | { kind: 'char'; char: string }
  | { kind: 'set'; chars: string[] }
  | { kind: 'empty' }
  | { kind: 'other'; req: Requirement };

const OTHER: Atom = { kind: 'other', req: null };

class Reader {
  private i = 0;

  constructor(
    private readonly s: string,
    private readonly caseless: boolean,
  ) {}

  read(): Requirement {
    const r = this.alternation();
    if (this.i !== this.s.length) throw new Bail();
    return r;
  }

  private alternation(): Requirement {
    const alts: Requirement[] = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    if (alts.length === 1) return alts[0] ?? null;
    const out = new Set<string>();
    for (const a of alts) {
      if (a === null) return null;
      for (const l of a) out.add(l);
    }
    return [...out];
  }

  private sequence(): Requirement {
    const cands: string[][] = [];
    // the literal text read so far: its alternatives (one empty string before any)
    let run: string[] = [''];
    const flush = () => {
      if (run[0] !== '') cands.push(run);
      run = [''];
    };
    const append = (chars: readonly string[]) => {
      if (run.length * chars.length > MAX_ALTERNATIVES) flush();
      const next = new Set<string>();
      for (const r of run) for (const c of chars) next.add(r + c);
      run = [...next];
    };
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined || c === '|' || c === ')') break;
      const atom = this.atom();
      const times = this.repetition();
      if (atom.kind === 'char' || atom.kind === 'set') {
        const chars = atom.kind === 'char' ? [atom.char] : atom.chars;
        if (times === 1) append(chars);
        else if (times === 2) {
          append(chars);
          flush();
        } else flush();
      } else {
        flush();
        if (atom.kind === 'other' && atom.req !== null && times >= 1) cands.push(atom.req);
      }
    }
    flush();
    return best(cands);
  }

  /**
   * How the preceding atom repeats: 1 exactly once (no operator, or `{1}`), 0 when it may be
   * absent, 2 when it occurs at least once but maybe more (the literal run ends after one copy).
   */
  private repetition(): number {
    const c = this.s[this.i];
    let times: number;
    if (c === '*' || c === '?') {
      times = 0;
      this.i++;
    } else if (c === '+') {
      times = 2;
      this.i++;
    } else if (c === '{') {
      REPEAT.lastIndex = this.i;
      const m = REPEAT.exec(this.s);
      if (m === null) return 1; // a literal brace: the next atom
      const min = Number(m[1]);
      times = min === 0 ? 0 : min === 1 && m[2] === undefined ? 1 : 2;
      this.i += m[0].length;
    } else return 1;
    if (this.s[this.i] === '?') this.i++; // non-greedy
    return times;
  }

  private atom(): Atom {
    const s = this.s;
    const c = s[this.i] as string;
    this.i++;
    switch (c) {
      case '(':
        return this.group();
      case '[': {
        const from = this.i;
        this.skipClass();
        return this.classAtom(this.s.slice(from, this.i - 1));
      }
      case '.':
        return { kind: 'other', req: null };
      case '^':
      case '$':
        return { kind: 'empty' };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw new Bail(); // a repetition without an operand: not a valid pattern
      case '{':
      case '}':
        return { kind: 'other', req: null };
      default:
        return this.literal(c);
    }
  }

  private literal(c: string): Atom {
    const code = c.charCodeAt(0);
    if (code > 0x7e) return { kind: 'other', req: null };
    const l = c.toLowerCase();
    if (this.caseless && l === 's') return { kind: 'other', req: null };
    return { kind: 'char', char: l };
  }

  private group(): Atom {
    const s = this.s;
    if (s[this.i] === '?') {
      this.i++;
      if (s[this.i] === 'P' && s[this.i + 1] === '<') this.i++;
      if (s[this.i] === '<') {
        const end = s.indexOf('>', this.i);
        if (end < 0) throw new Bail();
        this.i = end + 1;
      } else {
        while (/[a-zA-Z-]/.test(s[this.i] ?? '')) this.i++;
        const t = s[this.i];
        this.i++;
        if (t === ')') return { kind: 'empty' }; // flags only
        if (t !== ':') throw new Bail(); // look-around, back-references: not RE2
      }
    }
    const req = this.alternation();
    if (s[this.i] !== ')') throw new Bail();
    this.i++;
    return { kind: 'other', req };
  }

  /** A few characters, lower-cased, as a set atom (anything else when they are not ASCII). */
  private setAtom(chars: readonly string[]): Atom {
    const out = new Set<string>();
    for (const ch of chars) {
      const a = this.literal(ch);
      if (a.kind !== 'char') return OTHER;
      out.add(a.char);
    }
    return out.size > MAX_CLASS ? OTHER : { kind: 'set', chars: [...out] };
  }

  /**
   * The atom of a character class whose text between the brackets is `body`: its characters,
   * when the class is small and read fully (plain characters, escapes, small ranges).
   */
  private classAtom(body: string): Atom {
    if (body.startsWith('^')) return OTHER;
    const chars: string[] = [];
    let k = 0;
    const one = (): string | null => {
      const c = body[k++];
      if (c !== '\\') return c ?? null;
      const d = body[k++];
      if (d === undefined) return null;
      const control = CONTROL[d];
      if (control !== undefined) return control;
      return /[0-9A-Za-z]/.test(d) ? null : d;
    };
    while (k < body.length) {
      if (body[k] === '[') return OTHER; // [:alpha:]
      if (body[k] === '\\' && (body[k + 1] === 's' || body[k + 1] === 'd')) {
        chars.push(...(body[k + 1] === 's' ? SPACE : DIGITS));
        k += 2;
        continue;
      }
      const c = one();
      if (c === null) return OTHER;
      if (body[k] === '-' && k + 1 < body.length) {
        k++;
        const to = one();
        if (to === null) return OTHER;
        const a = c.charCodeAt(0);
        const b = to.charCodeAt(0);
        if (b < a || b - a >= MAX_CLASS) return OTHER;
        for (let x = a; x <= b; x++) chars.push(String.fromCharCode(x));
      } else chars.push(c);
      if (chars.length > 4 * MAX_CLASS) return OTHER;
    }
    return chars.length === 0 ? OTHER : this.setAtom(chars);
  }

  private skipClass(): void {
    const s = this.s;
    if (s[this.i] === '^') this.i++;
    if (s[this.i] === ']') this.i++;
    for (;;) {
      const c = s[this.i];
      if (c === undefined) throw new Bail();
      if (c === ']') {
        this.i++;
        return;
      }
      if (c === '\\') this.i += 2;
      else if (c === '[' && s[this.i + 1] === ':') {
        const end = s.indexOf(':]', this.i + 2);
        if (end < 0) throw new Bail();
        this.i = end + 2;
      } else this.i++;
    }
  }

  private escape(): Atom {
    const s = this.s;
    const d = s[this.i];
    if (d === undefined) throw new Bail();
    this.i++;
    if ('bBAz'.includes(d)) return { kind: 'empty' };
    if (d === 's') return this.setAtom(SPACE);
    if (d === 'd') return this.setAtom(DIGITS);
    if ('DSwWC'.includes(d)) return OTHER;
    const control = CONTROL[d];
    if (control !== undefined) return this.literal(control);
    if (d === 'p' || d === 'P') {
      if (s[this.i] === '{') {
        const end = s.indexOf('}', this.i);
        if (end < 0) throw new Bail();
        this.i = end + 1;
      } else this.i++;
      return { kind: 'other', req: null };
    }
    if (d === 'x') {
      if (s[this.i] === '{') {
        const end = s.indexOf('}', this.i);
        if (end < 0) throw new Bail();
        this.i = end + 1;
      } else if (/^[0-9a-fA-F]{2}/.test(s.slice(this.i, this.i + 2))) this.i += 2;
      else throw new Bail();
      return { kind: 'other', req: null };
    }
    if (/[0-9A-Za-z]/.test(d) || d.charCodeAt(0) > 0x7e) throw new Bail(); // octal, \Q, unknown
    return this.literal(d);
  }
}

/**
 * The lower-cased literals of which every match of `pattern` contains one; null when none is
 * known. `caseless` is the `i` flag; an inline `(?i)` anywhere also counts.
 */
export function regexLiterals(pattern: string, caseless: boolean): string[] | null {
  const folds = caseless || /\(\?[a-zA-Z-]*i/.test(pattern);
  try {
    const r = new Reader(pattern, folds).read();
    return r === null || r.length === 0 || r.some((l) => l === '') ? null : r;
  } catch (e) {
    if (e instanceof Bail) return null;
    throw e;
  }
}
