/**
 * A skipping multi-pattern search (Wu-Manber, blocks of two characters) for long texts and a few
 * long-enough patterns, such as the keywords some rules look for in a whole raw event: instead of
 * stepping through every character, it looks at the last two characters of a window as long as the
 * shortest pattern and jumps ahead as far as no pattern can end before. On a long text it reads a
 * fraction of the characters an automaton does.
 *
 * It answers like `AhoCorasick` with `foldCase`: the (lower-case ASCII) patterns that occur in the
 * lower-cased text, without lower-casing it. Of the characters outside ASCII only two lower-case to
 * ASCII: U+212A (Kelvin sign) to `k`, and U+0130 (İ) to `i` plus a combining dot, so an ASCII
 * pattern can hold the `i` of an İ only as its last character. The scan reads both that way and
 * every other non-ASCII character as one that no pattern holds.
 */

/** Folded code of a text character; 128 stands for the non-ASCII characters no pattern holds. */
const OTHER = 128;
const SPAN = 129;

/** The folded code of every UTF-16 code unit (one read per character in the scan). */
const FOLD = new Uint8Array(0x10000).fill(OTHER);
for (let c = 0; c < 128; c++) FOLD[c] = c >= 65 && c <= 90 ? c + 32 : c;
FOLD[0x212a] = 107; // k
FOLD[0x130] = 105; // i (then a combining dot)

function fold(c: number): number {
  return FOLD[c] as number;
}

/** A search that appends the patterns found in a text to `out` from index `at` (returns the end). */
export interface Skipping {
  collectAt(text: string, out: number[], at: number): number;
}

/** Whether pattern `p` (folded) occurs in `text` at `from`, folding the text as the scans do. */
function occursAt(text: string, p: string, from: number): boolean {
  const last = p.length - 1;
  if (from + last >= text.length) return false;
  for (let k = 0; k <= last; k++) {
    const c = text.charCodeAt(from + k);
    if (fold(c) !== p.charCodeAt(k)) return false;
    if (c === 0x130 && k !== last) return false; // its combining dot would follow
  }
  return true;
}

/** The printable ASCII characters but upper-case letters (what folded text is mostly made of). */
const PRINTABLE: number[] = [];
for (let c = 32; c < 127; c++) if (c < 65 || c > 90) PRINTABLE.push(c);

export class SkipScan implements Skipping {
  private readonly patterns: readonly string[];
  /** The shortest pattern's length: the window. */
  private readonly m: number;
  private readonly shift: Uint8Array;
  /** The same jumps for two ASCII characters, read by their codes as they are (case folded in). */
  private readonly shiftAscii: Uint8Array;
  /** Patterns whose first m characters end with a block: list[start[h] .. start[h + 1]). */
  private readonly start: Int32Array;
  private readonly list: Int32Array;

  /**
   * A search over `patterns` (lower-case ASCII, none empty) when it is likely to skip well: the
   * shortest is at least 4 characters, and a pair of characters (printable ones, and those the
   * patterns themselves are made of, like hex digits for hashes) allows a jump of 3 or more on
   * average. Null otherwise (the automaton does better then). `always` skips that judgement
   * (patterns of 2 characters or more).
   */
  static build(patterns: readonly string[], always = false): Skipping | null {
    if (patterns.length === 0 || patterns.length > 4096) return null;
    let m = Number.POSITIVE_INFINITY;
    const alphabet = new Set<number>();
    for (const p of patterns) {
      m = Math.min(m, p.length);
      for (let k = 0; k < p.length; k++) {
        const c = p.charCodeAt(k);
        if (c >= 128 || (c >= 65 && c <= 90)) return null;
        alphabet.add(c);
      }
    }
    if (m < (always ? 2 : 4)) return null;
    const scan = new SkipScan(patterns, Math.min(m, 255));
    if (always) return scan;
    const chars = [...alphabet];
    if (scan.meanShift(PRINTABLE) >= 3 && scan.meanShift(chars) >= 3) return scan;
    // pairs too common in the patterns (hex digits of hashes): blocks of four characters
    if (m < 8) return null;
    const blocks = new BlockScan(patterns, Math.min(m, 255));
    return blocks.meanShift(PRINTABLE) >= 3 && blocks.meanShift(chars) >= 3 ? blocks : null;
  }

  /** The mean jump over all pairs of the given characters. */
  private meanShift(chars: readonly number[]): number {
    let total = 0;
    for (const a of chars) for (const b of chars) total += this.shift[a * SPAN + b] as number;
    return total / (chars.length * chars.length);
  }

  private constructor(patterns: readonly string[], m: number) {
    this.patterns = patterns;
    this.m = m;
    const shift = new Uint8Array(SPAN * SPAN).fill(m - 1);
    const buckets = new Map<number, number[]>();
    patterns.forEach((p, i) => {
      for (let j = 1; j < m; j++) {
        const h = p.charCodeAt(j - 1) * SPAN + p.charCodeAt(j);
        shift[h] = Math.min(shift[h] as number, m - 1 - j);
      }
      const h = p.charCodeAt(m - 2) * SPAN + p.charCodeAt(m - 1);
      const b = buckets.get(h);
      if (b === undefined) buckets.set(h, [i]);
      else b.push(i);
    });
    this.shift = shift;
    this.shiftAscii = new Uint8Array(128 * 128);
    for (let a = 0; a < 128; a++) {
      for (let b = 0; b < 128; b++) this.shiftAscii[(a << 7) | b] = shift[fold(a) * SPAN + fold(b)] as number;
    }
    this.start = new Int32Array(SPAN * SPAN + 1);
    const flat: number[] = [];
    for (let h = 0; h < SPAN * SPAN; h++) {
      this.start[h] = flat.length;
      for (const i of buckets.get(h) ?? []) flat.push(i);
    }
    this.start[SPAN * SPAN] = flat.length;
    this.list = Int32Array.from(flat);
  }

  /** Appends to `out` the patterns occurring in the lower-cased `text` (each at least once). */
  collect(text: string, out: number[]): void {
    out.length = this.collectAt(text, out, out.length);
  }

  /**
   * Like `collect`, writing from `out[n]` on (whatever `out` held there); returns the index past
   * the last pattern written.
   */
  collectAt(text: string, out: number[], at: number): number {
    let w = at;
    const { m, shift, shiftAscii, start, list } = this;
    const n = text.length;
    let i = m - 1;
    while (i < n) {
      const a = text.charCodeAt(i - 1);
      const b = text.charCodeAt(i);
      if ((a | b) < 128) {
        const s = shiftAscii[(a << 7) | b] as number;
        if (s > 0) {
          i += s;
          continue;
        }
      }
      const h = (FOLD[a] as number) * SPAN + (FOLD[b] as number);
      const s = shift[h] as number;
      if (s > 0) {
        i += s;
        continue;
      }
      const from = i - m + 1;
      const end = start[h + 1] as number;
      for (let j = start[h] as number; j < end; j++) {
        const p = list[j] as number;
        if (occursAt(text, this.patterns[p] as string, from)) out[w++] = p;
      }
      i++;
    }
    return w;
  }
}

/** Blocks of four characters are hashed to this many bits. */
const BITS = 16;

function blockHash(a: number, b: number, c: number, d: number): number {
  return Math.imul(((a * 131 + b) * 131 + c) * 131 + d, 0x9e3779b1) >>> (32 - BITS);
}

/**
 * The same search with blocks of four characters, hashed (Wu-Manber's choice for large alphabets
 * of patterns): for patterns made of few characters, like the hex digits of hashes, where most
 * pairs occur in some pattern but most blocks of four do not. Hash collisions only shorten jumps.
 */
class BlockScan implements Skipping {
  private readonly patterns: readonly string[];
  private readonly m: number;
  private readonly shift: Uint8Array;
  private readonly start: Int32Array;
  private readonly list: Int32Array;

  constructor(patterns: readonly string[], m: number) {
    this.patterns = patterns;
    this.m = m;
    const size = 1 << BITS;
    const shift = new Uint8Array(size).fill(m - 3);
    const buckets = new Map<number, number[]>();
    patterns.forEach((p, i) => {
      for (let j = 3; j < m; j++) {
        const h = blockHash(p.charCodeAt(j - 3), p.charCodeAt(j - 2), p.charCodeAt(j - 1), p.charCodeAt(j));
        shift[h] = Math.min(shift[h] as number, m - 1 - j);
      }
      const h = blockHash(p.charCodeAt(m - 4), p.charCodeAt(m - 3), p.charCodeAt(m - 2), p.charCodeAt(m - 1));
      const b = buckets.get(h);
      if (b === undefined) buckets.set(h, [i]);
      else b.push(i);
    });
    this.shift = shift;
    this.start = new Int32Array(size + 1);
    const flat: number[] = [];
    for (let h = 0; h < size; h++) {
      this.start[h] = flat.length;
      for (const i of buckets.get(h) ?? []) flat.push(i);
    }
    this.start[size] = flat.length;
    this.list = Int32Array.from(flat);
  }

  /** The mean jump over random blocks of the given characters (a fixed sample). */
  meanShift(chars: readonly number[]): number {
    let seed = 7;
    const pick = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return chars[(seed >>> 8) % chars.length] as number;
    };
    let total = 0;
    const n = 4096;
    for (let k = 0; k < n; k++) total += this.shift[blockHash(pick(), pick(), pick(), pick())] as number;
    return total / n;
  }

  collectAt(text: string, out: number[], at: number): number {
    let w = at;
    const { m, shift, start, list } = this;
    const n = text.length;
    let i = m - 1;
    while (i < n) {
      const h = blockHash(
        FOLD[text.charCodeAt(i - 3)] as number,
        FOLD[text.charCodeAt(i - 2)] as number,
        FOLD[text.charCodeAt(i - 1)] as number,
        FOLD[text.charCodeAt(i)] as number,
      );
      const s = shift[h] as number;
      if (s > 0) {
        i += s;
        continue;
      }
      const from = i - m + 1;
      const end = start[h + 1] as number;
      for (let j = start[h] as number; j < end; j++) {
        const p = list[j] as number;
        if (occursAt(text, this.patterns[p] as string, from)) out[w++] = p;
      }
      i++;
    }
    return w;
  }
}
