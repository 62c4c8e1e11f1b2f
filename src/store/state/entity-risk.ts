/**
 * Entity risk per tenant: a score as of `scored_at` that decays with the configured half-life
 * (`src/alerts/risk.ts` has the arithmetic). Alert intake adds to it, closing an alert as a false
 * positive takes its share back, and the leaderboard and the entity page read it decayed to now.
 */
import { sql } from 'kysely';
import { addedScore, decayedScore, withdrawnScore } from '../../alerts/risk.ts';
import type { TenantScope } from '../tenancy.ts';
import type { EntityRiskTable, SeverityName } from './schema.ts';
import type { StateDbOrTx } from './transaction.ts';

/** Points for one entity from one intake batch. */
export interface RiskAddition {
  tenant: string;
  type: string;
  value: string;
  points: number;
  /** New alerts among the points (the entity's `alerts` counter). */
  newAlerts: number;
}

/**
 * Adds points to entities at `now` (each stored score decayed to `now` first). Additions for the
 * same entity are summed, so a batch writes each entity once.
 */
export async function addEntityRisk(
  tx: StateDbOrTx,
  additions: readonly RiskAddition[],
  now: Date,
  halfLifeHours: number,
): Promise<void> {
  const merged = new Map<string, RiskAddition>();
  for (const a of additions) {
    const key = JSON.stringify([a.tenant, a.type, a.value]);
    const m = merged.get(key);
    if (m) {
      m.points += a.points;
      m.newAlerts += a.newAlerts;
    } else merged.set(key, { ...a });
  }
  const at = now.toISOString();
  for (const a of merged.values()) {
    const row = await tx
      .selectFrom('entity_risk')
      .select(['score', 'scored_at', 'alerts'])
      .where('tenant', '=', a.tenant)
      .where('type', '=', a.type)
      .where('value', '=', a.value)
      .executeTakeFirst();
    const score = addedScore(
      row ? { score: row.score, scoredAt: row.scored_at } : null,
      a.points,
      now,
      halfLifeHours,
    );
    if (row) {
      await tx
        .updateTable('entity_risk')
        .set({ score, scored_at: at, alerts: row.alerts + a.newAlerts, last_alert_at: at })
        .where('tenant', '=', a.tenant)
        .where('type', '=', a.type)
        .where('value', '=', a.value)
        .execute();
    } else {
      await tx
        .insertInto('entity_risk')
        .values({
          tenant: a.tenant,
          type: a.type,
          value: a.value,
          score,
          scored_at: at,
          alerts: a.newAlerts,
          last_alert_at: at,
        })
        .execute();
    }
  }
}

/**
 * Takes back what an alert added to each of its entities (its contribution and its grouped
 * repeats', decayed from its creation), never below 0. Called when an alert is closed as a false
 * positive, inside that change's transaction.
 */
export async function withdrawAlertRisk(
  tx: StateDbOrTx,
  alert: {
    tenant: string;
    severity: SeverityName;
    confidence: number;
    entities: readonly { type: string; value: string }[];
    createdAt: string;
    count: number;
  },
  now: Date,
  halfLifeHours: number,
): Promise<void> {
  const at = now.toISOString();
  const seen = new Set<string>();
  for (const e of alert.entities) {
    const key = JSON.stringify([e.type, e.value]);
    if (seen.has(key)) continue;
    seen.add(key);
    const row = await tx
      .selectFrom('entity_risk')
      .select(['score', 'scored_at'])
      .where('tenant', '=', alert.tenant)
      .where('type', '=', e.type)
      .where('value', '=', e.value)
      .executeTakeFirst();
    if (!row) continue;
    const score = withdrawnScore({ score: row.score, scoredAt: row.scored_at }, alert, now, halfLifeHours);
    await tx
      .updateTable('entity_risk')
      .set({ score, scored_at: at })
      .where('tenant', '=', alert.tenant)
      .where('type', '=', e.type)
      .where('value', '=', e.value)
      .execute();
  }
}

export interface EntityRisk {
  tenant: string;
  type: string;
  value: string;
  /** Decayed to the time of the read. */
  score: number;
  alerts: number;
  lastAlertAt: string;
}

/** Scores below this are shown as none: a long-quiet entity has left the leaderboard. */
export const MIN_RISK_SCORE = 0.01;

/** The riskiest entities of the scope's tenants, by current (decayed) score, highest first. */
export async function riskLeaderboard(
  db: StateDbOrTx,
  scope: TenantScope,
  opts: { type?: string; limit: number },
  now: Date,
  halfLifeHours: number,
): Promise<EntityRisk[]> {
  if (scope.length === 0) return [];
  // current = score × 0.5^(hours since scored_at / half-life), computed in SQL to sort and limit.
  const current = sql<number>`score * pow(0.5, max(0.0, (julianday(${now.toISOString()}) - julianday(scored_at)) * 24.0) / ${halfLifeHours})`;
  let q = db
    .selectFrom('entity_risk')
    .selectAll()
    .select(current.as('current'))
    .where('tenant', 'in', [...scope])
    .where('score', '>', 0);
  if (opts.type) q = q.where('type', '=', opts.type);
  const rows = await q
    .orderBy('current', 'desc')
    .orderBy('type')
    .orderBy('value')
    .limit(opts.limit)
    .execute();
  return rows.map((r) => view(r, now, halfLifeHours)).filter((r) => r.score >= MIN_RISK_SCORE);
}

export interface EntityAlert {
  id: string;
  tenant: string;
  title: string;
  ruleId: string;
  severity: SeverityName;
  status: string;
  verdict: string | null;
  count: number;
  caseId: string | null;
  firstSeen: string;
  lastSeen: string;
  createdAt: string;
}

export interface EntityPage {
  type: string;
  value: string;
  /** One per tenant of the scope where the entity has a score. */
  risk: EntityRisk[];
  /** Its alerts, newest first (at most `limit`). */
  alerts: EntityAlert[];
  /** Cases its alerts are in. */
  caseIds: string[];
}

/** What the scope's tenants know of one entity: risk, alerts and the cases of those alerts. */
export async function entityPage(
  db: StateDbOrTx,
  scope: TenantScope,
  entity: { type: string; value: string },
  opts: { limit: number },
  now: Date,
  halfLifeHours: number,
): Promise<EntityPage> {
  const page: EntityPage = { type: entity.type, value: entity.value, risk: [], alerts: [], caseIds: [] };
  if (scope.length === 0) return page;
  const risks = await db
    .selectFrom('entity_risk')
    .selectAll()
    .where('tenant', 'in', [...scope])
    .where('type', '=', entity.type)
    .where('value', '=', entity.value)
    .orderBy('tenant')
    .execute();
  page.risk = risks.map((r) => view(r, now, halfLifeHours));
  const alerts = await db
    .selectFrom('alert_entities as e')
    .innerJoin('alerts as a', 'a.id', 'e.alert_id')
    .select([
      'a.id',
      'a.tenant',
      'a.title',
      'a.rule_id',
      'a.severity',
      'a.status',
      'a.verdict',
      'a.count',
      'a.case_id',
      'a.first_seen',
      'a.last_seen',
      'a.created_at',
    ])
    .where('e.tenant', 'in', [...scope])
    .where('a.tenant', 'in', [...scope])
    .where('e.type', '=', entity.type)
    .where('e.value', '=', entity.value)
    .orderBy('a.last_seen', 'desc')
    .orderBy('a.id')
    .limit(opts.limit)
    .execute();
  page.alerts = alerts.map((a) => ({
    id: a.id,
    tenant: a.tenant,
    title: a.title,
    ruleId: a.rule_id,
    severity: a.severity,
    status: a.status,
    verdict: a.verdict,
    count: a.count,
    caseId: a.case_id,
    firstSeen: a.first_seen,
    lastSeen: a.last_seen,
    createdAt: a.created_at,
  }));
  const cases = await db
    .selectFrom('alert_entities as e')
    .innerJoin('alerts as a', 'a.id', 'e.alert_id')
    .select('a.case_id')
    .distinct()
    .where('e.tenant', 'in', [...scope])
    .where('a.tenant', 'in', [...scope])
    .where('e.type', '=', entity.type)
    .where('e.value', '=', entity.value)
    .where('a.case_id', 'is not', null)
    .orderBy('a.case_id')
    .execute();
  page.caseIds = cases.map((c) => c.case_id).filter((c): c is string => c !== null);
  return page;
}

function view(r: EntityRiskTable, now: Date, halfLifeHours: number): EntityRisk {
  return {
    tenant: r.tenant,
    type: r.type,
    value: r.value,
    score: round2(decayedScore(r.score, r.scored_at, now, halfLifeHours)),
    alerts: r.alerts,
    lastAlertAt: r.last_alert_at,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
