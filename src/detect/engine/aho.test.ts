/**
 * Aho-Corasick finds exactly the patterns that occur in a text (checked against `includes`),
 * case-sensitively, or in the lower-cased text with `foldCase`, including non-ASCII patterns and
 * texts (which share one character class and are verified), and non-ASCII texts against ASCII
 * patterns (read without lower-casing: only U+212A and U+0130 lower-case to ASCII).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho.ts';

function found(ac: AhoCorasick, text: string): number[] {
  const out = new Set<number>();
  ac.search(text, (p) => out.add(p));
  return [...out].sort((a, b) => a - b);
}

function collected(ac: AhoCorasick, text: string): number[] {
  const out: number[] = [];
  ac.collect(text, out);
  return [...new Set(out)].sort((a, b) => a - b);
}

describe('Aho-Corasick', () => {
  it('finds overlapping and nested patterns', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers']);
    expect(found(ac, 'ushers')).toEqual([0, 1, 3]);
    expect(collected(ac, 'ushers')).toEqual([0, 1, 3]);
    expect(found(ac, 'xyz')).toEqual([]);
    expect(found(ac, 'USHERS')).toEqual([]);
  });

  it('with foldCase, finds the patterns in the lower-cased text', () => {
    const ac = new AhoCorasick(['cmd.exe', 'i\u0307x', 'k', 'é'], { foldCase: true });
    expect(collected(ac, 'C:\\CMD.EXE')).toEqual([0]);
    expect(collected(ac, '\u0130X')).toEqual([1]); // İ lower-cases to i + combining dot
    expect(collected(ac, '\u212a')).toEqual([2]); // the Kelvin sign lower-cases to k
    expect(collected(ac, 'É')).toEqual([3]);
    expect(collected(ac, 'è')).toEqual([]);
    expect(found(ac, 'CMD.exe')).toEqual([0]);
  });

  it('collect lists a pattern once per state it ends at, not per occurrence; again on the next text', () => {
    const ac = new AhoCorasick(['\\', 'a\\']);
    const out: number[] = [];
    ac.collect('x\\'.repeat(50), out);
    expect(out).toEqual([0]);
    ac.collect('a\\'.repeat(50), out);
    expect(out.sort()).toEqual([0, 0, 1]);
  });

  const patternsArb = fc.array(fc.stringMatching(/^[abcéÉ]{1,4}$/), { minLength: 1, maxLength: 8 });
  const textArb = fc.stringMatching(/^[abcdéèABÉ\u0130\u212a]{0,20}$/);

  it('property: reports exactly the patterns the text includes', () => {
    fc.assert(
      fc.property(patternsArb, textArb, (patterns, text) => {
        const expected = patterns.flatMap((p, i) => (text.includes(p) ? [i] : []));
        const ac = new AhoCorasick(patterns);
        expect(found(ac, text)).toEqual(expected);
        expect(collected(ac, text)).toEqual(expected);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('property: ASCII patterns in any text, with foldCase (no lower-casing); collectAt from an index', () => {
    const ascii = fc.array(fc.stringMatching(/^[abik]{1,4}$/), { minLength: 1, maxLength: 8 });
    const text = fc
      .array(
        fc.constantFrom('a', 'b', 'i', 'k', 'A', 'B', 'I', 'K', '\u0130', '\u212a', '\u0307', 'é', '\u0161'),
        {
          maxLength: 24,
        },
      )
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(ascii, fc.array(text, { minLength: 1, maxLength: 3 }), (raw, texts) => {
        const patterns = raw.map((p) => p.toLowerCase());
        const ac = new AhoCorasick(patterns, { foldCase: true });
        for (const t of texts) {
          const lower = t.toLowerCase();
          const expected = patterns.flatMap((p, i) => (lower.includes(p) ? [i] : []));
          expect(collected(ac, t), t).toEqual(expected);
          const out = [9, 9, 9];
          const n = ac.collectAt(t, out, 2);
          expect(out[0]).toBe(9);
          expect([...new Set(out.slice(2, n))].sort((a, b) => a - b)).toEqual(expected);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('property: with foldCase, exactly the patterns the lower-cased text includes', () => {
    fc.assert(
      fc.property(patternsArb, fc.array(textArb, { minLength: 1, maxLength: 3 }), (raw, texts) => {
        const patterns = raw.map((p) => p.toLowerCase());
        const ac = new AhoCorasick(patterns, { foldCase: true });
        for (const text of texts) {
          const lower = text.toLowerCase();
          const expected = patterns.flatMap((p, i) => (lower.includes(p) ? [i] : []));
          expect(collected(ac, text)).toEqual(expected);
          expect(found(ac, text)).toEqual(expected);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
