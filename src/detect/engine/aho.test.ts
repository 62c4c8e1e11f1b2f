/** Aho-Corasick finds exactly the patterns that occur in a text (checked against `includes`). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho.ts';

function found(ac: AhoCorasick, text: string): number[] {
  const out = new Set<number>();
  ac.search(text, (p) => out.add(p));
  return [...out].sort((a, b) => a - b);
}

describe('Aho-Corasick', () => {
  it('finds overlapping and nested patterns', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers']);
    expect(found(ac, 'ushers')).toEqual([0, 1, 3]);
    expect(found(ac, 'xyz')).toEqual([]);
  });

  it('property: reports exactly the patterns the text includes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[abc]{1,4}$/), { minLength: 1, maxLength: 8 }),
        fc.stringMatching(/^[abcd]{0,20}$/),
        (patterns, text) => {
          const expected = patterns.flatMap((p, i) => (text.includes(p) ? [i] : []));
          expect(found(new AhoCorasick(patterns), text)).toEqual(expected);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
