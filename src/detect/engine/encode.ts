/**
 * A Sigma string value under its modifiers, turned into the glob patterns to test: `expand`
 * placeholders replaced by their configured values, `windash` variants, UTF-16 encodings,
 * `base64`/`base64offset`, and the position modifiers. Each value gives one or more alternative
 * patterns (OR-ed). Base64 output is matched case-sensitively (its case carries the bytes). A
 * keyword's value is also searched in the escaped forms raw events may hold it in (`keywords.ts`).
 */
import type { Modifier, StringPart } from '../sigma/model.ts';
import { parseSigmaString } from '../sigma/values.ts';
import type { GlobToken } from './glob.ts';
import { rawForms } from './keywords.ts';

export interface ValuePattern {
  tokens: GlobToken[];
  /** Whether the comparison keeps case; when false the tokens are already lower-cased. */
  cased: boolean;
}

export type PatternsOutcome = { ok: true; patterns: ValuePattern[] } | { ok: false; reason: string };

/** More alternatives than this for one value (windash × placeholders) is refused. */
export const MAX_VARIANTS = 4096;

/** Dashes that start a command-line flag (after a non-word character, before a word character). */
const WINDASH_AT = /\B[-/\u2013\u2014\u2015]\b/g;
export const WINDASH_CHARS = ['-', '/', '\u2013', '\u2014', '\u2015'] as const;

function cartesian<T>(choices: T[][]): T[][] {
  let out: T[][] = [[]];
  for (const c of choices) {
    const next: T[][] = [];
    for (const prefix of out) for (const x of c) next.push([...prefix, x]);
    out = next;
    if (out.length > MAX_VARIANTS) return out;
  }
  return out;
}

function expandPlaceholders(
  parts: StringPart[],
  placeholders: Readonly<Record<string, readonly string[]>>,
): GlobToken[][] | string {
  const choices: GlobToken[][][] = [];
  for (const p of parts) {
    if (typeof p === 'object' && 'placeholder' in p) {
      const values = Object.hasOwn(placeholders, p.placeholder) ? placeholders[p.placeholder] : undefined;
      if (values === undefined || values.length === 0) {
        return `placeholder %${p.placeholder}% has no configured values (set detect.placeholders.${p.placeholder})`;
      }
      choices.push(values.map((v) => parseSigmaString(v) as GlobToken[]));
    } else choices.push([[p]]);
  }
  const combos = cartesian(choices);
  if (combos.length > MAX_VARIANTS) return `the placeholders expand to more than ${MAX_VARIANTS} values`;
  return combos.map((c) => c.flat());
}

/** Every windash variant of a token list. */
export function windashVariants(tokens: GlobToken[]): GlobToken[][] | string {
  const choices: GlobToken[][][] = [];
  for (const t of tokens) {
    if (typeof t !== 'string') {
      choices.push([[t]]);
      continue;
    }
    let last = 0;
    for (const m of t.matchAll(WINDASH_AT)) {
      const at = m.index ?? 0;
      if (at > last) choices.push([[t.slice(last, at)]]);
      choices.push(WINDASH_CHARS.map((c) => [c]));
      last = at + 1;
    }
    if (last < t.length) choices.push([[t.slice(last)]]);
  }
  const combos = cartesian(choices);
  if (combos.length > MAX_VARIANTS)
    return `windash gives more than ${MAX_VARIANTS} variants (too many dashes)`;
  return combos.map((c) => c.flat());
}

function encodeText(text: string, mods: readonly Modifier[]): Buffer {
  if (mods.includes('utf16le') || mods.includes('wide')) return Buffer.from(text, 'utf16le');
  if (mods.includes('utf16be')) return Buffer.from(text, 'utf16le').swap16();
  if (mods.includes('utf16')) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return Buffer.from(text, 'utf8');
}

/** The three shifted base64 forms of `bytes` (pySigma's `base64offset`), each without its unstable ends. */
export function base64Offsets(bytes: Buffer): string[] {
  const starts = [0, 2, 3];
  const ends = [undefined, -3, -2];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const enc = Buffer.concat([Buffer.alloc(i, 0x20), bytes]).toString('base64');
    out.push(enc.slice(starts[i], ends[(bytes.length + i) % 3]));
  }
  return out;
}

const hasEncoding = (m: readonly Modifier[]) =>
  m.includes('utf16le') || m.includes('wide') || m.includes('utf16be') || m.includes('utf16');

/** The patterns of one string value; `keyword` values without a position modifier are substrings. */
export function stringPatterns(
  parts: StringPart[],
  mods: readonly Modifier[],
  keyword: boolean,
  placeholders: Readonly<Record<string, readonly string[]>>,
): PatternsOutcome {
  const expanded = expandPlaceholders(parts, placeholders);
  if (typeof expanded === 'string') return { ok: false, reason: expanded };
  let variants: GlobToken[][] = [];
  for (const e of expanded) {
    if (!mods.includes('windash')) variants.push(e);
    else {
      const w = windashVariants(e);
      if (typeof w === 'string') return { ok: false, reason: w };
      variants.push(...w);
    }
    if (variants.length > MAX_VARIANTS) return { ok: false, reason: `more than ${MAX_VARIANTS} variants` };
  }
  const b64 = mods.includes('base64') || mods.includes('base64offset');
  let cased = mods.includes('cased');
  if (b64) {
    cased = true;
    const encoded: GlobToken[][] = [];
    for (const v of variants) {
      if (v.some((t) => typeof t !== 'string')) {
        return { ok: false, reason: 'base64 cannot encode a value with wildcards (* or ?)' };
      }
      const bytes = encodeText(v.join(''), mods);
      if (mods.includes('base64offset')) for (const s of base64Offsets(bytes)) encoded.push([s]);
      else encoded.push([bytes.toString('base64')]);
    }
    variants = encoded;
  } else if (hasEncoding(mods)) {
    const encMods: readonly Modifier[] = mods.includes('utf16') ? ['utf16le'] : mods;
    variants = variants.map((v) => {
      const out = v.map((t) => (typeof t === 'string' ? encodeText(t, encMods).toString('latin1') : t));
      return mods.includes('utf16') ? ['\xff\xfe', ...out] : out;
    });
  }
  // a keyword is looked for in the raw event, where it may be written escaped
  if (keyword) variants = variants.flatMap(rawForms);
  const star: GlobToken = { wildcard: '*' };
  const contains =
    mods.includes('contains') || (keyword && !mods.includes('startswith') && !mods.includes('endswith'));
  const patterns = variants.map((v) => {
    let tokens = cased ? v : v.map((t) => (typeof t === 'string' ? t.toLowerCase() : t));
    if (contains) tokens = [star, ...tokens, star];
    else if (mods.includes('startswith')) tokens = [...tokens, star];
    else if (mods.includes('endswith')) tokens = [star, ...tokens];
    return { tokens, cased };
  });
  return { ok: true, patterns };
}
