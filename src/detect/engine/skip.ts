/**
 * A skipping multi-pattern search (Wu-Manber, blocks of two characters) for long texts and a few
 * long-enough patterns, such as the keywords some rules look for in a whole raw event: instead of
 * stepping through every character, it looks at the last two characters of a window as long as the
 * shortest pattern and jumps ahead as far as no pattern can end before. On a long text it reads a
 * fraction of the characters an automaton does. Each pattern is searched for by the stretch of it
 * (as long as the shortest) whose last pair looks rarest in text, so that the search seldom stops
 * to check. A text of a few hundred characters or more is copied as bytes first and searched
 * in four stretches at once. Patterns whose pairs are too common to jump on (the hex digits of
 * hashes) are searched by blocks of four characters, hashed, instead.
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
  if (from < 0 || from + last >= text.length) return false;
  for (let k = 0; k <= last; k++) {
    const c = text.charCodeAt(from + k);
    if (fold(c) !== p.charCodeAt(k)) return false;
    if (c === 0x130 && k !== last) return false; // its combining dot would follow
  }
  return true;
}

/** Texts this long are copied and searched four stretches at once. */
const WIDE = 256;
/**
 * The bytes of the text searched last (shared: one search at a time), and a view reading a pair
 * of them as one big-endian 16-bit number (first byte × 256 + second): one load per jump.
 */
let bytes = Buffer.allocUnsafe(1 << 13);
let pairs = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Writes `text` into `buf` from its start, one byte per character: the low byte of its code unit
 * (the buffer's own `latin1Write` where node has it, which `buf.write(text, 0, 'latin1')` calls
 * without the cost of reading its arguments). A character above U+00FF is cut to its low byte: the
 * jumps read from these bytes allow for that (see `shiftBytes`), and checks read the text itself.
 */
const latin1Write: (buf: Buffer, text: string) => void =
  typeof (Buffer.prototype as { latin1Write?: unknown }).latin1Write === 'function'
    ? (buf, text) => {
        (buf as unknown as { latin1Write(s: string, offset: number): number }).latin1Write(text, 0);
      }
    : (buf, text) => {
        buf.write(text, 0, 'latin1');
      };

/**
 * The folded characters a byte of the copied text may stand for: its own (U+0000..U+00FF), and
 * for the low bytes of U+212A (Kelvin sign, 0x2A) and U+0130 (İ, 0x30) theirs (k and i). Every
 * other character above U+00FF is one no pattern holds, whose jumps are the longest: any byte in
 * its place jumps no further.
 */
function byteReadings(b: number): number[] {
  const own = fold(b);
  if (b === 0x2a) return [own, 107];
  if (b === 0x30) return [own, 105];
  return [own];
}

/**
 * How common a pair of (folded) characters looks in text, roughly: the product of the characters'
 * frequencies (English letters by their usual frequency, spaces, quotes and digits high, other
 * punctuation low). A pattern is searched for by the stretch ending with its rarest-looking pair,
 * where the search stops least often to check. Only the speed depends on it.
 */
function pairScore(a: number, b: number): number {
  return charWeight(a) * charWeight(b);
}

const LETTER_WEIGHT = [
  82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24, 67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1,
];

function charWeight(c: number): number {
  if (c >= 97 && c <= 122) return LETTER_WEIGHT[c - 97] as number;
  if (c === 32) return 150;
  if (c === 34 || c === 92) return 60; // " and \ (JSON, Windows paths)
  if (c >= 48 && c <= 57) return 30;
  return 15;
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
  /**
   * The jumps of the copied text's byte pairs (first byte × 256 + second): for each, the shortest
   * of the jumps of the characters the bytes may stand for (`byteReadings`).
   */
  private readonly shiftBytes: Uint8Array;
  /** Where in each pattern the m characters searched for start. */
  private readonly offset: Int32Array;
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
    this.offset = new Int32Array(patterns.length);
    const shift = new Uint8Array(SPAN * SPAN).fill(m - 1);
    const buckets = new Map<number, number[]>();
    patterns.forEach((p, i) => {
      // the stretch of m characters searched for: the one whose last pair looks rarest in text
      let best = 0;
      let bestScore = Number.POSITIVE_INFINITY;
      for (let o = 0; o + m <= p.length; o++) {
        const score = pairScore(p.charCodeAt(o + m - 2), p.charCodeAt(o + m - 1));
        if (score < bestScore) {
          best = o;
          bestScore = score;
        }
      }
      this.offset[i] = best;
      for (let j = 1; j < m; j++) {
        const h = p.charCodeAt(best + j - 1) * SPAN + p.charCodeAt(best + j);
        shift[h] = Math.min(shift[h] as number, m - 1 - j);
      }
      const h = p.charCodeAt(best + m - 2) * SPAN + p.charCodeAt(best + m - 1);
      const b = buckets.get(h);
      if (b === undefined) buckets.set(h, [i]);
      else b.push(i);
    });
    this.shift = shift;
    this.shiftAscii = new Uint8Array(128 * 128);
    for (let a = 0; a < 128; a++) {
      for (let b = 0; b < 128; b++) this.shiftAscii[(a << 7) | b] = shift[fold(a) * SPAN + fold(b)] as number;
    }
    this.shiftBytes = new Uint8Array(256 * 256);
    for (let a = 0; a < 256; a++) {
      const as = byteReadings(a);
      for (let b = 0; b < 256; b++) {
        let j = m - 1;
        for (const x of as) for (const y of byteReadings(b)) j = Math.min(j, shift[x * SPAN + y] as number);
        this.shiftBytes[(a << 8) | b] = j;
      }
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
    return text.length >= WIDE ? this.collectWide(text, out, at) : this.collectChars(text, out, at);
  }

  /**
   * The long-text search: the text copied as bytes (a native copy, whatever the string's
   * representation), each pair read as two bytes, and four stretches of it searched at once (a
   * jump depends on the last read: four independent chains keep the processor busy where one
   * would wait). A jump of 0 is checked against the text itself.
   */
  private collectWide(text: string, out: number[], at: number): number {
    const n = text.length;
    if (bytes.length < n) {
      bytes = Buffer.allocUnsafe(2 ** Math.ceil(Math.log2(n)));
      pairs = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    latin1Write(bytes, text);
    const b = pairs;
    const shift = this.shiftBytes;
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
      const s0 = shift[b.getUint16(i0 - 1)] as number;
      const s1 = shift[b.getUint16(i1 - 1)] as number;
      const s2 = shift[b.getUint16(i2 - 1)] as number;
      const s3 = shift[b.getUint16(i3 - 1)] as number;
      if (s0 > 0) i0 += s0;
      else w = this.verify(text, i0++, out, w);
      if (s1 > 0) i1 += s1;
      else w = this.verify(text, i1++, out, w);
      if (s2 > 0) i2 += s2;
      else w = this.verify(text, i2++, out, w);
      if (s3 > 0) i3 += s3;
      else w = this.verify(text, i3++, out, w);
    }
    w = this.rest(text, i0, b1, out, w);
    w = this.rest(text, i1, b2, out, w);
    w = this.rest(text, i2, b3, out, w);
    return this.rest(text, i3, n, out, w);
  }

  /** One stretch's remaining window ends (of the copied text), from `i` up to `end`. */
  private rest(text: string, from: number, end: number, out: number[], at: number): number {
    const b = pairs;
    const shift = this.shiftBytes;
    let i = from;
    let w = at;
    while (i < end) {
      const s = shift[b.getUint16(i - 1)] as number;
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
    const from = i - this.m + 1;
    const end = this.start[h + 1] as number;
    for (let j = this.start[h] as number; j < end; j++) {
      const p = this.list[j] as number;
      if (occursAt(text, this.patterns[p] as string, from - (this.offset[p] as number))) out[w++] = p;
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
        if (occursAt(text, this.patterns[p] as string, from - (this.offset[p] as number))) out[w++] = p;
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
