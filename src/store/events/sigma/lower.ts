/**
 * JavaScript's `toLowerCase` in SQL, which the matcher uses to fold case. DuckDB's `lower` maps
 * each character by its simple lowercase mapping; JavaScript also applies the two rules of
 * Unicode's SpecialCasing that are not language-specific:
 * - `İ` (U+0130) becomes `i̇` (`i` + U+0307), two characters;
 * - `Σ` becomes the final `ς` when it ends a word: preceded by a cased letter (skipping
 *   case-ignorable characters: marks, format characters, modifier letters, apostrophes...) and
 *   not followed by one (skipping the same). Otherwise `σ`.
 * Strings without `Σ` or `İ` (nearly all) take DuckDB's `lower` directly. The character classes
 * follow Unicode's `Cased` and `Case_Ignorable` properties.
 */
import { type Frag, literal, raw, sql } from '../sql.ts';

/** Case_Ignorable: Mn, Me, Cf, Lm, Sk and the word-break MidLetter/MidNumLet/Single_Quote set. */
const IGNORABLE =
  "[\\p{Mn}\\p{Me}\\p{Cf}\\p{Lm}\\p{Sk}'.:\\x{B7}\\x{387}\\x{55F}\\x{5F4}\\x{2018}\\x{2019}\\x{2024}\\x{2027}\\x{FE13}\\x{FE52}\\x{FE55}\\x{FF07}\\x{FF0E}\\x{FF1A}]";
/** Cased characters that are not case-ignorable (letters, ª º, Roman numerals, circled letters...). */
const CASED =
  '[\\p{Lu}\\p{Ll}\\p{Lt}\\x{AA}\\x{BA}\\x{2160}-\\x{217F}\\x{24B6}-\\x{24E9}\\x{1F130}-\\x{1F149}\\x{1F150}-\\x{1F169}\\x{1F170}-\\x{1F189}]';
const AFTER_CASED = `${CASED}${IGNORABLE}*$`;
const BEFORE_CASED = `^${IGNORABLE}*${CASED}`;

/** `lower(x)` as JavaScript's `x.toLowerCase()` computes it. */
export function lowerJs(x: Frag): Frag {
  const chars = raw('lc_chars__');
  const c = raw('lc_c__');
  const i = raw('lc_i__');
  const before = sql`array_to_string(${chars}[1:${i} - 1], '')`;
  const after = sql`array_to_string(${chars}[${i} + 1:], '')`;
  const final = sql`regexp_matches(${before}, ${literal(AFTER_CASED)}) AND NOT regexp_matches(${after}, ${literal(BEFORE_CASED)})`;
  const mapped = sql`(CASE WHEN ${c} = '\u0130' THEN 'i\u0307' WHEN ${c} = '\u03a3' AND ${final} THEN '\u03c2' ELSE ${c} END)`;
  const special = sql`lower(array_to_string(list_transform(${chars}, lambda lc_c__, lc_i__: ${mapped}), ''))`;
  const slow = sql`list_transform([string_split(lc_x__, '')], lambda lc_chars__: ${special})[1]`;
  const body = sql`(CASE WHEN regexp_matches(lc_x__, '[\u03a3\u0130]') THEN ${slow} ELSE lower(lc_x__) END)`;
  return sql`list_transform([${x}], lambda lc_x__: ${body})[1]`;
}
