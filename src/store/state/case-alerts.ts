/**
 * The alerts of a case, seen from the case: listing them, closing them with the case's
 * resolution, and moving them with a merge. Each alert change takes a new `seq` and bumps the
 * alert's `version` (these are analysts' actions on the alert), with its own audit entry.
 */
import type { CaseResolution } from '../../cases/phases.ts';
import type { TenantScope } from '../tenancy.ts';
import { auditChange, type ChangeAudit, inScope } from './case-rows.ts';
import { withdrawAlertRisk } from './entity-risk.ts';
import type { AlertTable, SeverityName } from './schema.ts';
import { nextSocSeq } from './soc-seq.ts';
import type { StateDbOrTx } from './transaction.ts';

export interface CaseAlert {
  id: string;
  title: string;
  ruleId: string;
  severity: SeverityName;
  status: string;
  verdict: string | null;
  count: number;
  firstSeen: string;
  lastSeen: string;
  createdAt: string;
  escalatedAt: string | null;
  closedAt: string | null;
  version: number;
}

/** An alert a case operation changed (what the live feed publishes as `alert.updated`). */
export interface AlertChange {
  id: string;
  tenant: string;
  seq: number;
  status: string;
  verdict: string | null;
  caseId: string | null;
  version: number;
}

export function caseAlertOf(r: AlertTable): CaseAlert {
  return {
    id: r.id,
    title: r.title,
    ruleId: r.rule_id,
    severity: r.severity,
    status: r.status,
    verdict: r.verdict,
    count: Number(r.count),
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    createdAt: r.created_at,
    escalatedAt: r.escalated_at,
    closedAt: r.closed_at,
    version: Number(r.version),
  };
}

export function alertChangeOf(r: AlertTable): AlertChange {
  return {
    id: r.id,
    tenant: r.tenant,
    seq: Number(r.seq),
    status: r.status,
    verdict: r.verdict,
    caseId: r.case_id,
    version: Number(r.version),
  };
}

/** The case's alerts, oldest first. */
export async function listCaseAlerts(
  db: StateDbOrTx,
  scope: TenantScope,
  caseId: string,
): Promise<CaseAlert[]> {
  const rows = await db
    .selectFrom('alerts')
    .selectAll()
    .where('case_id', '=', caseId)
    .where(inScope(scope))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(caseAlertOf);
}

/** Entities of an alert row (the JSON column). */
export function entitiesOfAlert(r: Pick<AlertTable, 'entities'>): { type: string; value: string }[] {
  try {
    const v = JSON.parse(r.entities) as unknown;
    if (!Array.isArray(v)) return [];
    return v
      .filter((e): e is { type: unknown; value: unknown } => typeof e === 'object' && e !== null)
      .map((e) => ({ type: String(e.type), value: String(e.value) }));
  } catch {
    return [];
  }
}

/**
 * Closes the case's escalated alerts with the case's resolution (inside the caller's
 * transaction). A false positive takes back the entity risk each alert added.
 */
export async function closeCaseAlerts(
  tx: StateDbOrTx,
  c: { id: string; tenant: string; number: number },
  resolution: CaseResolution,
  now: Date,
  riskHalfLifeHours: number,
  by: ChangeAudit,
): Promise<AlertChange[]> {
  const at = now.toISOString();
  const rows = await tx
    .selectFrom('alerts')
    .selectAll()
    .where('case_id', '=', c.id)
    .where('tenant', '=', c.tenant)
    .where('status', '=', 'escalated')
    .execute();
  const changed: AlertChange[] = [];
  for (const r of rows) {
    const updated = await tx
      .updateTable('alerts')
      .set({
        status: 'closed',
        verdict: resolution,
        closed_at: at,
        updated_at: at,
        acknowledged_at: r.acknowledged_at ?? at,
        seq: await nextSocSeq(tx),
        version: Number(r.version) + 1,
      })
      .where('id', '=', r.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (resolution === 'false_positive')
      await withdrawAlertRisk(
        tx,
        {
          tenant: r.tenant,
          severity: r.severity,
          confidence: Number(r.confidence),
          entities: entitiesOfAlert(r),
          createdAt: r.created_at,
          count: Number(r.count),
        },
        now,
        riskHalfLifeHours,
      );
    await auditChange(
      tx,
      c.tenant,
      by,
      'case.close',
      { type: 'alert', id: r.id },
      {
        before: { status: r.status, verdict: r.verdict },
        after: { status: 'closed', verdict: resolution },
        details: { caseId: c.id, caseNumber: c.number },
      },
    );
    changed.push(alertChangeOf(updated));
  }
  return changed;
}

/** Moves a case's alerts to another case (a merge), inside the caller's transaction. */
export async function moveCaseAlerts(
  tx: StateDbOrTx,
  from: { id: string; tenant: string; number: number },
  to: { id: string; number: number },
  at: string,
  by: ChangeAudit,
): Promise<AlertChange[]> {
  const rows = await tx
    .selectFrom('alerts')
    .selectAll()
    .where('case_id', '=', from.id)
    .where('tenant', '=', from.tenant)
    .execute();
  const changed: AlertChange[] = [];
  for (const r of rows) {
    const updated = await tx
      .updateTable('alerts')
      .set({ case_id: to.id, updated_at: at, seq: await nextSocSeq(tx), version: Number(r.version) + 1 })
      .where('id', '=', r.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditChange(
      tx,
      from.tenant,
      by,
      'case.merge',
      { type: 'alert', id: r.id },
      {
        before: { caseId: from.id },
        after: { caseId: to.id },
        details: { from: from.number, into: to.number },
      },
    );
    changed.push(alertChangeOf(updated));
  }
  return changed;
}
