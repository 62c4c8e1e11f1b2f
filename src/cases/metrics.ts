/**
 * SOC metrics from alert and case records (pure; the store reads the records):
 *
 * - MTTD, time to detect: alert `created_at` − `first_seen` (the first event it groups);
 * - MTTA, time to acknowledge: alert `acknowledged_at` − `created_at`;
 * - MTTC, time to contain: case `contained_at` − `created_at`;
 * - MTTR, time to resolve: case `resolved_at` − `created_at`, and for alerts closed without a
 *   case, `closed_at` − `created_at`.
 *
 * Each as count, mean, median and p90 (nearest rank) in seconds, overall and grouped by severity,
 * rule, analyst (the assignee) and UTC day of creation. A case counts for every rule of its
 * alerts. Durations below zero (clock skew between an event's time and Vigil's) count as zero.
 * Per rule also: alert volume, detections, and the verdict mix with the false-positive rate
 * (false positives / closed alerts).
 */

export interface MetricAlert {
  id: string;
  severity: string;
  ruleId: string;
  title: string;
  assignee: string | null;
  status: string;
  verdict: string | null;
  caseId: string | null;
  /** Detections grouped into it. */
  count: number;
  firstSeen: string;
  createdAt: string;
  acknowledgedAt: string | null;
  closedAt: string | null;
}

export interface MetricCase {
  id: string;
  severity: string;
  assignee: string | null;
  createdAt: string;
  containedAt: string | null;
  resolvedAt: string | null;
  /** Rules of the case's alerts (a case with no alerts has none). */
  ruleIds: readonly string[];
}

export interface DurationStats {
  count: number;
  /** Seconds; null when there is nothing to measure. */
  mean: number | null;
  median: number | null;
  p90: number | null;
}

export interface MetricSet {
  mttd: DurationStats;
  mtta: DurationStats;
  mttc: DurationStats;
  mttr: DurationStats;
  alerts: number;
  cases: number;
}

export const METRIC_GROUPS = ['severity', 'rule', 'analyst', 'day'] as const;
export type MetricGroup = (typeof METRIC_GROUPS)[number];

export interface MetricGroupRow extends MetricSet {
  key: string;
}

export const VERDICTS = ['true_positive', 'benign_true_positive', 'false_positive', 'duplicate'] as const;

export interface RuleVolume {
  ruleId: string;
  title: string;
  alerts: number;
  detections: number;
  open: number;
  closed: number;
  verdicts: Record<(typeof VERDICTS)[number], number>;
  /** False positives / closed; null while none is closed. */
  falsePositiveRate: number | null;
}

export interface SocMetrics {
  overall: MetricSet;
  /** Only the groups asked for; each sorted by key. */
  groups: Partial<Record<MetricGroup, MetricGroupRow[]>>;
  /** Busiest rules first. */
  rules: RuleVolume[];
}

/** The assignee key of records without one. */
export const UNASSIGNED = '(unassigned)';

type Measure = 'mttd' | 'mtta' | 'mttc' | 'mttr';

/** Samples of one group, per measure, in milliseconds. */
class Bucket {
  readonly samples: Record<Measure, number[]> = { mttd: [], mtta: [], mttc: [], mttr: [] };
  alerts = 0;
  cases = 0;

  add(measure: Measure, from: string | null, to: string | null): void {
    if (from === null || to === null) return;
    const ms = Date.parse(to) - Date.parse(from);
    if (Number.isFinite(ms)) this.samples[measure].push(Math.max(0, ms));
  }

  result(): MetricSet {
    return {
      mttd: durationStats(this.samples.mttd),
      mtta: durationStats(this.samples.mtta),
      mttc: durationStats(this.samples.mttc),
      mttr: durationStats(this.samples.mttr),
      alerts: this.alerts,
      cases: this.cases,
    };
  }
}

/** Count, mean, median and p90 (nearest rank) of durations in milliseconds, reported in seconds. */
export function durationStats(ms: readonly number[]): DurationStats {
  if (ms.length === 0) return { count: 0, mean: null, median: null, p90: null };
  const sorted = [...ms].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  const median =
    n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  const p90 = sorted[Math.max(0, Math.ceil(0.9 * n) - 1)] as number;
  const mean = sorted.reduce((s, v) => s + v, 0) / n;
  const sec = (v: number) => Math.round(v) / 1000;
  return { count: n, mean: sec(mean), median: sec(median), p90: sec(p90) };
}

const dayOf = (iso: string) => new Date(Date.parse(iso)).toISOString().slice(0, 10);

export function socMetrics(
  alerts: readonly MetricAlert[],
  cases: readonly MetricCase[],
  groupBy: readonly MetricGroup[] = METRIC_GROUPS,
): SocMetrics {
  const overall = new Bucket();
  const groups = new Map<MetricGroup, Map<string, Bucket>>(groupBy.map((g) => [g, new Map()]));
  const bucketsOf = (keys: Record<MetricGroup, readonly string[]>): Bucket[] => {
    const out = [overall];
    for (const [group, byKey] of groups) {
      for (const key of keys[group]) {
        let b = byKey.get(key);
        if (!b) {
          b = new Bucket();
          byKey.set(key, b);
        }
        out.push(b);
      }
    }
    return out;
  };

  for (const a of alerts) {
    const keys = {
      severity: [a.severity],
      rule: [a.ruleId],
      analyst: [a.assignee ?? UNASSIGNED],
      day: [dayOf(a.createdAt)],
    };
    for (const b of bucketsOf(keys)) {
      b.alerts++;
      b.add('mttd', a.firstSeen, a.createdAt);
      b.add('mtta', a.createdAt, a.acknowledgedAt);
      if (a.caseId === null && a.status === 'closed') b.add('mttr', a.createdAt, a.closedAt);
    }
  }
  for (const c of cases) {
    const keys = {
      severity: [c.severity],
      rule: [...new Set(c.ruleIds)],
      analyst: [c.assignee ?? UNASSIGNED],
      day: [dayOf(c.createdAt)],
    };
    for (const b of bucketsOf(keys)) {
      b.cases++;
      b.add('mttc', c.createdAt, c.containedAt);
      b.add('mttr', c.createdAt, c.resolvedAt);
    }
  }

  const out: SocMetrics['groups'] = {};
  for (const [group, byKey] of groups) {
    out[group] = [...byKey.entries()]
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
      .map(([key, b]) => ({ key, ...b.result() }));
  }
  return { overall: overall.result(), groups: out, rules: ruleVolumes(alerts) };
}

/** Alert volume and verdict mix per rule, busiest first. */
export function ruleVolumes(alerts: readonly MetricAlert[]): RuleVolume[] {
  const byRule = new Map<string, RuleVolume>();
  for (const a of alerts) {
    let r = byRule.get(a.ruleId);
    if (!r) {
      r = {
        ruleId: a.ruleId,
        title: a.title,
        alerts: 0,
        detections: 0,
        open: 0,
        closed: 0,
        verdicts: { true_positive: 0, benign_true_positive: 0, false_positive: 0, duplicate: 0 },
        falsePositiveRate: null,
      };
      byRule.set(a.ruleId, r);
    }
    r.alerts++;
    r.detections += a.count;
    if (a.status === 'closed') {
      r.closed++;
      const v = a.verdict as (typeof VERDICTS)[number] | null;
      if (v !== null && v in r.verdicts) r.verdicts[v]++;
    } else r.open++;
  }
  const rules = [...byRule.values()];
  for (const r of rules) r.falsePositiveRate = r.closed === 0 ? null : r.verdicts.false_positive / r.closed;
  return rules.sort((x, y) => y.alerts - x.alerts || (x.ruleId < y.ruleId ? -1 : 1));
}
