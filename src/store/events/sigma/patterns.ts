/**
 * The matcher's string tests in SQL: Sigma glob patterns (the engine's `GlobToken`s, already
 * encoded and case-folded by `stringPatterns`) and `re` regular expressions. Patterns and
 * regexes are bound parameters; only SQL keywords are inlined.
 *
 * - A pattern reduces, like the matcher's `patternShape`, to `=`, `starts_with`, `ends_with`,
 *   `contains`, "any string", or else `LIKE` with `*` → `%`, `?` → `_` and `%`, `_`, `\` escaped.
 *   One difference remains: `?` (`_`) matches one character (code point) in SQL, while the matcher
 *   matches one UTF-16 code unit, so the two differ on characters outside the Basic Multilingual
 *   Plane (emoji), which the matcher sees as two units.
 * - A regex runs on DuckDB's RE2, the engine the matcher uses (through `re2`): the pattern is
 *   translated as `re2` translates JavaScript syntax (`\uXXXX`, `\u{X}`, `\cX`, `\p{Name}`,
 *   `(?<name>`, `/`), and the `i`, `m`, `s` modifiers become inline flags.
 */
import { type GlobToken, normalizeTokens, patternShape } from '../../../detect/engine/glob.ts';
import { type Frag, raw, sql } from '../sql.ts';

/** A predicate over a VARCHAR expression. */
export type StringPred = (x: Frag) => Frag;

/** The LIKE pattern of glob tokens (escape character `\`). */
export function likePattern(tokens: readonly GlobToken[]): string {
  let out = '';
  for (const t of normalizeTokens(tokens)) {
    if (typeof t === 'string') out += t.replace(/[\\%_]/g, (c) => `\\${c}`);
    else out += t.wildcard === '*' ? '%' : '_';
  }
  return out;
}

/** The SQL test of one glob pattern over a VARCHAR (NULL never matches). */
export function globPred(tokens: readonly GlobToken[]): StringPred {
  const shape = patternShape(tokens);
  switch (shape.op) {
    case 'eq':
      return (x) => sql`${x} = ${shape.text}`;
    case 'prefix':
      return (x) => sql`starts_with(${x}, ${shape.text})`;
    case 'suffix':
      return (x) => sql`ends_with(${x}, ${shape.text})`;
    case 'contains':
      return (x) => sql`contains(${x}, ${shape.text})`;
    case 'any':
      return (x) => sql`(${x} IS NOT NULL)`;
    default: {
      const pattern = likePattern(tokens);
      return (x) => sql`${x} LIKE ${pattern} ESCAPE ${raw(`'\\'`)}`;
    }
  }
}

const UNICODE_CLASSES: Record<string, string> = {
  Uppercase_Letter: 'Lu',
  Lowercase_Letter: 'Ll',
  Titlecase_Letter: 'Lt',
  Cased_Letter: 'LC',
  Modifier_Letter: 'Lm',
  Other_Letter: 'Lo',
  Letter: 'L',
  Nonspacing_Mark: 'Mn',
  Spacing_Mark: 'Mc',
  Enclosing_Mark: 'Me',
  Mark: 'M',
  Decimal_Number: 'Nd',
  Letter_Number: 'Nl',
  Other_Number: 'No',
  Number: 'N',
  Connector_Punctuation: 'Pc',
  Dash_Punctuation: 'Pd',
  Open_Punctuation: 'Ps',
  Close_Punctuation: 'Pe',
  Initial_Punctuation: 'Pi',
  Final_Punctuation: 'Pf',
  Other_Punctuation: 'Po',
  Punctuation: 'P',
  Math_Symbol: 'Sm',
  Currency_Symbol: 'Sc',
  Modifier_Symbol: 'Sk',
  Other_Symbol: 'So',
  Symbol: 'S',
  Space_Separator: 'Zs',
  Line_Separator: 'Zl',
  Paragraph_Separator: 'Zp',
  Separator: 'Z',
  Control: 'Cc',
  Format: 'Cf',
  Surrogate: 'Cs',
  Private_Use: 'Co',
  Unassigned: 'Cn',
  Other: 'C',
};

const isAlnum = (c: string | undefined): boolean => c !== undefined && /^[0-9A-Za-z]$/.test(c);

/**
 * A JavaScript-syntax pattern in RE2 syntax, exactly as the `re2` package translates it before
 * compiling (its `translateRegExp`), so that DuckDB's RE2 compiles the same expression.
 */
export function translateRegex(pattern: string): string {
  if (pattern === '') return '(?:)';
  const cs = Array.from(pattern);
  let out = '';
  let i = 0;
  while (i < cs.length) {
    const c = cs[i] as string;
    if (c === '\\' && i + 1 < cs.length) {
      const n = cs[i + 1] as string;
      if (n === 'c' && i + 2 < cs.length && /^[A-Z]$/.test(cs[i + 2] as string)) {
        const code = (cs[i + 2] as string).charCodeAt(0) - 64;
        out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
        i += 3;
      } else if (n === 'u' && i + 2 < cs.length && isAlnum(cs[i + 2])) {
        // Up to four "hexadecimal" characters (re2 takes any letter or digit), braced.
        let hex = cs[i + 2] as string;
        i += 3;
        for (let j = 0; j < 3 && i < cs.length && isAlnum(cs[i]); j++, i++) hex += cs[i];
        out += `\\x{${hex}}`;
      } else if (n === 'u' && cs[i + 2] === '{') {
        out += '\\x';
        i += 2;
      } else if ((n === 'p' || n === 'P') && cs[i + 2] === '{' && cs.indexOf('}', i + 3) >= 0) {
        const end = cs.indexOf('}', i + 3);
        let name = cs.slice(i + 3, end).join('');
        if (Object.hasOwn(UNICODE_CLASSES, name)) name = UNICODE_CLASSES[name] as string;
        else if (name.length > 7 && name.startsWith('Script=')) name = name.slice(7);
        else if (name.length > 3 && name.startsWith('sc=')) name = name.slice(3);
        out += `\\${n}${name.length === 1 ? name : `{${name}}`}`;
        i = end + 1;
      } else {
        out += `\\${n}`;
        i += 2;
      }
    } else if (c === '/') {
      out += '\\/';
      i += 1;
    } else if (
      c === '(' &&
      cs[i + 1] === '?' &&
      cs[i + 2] === '<' &&
      cs[i + 3] !== '=' &&
      cs[i + 3] !== '!'
    ) {
      out += '(?P<';
      i += 3;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** The RE2 pattern DuckDB runs for a Sigma `re` value under its `i`/`m`/`s` modifiers. */
export function sqlRegex(pattern: string, flags: { i: boolean; m: boolean; s: boolean }): string {
  const f = `${flags.i ? 'i' : ''}${flags.m && pattern !== '' ? 'm' : ''}${flags.s ? 's' : ''}`;
  return `${f === '' ? '' : `(?${f})`}${translateRegex(pattern)}`;
}

/** The unanchored regex search of the matcher (`RE2.test`). */
export const regexPred =
  (pattern: string): StringPred =>
  (x) =>
    sql`regexp_matches(${x}, ${pattern})`;
