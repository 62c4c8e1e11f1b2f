/**
 * The skipping search finds exactly the patterns the lower-cased text includes, like the folding
 * automaton, including texts with the two non-ASCII characters that lower-case to ASCII (U+212A
 * and U+0130); and it declines pattern sets it would not skip well on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockScan, type Skipping, SkipScan } from './skip.ts';

function collected(scan: Skipping, text: string): number[] {
  const out: number[] = [7];
  const n = scan.collectAt(text, out, 1);
  return [...new Set(out.slice(1, n))].sort((a, b) => a - b);
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
    const scan = SkipScan.build(['xxi', 'xxiy'], true) as Skipping;
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

  it('searches hashes by blocks of four characters (pairs of hex digits do not skip)', () => {
    let seed = 1;
    const hex = (n: number) =>
      Array.from({ length: n }, () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return '0123456789abcdef'[(seed >>> 8) % 16];
      }).join('');
    const patterns = Array.from({ length: 300 }, (_, i) => hex(i % 2 === 0 ? 12 : 32));
    const scan = SkipScan.build(patterns);
    if (scan === null) throw new Error('expected a skipping search');
    expect(scan).not.toBeInstanceOf(SkipScan);
    const text = `SHA1=${hex(40)},MD5=${(patterns[3] as string).toUpperCase()},SHA256=${hex(20)}${patterns[10]}${hex(30)}`;
    expect(collected(scan, text)).toEqual(expected(patterns, text));
    expect(collected(scan, text)).toEqual(expect.arrayContaining([3, 10]));
  });

  it('property: blocks of four find exactly the patterns the lower-cased text includes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[abik:]{4,8}$/), { minLength: 1, maxLength: 8 }),
        fc.array(fc.stringMatching(/^[abiAB:\u0130\u212ak\u00e9]{0,40}$/), { minLength: 1, maxLength: 4 }),
        (patterns, texts) => {
          const scan = blockScan(patterns);
          for (const t of texts) expect(collected(scan, t), t).toEqual(expected(patterns, t));
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });

  it('property: long texts (copied as bytes, four stretches searched at once) too', () => {
    // characters above U+00FF are copied as their low byte: Ł as A, š as a, ū as k, ĩ as i, ĺ as :
    const piece = fc.oneof(
      fc.stringMatching(/^[abikAB:\u00e9\u0161\u0141\u016b\u0169\u013a ]{1,12}$/),
      fc.constantFrom('\u212a', '\u0130', 'K\u0130'),
      fc.constantFrom('sekurlsa::', 'KERBEROS::', 'abab', 'AbAb'),
    );
    const long = fc.array(piece, { minLength: 60, maxLength: 140 }).map((ps) => ps.join(''));
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[abik:]{4,8}$/), { minLength: 1, maxLength: 8 }),
        fc.array(long, { minLength: 1, maxLength: 3 }),
        (patterns, texts) => {
          const scan = SkipScan.build([...patterns, 'sekurlsa::'], true) as Skipping;
          for (const t of texts) {
            expect(collected(scan, t), t).toEqual(expected([...patterns, 'sekurlsa::'], t));
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('property: exactly the patterns the lower-cased text includes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[abik:]{2,6}$/), { minLength: 1, maxLength: 8 }),
        fc.array(fc.stringMatching(/^[abiAB:\u0130\u212ak\u00e9]{0,40}$/), { minLength: 1, maxLength: 4 }),
        (patterns, texts) => {
          const scan = SkipScan.build(patterns, true) as Skipping;
          for (const t of texts) expect(collected(scan, t), t).toEqual(expected(patterns, t));
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });
});
