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

/** Texts this long are searched as bytes, four stretches at once. */
const WIDE = Number(process.env.VIGIL_WIDE ?? 256);
/** The bytes of the text searched last (shared: one search at a time), and a view to read pairs. */
let bytes = Buffer.allocUnsafe(1 << 12);
let view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The jumps of a pair table indexed by two bytes `a | b << 8` (non-ASCII bytes match nothing). */
function pairTable(shift: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 << 16);
  for (let a = 0; a < 256; a++) {
    const fa = a < 128 ? fold(a) : OTHER;
    for (let b = 0; b < 256; b++) out[a | (b << 8)] = shift[fa * SPAN + (b < 128 ? fold(b) : OTHER)] as number;
  }
  return out;
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
  /** The same for two bytes read as one little-endian 16-bit number (built when first needed). */
  private pairShift: Uint8Array | undefined;
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
    if (text.length >= WIDE && text.indexOf('\u212a') < 0 && text.indexOf('\u0130') < 0) {
      return this.collectBytes(text, out, at);
    }
    return this.collectChars(text, out, at);
  }

  /**
   * The long-text search: the text copied as bytes (`latin1`: a character from U+0100 on keeps its
   * low byte, which only shortens jumps, as such a character matches no pattern once U+212A and
   * U+0130 are ruled out), each pair read in one load, and four stretches of it searched at once
   * (a jump depends on the last read: four independent chains keep the processor busy).
   */
  private collectBytes(text: string, out: number[], at: number): number {
    const n = text.length;
    if (bytes.length < n) {
      bytes = Buffer.allocUnsafe(2 ** Math.ceil(Math.log2(n)));
      view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    bytes.write(text, 0, 'latin1');
    this.pairShift ??= pairTable(this.shift);
    const shift = this.pairShift;
    const v = view;
    const m = this.m;
    // window ends m-1 .. n-1, in four stretches [b_k, b_k+1)
    const q = n >> 2;
    const b1 = Math.max(q, m - 1);
    const b2 = Math.max(2 * q, m - 1);
    const b3 = Math.max(3 * q, m - 1);
    let i0 = m - 1;
    let i1 = b1;
    let i2 = b2;
    let i3 = b3;
    let w = at;
    while (i0 < b1 && i1 < b2 && i2 < b3 && i3 < n) {
      const s0 = shift[v.getUint16(i0 - 1, true)] as number;
      const s1 = shift[v.getUint16(i1 - 1, true)] as number;
      const s2 = shift[v.getUint16(i2 - 1, true)] as number;
      const s3 = shift[v.getUint16(i3 - 1, true)] as number;
      if (s0 > 0) i0 += s0;
      else w = this.verify(text, i0++, out, w);
      if (s1 > 0) i1 += s1;
      else w = this.verify(text, i1++, out, w);
      if (s2 > 0) i2 += s2;
      else w = this.verify(text, i2++, out, w);
      if (s3 > 0) i3 += s3;
      else w = this.verify(text, i3++, out, w);
    }
    w = this.rest(text, shift, i0, b1, out, w);
    w = this.rest(text, shift, i1, b2, out, w);
    w = this.rest(text, shift, i2, b3, out, w);
    return this.rest(text, shift, i3, n, out, w);
  }

  /** One stretch's remaining window ends, from `i` up to `end`. */
  private rest(text: string, shift: Uint8Array, from: number, end: number, out: number[], at: number): number {
    let i = from;
    let w = at;
    while (i < end) {
      const s = shift[view.getUint16(i - 1, true)] as number;
      if (s > 0) i += s;
      else w = this.verify(text, i++, out, w);
    }
    return w;
  }

  /** Checks the patterns whose first m characters may end at `i`. */
  private verify(text: string, i: number, out: number[], at: number): number {
    let w = at;
    const a = text.charCodeAt(i - 1);
    const b = text.charCodeAt(i);
    const h = (FOLD[a] as number) * SPAN + (FOLD[b] as number);
    if (this.shift[h] !== 0) return w;
    const from = i - this.m + 1;
    const end = this.start[h + 1] as number;
    for (let j = this.start[h] as number; j < end; j++) {
      const p = this.list[j] as number;
      if (occursAt(text, this.patterns[p] as string, from)) out[w++] = p;
    }
    return w;
  }

  private collectChars(text: string, out: number[], at: number): number {
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

/** The search by blocks of four over `patterns` (lower-case ASCII, 4 characters or more), whatever it skips. */
export function blockScan(patterns: readonly string[]): Skipping {
  let m = 255;
  for (const p of patterns) m = Math.min(m, p.length);
  if (m < 4) throw new Error('block search: patterns of 4 characters or more');
  return new BlockScan(patterns, m);
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
