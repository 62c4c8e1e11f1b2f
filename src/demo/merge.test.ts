import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activityStream, MinHeap, mergeStreams, sortedStream } from './merge.ts';
import type { Pending } from './types.ts';
import { ready } from './types.ts';

const runs = { numRuns: Number(process.env.FUZZ_RUNS ?? 300) };
const rec = (time: number, raw = String(time)): Pending => ready({ format: 'json', source: 't', raw, time });
const ctx = { recordId: () => 0 };

describe('MinHeap', () => {
  it('property: pops in sorted order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), (xs) => {
        const h = new MinHeap<number>((a, b) => a < b);
        for (const x of xs) h.push(x);
        const out: number[] = [];
        for (let x = h.pop(); x !== undefined; x = h.pop()) out.push(x);
        expect(out).toEqual([...xs].sort((a, b) => a - b));
      }),
      runs,
    );
  });
});

describe('mergeStreams', () => {
  it('property: merges sorted streams into one sorted stream without losing items', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(1000)), { maxLength: 6 }), (lists) => {
        const streams = lists.map((l) => [...l].sort((a, b) => a - b).map((t) => rec(t)));
        const out = [...mergeStreams(streams)].map((p) => p.time);
        expect(out).toEqual(lists.flat().sort((a, b) => a - b));
      }),
      runs,
    );
  });

  it('breaks ties by stream order', () => {
    const out = [...mergeStreams([[rec(5, 'a')], [rec(5, 'b')], [rec(1, 'c')]])].map(
      (p) => p.render(ctx).raw,
    );
    expect(out).toEqual(['c', 'a', 'b']);
  });
});

describe('activityStream', () => {
  it('property: releases every record of every activity in time order, dropping those at or after the end', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(10_000)),
        fc.array(fc.nat(500), { minLength: 1, maxLength: 4 }),
        (starts, offsets) => {
          const times = [...starts].sort((a, b) => a - b);
          const end = 9_000;
          const out = [...activityStream(times, (t) => offsets.map((o) => rec(t + o)), end)].map(
            (p) => p.time,
          );
          const expected = times.flatMap((t) => offsets.map((o) => t + o)).filter((t) => t < end);
          expect(out).toEqual(expected.sort((a, b) => a - b));
        },
      ),
      runs,
    );
  });

  it('refuses an activity that reports something before it happened', () => {
    expect(() => [...activityStream([10], () => [rec(9)], 100)]).toThrow(/earlier record/);
  });

  it('sortedStream sorts stably', () => {
    expect(sortedStream([rec(2, 'x'), rec(1), rec(2, 'y')]).map((p) => p.render(ctx).raw)).toEqual([
      '1',
      'x',
      'y',
    ]);
  });
});
