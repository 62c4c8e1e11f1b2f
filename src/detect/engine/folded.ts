/**
 * A table of lower-case keys looked up by a text's lower-cased form without lower-casing the text:
 * a text whose characters are all below U+0100 is hashed and compared with them folded as it is
 * read (`fold.ts`: no new string, no hashing by the engine's map); any other text is lower-cased
 * (`toLowerCase`) first. The rule index keeps its whole-value (`eq`) literals in one per field.
 */
import { FOLD } from './fold.ts';
import { lower } from './scalar.ts';

const EMPTY = 0;

/** The hash of a key (lower case) by its code units. */
function hashKey(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

/** The hash of a text's lower-cased form, or -1 when it holds a character from U+0100 on. */
function foldedHash(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 256) return -1;
    h = Math.imul(h ^ (FOLD[c] as number), 0x01000193);
  }
  return h >>> 0;
}

/** Whether `s` (all below U+0100), lower-cased, equals `key` (lower case). */
function equalsFolded(s: string, key: string): boolean {
  if (s.length !== key.length) return false;
  for (let k = 0; k < s.length; k++) if (FOLD[s.charCodeAt(k)] !== key.charCodeAt(k)) return false;
  return true;
}

export class FoldedTable<V> {
  private readonly keys: string[];
  private readonly values: V[];
  private readonly slots: Int32Array;
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
    this.mask = size - 1;
    this.longest = this.keys.reduce((n, k) => Math.max(n, k.length), 0);
    this.keys.forEach((key, i) => {
      // a lower-case key hashes the same folded or not
      let at = hashKey(key) & this.mask;
      while (this.slots[at] !== EMPTY) at = (at + 1) & this.mask;
      this.slots[at] = i + 1;
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
      if (equalsFolded(s, this.keys[slot - 1] as string)) return this.values[slot - 1];
    }
  }

  private getExact(l: string): V | undefined {
    const h = hashKey(l);
    for (let at = h & this.mask; ; at = (at + 1) & this.mask) {
      const slot = this.slots[at] as number;
      if (slot === EMPTY) return undefined;
      if (this.keys[slot - 1] === l) return this.values[slot - 1];
    }
  }
}
