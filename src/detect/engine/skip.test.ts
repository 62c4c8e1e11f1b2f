/**
 * The skipping search finds exactly the patterns the lower-cased text includes, like the folding
 * automaton, including texts with the two non-ASCII characters that lower-case to ASCII (U+212A
 * and U+0130); and it declines pattern sets it would not skip well on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SkipScan } from './skip.ts';

function collected(scan: SkipScan, text: string): number[] {
  const out: number[] = [];
  scan.collect(text, out);
  return [...new Set(out)].sort((a, b) => a - b);
}

const expected = (patterns: string[], text: string) => {
  const lower = text.toLowerCase();
  return patterns.flatMap((p, i) => (lower.includes(p) ? [i] : []));
};

describe('SkipScan', () => {
  it('finds keywords in a long text, case-insensitively', () => {
    const patterns = ['sekurlsa::', 'kerberos::ptt', 'mimikatz'];
    const scan = SkipScan.build(patterns);
    if (scan === null) throw new Error('expected a skipping search');
    const text = `${'{"winlog":{"event_data":{"CommandLine":"x'.repeat(30)} Invoke-MIMIKATZ \u212aERBEROS::PTT"}}`;
    expect(collected(scan, text)).toEqual([1, 2]);
    expect(collected(scan, 'mimikat')).toEqual([]);
  });

  it('reads İ as i only at the end of a pattern (its combining dot follows)', () => {
    const scan = SkipScan.build(['xxi', 'xxiy'], true) as SkipScan;
    expect(collected(scan, 'XX\u0130y')).toEqual([0]);
    expect(expected(['xxi', 'xxiy'], 'XX\u0130y')).toEqual([0]);
  });

  it('declines short or non-ASCII patterns and those that would not skip', () => {
    expect(SkipScan.build(['abc', 'defgh'])).toBeNull();
    expect(SkipScan.build(['ab\u00e9cd'])).toBeNull();
    expect(SkipScan.build(['ABCD'])).toBeNull();
    const everyPair: string[] = [];
    for (let a = 32; a < 127; a++) everyPair.push(`${String.fromCharCode(a).toLowerCase()}xxx`);
    expect(SkipScan.build(everyPair.filter((p) => !/[A-Z]/.test(p)))).toBeNull();
  });

  it('property: exactly the patterns the lower-cased text includes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[abik:]{2,6}$/), { minLength: 1, maxLength: 8 }),
        fc.array(fc.stringMatching(/^[abiAB:\u0130\u212ak\u00e9]{0,40}$/), { minLength: 1, maxLength: 4 }),
        (patterns, texts) => {
          const scan = SkipScan.build(patterns, true) as SkipScan;
          for (const t of texts) expect(collected(scan, t), t).toEqual(expected(patterns, t));
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });
});
