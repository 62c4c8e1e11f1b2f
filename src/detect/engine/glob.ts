/**
 * Sigma string patterns (literal text with `*` and `?` wildcards) compiled to string tests. Plain
 * equality, prefix, suffix and substring patterns become `===`/`startsWith`/`endsWith`/`includes`;
 * anything else uses a glob matcher that places each `*`-separated segment at its leftmost
 * occurrence, which is exact for globs and takes O(text × pattern) at worst (no backtracking).
 * Case folding is the caller's job: patterns and texts arrive already lower-cased when insensitive.
 */

/** A pattern token: literal text, or a wildcard. */
export type GlobToken = string | { wildcard: '*' | '?' };

export type StringTest = (text: string) => boolean;

/** Merges adjacent literals and collapses runs of `*`. */
export function normalizeTokens(tokens: readonly GlobToken[]): GlobToken[] {
  const out: GlobToken[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (typeof t === 'string') {
      if (t === '') continue;
      if (typeof last === 'string') out[out.length - 1] = last + t;
      else out.push(t);
    } else if (
      !(t.wildcard === '*' && last !== undefined && typeof last !== 'string' && last.wildcard === '*')
    )
      out.push(t);
  }
  return out;
}

const isStar = (t: GlobToken | undefined): boolean =>
  t !== undefined && typeof t !== 'string' && t.wildcard === '*';

/** The kind of plain string operation a pattern reduces to, or `glob` when it needs the matcher. */
export type PatternShape =
  | { op: 'eq' | 'prefix' | 'suffix' | 'contains'; text: string }
  | { op: 'any' }
  | { op: 'glob' };

export function patternShape(tokens: readonly GlobToken[]): PatternShape {
  const t = normalizeTokens(tokens);
  if (t.length === 0) return { op: 'eq', text: '' };
  if (t.length === 1)
    return typeof t[0] === 'string'
      ? { op: 'eq', text: t[0] }
      : isStar(t[0])
        ? { op: 'any' }
        : { op: 'glob' };
  const lit = t.filter((x): x is string => typeof x === 'string');
  if (lit.length !== 1 || t.some((x) => typeof x !== 'string' && x.wildcard === '?')) return { op: 'glob' };
  const text = lit[0] as string;
  if (t.length === 2) return isStar(t[0]) ? { op: 'suffix', text } : { op: 'prefix', text };
  if (t.length === 3 && isStar(t[0]) && isStar(t[2])) return { op: 'contains', text };
  return { op: 'glob' };
}

/** A `*`-free piece of a glob: its text, and the positions of its `?` (any one character). */
interface Segment {
  text: string;
  /** Character codes, -1 where a `?` stands; null when the segment has no `?`. */
  codes: number[] | null;
}

function segment(parts: (string | null)[]): Segment {
  const text = parts.map((c) => c ?? '?').join('');
  if (!parts.includes(null)) return { text, codes: null };
  return { text, codes: parts.map((c) => (c === null ? -1 : c.charCodeAt(0))) };
}

function segmentAt(text: string, seg: Segment, at: number): boolean {
  if (seg.codes === null) return text.startsWith(seg.text, at);
  const codes = seg.codes;
  if (at + codes.length > text.length) return false;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (c !== -1 && text.charCodeAt(at + i) !== c) return false;
  }
  return true;
}

function findSegment(text: string, seg: Segment, from: number): number {
  if (seg.codes === null) return text.indexOf(seg.text, from);
  const n = seg.codes.length;
  for (let at = from; at + n <= text.length; at++) if (segmentAt(text, seg, at)) return at;
  return -1;
}

/** The general matcher: anchored first and last segments, leftmost placement of the middle ones. */
export function globMatcher(tokens: readonly GlobToken[]): StringTest {
  const parts: (string | null)[][] = [[]];
  for (const t of normalizeTokens(tokens)) {
    const cur = parts[parts.length - 1] as (string | null)[];
    if (typeof t === 'string') cur.push(...t.split(''));
    else if (t.wildcard === '?') cur.push(null);
    else parts.push([]);
  }
  const segs = parts.map(segment);
  const first = segs[0] as Segment;
  const firstLength = (parts[0] as (string | null)[]).length;
  if (segs.length === 1) return (s) => s.length === firstLength && segmentAt(s, first, 0);
  const last = segs[segs.length - 1] as Segment;
  const lastLength = (parts[parts.length - 1] as (string | null)[]).length;
  const middle = segs.slice(1, -1).map((seg, i) => ({ seg, length: (parts[i + 1] as unknown[]).length }));
  const minLength = parts.reduce((n, p) => n + p.length, 0);
  return (s) => {
    if (s.length < minLength || !segmentAt(s, first, 0)) return false;
    const end = s.length - lastLength;
    if (!segmentAt(s, last, end)) return false;
    let pos = firstLength;
    for (const { seg, length } of middle) {
      const at = findSegment(s, seg, pos);
      if (at < 0 || at + length > end) return false;
      pos = at + length;
    }
    return true;
  };
}

/** The fastest test for a pattern. */
export function compilePattern(tokens: readonly GlobToken[]): StringTest {
  const shape = patternShape(tokens);
  switch (shape.op) {
    case 'eq': {
      const t = shape.text;
      return (s) => s === t;
    }
    case 'prefix': {
      const t = shape.text;
      return (s) => s.startsWith(t);
    }
    case 'suffix': {
      const t = shape.text;
      return (s) => s.endsWith(t);
    }
    case 'contains': {
      const t = shape.text;
      return (s) => s.includes(t);
    }
    case 'any':
      return () => true;
    default:
      return globMatcher(tokens);
  }
}

/**
 * A literal the text must hold for the pattern to match, and how: the whole text for a
 * wildcard-free pattern (`eq`), the text it starts or ends with for `x*` / `*x` (`prefix`,
 * `suffix`), else the longest literal run (`sub`); null when the pattern has no literal. The rule
 * index checks `prefix` and `suffix` exactly: `Image|endswith: '\\svchost.exe'` makes a rule a
 * candidate for the events whose image is svchost, not for those whose command line names it.
 */
export function requiredLiteral(
  tokens: readonly GlobToken[],
): { literal: string; kind: 'eq' | 'sub' | 'prefix' | 'suffix' } | null {
  const t = normalizeTokens(tokens);
  if (t.length === 0) return { literal: '', kind: 'eq' };
  if (t.length === 1 && typeof t[0] === 'string') return { literal: t[0], kind: 'eq' };
  const shape = patternShape(t);
  if (shape.op === 'prefix' || shape.op === 'suffix') return { literal: shape.text, kind: shape.op };
  let best = '';
  for (const x of t) if (typeof x === 'string' && x.length > best.length) best = x;
  return best === '' ? null : { literal: best, kind: 'sub' };
}
