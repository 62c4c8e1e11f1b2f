import { describe, expect, it } from 'vitest';
import { bucketLayout, chooseInterval } from './intervals.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('histogram intervals', () => {
  it.each<[number, number, number]>([
    [MIN, 60, 1000],
    [HOUR, 60, MIN],
    [HOUR, 59, 5 * MIN],
    [DAY, 60, 30 * MIN],
    [DAY, 24, HOUR],
    [7 * DAY, 60, 3 * HOUR],
    [30 * DAY, 60, 12 * HOUR],
    [365 * DAY, 60, 7 * DAY],
    [50 * 365 * DAY, 60, 30 * DAY],
  ])('a span of %d ms in about %d buckets uses %d ms', (span, buckets, interval) => {
    expect(chooseInterval(span, buckets)).toBe(interval);
  });

  it('aligns the first bucket to the interval and covers [from, to)', () => {
    const from = Date.parse('2026-11-22T10:07:30Z');
    const to = Date.parse('2026-11-22T11:07:30Z');
    expect(bucketLayout(from, to, 60)).toEqual({
      intervalMs: MIN,
      firstMs: Date.parse('2026-11-22T10:07:00Z'),
      count: 61,
    });
    expect(bucketLayout(from, from, 60).count).toBe(0);
  });
});
