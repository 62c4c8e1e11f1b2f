import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { millisToIso, parseIsoToMillis } from '../../core/time.ts';
import { fastMillisToIso, fastUtcIso } from './json-iso.ts';

/** The general path from core/time.ts, the oracle the fast path must agree with. */
function core(s: string): string | null {
  const ms = parseIsoToMillis(s, 0);
  return ms === null ? null : millisToIso(ms);
}

describe('fastUtcIso', () => {
  it.each([
    ['2026-11-22T10:00:00Z', '2026-11-22T10:00:00.000Z'],
    ['2026-11-22T10:00:00.1234567Z', '2026-11-22T10:00:00.123456Z'],
    ['2026-11-22 10:00:00.123', '2026-11-22T10:00:00.123Z'],
    ['2026-11-22T10:00:00.123456+0000', '2026-11-22T10:00:00.123456Z'],
    ['2026-11-22T10:00:00,5+00:00', '2026-11-22T10:00:00.500Z'],
    ['2024-02-29T23:59:59.000100-00', '2024-02-29T23:59:59.000100Z'],
  ])('%s → %s', (input, expected) => {
    expect(fastUtcIso(input, true)).toBe(expected);
    expect(core(input)).toBe(expected);
  });

  it.each([
    '2026-11-22T12:00:00+02:00',
    '2026-02-29T00:00:00Z',
    '2026-11-22T24:00:00Z',
    '2026-11-22T10:00:60Z',
    '2026-11-22t10:00:00Z',
    '2026-11-22T10:00:00.Z',
    '0099-01-01T00:00:00Z',
    ' 2026-11-22T10:00:00Z',
    '2026-11-22T10:00Z',
    '2026-11-22T10:00:00 UTC',
  ])('leaves %s to the general path', (input) => {
    expect(fastUtcIso(input, true)).toBeNull();
  });

  it('treats zone-less text as UTC only when told to', () => {
    expect(fastUtcIso('2026-11-22 10:00:00', false)).toBeNull();
    expect(fastUtcIso('2026-11-22 10:00:00Z', false)).toBe('2026-11-22T10:00:00.000Z');
  });

  // core/time.ts keeps epoch milliseconds in a double, which holds microseconds exactly only within
  // about ±2^41 ms of 1970 (1900-2039); outside that the fast path is the more precise of the two.
  it('property: agrees with core/time.ts whenever it answers (years 1901-2038)', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const stamp = fc
      .record({
        y: fc.integer({ min: 1901, max: 2038 }),
        mo: fc.integer({ min: 0, max: 13 }),
        d: fc.integer({ min: 0, max: 32 }),
        h: fc.integer({ min: 0, max: 24 }),
        mi: fc.integer({ min: 0, max: 60 }),
        s: fc.integer({ min: 0, max: 60 }),
        frac: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
        sep: fc.constantFrom('T', ' '),
        zone: fc.constantFrom('', 'Z', 'z', '+00:00', '+0000', '-00', '+01:00'),
      })
      .map(
        (r) =>
          `${pad(r.y, 4)}-${pad(r.mo, 2)}-${pad(r.d, 2)}${r.sep}${pad(r.h, 2)}:${pad(r.mi, 2)}:${pad(r.s, 2)}` +
          `${r.frac === undefined ? '' : `.${r.frac}`}${r.zone}`,
      );
    fc.assert(
      fc.property(fc.oneof(stamp, fc.string()), (s) => {
        const fast = fastUtcIso(s, true);
        if (fast !== null) expect(fast).toBe(core(s));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) * 10 },
    );
  });
});

describe('fastMillisToIso', () => {
  it.each([
    [0, '1970-01-01T00:00:00.000Z'],
    [Date.UTC(2024, 1, 29, 23, 59, 59, 999), '2024-02-29T23:59:59.999Z'],
    [Date.UTC(2026, 10, 22, 10) + 0.001, '2026-11-22T10:00:00.000001Z'],
    [Date.UTC(2000, 2, 1), '2000-03-01T00:00:00.000Z'],
    [Date.UTC(1969, 11, 31, 23, 59, 59, 500), '1969-12-31T23:59:59.500Z'],
    [253402300799999, '9999-12-31T23:59:59.999Z'],
    [Date.UTC(2026, 0, 1) + 0.9996, '2026-01-01T00:00:00.001Z'],
  ])('%d → %s', (ms, expected) => {
    expect(fastMillisToIso(ms)).toBe(expected);
  });

  it('answers null outside years 0-9999 and for non-numbers', () => {
    expect(fastMillisToIso(253402300800000)).toBeNull();
    expect(fastMillisToIso(Number.NaN)).toBeNull();
    expect(fastMillisToIso(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('property: gives the text of core millisToIso (1901-2038, whole microseconds)', () => {
    const lo = Date.UTC(1901, 0, 1);
    const hi = Date.UTC(2038, 11, 31);
    fc.assert(
      fc.property(fc.integer({ min: lo, max: hi }), fc.integer({ min: 0, max: 999 }), (ms, us) => {
        const t = ms + us / 1000;
        expect(fastMillisToIso(t)).toBe(millisToIso(t));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) * 10 },
    );
  });
});
