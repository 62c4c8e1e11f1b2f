/**
 * The folded table answers like a map looked up with `text.toLowerCase()`, for texts below U+0100
 * (read folded, without lower-casing) and others (U+212A and U+0130 included, which lower-case to
 * ASCII), short and longer than the hashed tail (same tails, different beginnings).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FoldedTable } from './folded.ts';

describe('FoldedTable', () => {
  it('finds keys by the lower-cased text', () => {
    const t = new FoldedTable(
      new Map([
        ['c:\\windows\\cmd.exe', 1],
        ['k', 2],
        ['i\u0307x', 3],
        ['é', 4],
        ['', 5],
      ]),
    );
    expect(t.get('C:\\Windows\\CMD.EXE')).toBe(1);
    expect(t.get('c:\\windows\\cmd.ex')).toBeUndefined();
    expect(t.get('\u212a')).toBe(2);
    expect(t.get('K')).toBe(2);
    expect(t.get('\u0130X')).toBe(3);
    expect(t.get('É')).toBe(4);
    expect(t.get('')).toBe(5);
  });

  it('property: the same answers as a map of lower-case keys', () => {
    const chars = fc.constantFrom(
      'a',
      'B',
      'c',
      'é',
      'É',
      'k',
      'K',
      '\u212a',
      'i',
      '\u0130',
      '\u0307',
      ' ',
      '\\',
    );
    const short = fc.array(chars, { maxLength: 6 }).map((cs) => cs.join(''));
    const tail = 'x'.repeat(14);
    const text = fc.oneof(
      short,
      short.map((t) => `${t}${tail}`),
      fc.tuple(short, short).map(([a, b]) => `${a}${tail}${b}`),
    );
    fc.assert(
      fc.property(fc.array(text, { maxLength: 12 }), fc.array(text, { maxLength: 12 }), (rawKeys, texts) => {
        const map = new Map(rawKeys.map((k, i) => [k.toLowerCase(), i] as const));
        const table = new FoldedTable(map);
        for (const t of [...texts, ...rawKeys]) expect(table.get(t), t).toBe(map.get(t.toLowerCase()));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });
});
