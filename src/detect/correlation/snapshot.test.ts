/**
 * Restart safety: snapshot() is plain versioned JSON, and an engine restored from a snapshot taken
 * after N hits behaves exactly like the original on the hits that follow (property, over all seven
 * correlation types and a chain, with small caps so that evictions happen too). A snapshot of
 * another meaning (rules edited) or another format is not restored.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSigmaDocument } from '../sigma/parse.ts';
import { compileCorrelations } from './compile.ts';
import { FAILED_LOGON, failed, Harness, pipelines } from './correlation.fixture.ts';
import { CorrelationEngine } from './engine.ts';
import { RULES, type Step, streamArb, toSteps } from './property.fixture.ts';
import type { CorrelationMatch, CorrelationOptions } from './types.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 150);

const ALL_TYPES = `title: count
id: ec
correlation: {type: event_count, rules: [r_a], group-by: [TargetUserName], timespan: 5m, condition: {gte: 3}}
---
title: distinct
id: vc
correlation: {type: value_count, rules: [r_a, r_b], group-by: [TargetUserName], timespan: 5m, condition: {field: IpAddress, gte: 2}}
---
title: sum
id: vs
correlation: {type: value_sum, rules: [r_b], group-by: [TargetUserName], timespan: 5m, condition: {field: Bytes, gt: 100}}
---
title: avg
id: va
correlation: {type: value_avg, rules: [r_b, r_c], group-by: [], timespan: 2m, condition: {field: Bytes, gt: 50}}
---
title: share
id: vp
correlation: {type: value_percentile, rules: [r_a], group-by: [TargetUserName], timespan: 5m, condition: {field: IpAddress, lte: 50}}
---
title: temporal
id: tp
correlation: {type: temporal, rules: [r_a, r_b, r_c], group-by: [TargetUserName], timespan: 5m}
---
title: ordered over a correlation
id: to
correlation: {type: temporal_ordered, rules: [ec, r_b], group-by: [TargetUserName], timespan: 10m}
---
${RULES}`;

function compiled(text: string, opts: CorrelationOptions) {
  const p = parseSigmaDocument(text, 'mr_all.yml');
  expect(p.errors).toEqual([]);
  const c = compileCorrelations(p.correlations, p.rules, pipelines, opts);
  expect(c.failed).toEqual([]);
  return c;
}

function play(engine: CorrelationEngine, steps: readonly Step[]): CorrelationMatch[][] {
  return steps.map((s) => {
    if (s.kind === 'expire') {
      engine.expire(s.now);
      return [];
    }
    return engine.observe(s.hit);
  });
}

describe('snapshot and restore', () => {
  it('property: a restored engine continues exactly like the original', () => {
    const optsArb = fc.record({
      maxGroups: fc.constantFrom(2, 1000),
      maxEntriesPerGroup: fc.constantFrom(4, 1000),
      maxEventIds: fc.constantFrom(2, 100),
      allowedLatenessMs: fc.constantFrom(0, 120_000),
    });
    const cache = new Map<string, ReturnType<typeof compiled>>();
    fc.assert(
      fc.property(streamArb, fc.nat(), optsArb, (ops, cut, opts) => {
        const key = JSON.stringify(opts);
        const c = cache.get(key) ?? compiled(ALL_TYPES, opts);
        cache.set(key, c);
        const steps = toSteps(ops);
        const n = cut % (steps.length + 1);
        const original = new CorrelationEngine(c, opts);
        play(original, steps.slice(0, n));
        const saved = JSON.parse(JSON.stringify(original.snapshot()));
        const restored = new CorrelationEngine(c, opts);
        expect(restored.restore(saved)).toEqual({ ok: true, dropped: [] });
        expect(restored.snapshot()).toEqual(original.snapshot());
        expect(play(restored, steps.slice(n))).toEqual(play(original, steps.slice(n)));
        expect(restored.stats()).toEqual(original.stats());
        expect(restored.snapshot()).toEqual(original.snapshot());
      }),
      { numRuns },
    );
  });

  it('the streams of the property make every correlation fire (the property is not vacuous)', () => {
    const c = compiled(ALL_TYPES, {});
    const fired = new Set<string>();
    fc.assert(
      fc.property(streamArb, (ops) => {
        const e = new CorrelationEngine(c);
        for (const m of play(e, toSteps(ops)).flat()) fired.add(m.correlationId);
      }),
      { numRuns: 100, seed: 42 },
    );
    expect([...fired].sort()).toEqual(['ec', 'to', 'tp', 'va', 'vc', 'vp', 'vs']);
  });

  it('is plain JSON data with a version', () => {
    const h = new Harness(
      `title: c\nid: c\ncorrelation: {type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 5m, condition: {gte: 5}}\n---\n${FAILED_LOGON}`,
    );
    h.send(failed('alice'), '10:00:00');
    h.send(failed('alice'), '10:00:05');
    const s = h.engine.snapshot();
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s).toMatchObject({
      version: 1,
      floor: null,
      tenants: [
        {
          tenant: 'acme',
          correlations: [
            {
              id: 'c',
              watermark: Date.parse('2026-03-01T10:00:05Z'),
              groups: [
                {
                  key: '["alice"]',
                  values: ['alice'],
                  firedAt: null,
                  ids: [
                    [expect.any(Number), 'e1'],
                    [expect.any(Number), 'e2'],
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('drops the state of a correlation whose meaning changed, keeps the others', () => {
    const two = (n: number) =>
      `title: a\nid: a\ncorrelation: {type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 5m, condition: {gte: ${n}}}\n---\n` +
      `title: b\nid: b\ncorrelation: {type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 5m, condition: {gte: 3}}\n---\n${FAILED_LOGON}`;
    const before = new Harness(two(3));
    before.send(failed('alice'), '10:00:00');
    before.send(failed('alice'), '10:00:01');
    const after = new Harness(two(4));
    expect(after.engine.restore(before.engine.snapshot())).toEqual({ ok: true, dropped: ['a'] });
    expect(after.send(failed('alice'), '10:00:02').map((m) => m.correlationId)).toEqual(['b']);
  });

  it('refuses what is not a snapshot of this version, leaving an empty state', () => {
    const h = new Harness(
      `title: c\nid: c\ncorrelation: {type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 5m, condition: {gte: 2}}\n---\n${FAILED_LOGON}`,
    );
    h.send(failed('alice'), '10:00:00');
    const good = h.engine.snapshot();
    expect(good.tenants[0]?.correlations[0]?.groups).toHaveLength(1);
    expect(h.engine.restore({ version: 99 })).toEqual({
      ok: false,
      reason: 'not a correlation snapshot of version 1 (version: 99)',
    });
    expect(h.engine.restore(null)).toMatchObject({ ok: false });
    const broken = JSON.parse(JSON.stringify(good).replace('"kind":"count"', '"kind":"nope"'));
    expect(h.engine.restore(broken)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('malformed correlation snapshot at tenants.'),
    });
    expect(h.engine.stats().groups).toBe(0);
    // the earlier hit was forgotten with the state: one more is not enough
    expect(h.send(failed('alice'), '10:00:01')).toEqual([]);
  });
});
