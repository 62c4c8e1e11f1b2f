/**
 * Per-tenant SLA policies (`sla_policies`): a row overrides the default of one severity
 * (defaults and checks in `src/cases/sla.ts`). Reads take the caller's scope; a change names its
 * tenant, which must be in the scope, and is audited (`sla.update`) in its transaction.
 */

import {
  type EffectiveSlaPolicy,
  effectivePolicies,
  isSeverity,
  SEVERITIES,
  type Severity,
  type SlaMinutes,
  type SlaPolicy,
  slaPolicyProblem,
} from '../../cases/sla.ts';
import { BadRequestError, ForbiddenError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import type { ChangeBy } from './audit.ts';
import { appendAudit } from './audit.ts';
import type { SlaPolicyTable } from './schema.ts';
import { inTransaction, type StateDbOrTx } from './transaction.ts';

/** A tenant's own policy for one severity. */
export interface SlaPolicyOverride extends SlaPolicy {
  tenant: string;
  updatedAt: string;
}

/** Who changes a policy and from where (the audit entry's actor and client). */
export type SlaChangeBy = ChangeBy;

function fromRow(r: SlaPolicyTable): SlaPolicyOverride {
  return {
    tenant: r.tenant,
    severity: r.severity,
    acknowledgeMinutes: r.acknowledge_minutes,
    containMinutes: r.contain_minutes,
    resolveMinutes: r.resolve_minutes,
    updatedAt: r.updated_at,
  };
}

/** The overrides of the scope's tenants. */
export async function listSlaPolicyOverrides(
  db: StateDbOrTx,
  scope: TenantScope,
): Promise<SlaPolicyOverride[]> {
  if (scope.length === 0) return [];
  const rows = await db
    .selectFrom('sla_policies')
    .selectAll()
    .where('tenant', 'in', [...scope])
    .orderBy('tenant')
    .execute();
  return rows.map(fromRow);
}

/** Each tenant of the scope with its policy for every severity (its overrides over the defaults). */
export async function slaPoliciesOf(
  db: StateDbOrTx,
  scope: TenantScope,
): Promise<Map<string, Record<Severity, EffectiveSlaPolicy>>> {
  const overrides = await listSlaPolicyOverrides(db, scope);
  const out = new Map<string, Record<Severity, EffectiveSlaPolicy>>();
  for (const tenant of scope)
    out.set(tenant, effectivePolicies(overrides.filter((o) => o.tenant === tenant)));
  return out;
}

/**
 * Sets `tenant`'s policy for `severity` (inserting or replacing its override) and audits the
 * change with the policy before and after. Returns the policy now in force.
 */
export async function upsertSlaPolicy(
  db: StateDbOrTx,
  scope: TenantScope,
  tenant: string,
  severity: string,
  minutes: SlaMinutes,
  by: SlaChangeBy,
  now = new Date(),
): Promise<EffectiveSlaPolicy> {
  if (!scope.includes(tenant)) throw new ForbiddenError(`tenant "${tenant}" is not granted to this caller`);
  if (!isSeverity(severity))
    throw new BadRequestError(`severity must be one of ${SEVERITIES.join(', ')}`, 'severity');
  const sev: Severity = severity;
  const problem = slaPolicyProblem(minutes);
  if (problem) throw new BadRequestError(problem);
  const updatedAt = now.toISOString();
  return inTransaction(db, async (tx) => {
    const before = await tx
      .selectFrom('sla_policies')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('severity', '=', sev)
      .executeTakeFirst();
    const previous = effectivePolicies(before ? [fromRow(before)] : [])[sev];
    const row: SlaPolicyTable = {
      tenant,
      severity: sev,
      acknowledge_minutes: minutes.acknowledgeMinutes,
      contain_minutes: minutes.containMinutes,
      resolve_minutes: minutes.resolveMinutes,
      updated_at: updatedAt,
    };
    await tx
      .insertInto('sla_policies')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['tenant', 'severity']).doUpdateSet({
          acknowledge_minutes: row.acknowledge_minutes,
          contain_minutes: row.contain_minutes,
          resolve_minutes: row.resolve_minutes,
          updated_at: row.updated_at,
        }),
      )
      .execute();
    const policy = effectivePolicies([fromRow(row)])[sev];
    const shown = (p: EffectiveSlaPolicy) => ({
      acknowledgeMinutes: p.acknowledgeMinutes,
      containMinutes: p.containMinutes,
      resolveMinutes: p.resolveMinutes,
      source: p.source,
    });
    await appendAudit(tx, {
      tenant,
      actor: by.actor,
      action: 'sla.update',
      target: { type: 'sla_policy', id: sev },
      outcome: 'success',
      ip: by.client.ip?.slice(0, 64) ?? null,
      userAgent: by.client.userAgent?.slice(0, 256) ?? null,
      before: shown(previous),
      after: shown(policy),
    });
    return policy;
  });
}
