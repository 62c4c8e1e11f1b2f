/**
 * A table of lower-case keys looked up by a text's lower-cased form without lower-casing the text:
 * a text is hashed by its last characters and compared with them folded as it is read (`fold.ts`:
 * no new string, no hashing by the engine's map) where they are below U+0100; a text with other
 * characters is lower-cased (`toLowerCase`) first. The rule index keeps its whole-value (`eq`)
 * literals in one per field.
 */
import { FOLD } from './fold.ts';
import { lower } from './scalar.ts';

const EMPTY = 0;

/** Keys and texts are hashed by their last this many characters (long texts cost no more). */
const TAIL = 16;

/** The hash of a key (lower case) by the code units of its tail. */
function hashKey(s: string): number {
  let h = 0x811c9dc5;
  for (let k = Math.max(0, s.length - TAIL); k < s.length; k++)
    h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

/**
 * The hash of the tail of a text's lower-cased form (which is the folded tail of the text where
 * its characters are below U+0100, whatever comes before), or -1 when the tail holds another.
 */
function foldedHash(s: string): number {
  let h = 0x811c9dc5;
  for (let k = Math.max(0, s.length - TAIL); k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 256) return -1;
    h = Math.imul(h ^ (FOLD[c] as number), 0x01000193);
  }
  return h >>> 0;
}

const UNEQUAL = 0;
const EQUAL = 1;
/** `s` holds a character from U+0100 on: compare its lower-cased form instead. */
const UNSURE = 2;

/** Whether `s`, lower-cased, equals `key` (lower case), as far as `s`'s characters allow. */
function equalsFolded(s: string, key: string): number {
  if (s.length !== key.length) {
    // lower-casing lengthens only characters from U+0100 on
    for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) >= 256) return UNSURE;
    return UNEQUAL;
  }
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 256) return UNSURE;
    if (FOLD[c] !== key.charCodeAt(k)) return UNEQUAL;
  }
  return EQUAL;
}

export class FoldedTable<V> {
  private readonly keys: string[];
  private readonly values: V[];
  private readonly slots: Int32Array;
  /** Each slot's key's hash (compared before the key). */
  private readonly hashes: Int32Array;
  private readonly mask: number;
  /** The longest key: a longer text cannot lower-case to a key (lower-casing never shortens). */
  private readonly longest: number;

  /** `entries`: lower-case keys (as `toLowerCase` gives them) and their values. */
  constructor(entries: ReadonlyMap<string, V>) {
    this.keys = [...entries.keys()];
    this.values = [...entries.values()];
    let size = 8;
    while (size < this.keys.length * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    this.longest = this.keys.reduce((n, k) => Math.max(n, k.length), 0);
    this.keys.forEach((key, i) => {
      // a lower-case key hashes the same folded or not
      const h = hashKey(key);
      let at = h & this.mask;
      while (this.slots[at] !== EMPTY) at = (at + 1) & this.mask;
      this.slots[at] = i + 1;
      this.hashes[at] = h | 0;
    });
  }

  /** The value of the key equal to `s.toLowerCase()`, if any. */
  get(s: string): V | undefined {
    if (s.length > this.longest) return undefined;
    const h = foldedHash(s);
    if (h < 0) return this.getExact(lower(s));
    for (let at = h & this.mask; ; at = (at + 1) & this.mask) {
      const slot = this.slots[at] as number;
      if (slot === EMPTY) return undefined;
      if (this.hashes[at] !== (h | 0)) continue;
      const eq = equalsFolded(s, this.keys[slot - 1] as string);
      if (eq === EQUAL) return this.values[slot - 1];
      if (eq === UNSURE) return this.getExact(lower(s));
    }
  }

  private getExact(l: string): V | undefined {
    const h = hashKey(l);
    for (let at = h & this.mask; ; at = (at + 1) & this.mask) {
      const slot = this.slots[at] as number;
      if (slot === EMPTY) return undefined;
      if (this.hashes[at] === (h | 0) && this.keys[slot - 1] === l) return this.values[slot - 1];
    }
  }
}
