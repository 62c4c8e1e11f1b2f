import { describe, expect, it } from 'vitest';
import { durationStats, type MetricAlert, type MetricCase, socMetrics, UNASSIGNED } from './metrics.ts';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

const alert = (over: Partial<MetricAlert>): MetricAlert => ({
  id: 'a',
  severity: 'high',
  ruleId: 'r1',
  title: 'Rule one',
  assignee: null,
  status: 'new',
  verdict: null,
  caseId: null,
  count: 1,
  firstSeen: iso(-10),
  createdAt: iso(0),
  acknowledgedAt: null,
  closedAt: null,
  ...over,
});

const kase = (over: Partial<MetricCase>): MetricCase => ({
  id: 'c',
  severity: 'high',
  assignee: null,
  createdAt: iso(0),
  containedAt: null,
  resolvedAt: null,
  ruleIds: [],
  ...over,
});

describe('duration statistics', () => {
  it('give count, mean, median and p90 (nearest rank) in seconds', () => {
    const s = durationStats([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((x) => x * 1000));
    expect(s).toEqual({ count: 10, mean: 5.5, median: 5.5, p90: 9 });
    expect(durationStats([3000, 1000, 2000])).toEqual({ count: 3, mean: 2, median: 2, p90: 3 });
    expect(durationStats([])).toEqual({ count: 0, mean: null, median: null, p90: null });
  });
});

describe('SOC metrics', () => {
  it('MTTD is created_at − first_seen; MTTA is acknowledged_at − created_at', () => {
    const m = socMetrics(
      [
        alert({ id: 'a1', firstSeen: iso(-10), acknowledgedAt: iso(5) }),
        alert({ id: 'a2', firstSeen: iso(-30), acknowledgedAt: iso(15) }),
        alert({ id: 'a3', firstSeen: iso(-20) }),
      ],
      [],
    );
    expect(m.overall.mttd).toEqual({ count: 3, mean: 1200, median: 1200, p90: 1800 });
    expect(m.overall.mtta).toEqual({ count: 2, mean: 600, median: 600, p90: 900 });
    expect(m.overall.alerts).toBe(3);
  });

  it('time to contain and MTTR come from cases; alerts closed without a case count for MTTR', () => {
    const m = socMetrics(
      [
        alert({
          id: 'a1',
          status: 'closed',
          verdict: 'false_positive',
          closedAt: iso(30),
          acknowledgedAt: iso(30),
        }),
        alert({ id: 'a2', status: 'closed', verdict: 'true_positive', caseId: 'c1', closedAt: iso(600) }),
      ],
      [kase({ id: 'c1', containedAt: iso(60), resolvedAt: iso(120), ruleIds: ['r1'] })],
    );
    expect(m.overall.mttc).toEqual({ count: 1, mean: 3600, median: 3600, p90: 3600 });
    // The case (120 min) and the alert closed without a case (30 min); not the escalated alert.
    expect(m.overall.mttr).toMatchObject({ count: 2, mean: 4500 });
  });

  it('groups by severity, rule (a case counts for each rule of its alerts), analyst and UTC day', () => {
    const m = socMetrics(
      [
        alert({ id: 'a1', severity: 'critical', ruleId: 'r1', assignee: 'u1', acknowledgedAt: iso(1) }),
        alert({ id: 'a2', severity: 'low', ruleId: 'r2', createdAt: iso(24 * 60), firstSeen: iso(24 * 60) }),
      ],
      [kase({ id: 'c1', severity: 'critical', assignee: 'u1', containedAt: iso(10), ruleIds: ['r1', 'r2'] })],
    );
    expect(m.groups.severity?.map((g) => [g.key, g.alerts, g.cases])).toEqual([
      ['critical', 1, 1],
      ['low', 1, 0],
    ]);
    expect(m.groups.rule?.map((g) => [g.key, g.alerts, g.cases, g.mttc.count])).toEqual([
      ['r1', 1, 1, 1],
      ['r2', 1, 1, 1],
    ]);
    expect(m.groups.analyst?.map((g) => [g.key, g.alerts, g.cases])).toEqual([
      [UNASSIGNED, 1, 0],
      ['u1', 1, 1],
    ]);
    expect(m.groups.day?.map((g) => [g.key, g.alerts])).toEqual([
      ['2030-01-01', 1],
      ['2030-01-02', 1],
    ]);
  });

  it('computes only the groups asked for', () => {
    const m = socMetrics([alert({})], [], ['severity']);
    expect(Object.keys(m.groups)).toEqual(['severity']);
  });

  it('counts a negative duration (an event time ahead of the clock) as zero', () => {
    const m = socMetrics([alert({ firstSeen: iso(5) })], []);
    expect(m.overall.mttd.mean).toBe(0);
  });

  it('reports alert volume and verdict mix per rule, with the false-positive rate of closed alerts', () => {
    const m = socMetrics(
      [
        alert({
          id: '1',
          ruleId: 'noisy',
          title: 'Noisy',
          count: 5,
          status: 'closed',
          verdict: 'false_positive',
        }),
        alert({
          id: '2',
          ruleId: 'noisy',
          title: 'Noisy',
          count: 3,
          status: 'closed',
          verdict: 'false_positive',
        }),
        alert({ id: '3', ruleId: 'noisy', title: 'Noisy', status: 'closed', verdict: 'true_positive' }),
        alert({ id: '4', ruleId: 'noisy', title: 'Noisy', status: 'new' }),
        alert({ id: '5', ruleId: 'quiet', title: 'Quiet', status: 'in_progress' }),
      ],
      [],
    );
    expect(m.rules).toEqual([
      {
        ruleId: 'noisy',
        title: 'Noisy',
        alerts: 4,
        detections: 10,
        open: 1,
        closed: 3,
        verdicts: { true_positive: 1, benign_true_positive: 0, false_positive: 2, duplicate: 0 },
        falsePositiveRate: 2 / 3,
      },
      {
        ruleId: 'quiet',
        title: 'Quiet',
        alerts: 1,
        detections: 1,
        open: 1,
        closed: 0,
        verdicts: { true_positive: 0, benign_true_positive: 0, false_positive: 0, duplicate: 0 },
        falsePositiveRate: null,
      },
    ]);
  });
});
