/**
 * The folded comparisons answer like comparing `text.toLowerCase()`, or say they cannot tell
 * (UNKNOWN) only where the text holds a character from U+0100 on: checked against
 * `toLowerCase` over texts mixing ASCII, Latin-1 and the characters that lower-case into them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endsFolded, FOLD, foldable, includesFolded, startsFolded, UNKNOWN } from './fold.ts';

/** The answer where the function gave one, else the caller's (lower-case the text). */
const answer = (r: number, s: string, op: (l: string) => boolean): boolean =>
  r === UNKNOWN ? op(s.toLowerCase()) : r === 1;

describe('folded comparisons', () => {
  it('fold below U+0100 as toLowerCase does', () => {
    for (let c = 0; c < 256; c++) {
      expect(String.fromCharCode(FOLD[c] as number)).toBe(String.fromCharCode(c).toLowerCase());
    }
    expect(foldable('c:\\windows\\é')).toBe(true);
    expect(foldable('ǆ')).toBe(false);
  });

  it('compare without lower-casing, and tell when they cannot', () => {
    expect(startsFolded('C:\\Windows\\cmd.exe', 'c:\\windows\\')).toBe(1);
    expect(endsFolded('C:\\Windows\\CMD.EXE', '\\cmd.exe')).toBe(1);
    expect(includesFolded('Invoke-MIMIKATZ', 'mimikatz')).toBe(1);
    expect(includesFolded('ÉCOLE', 'éco')).toBe(1);
    expect(endsFolded('x.exe', 'y.exe')).toBe(0);
    expect(includesFolded('\u212aerberos', 'kerberos')).toBe(UNKNOWN); // the Kelvin sign is k
    expect(endsFolded('\u0130x', 'ix')).toBe(UNKNOWN);
    expect(startsFolded('ab\u0130', 'ab')).toBe(1); // the compared characters decide
  });

  it('property: the answers of toLowerCase', () => {
    const chars = fc.constantFrom(
      'a',
      'B',
      'i',
      'I',
      'k',
      'K',
      'é',
      'É',
      'ß',
      'ÿ',
      '\u0130',
      '\u212a',
      '\u212b',
      '\u1e9e',
      '\u0178',
      '\u0307',
      ' ',
    );
    const text = fc.array(chars, { maxLength: 12 }).map((cs) => cs.join(''));
    const literal = fc
      .array(fc.constantFrom('a', 'b', 'i', 'k', 'é', 'ß', 'ÿ', 'å', ' '), { minLength: 1, maxLength: 4 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, literal, (s, lit) => {
        expect(answer(startsFolded(s, lit), s, (l) => l.startsWith(lit))).toBe(
          s.toLowerCase().startsWith(lit),
        );
        expect(answer(endsFolded(s, lit), s, (l) => l.endsWith(lit))).toBe(s.toLowerCase().endsWith(lit));
        expect(answer(includesFolded(s, lit), s, (l) => l.includes(lit))).toBe(s.toLowerCase().includes(lit));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) },
    );
  });
});
