/**
 * Per-rule tuning figures over the scope's tenants: how many alerts and detections a rule made,
 * how its closed alerts were judged, its false-positive rate (false positives / closed), what its
 * suppressions hid, and its last alert. The noisiest rules, or the least trusted, first.
 */
import { sql } from 'kysely';
import type { TenantScope } from '../tenancy.ts';
import type { StateDbOrTx } from './transaction.ts';

export const VERDICTS = ['true_positive', 'benign_true_positive', 'false_positive', 'duplicate'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface RuleTuning {
  ruleId: string;
  title: string;
  /** Alerts created (since `since`). */
  alerts: number;
  /** Detections grouped into those alerts (the sum of their counts). */
  detections: number;
  /** Of those alerts, the closed ones, and by verdict. */
  closed: number;
  verdicts: Record<Verdict, number>;
  /** false positives / closed; null while none is closed. */
  falsePositiveRate: number | null;
  /** Detections hidden by the rule's suppressions (since `since`: suppressions hit since then). */
  suppressedHits: number;
  lastAlertAt: string | null;
}

export type RuleTuningSort = 'volume' | 'fp_rate';

export interface RuleTuningQuery {
  /** ISO time: alerts created at or after it. */
  since?: string;
  /** `volume`: most alerts first; `fp_rate`: highest false-positive rate first (unjudged last). */
  sort?: RuleTuningSort;
  limit?: number;
}

export async function ruleTuning(
  db: StateDbOrTx,
  scope: TenantScope,
  q: RuleTuningQuery = {},
): Promise<RuleTuning[]> {
  if (scope.length === 0) return [];
  const tenants = [...scope];
  const verdictCount = (v: Verdict) =>
    sql<number>`sum(case when status = 'closed' and verdict = ${v} then 1 else 0 end)`;
  let alerts = db
    .selectFrom('alerts')
    .select([
      'rule_id',
      sql<string>`max(title)`.as('title'),
      sql<number>`count(*)`.as('alerts'),
      sql<number>`sum(count)`.as('detections'),
      sql<number>`sum(case when status = 'closed' then 1 else 0 end)`.as('closed'),
      verdictCount('true_positive').as('true_positive'),
      verdictCount('benign_true_positive').as('benign_true_positive'),
      verdictCount('false_positive').as('false_positive'),
      verdictCount('duplicate').as('duplicate'),
      sql<string>`max(created_at)`.as('last_alert_at'),
    ])
    .where('tenant', 'in', tenants);
  if (q.since) alerts = alerts.where('created_at', '>=', q.since);
  const alertRows = await alerts.groupBy('rule_id').execute();

  let hidden = db
    .selectFrom('suppressions')
    .select(['rule_id', sql<number>`sum(hits)`.as('hits')])
    .where('tenant', 'in', tenants)
    .where('hits', '>', 0);
  if (q.since) hidden = hidden.where('last_hit_at', '>=', q.since);
  const hiddenRows = await hidden.groupBy('rule_id').execute();

  const byRule = new Map<string, RuleTuning>();
  for (const r of alertRows) {
    const closed = Number(r.closed);
    const fp = Number(r.false_positive);
    byRule.set(r.rule_id, {
      ruleId: r.rule_id,
      title: r.title,
      alerts: Number(r.alerts),
      detections: Number(r.detections),
      closed,
      verdicts: {
        true_positive: Number(r.true_positive),
        benign_true_positive: Number(r.benign_true_positive),
        false_positive: fp,
        duplicate: Number(r.duplicate),
      },
      falsePositiveRate: closed > 0 ? fp / closed : null,
      suppressedHits: 0,
      lastAlertAt: r.last_alert_at,
    });
  }
  for (const h of hiddenRows) {
    const row = byRule.get(h.rule_id) ?? emptyRow(h.rule_id);
    row.suppressedHits = Number(h.hits);
    byRule.set(h.rule_id, row);
  }
  const untitled = [...byRule.values()].filter((r) => r.title === '').map((r) => r.ruleId);
  if (untitled.length > 0) {
    const titles = await db
      .selectFrom('rules')
      .select(['id', 'title'])
      .where('id', 'in', untitled)
      .where((eb) => eb.or([eb('tenant', 'is', null), eb('tenant', 'in', tenants)]))
      .execute();
    for (const t of titles) {
      const row = byRule.get(t.id);
      if (row && row.title === '') row.title = t.title;
    }
  }
  const rows = [...byRule.values()].sort(q.sort === 'fp_rate' ? byFalsePositiveRate : byVolume);
  return rows.slice(0, q.limit ?? 500);
}

function emptyRow(ruleId: string): RuleTuning {
  return {
    ruleId,
    title: '',
    alerts: 0,
    detections: 0,
    closed: 0,
    verdicts: { true_positive: 0, benign_true_positive: 0, false_positive: 0, duplicate: 0 },
    falsePositiveRate: null,
    suppressedHits: 0,
    lastAlertAt: null,
  };
}

function byVolume(a: RuleTuning, b: RuleTuning): number {
  return (
    b.alerts - a.alerts ||
    b.detections - a.detections ||
    b.suppressedHits - a.suppressedHits ||
    cmp(a.ruleId, b.ruleId)
  );
}

function byFalsePositiveRate(a: RuleTuning, b: RuleTuning): number {
  const ra = a.falsePositiveRate ?? -1;
  const rb = b.falsePositiveRate ?? -1;
  return rb - ra || b.closed - a.closed || byVolume(a, b);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
