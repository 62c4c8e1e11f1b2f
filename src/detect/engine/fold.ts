/**
 * Comparing a text's lower-cased form with a lower-case literal without lower-casing the text.
 * Every character below U+0100 lower-cases to one character below U+0100 (`toLowerCase`, no
 * context), so where the compared characters are all below U+0100 the answer is read through a
 * table; the functions answer {@link UNKNOWN} when they meet another character (the caller then
 * lower-cases the text: a few characters above lower-case into this range or to two characters).
 */

/** The lower-case code of each code below U+0100. */
export const FOLD = new Uint8Array(256);
for (let c = 0; c < 256; c++) FOLD[c] = String.fromCharCode(c).toLowerCase().charCodeAt(0);

/** A character at or above U+0100 was met: lower-case the text and compare that. */
export const UNKNOWN = -1;

/** Whether all of `literal`'s characters are below U+0100 (then these functions apply to it). */
export function foldable(literal: string): boolean {
  for (let k = 0; k < literal.length; k++) if (literal.charCodeAt(k) >= 256) return false;
  return true;
}

/** 1 when `s.toLowerCase()` starts with `literal` (lower case, {@link foldable}), else 0 or UNKNOWN. */
export function startsFolded(s: string, literal: string): number {
  const n = literal.length;
  if (s.length < n) {
    // lower-casing lengthens only characters above U+00FF
    for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) >= 256) return UNKNOWN;
    return 0;
  }
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c >= 256) return UNKNOWN;
    if (FOLD[c] !== literal.charCodeAt(k)) return 0;
  }
  return 1;
}

/** 1 when `s.toLowerCase()` ends with `literal` (lower case, {@link foldable}), else 0 or UNKNOWN. */
export function endsFolded(s: string, literal: string): number {
  const n = literal.length;
  if (s.length < n) {
    for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) >= 256) return UNKNOWN;
    return 0;
  }
  const from = s.length - n;
  for (let k = n - 1; k >= 0; k--) {
    const c = s.charCodeAt(from + k);
    if (c >= 256) return UNKNOWN;
    if (FOLD[c] !== literal.charCodeAt(k)) return 0;
  }
  return 1;
}

/** 1 when `s.toLowerCase()` contains `literal` (lower case, {@link foldable}), else 0 or UNKNOWN. */
export function includesFolded(s: string, literal: string): number {
  const n = literal.length;
  if (n === 0) return 1;
  const first = literal.charCodeAt(0);
  const last = s.length - n;
  let wide = false;
  for (let p = 0; p < s.length; p++) {
    const c = s.charCodeAt(p);
    if (c >= 256) {
      // a match in the characters below U+0100 still counts; without one, this one may make it
      wide = true;
      continue;
    }
    if (p > last || FOLD[c] !== first) continue;
    let k = 1;
    while (k < n) {
      const d = s.charCodeAt(p + k);
      if (d >= 256 || FOLD[d] !== literal.charCodeAt(k)) break;
      k++;
    }
    if (k === n) return 1;
  }
  return wide ? UNKNOWN : 0;
}
