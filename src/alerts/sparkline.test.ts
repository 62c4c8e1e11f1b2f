import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToSparkline, MAX_BUCKETS, newSparkline } from './sparkline.ts';

const T0 = Date.parse('2026-11-20T00:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

describe('alert sparklines', () => {
  it('counts detections per bucket from the first one', () => {
    let s = newSparkline(at(0), 5);
    s = addToSparkline(s, at(1));
    s = addToSparkline(s, at(12));
    expect(s).toEqual({ start: at(0), bucketMinutes: 5, counts: [2, 0, 1] });
  });

  it('grows to the past when an older event arrives late', () => {
    const s = addToSparkline(newSparkline(at(10), 5), at(1));
    expect(s).toEqual({ start: at(0), bucketMinutes: 5, counts: [1, 0, 1] });
  });

  it('keeps at most 288 buckets, merging the oldest into the first', () => {
    let s = newSparkline(at(0), 5);
    s = addToSparkline(s, at(7));
    s = addToSparkline(s, at(5 * 290));
    expect(s.counts).toHaveLength(MAX_BUCKETS);
    expect(s.start).toBe(at(5 * 3));
    expect(s.counts[0]).toBe(2);
    expect(s.counts.at(-1)).toBe(1);
  });

  it('property: counts sum to the detections added, and never exceed 288 buckets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: -5_000, max: 5_000 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 60 }),
        (first, offsets, bucket) => {
          let s = newSparkline(at(first), bucket);
          for (const o of offsets) s = addToSparkline(s, at(first + o));
          expect(s.counts.reduce((a, b) => a + b, 0)).toBe(offsets.length + 1);
          expect(s.counts.length).toBeLessThanOrEqual(MAX_BUCKETS);
          expect(Date.parse(s.start)).toBeLessThanOrEqual(T0 + (first + Math.max(0, ...offsets)) * 60_000);
        },
      ),
    );
  });
});
