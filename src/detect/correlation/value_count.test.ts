/**
 * value_count: "N distinct values of `field` within the timespan, per group" (Sigma correlation
 * specification, Value Count): password spraying seen as many accounts from one source.
 */
import { describe, expect, it } from 'vitest';
import { at, brief, FAILED_LOGON, failed, Harness, security } from './correlation.fixture.ts';

const doc = (field: string, condition = 'gte: 3') => `title: Failed logons for many accounts from one source
id: 0e95725d-7320-415d-80f7-004da920fc12
correlation:
    type: value_count
    rules:
        - failed_logon
    group-by:
        - IpAddress
    timespan: 10m
    condition:
        field: ${field}
        ${condition}
---
${FAILED_LOGON}`;

const ID = '0e95725d-7320-415d-80f7-004da920fc12';

describe('value_count', () => {
  it('counts distinct values, not events', () => {
    const h = new Harness(doc('TargetUserName'));
    expect(h.failed).toEqual([]);
    const out = h.sendAll([
      [failed('alice', '203.0.113.9'), '10:00:00'],
      [failed('alice', '203.0.113.9'), '10:00:01'],
      [failed('bob', '203.0.113.9'), '10:00:02'],
      [failed('bob', '198.51.100.7'), '10:00:03'],
      [failed('alice', '203.0.113.9'), '10:00:04'],
      [failed('carol', '203.0.113.9'), '10:00:05'],
    ]);
    expect(out.map(brief)).toEqual([
      [],
      [],
      [],
      [],
      [],
      [{ id: ID, group: { IpAddress: '203.0.113.9' }, value: 3 }],
    ]);
    expect(out[5]?.[0]?.eventIds).toEqual(['e1', 'e2', 'e3', 'e5', 'e6']);
  });

  it('forgets a value once its last sighting leaves the window, and a new sighting renews it', () => {
    const h = new Harness(doc('TargetUserName'));
    const out = h.sendAll([
      [failed('alice'), '10:00:00'],
      [failed('bob'), '10:01:00'],
      [failed('alice'), '10:09:00'], // alice renewed
      [failed('carol'), '10:10:30'], // bob (10:01) is still in [10:00:30, 10:10:30]: 3 distinct
    ]);
    expect(out.map((m) => m.map((x) => x.value))).toEqual([[], [], [], [3]]);
    const h2 = new Harness(doc('TargetUserName'));
    const out2 = h2.sendAll([
      [failed('alice'), '10:00:00'],
      [failed('bob'), '10:01:00'],
      [failed('carol'), '10:11:30'], // alice and bob left the window: 1 distinct
      [failed('dave'), '10:12:00'],
    ]);
    expect(out2.map((m) => m.length)).toEqual([0, 0, 0, 0]);
  });

  it('with several fields counts distinct combinations', () => {
    const h = new Harness(doc('[TargetUserName, WorkstationName]'));
    expect(h.failed).toEqual([]);
    const out = h.sendAll([
      [failed('alice', '203.0.113.9', 'WS1'), '10:00:00'],
      [failed('alice', '203.0.113.9', 'WS2'), '10:00:01'],
      [failed('alice', '203.0.113.9', 'WS1'), '10:00:02'],
      [failed('bob', '203.0.113.9', 'WS1'), '10:00:03'],
    ]);
    expect(out.map((m) => m.map((x) => x.value))).toEqual([[], [], [], [3]]);
  });

  it('checks lt/lte conditions and ranges on the distinct count', () => {
    const h = new Harness(doc('TargetUserName', 'gte: 2\n        lt: 3'));
    const out = h.sendAll([
      [failed('alice'), '10:00:00'],
      [failed('bob'), '10:00:01'], // 2: fires
      [failed('carol'), '10:00:02'],
    ]);
    expect(out.map((m) => m.map((x) => x.value))).toEqual([[], [2], []]);
  });

  it('reports as firstTime the oldest latest sighting counted (the newest values past the cap)', () => {
    const hits: [ReturnType<typeof failed>, string][] = [
      [failed('alice'), '10:00:00'],
      [failed('bob'), '10:00:01'], // fires; the next 10 minutes belong to it
      [failed('carol'), '10:02:00'],
      [failed('dave'), '10:04:00'],
      [failed('carol'), '10:05:00'], // carol's latest sighting
      [failed('erin'), '10:06:00'],
      [failed('frank'), '10:10:02'], // fires: carol, dave, erin, frank in [10:00:02, 10:10:02]
    ];
    const exact = new Harness(doc('TargetUserName', 'gte: 2')).sendAll(hits);
    expect(exact[6]?.[0]).toMatchObject({ value: 4, firstTime: at('10:04:00'), lastTime: at('10:10:02') });
    // cap max(2 + 1, maxEventIds 1) = 3: the 3 values seen last, dave's sighting no longer counted
    const capped = new Harness(doc('TargetUserName', 'gte: 2'), { maxEventIds: 1 }).sendAll(hits);
    expect(capped[6]?.[0]).toMatchObject({ value: 3, firstTime: at('10:05:00'), lastTime: at('10:10:02') });
  });

  it('skips hits without the counted field', () => {
    const h = new Harness(doc('TargetUserName'));
    h.send(security(4625, { IpAddress: '203.0.113.9' }), '10:00:00');
    expect(h.engine.stats()).toMatchObject({ hits: 1, skipped: 1, groups: 0 });
  });
});
