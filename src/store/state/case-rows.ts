/**
 * What every case module shares: the case record as callers see it, the scoped lookup of a case,
 * and the three writes every change of a case makes in its transaction — the case's `seq` (and,
 * for edits of the case itself, `version`), an automatic timeline entry, and the audit entry.
 */
import { randomUUID } from 'node:crypto';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { CasePhase, CaseStatus } from '../../cases/phases.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import type { ChangeAudit } from './audit.ts';
import { type AuditActor, appendAudit } from './audit.ts';
import type { CaseTable, SeverityName } from './schema.ts';
import { nextSocSeq } from './soc-seq.ts';
import type { StateDbOrTx } from './transaction.ts';

/** Who made a change and from where: the audit fields of a store write. */
export type { ChangeAudit } from './audit.ts';

/** The case as callers see it (the review is read with `getCase`). */
export interface CaseRecord {
  id: string;
  tenant: string;
  number: number;
  seq: number;
  title: string;
  description: string;
  severity: SeverityName;
  tlp: string;
  incidentType: string | null;
  status: CaseStatus;
  phase: CasePhase;
  resolution: string | null;
  assignee: string | null;
  tags: string[];
  personalData: boolean;
  regulations: string[];
  awareAt: string | null;
  notifiedAt: string | null;
  mergedInto: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  containedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  version: number;
}

export function caseRecordOf(r: CaseTable): CaseRecord {
  return {
    id: r.id,
    tenant: r.tenant,
    number: Number(r.number),
    seq: Number(r.seq),
    title: r.title,
    description: r.description,
    severity: r.severity,
    tlp: r.tlp,
    incidentType: r.incident_type,
    status: r.status as CaseStatus,
    phase: r.phase as CasePhase,
    resolution: r.resolution,
    assignee: r.assignee,
    tags: jsonArray(r.tags),
    personalData: Number(r.personal_data) === 1,
    regulations: jsonArray(r.regulations),
    awareAt: r.aware_at,
    notifiedAt: r.notified_at,
    mergedInto: r.merged_into,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    containedAt: r.contained_at,
    resolvedAt: r.resolved_at,
    closedAt: r.closed_at,
    version: Number(r.version),
  };
}

export function jsonArray(text: string): string[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

/** `<column> IN (scope)`; an empty scope matches nothing. */
export function inScope(scope: TenantScope, column = 'tenant'): RawBuilder<SqlBool> {
  if (scope.length === 0) return sql<SqlBool>`0 = 1`;
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join([...scope])})`;
}

/** The case `id` if one of `scope`'s tenants holds it; NotFoundError otherwise (another tenant's case does not exist for the caller). */
export async function loadCase(db: StateDbOrTx, scope: TenantScope, id: string): Promise<CaseRecord> {
  const row = await db
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', id)
    .where(inScope(scope))
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`no case ${id}`);
  return caseRecordOf(row);
}

/** The name stored in `created_by`-style columns: the actor's name, else its id, else its kind. */
export function actorName(actor: AuditActor): string {
  return actor.name ?? actor.id ?? actor.kind;
}

/**
 * Marks a change of the case (a new `seq`, `updated_at`; `version` + 1 when the case's own fields
 * were edited by this change). Returns the new seq.
 */
export async function bumpCase(
  tx: StateDbOrTx,
  caseId: string,
  now: string,
  opts: { version?: boolean } = {},
): Promise<number> {
  const seq = await nextSocSeq(tx);
  await tx
    .updateTable('cases')
    .set({
      seq,
      updated_at: now,
      ...(opts.version ? { version: sql<number>`version + 1` } : {}),
    })
    .where('id', '=', caseId)
    .execute();
  return seq;
}

export interface CaseRef {
  id: string;
  tenant: string;
}

/** An automatic timeline entry (`kind: auto`) for a change of the case or what hangs off it. */
export async function autoEntry(
  tx: StateDbOrTx,
  c: CaseRef,
  entry: { action: string; title: string; body?: string },
  by: ChangeAudit,
  now: string,
): Promise<void> {
  await tx
    .insertInto('case_timeline')
    .values({
      id: randomUUID(),
      case_id: c.id,
      tenant: c.tenant,
      kind: 'auto',
      action: entry.action,
      title: entry.title.slice(0, 500),
      body: entry.body ?? '',
      event_time: now,
      recorded_at: now,
      author_id: by.actor.id,
      author_name: actorName(by.actor),
    })
    .execute();
}

/** The audit entry of a case change (target defaults to the case). */
export async function auditChange(
  tx: StateDbOrTx,
  tenant: string,
  by: ChangeAudit,
  action: string,
  target: { type: string; id: string },
  fields: { before?: unknown; after?: unknown; details?: unknown } = {},
): Promise<void> {
  await appendAudit(tx, {
    tenant,
    actor: by.actor,
    action,
    target,
    outcome: 'success',
    ip: by.ip,
    userAgent: by.userAgent,
    ...fields,
  });
}

/**
 * The usual trio for a change of something in a case: bump the case, write the timeline entry and
 * the audit entry. Returns the case's new seq.
 */
export async function recordChange(
  tx: StateDbOrTx,
  c: CaseRef,
  change: {
    audit: string;
    target?: { type: string; id: string };
    timeline: { action: string; title: string; body?: string };
    before?: unknown;
    after?: unknown;
    details?: unknown;
    version?: boolean;
  },
  by: ChangeAudit,
  now: string,
): Promise<number> {
  const seq = await bumpCase(tx, c.id, now, { version: change.version ?? false });
  await autoEntry(tx, c, change.timeline, by, now);
  await auditChange(tx, c.tenant, by, change.audit, change.target ?? { type: 'case', id: c.id }, {
    before: change.before,
    after: change.after,
    details: change.details,
  });
  return seq;
}

/** Escapes `%`, `_` and `\` for a LIKE pattern used with `escape '\'`. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}
