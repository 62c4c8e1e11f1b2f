/**
 * LEEF `devTime` read with its `devTimeFormat`, a Java SimpleDateFormat pattern. Supported letters:
 * `y` (`yy` = 20yy), `M` (number, or `MMM`+ month name), `d`, `H`, `k`, `h` with `a` (AM/PM), `m`,
 * `s`, `S` (fraction: the digits as written, so `.5` is 500 ms), `E` (day name, skipped), `z`
 * (abbreviation, offset or IANA name), `Z` (`+0100`), `X` (`Z`, `+01`, `+01:00`), `'quoted'`
 * literals; anything else is a literal that must match. Other pattern letters make the pattern
 * unsupported (null). Compiled patterns are cached.
 */
import { monthAt, type TimeRead, toUtcMillis, type WallTime } from './syslog-time.ts';
import { abbreviationOffset, parseOffset, resolveZone, type Zone } from './syslog-zone.ts';

// Local copies: under tsx an imported binding costs a getter call per use, too slow in scan loops.
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

type Token = { lit: string } | { letter: string; width: number };

const SUPPORTED = 'yMdHkhmsSEazZX';
const NUMERIC = 'yMdHkhms';
const compiled = new Map<string, Token[] | null>();

function compile(pattern: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close < 0) return null;
      tokens.push({ lit: close === i + 1 ? "'" : pattern.slice(i + 1, close) });
      i = close + 1;
    } else if (/[A-Za-z]/.test(ch)) {
      if (!SUPPORTED.includes(ch)) return null;
      let j = i;
      while (pattern[j] === ch) j++;
      tokens.push({ letter: ch, width: j - i });
      i = j;
    } else {
      tokens.push({ lit: ch });
      i++;
    }
  }
  return tokens;
}

function compiledPattern(pattern: string): Token[] | null {
  let tokens = compiled.get(pattern);
  if (tokens === undefined) {
    tokens = compile(pattern);
    if (compiled.size > 200) compiled.clear();
    compiled.set(pattern, tokens);
  }
  return tokens;
}

/** Epoch ms of `value` read with the SimpleDateFormat `pattern`, or null when it does not match. */
export function parseWithPattern(
  value: string,
  pattern: string,
  zone: Zone,
  received: number,
): number | null {
  const tokens = compiledPattern(pattern);
  if (tokens === null) return null;
  const s = value.trim();
  const w: WallTime = { year: null, month: 1, day: 1, hour: 0, minute: 0, second: 0, micros: 0 };
  let pm: boolean | null = null;
  let offsetMin: number | null = null;
  let named: Zone | null = null;
  let i = 0;
  const digits = (min: number, max: number): number | null => {
    let n = 0;
    const start = i;
    while (i < s.length && i - start < max && isDigit(s.charCodeAt(i)))
      n = n * 10 + (s.charCodeAt(i++) - 0x30);
    return i - start >= min ? n : null;
  };
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if ('lit' in tok) {
      if (!s.startsWith(tok.lit, i)) return null;
      i += tok.lit.length;
      continue;
    }
    const next = tokens[t + 1];
    const fixed = next !== undefined && 'letter' in next;
    const width = tok.width;
    const num = (natural: number): number | null =>
      fixed ? digits(width, width) : digits(1, Math.max(width, natural));
    const letter = tok.letter;
    if (NUMERIC.includes(letter) && !(letter === 'M' && width >= 3)) {
      const n = letter === 'y' && width === 2 ? digits(2, 2) : num(letter === 'y' ? 4 : 2);
      if (n === null) return null;
      if (letter === 'y') w.year = width === 2 ? 2000 + n : n;
      else if (letter === 'M') w.month = n;
      else if (letter === 'd') w.day = n;
      else if (letter === 'm') w.minute = n;
      else if (letter === 's') w.second = n;
      else w.hour = letter === 'k' && n === 24 ? 0 : n;
      continue;
    }
    let n: number | null = 0;
    switch (letter) {
      case 'M':
        n = monthAt(s, i);
        if (n === 0) return null;
        while (i < s.length && /[A-Za-z.]/.test(s.charAt(i))) i++;
        w.month = n;
        break;
      case 'S': {
        const start = i;
        n = digits(1, 9);
        if (n !== null) w.micros = Number(s.slice(start, Math.min(i, start + 6)).padEnd(6, '0'));
        break;
      }
      case 'E':
        while (i < s.length && /[A-Za-z]/.test(s.charAt(i))) i++;
        break;
      case 'a': {
        const ap = s.slice(i, i + 2).toUpperCase();
        if (ap !== 'AM' && ap !== 'PM') return null;
        pm = ap === 'PM';
        i += 2;
        break;
      }
      default: {
        let j = i;
        while (j < s.length && s.charCodeAt(j) > 0x20) j++;
        const text = s.slice(i, j);
        i = j;
        if (letter === 'X' && text === 'Z') offsetMin = 0;
        else offsetMin = abbreviationOffset(text) ?? parseOffset(text);
        if (offsetMin === null && letter === 'z') named = resolveZone(text);
        if (offsetMin === null && named === null) return null;
      }
    }
    if (n === null) return null;
  }
  if (i !== s.length) return null;
  if (pm !== null) {
    if (w.hour < 1 || w.hour > 12) return null;
    w.hour = (w.hour % 12) + (pm ? 12 : 0);
  }
  const read: TimeRead = { wall: w, offsetMin, next: i };
  return toUtcMillis(read, named ?? zone, received);
}
