/**
 * Suppressions: "this rule (optionally for this one entity) is known noise until then". A matching
 * detection is still stored but makes no alert; the suppression counts what it hid (`hits`,
 * `last_hit_at`). Each has a reason, an owner and an expiry at most 90 days ahead; creating and
 * revoking one are audited in the change's transaction.
 */
import { randomUUID } from 'node:crypto';
import { type EntityType, isEntityType } from '../../alerts/entities.ts';
import { BadRequestError, NotFoundError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import { type AuditActor, appendAudit } from './audit.ts';
import type { SuppressionTable } from './schema.ts';
import { inTransaction, type StateDbOrTx } from './transaction.ts';

/** The longest a suppression may run: noise rules must be looked at again. */
export const MAX_SUPPRESSION_DAYS = 90;

export interface Suppression {
  id: string;
  tenant: string;
  ruleId: string;
  /** null: every detection of the rule. */
  entity: { type: string; value: string } | null;
  reason: string;
  owner: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  hits: number;
  lastHitAt: string | null;
  /** Not revoked and not expired (at the time of the read). */
  active: boolean;
}

export interface NewSuppression {
  tenant: string;
  ruleId: string;
  entity?: { type: string; value: string } | null;
  reason: string;
  owner: string;
  /** ISO time; after now, at most MAX_SUPPRESSION_DAYS ahead. */
  expiresAt: string;
}

/** Who makes the change, as the audit entry records it. */
export interface AuditSource {
  actor: AuditActor;
  ip: string | null;
  userAgent: string | null;
}

/**
 * Creates a suppression in `input.tenant` (which must be in `scope`) and audits it. The rule must
 * be known to the tenant (a rule of its library, or one that has made detections there).
 */
export async function createSuppression(
  db: StateDbOrTx,
  scope: TenantScope,
  input: NewSuppression,
  by: AuditSource,
  now: Date = new Date(),
): Promise<Suppression> {
  if (!scope.includes(input.tenant))
    throw new BadRequestError(`tenant "${input.tenant}" is not in this request's tenants`, 'tenant');
  const ruleId = input.ruleId.trim();
  const reason = input.reason.trim();
  const owner = input.owner.trim();
  if (!ruleId) throw new BadRequestError('name the rule to suppress (ruleId)', 'ruleId');
  if (!reason) throw new BadRequestError('say why the detections are noise (reason)', 'reason');
  if (!owner) throw new BadRequestError('name who answers for the suppression (owner)', 'owner');
  const expires = Date.parse(input.expiresAt);
  if (!Number.isFinite(expires))
    throw new BadRequestError(`expiresAt "${input.expiresAt}" is not an ISO date-time`, 'expiresAt');
  if (expires <= now.getTime()) throw new BadRequestError('expiresAt must be in the future', 'expiresAt');
  if (expires > now.getTime() + MAX_SUPPRESSION_DAYS * 86_400_000)
    throw new BadRequestError(
      `a suppression runs at most ${MAX_SUPPRESSION_DAYS} days; choose an expiresAt before ${new Date(now.getTime() + MAX_SUPPRESSION_DAYS * 86_400_000).toISOString()}`,
      'expiresAt',
    );
  let entity: { type: EntityType; value: string } | null = null;
  if (input.entity) {
    const value = input.entity.value.trim();
    if (!isEntityType(input.entity.type))
      throw new BadRequestError(
        `entity type "${input.entity.type}" is not one of user, host, ip, process, hash, url, domain, file`,
        'entity.type',
      );
    if (!value) throw new BadRequestError('the entity needs a value', 'entity.value');
    entity = { type: input.entity.type, value };
  }
  return inTransaction(db, async (tx) => {
    if (!(await ruleKnown(tx, input.tenant, ruleId)))
      throw new BadRequestError(
        `no rule "${ruleId}" in tenant ${input.tenant}'s library or detections`,
        'ruleId',
      );
    const row: SuppressionTable = {
      id: randomUUID(),
      tenant: input.tenant,
      rule_id: ruleId,
      entity_type: entity?.type ?? null,
      entity_value: entity?.value ?? null,
      reason,
      owner,
      created_by: by.actor.name ?? by.actor.id ?? by.actor.kind,
      created_at: now.toISOString(),
      expires_at: new Date(expires).toISOString(),
      revoked_at: null,
      hits: 0,
      last_hit_at: null,
    };
    await tx.insertInto('suppressions').values(row).execute();
    const created = fromRow(row, now);
    await appendAudit(tx, {
      tenant: input.tenant,
      actor: by.actor,
      action: 'suppression.create',
      target: { type: 'suppression', id: row.id },
      outcome: 'success',
      ip: by.ip,
      userAgent: by.userAgent,
      after: auditView(created),
    });
    return created;
  });
}

/** Suppressions of the scope's tenants, newest first: the active ones, or all. */
export async function listSuppressions(
  db: StateDbOrTx,
  scope: TenantScope,
  opts: { state?: 'active' | 'all'; ruleId?: string; limit?: number } = {},
  now: Date = new Date(),
): Promise<Suppression[]> {
  if (scope.length === 0) return [];
  let q = db
    .selectFrom('suppressions')
    .selectAll()
    .where('tenant', 'in', [...scope]);
  if ((opts.state ?? 'active') === 'active')
    q = q.where('revoked_at', 'is', null).where('expires_at', '>', now.toISOString());
  if (opts.ruleId) q = q.where('rule_id', '=', opts.ruleId);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(opts.limit ?? 1000)
    .execute();
  return rows.map((r) => fromRow(r, now));
}

/** Revokes an active suppression of the scope's tenants and audits it; NotFoundError otherwise. */
export async function revokeSuppression(
  db: StateDbOrTx,
  scope: TenantScope,
  id: string,
  by: AuditSource,
  now: Date = new Date(),
): Promise<Suppression> {
  if (scope.length === 0) throw new NotFoundError(`no active suppression ${id}`);
  return inTransaction(db, async (tx) => {
    const row = await tx
      .selectFrom('suppressions')
      .selectAll()
      .where('id', '=', id)
      .where('tenant', 'in', [...scope])
      .executeTakeFirst();
    if (!row || !fromRow(row, now).active) throw new NotFoundError(`no active suppression ${id}`);
    const at = now.toISOString();
    await tx.updateTable('suppressions').set({ revoked_at: at }).where('id', '=', id).execute();
    const before = fromRow(row, now);
    const after = fromRow({ ...row, revoked_at: at }, now);
    await appendAudit(tx, {
      tenant: row.tenant,
      actor: by.actor,
      action: 'suppression.revoke',
      target: { type: 'suppression', id },
      outcome: 'success',
      ip: by.ip,
      userAgent: by.userAgent,
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}

// ---- matching, for alert intake (the system's write path) ----------------------------------

export interface ActiveSuppression {
  id: string;
  entityType: string | null;
  entityValue: string | null;
}

/**
 * The suppressions in force for one rule of one tenant at `now`: those naming an entity first
 * (the narrower reason), then by age.
 */
export async function activeSuppressionsFor(
  tx: StateDbOrTx,
  tenant: string,
  ruleId: string,
  now: Date,
): Promise<ActiveSuppression[]> {
  const rows = await tx
    .selectFrom('suppressions')
    .select(['id', 'entity_type', 'entity_value', 'created_at'])
    .where('tenant', '=', tenant)
    .where('rule_id', '=', ruleId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows
    .map((r) => ({ id: r.id, entityType: r.entity_type, entityValue: r.entity_value }))
    .sort((a, b) => Number(a.entityType === null) - Number(b.entityType === null));
}

/**
 * The suppression that hides a detection with these entities, if any: one without an entity
 * matches every detection of its rule; one with an entity matches when the detection has that
 * exact entity (type and value).
 */
export function matchSuppression(
  active: readonly ActiveSuppression[],
  entities: readonly { type: string; value: string }[],
): ActiveSuppression | undefined {
  return active.find(
    (s) =>
      s.entityType === null || entities.some((e) => e.type === s.entityType && e.value === s.entityValue),
  );
}

/** Counts `hits` hidden detections on a suppression, the last at `at`. */
export async function recordSuppressionHits(
  tx: StateDbOrTx,
  id: string,
  hits: number,
  at: string,
): Promise<void> {
  const row = await tx
    .selectFrom('suppressions')
    .select(['hits', 'last_hit_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return;
  await tx
    .updateTable('suppressions')
    .set({
      hits: row.hits + hits,
      last_hit_at: row.last_hit_at !== null && row.last_hit_at > at ? row.last_hit_at : at,
    })
    .where('id', '=', id)
    .execute();
}

async function ruleKnown(tx: StateDbOrTx, tenant: string, ruleId: string): Promise<boolean> {
  const rule = await tx
    .selectFrom('rules')
    .select('id')
    .where('id', '=', ruleId)
    .where((eb) => eb.or([eb('tenant', 'is', null), eb('tenant', '=', tenant)]))
    .executeTakeFirst();
  if (rule) return true;
  const detection = await tx
    .selectFrom('detections')
    .select('id')
    .where('tenant', '=', tenant)
    .where('rule_id', '=', ruleId)
    .limit(1)
    .executeTakeFirst();
  return detection !== undefined;
}

function fromRow(r: SuppressionTable, now: Date): Suppression {
  return {
    id: r.id,
    tenant: r.tenant,
    ruleId: r.rule_id,
    entity:
      r.entity_type !== null && r.entity_value !== null
        ? { type: r.entity_type, value: r.entity_value }
        : null,
    reason: r.reason,
    owner: r.owner,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    hits: r.hits,
    lastHitAt: r.last_hit_at,
    active: r.revoked_at === null && r.expires_at > now.toISOString(),
  };
}

function auditView(s: Suppression) {
  return {
    ruleId: s.ruleId,
    entity: s.entity,
    reason: s.reason,
    owner: s.owner,
    expiresAt: s.expiresAt,
    revokedAt: s.revokedAt,
    hits: s.hits,
  };
}
