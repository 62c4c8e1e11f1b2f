import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from './random.ts';
import {
  arrivals,
  atClock,
  clock,
  DAY,
  HOUR,
  officeProfile,
  resolveWindow,
  wholeSeconds,
} from './schedule.ts';

const runs = { numRuns: Number(process.env.FUZZ_RUNS ?? 300) };
const NOV22 = Date.UTC(2026, 10, 22);

describe('resolveWindow', () => {
  it('reads a day as UTC midnight to midnight', () => {
    expect(resolveWindow({ day: '2026-11-22' })).toEqual({
      ok: true,
      window: { start: NOV22, end: NOV22 + DAY },
    });
  });

  it('takes the 24h before `end`, and before now when neither is given', () => {
    const end = NOV22 + 5 * HOUR + 123;
    expect(resolveWindow({ end })).toEqual({ ok: true, window: { start: end - DAY, end } });
    expect(resolveWindow({}, end)).toEqual({ ok: true, window: { start: end - DAY, end } });
  });

  it('rejects malformed or impossible days with a reason', () => {
    for (const day of ['22/11/2026', '2026-13-01', '2026-02-30', '']) {
      const r = resolveWindow({ day });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toContain('day');
    }
  });
});

describe('atClock', () => {
  it('property: lands inside the window at the requested UTC time of day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 365 * DAY }),
        fc.integer({ min: 0, max: DAY - 1 }),
        (offset, clockMs) => {
          const window = { start: NOV22 + offset, end: NOV22 + offset + DAY };
          const t = atClock(window, clockMs);
          expect(t).toBeGreaterThanOrEqual(window.start);
          expect(t).toBeLessThan(window.end);
          expect(t % DAY).toBe(clockMs);
        },
      ),
      runs,
    );
  });

  it('is the plain clock time on a midnight-aligned day', () => {
    expect(atClock({ start: NOV22, end: NOV22 + DAY }, clock(10, 2, 11))).toBe(
      Date.UTC(2026, 10, 22, 10, 2, 11),
    );
  });
});

describe('arrivals', () => {
  const window = { start: NOV22, end: NOV22 + DAY };

  it('yields increasing integer times inside the window, about as many as asked', () => {
    const times = [...arrivals(new Rng(3), window, 5000, officeProfile)];
    expect(times.length).toBeGreaterThan(4600);
    expect(times.length).toBeLessThan(5400);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1] as number);
    expect(times.every((t) => Number.isInteger(t) && t >= window.start && t < window.end)).toBe(true);
  });

  it('puts far more office activity in working hours than at night', () => {
    const times = [...arrivals(new Rng(4), window, 5000, officeProfile)];
    const inHours = (a: number, b: number) =>
      times.filter((t) => t >= NOV22 + a * HOUR && t < NOV22 + b * HOUR).length;
    expect(inHours(9, 12) / 3).toBeGreaterThan(8 * (inHours(0, 6) / 6));
  });

  it('wholeSeconds rounds up and keeps the order', () => {
    expect([...wholeSeconds([1000, 1001, 1999, 2000])]).toEqual([1000, 2000, 2000, 2000]);
  });
});
