import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash32, Rng, stableHex } from './random.ts';

const runs = { numRuns: Number(process.env.FUZZ_RUNS ?? 300) };

describe('Rng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const take = (seed: number) => {
      const r = new Rng(seed);
      return Array.from({ length: 20 }, () => r.next());
    };
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
  });

  it('property: next() stays in [0, 1) and int(min, max) stays in its inclusive bounds', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.nat(1000), (seed, min, span) => {
        const r = new Rng(seed);
        for (let i = 0; i < 50; i++) {
          const x = r.next();
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThan(1);
          const n = r.int(min, min + span);
          expect(Number.isInteger(n)).toBe(true);
          expect(n).toBeGreaterThanOrEqual(min);
          expect(n).toBeLessThanOrEqual(min + span);
        }
      }),
      runs,
    );
  });

  it('reaches both ends of an integer range', () => {
    const r = new Rng(7);
    const seen = new Set(Array.from({ length: 200 }, () => r.int(1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it('fork() depends on the seed and the label, not on how much the parent has drawn', () => {
    const a = new Rng(5);
    const b = new Rng(5);
    b.next();
    b.next();
    expect(a.fork('x').next()).toBe(b.fork('x').next());
    expect(a.fork('x').next()).not.toBe(a.fork('y').next());
    expect(new Rng(5).fork('x').next()).not.toBe(new Rng(6).fork('x').next());
  });

  it('weighted() follows the weights and never picks a zero weight', () => {
    const r = new Rng(9);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 4000; i++)
      counts[
        r.weighted([
          ['a', 3],
          ['b', 1],
          ['c', 0],
        ] as const)
      ]++;
    expect(counts.c).toBe(0);
    expect(counts.a / counts.b).toBeGreaterThan(2.4);
    expect(counts.a / counts.b).toBeLessThan(3.7);
  });

  it('makes well-formed identifiers', () => {
    const r = new Rng(1);
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.hex(12)).toMatch(/^[0-9a-f]{12}$/);
    expect(r.base62(17)).toMatch(/^[0-9A-Za-z]{17}$/);
  });
});

describe('stableHex and hash32', () => {
  it('derive the same value from the same text and differ between texts', () => {
    expect(stableHex('C:\\Windows\\System32\\cmd.exe', 64)).toBe(
      stableHex('C:\\Windows\\System32\\cmd.exe', 64),
    );
    expect(stableHex('a', 32)).not.toBe(stableHex('b', 32));
    expect(hash32('abc')).toBe(hash32('abc'));
    expect(hash32('abc')).not.toBe(hash32('abd'));
  });
});
