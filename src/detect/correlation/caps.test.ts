/**
 * Bounded memory: the caps on groups per correlation and tenant, entries per group and event ids
 * per match, what is evicted when one is reached, and the counters that say so.
 */
import { describe, expect, it } from 'vitest';
import { FAILED_LOGON, failed, Harness, proxy, UPLOAD } from './correlation.fixture.ts';

const COUNT = `title: Failed logons per account
id: count-per-user
correlation:
    type: event_count
    rules: [failed_logon]
    group-by: [TargetUserName]
    timespan: 1h
    condition:
        gte: 3
---
${FAILED_LOGON}`;

const SUM = `title: Upload volume per client
id: sum-per-client
correlation:
    type: value_sum
    rules: [website_upload]
    group-by: [c-ip]
    timespan: 1h
    condition:
        field: cs-bytes
        gte: 1000
---
${UPLOAD}`;

describe('caps', () => {
  it('evicts the least recently hit group past maxGroups, and counts it', () => {
    const h = new Harness(COUNT, { maxGroups: 2 });
    h.sendAll([
      [failed('alice'), '10:00:00'],
      [failed('alice'), '10:00:01'],
      [failed('bob'), '10:00:02'],
      [failed('alice'), '10:00:03'], // alice fires here (3)
      [failed('bob'), '10:00:04'], // bob is now the most recent
      [failed('carol'), '10:00:05'], // a third group: alice (least recent) goes
    ]);
    expect(h.engine.stats()).toMatchObject({ groups: 2, evictedGroups: 1 });
    // alice starts over: her earlier hits are gone with her group
    expect(h.send(failed('alice'), '10:00:06')).toEqual([]);
    expect(h.engine.stats().evictedGroups).toBe(2); // bob went to make room
    expect(h.send(failed('alice'), '10:00:07')).toEqual([]);
    expect(h.send(failed('alice'), '10:00:08').map((m) => m.value)).toEqual([3]);
  });

  it('keeps at most maxEntriesPerGroup values in a value_sum group, dropping the oldest', () => {
    const h = new Harness(SUM, { maxEntriesPerGroup: 3 });
    const out = h.sendAll([
      [proxy('10.0.0.5', 'a', 400), '10:00:00'],
      [proxy('10.0.0.5', 'a', 100), '10:00:01'],
      [proxy('10.0.0.5', 'a', 100), '10:00:02'],
      [proxy('10.0.0.5', 'a', 100), '10:00:03'], // the 400 is dropped: 300
      [proxy('10.0.0.5', 'a', 700), '10:00:04'], // 900
      [proxy('10.0.0.5', 'a', 300), '10:00:05'], // 1100
    ]);
    expect(out.map((m) => m.map((x) => x.value))).toEqual([[], [], [], [], [], [1100]]);
    expect(h.engine.stats().evictedEntries).toBe(3);
  });

  it('reports at most maxEventIds event ids, the newest', () => {
    const h = new Harness(COUNT, { maxEventIds: 2 });
    const out = h.sendAll([
      [failed('alice'), '10:00:00'],
      [failed('alice'), '10:00:01'],
      [failed('alice'), '10:00:02'],
    ]);
    expect(out[2]?.map((m) => [m.value, m.eventIds])).toEqual([[3, ['e2', 'e3']]]);
  });

  it('keeps an event_count group to what its condition needs', () => {
    const h = new Harness(COUNT, { maxEventIds: 1 });
    for (let i = 0; i < 50; i++) h.send(failed('alice'), `10:00:${String(i).padStart(2, '0')}`);
    const saved = h.engine.snapshot();
    const agg = saved.tenants[0]?.correlations[0]?.groups[0]?.agg;
    // gte 3: four times decide it exactly
    expect(agg).toEqual({
      kind: 'count',
      times: [46, 47, 48, 49].map((s) => Date.parse(`2026-03-01T10:00:${s}Z`)),
    });
  });
});
