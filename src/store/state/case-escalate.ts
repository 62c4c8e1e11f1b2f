/**
 * Escalation: one or more alerts become (part of) a case. Each alert names the version the
 * analyst read; it turns `escalated` with `case_id` and `escalated_at` set (and `acknowledged_at`
 * if it was still unset: escalating counts as the first move out of `new`). A closed alert, or one
 * already in another case, is refused: it has to be reopened, or moved with a merge. The alerts'
 * entities become observables of the case, sighted in both the alert and the case.
 */

import { assertOpen } from '../../cases/phases.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import { type AlertChange, alertChangeOf, entitiesOfAlert } from './case-alerts.ts';
import {
  auditChange,
  autoEntry,
  bumpCase,
  type CaseRecord,
  type ChangeAudit,
  inScope,
  loadCase,
} from './case-rows.ts';
import { CASE_SEVERITIES, insertCase, type NewCase } from './cases.ts';
import { observablesFromAlerts } from './observables.ts';
import type { SeverityName } from './schema.ts';
import { nextSocSeq } from './soc-seq.ts';
import { inTransaction, type StateDbOrTx } from './transaction.ts';

export interface EscalateInput {
  /** The alerts and the version of each the analyst read. */
  alerts: readonly { id: string; version: number }[];
  /** Add to this case; otherwise a new case is opened with `newCase`'s fields. */
  caseId?: string;
  /** Fields of the new case (title defaults to the alert's, severity to the highest alert's). */
  newCase?: Partial<NewCase>;
}

export interface EscalateResult {
  case: CaseRecord;
  created: boolean;
  /** The alerts escalated by this call (an alert already in the case is left as it is). */
  alerts: AlertChange[];
  observables: { created: number; addedToCase: number };
}

const MAX_ALERTS = 500;

export async function escalateAlerts(
  db: StateDbOrTx,
  scope: TenantScope,
  input: EscalateInput,
  by: ChangeAudit,
  now: Date,
): Promise<EscalateResult> {
  if (input.alerts.length === 0) throw new BadRequestError('name at least one alert to escalate', 'alerts');
  if (input.alerts.length > MAX_ALERTS)
    throw new BadRequestError(`escalate at most ${MAX_ALERTS} alerts at once`, 'alerts');
  const ids = [...new Set(input.alerts.map((a) => a.id))];
  return inTransaction(db, async (tx) => {
    const rows = await tx
      .selectFrom('alerts')
      .selectAll()
      .where('id', 'in', ids)
      .where(inScope(scope))
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) throw new NotFoundError(`no alert ${missing.join(', ')}`);
    const tenants = new Set(rows.map((r) => r.tenant));
    if (tenants.size > 1)
      throw new BadRequestError(
        `the alerts belong to different tenants (${[...tenants].join(', ')}); a case holds one tenant's alerts`,
        'alerts',
      );
    const tenant = rows[0]!.tenant;
    const target = input.caseId !== undefined ? await loadCase(tx, scope, input.caseId) : null;
    if (target) {
      if (target.tenant !== tenant)
        throw new BadRequestError(
          `case #${target.number} belongs to tenant ${target.tenant}, the alerts to ${tenant}`,
          'caseId',
        );
      assertOpen(target, 'escalate alerts into it');
    }
    for (const { id, version } of input.alerts) {
      const r = byId.get(id)!;
      if (Number(r.version) !== version)
        throw new ConflictError(
          `alert "${r.title}" (${id}) was changed by someone else (version ${r.version}, you sent ${version}); reload it and escalate again`,
          Number(r.version),
        );
      if (r.status === 'closed')
        throw new ConflictError(
          `alert "${r.title}" (${id}) is closed${r.verdict ? ` as ${r.verdict.replace(/_/g, ' ')}` : ''}; reopen it before escalating`,
        );
      if (r.case_id !== null && r.case_id !== target?.id) {
        const other = await tx
          .selectFrom('cases')
          .select(['number', 'status'])
          .where('id', '=', r.case_id)
          .executeTakeFirst();
        // An alert reopened after its case closed may go into another case; an open case keeps it.
        if (other && other.status !== 'closed')
          throw new ConflictError(
            `alert "${r.title}" (${id}) is already in case #${other.number}; merge that case instead, or escalate the other alerts without it`,
          );
      }
    }
    const at = now.toISOString();
    // In the caller's order: the first alert names a new case.
    // Skipped: alerts already escalated into the target. A reopened alert of the target (or of a
    // closed case) is escalated again.
    const fresh = ids
      .map((id) => byId.get(id)!)
      .filter((r) => !(r.status === 'escalated' && r.case_id !== null && r.case_id === target?.id));
    let c: CaseRecord;
    if (target) c = target;
    else {
      const first = fresh[0]!;
      const highest = fresh
        .map((r) => r.severity)
        .reduce<SeverityName>(
          (m, s) => (CASE_SEVERITIES.indexOf(s) > CASE_SEVERITIES.indexOf(m) ? s : m),
          'informational',
        );
      c = await insertCase(
        tx,
        tenant,
        {
          ...input.newCase,
          title:
            input.newCase?.title ??
            (fresh.length === 1 ? first.title : `${first.title} and ${fresh.length - 1} more alert(s)`),
          severity: input.newCase?.severity ?? highest,
        },
        by,
        at,
      );
    }
    const changed: AlertChange[] = [];
    for (const r of fresh) {
      const updated = await tx
        .updateTable('alerts')
        .set({
          status: 'escalated',
          case_id: c.id,
          escalated_at: at,
          acknowledged_at: r.acknowledged_at ?? at,
          updated_at: at,
          seq: await nextSocSeq(tx),
          version: Number(r.version) + 1,
        })
        .where('id', '=', r.id)
        .where('version', '=', Number(r.version))
        .returningAll()
        .executeTakeFirstOrThrow();
      changed.push(alertChangeOf(updated));
      await autoEntry(
        tx,
        c,
        { action: 'alert.added', title: `Alert escalated: ${r.title} (${r.severity}, ${r.count}×)` },
        by,
        at,
      );
      await auditChange(
        tx,
        tenant,
        by,
        'case.escalate',
        { type: 'alert', id: r.id },
        {
          before: { status: r.status, caseId: r.case_id },
          after: { status: 'escalated', caseId: c.id },
          details: { caseNumber: c.number, newCase: target === null },
        },
      );
    }
    const observables = await observablesFromAlerts(
      tx,
      c,
      fresh.map((r) => ({
        id: r.id,
        entities: entitiesOfAlert(r),
        firstSeen: r.first_seen,
        lastSeen: r.last_seen,
      })),
      at,
    );
    if (observables.addedToCase > 0)
      await autoEntry(
        tx,
        c,
        {
          action: 'observable.create',
          title: `${observables.addedToCase} observable(s) added from the alerts' entities`,
        },
        by,
        at,
      );
    if (changed.length > 0) await bumpCase(tx, c.id, at);
    return { case: await loadCase(tx, scope, c.id), created: target === null, alerts: changed, observables };
  });
}
