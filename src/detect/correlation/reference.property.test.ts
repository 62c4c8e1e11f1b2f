/**
 * The engine against a brute-force reference (property): the reference keeps every hit forever,
 * recomputes each group's window from scratch at every hit, and has no expiry and no caps; the
 * engine's deques, need-sized windows and group expiry must give exactly the same matches.
 * For event_count and value_count, over random streams with late hits, two tenants and expire(),
 * and bursts that fill windows past the count's cap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSigmaDocument } from '../sigma/parse.ts';
import { pipelines } from './correlation.fixture.ts';
import { createCorrelationEngine } from './engine.ts';
import { burstStreamArb, RULES, type Step, streamArb, toSteps } from './property.fixture.ts';
import type { CorrelationHit, CorrelationOptions } from './types.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 200);
const SPAN = 5 * 60_000;

interface RefMatch {
  group: Record<string, string>;
  value: number;
  eventIds: string[];
  firstTime: number;
  lastTime: number;
}

interface Kept {
  t: number;
  id: string;
  v: string;
}

class Reference {
  private watermarks = new Map<string, number>();
  private floor = Number.NEGATIVE_INFINITY;
  private groups = new Map<string, { hits: Kept[]; newest: number; firedAt: number | null }>();

  constructor(
    private readonly type: 'event_count' | 'value_count',
    private readonly holds: (n: number) => boolean,
    /** What the engine reports at most: the count is exact up to here. */
    private readonly reportCap: number,
    private readonly opts: Required<Pick<CorrelationOptions, 'allowedLatenessMs' | 'maxEventIds'>>,
  ) {}

  expire(now: number): void {
    this.floor = Math.max(this.floor, now);
    for (const [k, w] of this.watermarks) this.watermarks.set(k, Math.max(w, now));
  }

  observe(hit: CorrelationHit): RefMatch | null {
    if (hit.ruleId === 'r_c') return null; // not referenced
    const w0 = Math.max(this.watermarks.get(hit.tenant) ?? Number.NEGATIVE_INFINITY, this.floor);
    this.watermarks.set(hit.tenant, Math.max(w0, hit.time));
    if (hit.time < w0 - SPAN - this.opts.allowedLatenessMs) return null;
    const user = hit.event['winlog.event_data.TargetUserName'];
    const ip = hit.event['winlog.event_data.IpAddress'];
    if (user === undefined) return null;
    if (this.type === 'value_count' && ip === undefined) return null;
    const key = `${hit.tenant}\u0000${String(user)}`;
    let g = this.groups.get(key);
    if (g !== undefined && hit.time < g.newest - SPAN) return null;
    if (g === undefined) {
      g = { hits: [], newest: hit.time, firedAt: null };
      this.groups.set(key, g);
    }
    g.hits.push({ t: hit.time, id: hit.eventId, v: String(ip) });
    g.newest = Math.max(g.newest, hit.time);
    const end = g.newest;
    const window = g.hits.filter((h) => h.t >= end - SPAN).sort((a, b) => a.t - b.t);
    const distinct = new Set(window.map((h) => h.v)).size;
    const value = Math.min(this.type === 'event_count' ? window.length : distinct, this.reportCap);
    if (!this.holds(value)) return null;
    if (g.firedAt !== null && end - g.firedAt <= SPAN) return null;
    g.firedAt = end;
    // firstTime: the oldest of the hits the value counts (README, "Match times"): the `value`
    // newest hits of the window (count), the `value` newest latest sightings (distinct)
    const latest = new Map<string, number>();
    for (const h of window) latest.set(h.v, h.t);
    const counted =
      this.type === 'event_count' ? window.map((h) => h.t) : [...latest.values()].sort((a, b) => a - b);
    const firstTime = counted[counted.length - value] as number;
    return {
      group: { TargetUserName: String(user) },
      value,
      eventIds: window.slice(-this.opts.maxEventIds).map((h) => h.id),
      firstTime,
      lastTime: end,
    };
  }
}

function setup(type: 'event_count' | 'value_count', condition: string, opts: CorrelationOptions) {
  const doc = `title: under test
id: c
correlation:
    type: ${type}
    rules: [r_a, r_b]
    group-by: [TargetUserName]
    timespan: 5m
    condition:
${type === 'value_count' ? '        field: IpAddress\n' : ''}${condition}
---
${RULES}`;
  const p = parseSigmaDocument(doc, 'mr_ref.yml');
  expect(p.errors).toEqual([]);
  const made = createCorrelationEngine(p.correlations, p.rules, pipelines, opts);
  expect(made.failed).toEqual([]);
  return made.engine;
}

function run(
  type: 'event_count' | 'value_count',
  condition: string,
  holds: (n: number) => boolean,
  need: number,
  steps: Step[],
  opts: Required<Pick<CorrelationOptions, 'allowedLatenessMs' | 'maxEventIds'>>,
) {
  const engine = setup(type, condition, opts);
  const ref = new Reference(type, holds, Math.max(need, opts.maxEventIds), opts);
  for (const s of steps) {
    if (s.kind === 'expire') {
      engine.expire(s.now);
      ref.expire(s.now);
      continue;
    }
    const got = engine.observe(s.hit).map(({ group, value, eventIds, firstTime, lastTime }) => ({
      group,
      value,
      eventIds,
      firstTime,
      lastTime,
    }));
    const want = ref.observe(s.hit);
    expect(got).toEqual(want === null ? [] : [want]);
  }
}

/** Sparse streams (late hits, expiry) and bursts (windows past the count's cap), half each. */
const opsArb = fc.oneof(streamArb, burstStreamArb);

const optsArb = fc.record({
  allowedLatenessMs: fc.constantFrom(0, 60_000, 3_600_000),
  maxEventIds: fc.constantFrom(1, 3, 100),
});

describe('property: the engine gives the brute-force answers', () => {
  it('event_count, thresholds and ranges', () => {
    const conds = [
      { text: '        gte: 3', holds: (n: number) => n >= 3, need: 4 },
      { text: '        gt: 1\n        lte: 3', holds: (n: number) => n > 1 && n <= 3, need: 4 },
      { text: '        eq: 2', holds: (n: number) => n === 2, need: 3 },
    ];
    fc.assert(
      fc.property(opsArb, fc.integer({ min: 0, max: 2 }), optsArb, (ops, c, opts) => {
        const cond = conds[c] as (typeof conds)[number];
        run('event_count', cond.text, cond.holds, cond.need, toSteps(ops), opts);
      }),
      { numRuns },
    );
  });

  it('value_count, thresholds and ranges', () => {
    const conds = [
      { text: '        gte: 3', holds: (n: number) => n >= 3, need: 4 },
      { text: '        gte: 2\n        lt: 4', holds: (n: number) => n >= 2 && n < 4, need: 4 },
      // keeps 3 of the 4 addresses (with maxEventIds < 3): the cap's trims are exercised too
      { text: '        gte: 2', holds: (n: number) => n >= 2, need: 3 },
    ];
    fc.assert(
      fc.property(opsArb, fc.integer({ min: 0, max: 2 }), optsArb, (ops, c, opts) => {
        const cond = conds[c] as (typeof conds)[number];
        run('value_count', cond.text, cond.holds, cond.need, toSteps(ops), opts);
      }),
      { numRuns },
    );
  });
});
