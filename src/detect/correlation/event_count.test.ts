/**
 * event_count: "N events of the referenced rules within the timespan, per group" (Sigma
 * correlation specification, Event Count). Sliding window by event time, firing at most once per
 * group per timespan, ranges, several group-by fields, tenants, late hits and expiry.
 */
import { describe, expect, it } from 'vitest';
import { at, brief, FAILED_LOGON, failed, Harness, security } from './correlation.fixture.ts';

const doc = (
  condition: string,
  groupBy = '[TargetUserName]',
  timespan = '10m',
) => `title: Many failed logons for one account
id: 0e95725d-7320-415d-80f7-004da920fc11
level: high
tags: [attack.credential-access, attack.t1110]
correlation:
    type: event_count
    rules:
        - failed_logon
    group-by: ${groupBy}
    timespan: ${timespan}
    condition:
${condition}
---
${FAILED_LOGON}`;

const GTE3 = doc('        gte: 3');
const ID = '0e95725d-7320-415d-80f7-004da920fc11';

describe('event_count', () => {
  it('fires when a group reaches the count within the timespan, with what a detection needs', () => {
    const h = new Harness(GTE3);
    expect(h.failed).toEqual([]);
    const out = h.sendAll([
      [failed('alice'), '10:00:00'],
      [failed('alice'), '10:01:00'],
      [failed('bob'), '10:02:00'],
      [failed('alice'), '10:03:00'],
    ]);
    expect(out.slice(0, 3)).toEqual([[], [], []]);
    expect(out[3]).toEqual([
      {
        correlationId: ID,
        title: 'Many failed logons for one account',
        type: 'event_count',
        level: 'high',
        tags: ['attack.credential-access', 'attack.t1110'],
        file: 'mr_test.yml',
        line: 1,
        tenant: 'acme',
        group: { TargetUserName: 'alice' },
        eventIds: ['e1', 'e2', 'e4'],
        firstTime: at('10:00:00'),
        lastTime: at('10:03:00'),
        value: 3,
        report: true,
      },
    ]);
    // generate defaults to false: the single failed logons are not reported on their own
    expect(h.engine.reportsRule('53ba33fd-3a50-4468-a5ef-c583635cfa92')).toBe(false);
    expect(h.engine.reportsRule('some-other-rule')).toBe(true);
  });

  it('slides the window by event time: events older than the timespan no longer count', () => {
    const h = new Harness(GTE3);
    const out = h.sendAll([
      [failed('alice'), '10:00:00'],
      [failed('alice'), '10:05:00'],
      [failed('alice'), '10:10:01'], // 10:00:00 has left the window [10:00:01, 10:10:01]
      [failed('alice'), '10:12:00'],
    ]);
    expect(out.map((m) => m.map((x) => x.value))).toEqual([[], [], [], [3]]);
    expect(out[3]?.[0]?.eventIds).toEqual(['e2', 'e3', 'e4']);
    // the window's bounds are inclusive: exactly one timespan apart still counts
    const edge = new Harness(GTE3);
    const e = edge.sendAll([
      [failed('carol'), '11:00:00'],
      [failed('carol'), '11:05:00'],
      [failed('carol'), '11:10:00'],
    ]);
    expect(e[2]?.map((m) => m.value)).toEqual([3]);
  });

  it('fires once per window; a burst that goes on fires again once a timespan has passed', () => {
    const h = new Harness(GTE3);
    const fired: string[] = [];
    for (let m = 0; m <= 25; m++) {
      const hms = `10:${String(m).padStart(2, '0')}:00`;
      if (h.send(failed('alice'), hms).length > 0) fired.push(hms);
    }
    // 10:02 fires; the window ending at 10:12 still overlaps it; 10:13 is a new window
    expect(fired).toEqual(['10:02:00', '10:13:00', '10:24:00']);
    // the count reported is exact up to the ids kept (100 by default)
    const second = new Harness(GTE3);
    let last: number[] = [];
    for (let m = 0; m <= 13; m++)
      last = second.send(failed('x'), `10:${String(m).padStart(2, '0')}:00`).map((x) => x.value);
    expect(last).toEqual([11]);
  });

  it('a new burst after a quiet period fires again', () => {
    const h = new Harness(GTE3);
    const out = h.sendAll([
      [failed('alice'), '10:00:00'],
      [failed('alice'), '10:00:10'],
      [failed('alice'), '10:00:20'],
      [failed('alice'), '10:30:00'],
      [failed('alice'), '10:30:10'],
      [failed('alice'), '10:30:20'],
    ]);
    expect(out.map((m) => m.length)).toEqual([0, 0, 1, 0, 0, 1]);
    expect(out[5]?.[0]?.eventIds).toEqual(['e4', 'e5', 'e6']);
  });

  it('checks ranges: gt and lte together (101 to 200 in the specification, 3 to 4 here)', () => {
    const h = new Harness(doc('        gt: 2\n        lte: 4'));
    expect(h.failed).toEqual([]);
    const out = h.sendAll([
      [failed('alice'), '10:00:00'],
      [failed('alice'), '10:01:00'],
      [failed('alice'), '10:02:00'], // 3: fires
      [failed('alice'), '10:05:00'],
      [failed('alice'), '10:06:00'],
      [failed('alice'), '10:07:00'],
      [failed('alice'), '10:08:00'],
      [failed('alice'), '10:09:00'],
      // a new window, but it holds 6 events: above the range
      [failed('alice'), '10:12:30'],
    ]);
    expect(out.map((m) => m.map((x) => x.value))).toEqual([[], [], [3], [], [], [], [], [], []]);
  });

  it('groups by several fields (linked by AND) and keeps tenants apart', () => {
    const h = new Harness(doc('        gte: 2', '[TargetUserName, IpAddress]'));
    const out = h.sendAll([
      [failed('alice', '198.51.100.1'), '10:00:00'],
      [failed('alice', '198.51.100.2'), '10:00:01'],
      [failed('alice', '198.51.100.1'), '10:00:02'],
    ]);
    expect(out.map(brief)).toEqual([
      [],
      [],
      [{ id: ID, group: { TargetUserName: 'alice', IpAddress: '198.51.100.1' }, value: 2 }],
    ]);
    expect(h.send(failed('alice', '198.51.100.2'), '10:00:03', 'globex')).toEqual([]);
    const g = h.send(failed('alice', '198.51.100.2'), '10:00:04', 'globex');
    expect(g.map((m) => [m.tenant, m.group, m.value])).toEqual([
      ['globex', { TargetUserName: 'alice', IpAddress: '198.51.100.2' }, 2],
    ]);
    expect(h.engine.stats().groups).toBe(3);
  });

  it('without group-by counts all of a tenant’s events together', () => {
    const h = new Harness(doc('        gte: 3', '[]'));
    const out = h.sendAll([
      [failed('a'), '10:00:00'],
      [failed('b'), '10:00:01'],
      [failed('c'), '10:00:02'],
    ]);
    expect(out.map(brief)[2]).toEqual([{ id: ID, group: {}, value: 3 }]);
  });

  it('skips hits without the group-by field, and counts them', () => {
    const h = new Harness(GTE3);
    for (const t of ['10:00:00', '10:00:01', '10:00:02']) {
      expect(h.send(security(4625, { IpAddress: '203.0.113.9' }), t)).toEqual([]);
    }
    expect(h.engine.stats()).toMatchObject({ hits: 3, skipped: 3, groups: 0, matches: 0 });
  });

  it('counts a late hit inside the group’s window, drops one that is older than the window', () => {
    const h = new Harness(GTE3);
    const out = h.sendAll([
      [failed('alice'), '10:20:00'],
      [failed('alice'), '10:05:00'], // 15 min behind the group's newest: late, dropped
      [failed('alice'), '10:15:00'], // late but inside [10:10, 10:20]
      [failed('alice'), '10:12:00'], // the third in the window
    ]);
    expect(out.map((m) => m.map((x) => x.value))).toEqual([[], [], [], [3]]);
    expect(out[3]?.[0]).toMatchObject({
      eventIds: ['e4', 'e3', 'e1'],
      firstTime: at('10:12:00'),
      lastTime: at('10:20:00'),
    });
    expect(h.engine.stats().late).toBe(1);
  });

  it('reports as firstTime the oldest hit counted: the window’s oldest below the cap, else the oldest kept', () => {
    const burst: [ReturnType<typeof failed>, string][] = [
      [failed('alice'), '10:00:00'],
      [failed('alice'), '10:00:01'],
      [failed('alice'), '10:00:02'], // fires at 10:00:02; the next 10 minutes belong to it
      ...['10:02:00', '10:04:00', '10:06:00', '10:08:00', '10:10:00'].map(
        (t): [ReturnType<typeof failed>, string] => [failed('alice'), t],
      ),
      [failed('alice'), '10:03:00'], // late, inside the window
      [failed('alice'), '10:11:00'], // fires: [10:01, 10:11] holds 7 hits
    ];
    // the count is exact (below max(3 + 1, maxEventIds)): the window's oldest hit, the late one
    const exact = new Harness(GTE3).sendAll(burst);
    expect(exact[2]?.[0]).toMatchObject({ value: 3, firstTime: at('10:00:00') });
    expect(exact[9]?.[0]).toMatchObject({ value: 7, firstTime: at('10:02:00'), lastTime: at('10:11:00') });
    // capped at 4 (maxEventIds 1): the value counts the 4 newest, firstTime is the oldest of them
    const capped = new Harness(GTE3, { maxEventIds: 1 }).sendAll(burst);
    expect(capped[9]?.[0]).toMatchObject({
      value: 4,
      eventIds: ['e10'],
      firstTime: at('10:06:00'),
      lastTime: at('10:11:00'),
    });
    const four = new Harness(GTE3, { maxEventIds: 4 }).sendAll(burst);
    expect(four[9]?.[0]).toMatchObject({
      value: 4,
      eventIds: ['e6', 'e7', 'e8', 'e10'],
      firstTime: at('10:06:00'),
    });
  });

  it('drops hits more than timespan + allowed lateness behind the newest hit of the correlation', () => {
    const h = new Harness(GTE3, { allowedLatenessMs: 5 * 60_000 });
    h.send(failed('bob'), '12:00:00');
    // alice's group is new, but 10:40 is more than 10m + 5m behind 12:00
    for (const t of ['10:40:00', '10:41:00', '10:42:00']) expect(h.send(failed('alice'), t)).toEqual([]);
    expect(h.engine.stats()).toMatchObject({ late: 3, groups: 1 });
    // 11:46 is within the bound
    const ok = h.sendAll([
      [failed('alice'), '11:46:00'],
      [failed('alice'), '11:47:00'],
      [failed('alice'), '11:48:00'],
    ]);
    expect(ok.map((m) => m.length)).toEqual([0, 0, 1]);
  });

  it('expires groups once their window and the lateness bound have passed (lazily, and with expire())', () => {
    const h = new Harness(GTE3, { allowedLatenessMs: 0 });
    h.send(failed('alice'), '10:00:00');
    h.send(failed('bob'), '10:00:30');
    expect(h.engine.stats().groups).toBe(2);
    // a hit 2 × 10m later: alice's and bob's groups can no longer matter
    h.send(failed('carol'), '10:21:00');
    expect(h.engine.stats()).toMatchObject({ groups: 1, expiredGroups: 2 });
    h.engine.expire(at('10:41:01'));
    expect(h.engine.stats()).toMatchObject({ groups: 0, expiredGroups: 3 });
    // expire() moved the clock: an old hit is now late
    expect(h.send(failed('dave'), '10:30:00')).toEqual([]);
    expect(h.engine.stats().late).toBe(1);
  });
});
