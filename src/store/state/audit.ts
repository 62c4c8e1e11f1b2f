/**
 * The audit trail: who did what, when, from where, with the state before and after. Append only
 * and hash-chained (see `audit-chain.ts`); `verifyAudit` (audit-verify.ts) recomputes the chain.
 *
 * Appends are serialized: each takes SQLite's write lock before reading the chain's head, so two
 * writers (even in two processes) never build on the same row. Called with a transaction, the
 * append joins it: the change and its audit row commit (or roll back) together.
 */
import { type SqlBool, sql } from 'kysely';
import type { TenantScope } from '../tenancy.ts';
import { GENESIS_HASH, rowHash, storedJson, type UnhashedRow } from './audit-chain.ts';
import type { StateDb } from './open.ts';
import type { AuditLogTable } from './schema.ts';
import { inTransaction, type StateDbOrTx } from './transaction.ts';

export type AuditActorKind = 'user' | 'service' | 'api_key' | 'ingest' | 'system' | 'anonymous';
export type AuditOutcome = 'success' | 'failure' | 'denied';
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied'];
export const AUDIT_ACTOR_KINDS: readonly AuditActorKind[] = [
  'user',
  'service',
  'api_key',
  'ingest',
  'system',
  'anonymous',
];

export interface AuditActor {
  kind: AuditActorKind;
  id: string | null;
  name: string | null;
}

export interface AuditInput {
  /** null: a system-wide entry, visible to administrators only. */
  tenant: string | null;
  actor: AuditActor;
  /** Dotted verb, e.g. `token.create`, `auth.denied`. */
  action: string;
  target?: { type: string; id: string } | null;
  outcome: AuditOutcome;
  ip?: string | null;
  userAgent?: string | null;
  /** State before / after the change, and anything else worth keeping. Secret-looking keys are redacted. */
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

/** Who makes a change and from where (the access layer's `AuditBy` has this shape). */
export interface ChangeBy {
  actor: AuditActor;
  client: { ip: string | null; userAgent: string | null };
}

/** The same, flattened the way an audit row keeps it. */
export interface ChangeAudit {
  actor: AuditActor;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditRecord {
  seq: number;
  time: string;
  tenant: string | null;
  actor: AuditActor;
  action: string;
  target: { type: string; id: string } | null;
  outcome: AuditOutcome;
  ip: string | null;
  userAgent: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
  prevHash: string;
  hash: string;
}

/** The newest row of the chain (what a checkpoint signs). */
export interface AuditHead {
  seq: number;
  hash: string;
}

type AppendListener = () => void;
const listeners = new Set<AppendListener>();

/**
 * Calls `fn` after every append in this process (after the commit, or — for an append inside a
 * caller's transaction — as soon as the row is written; read the head through the same database
 * handle and the read waits for that transaction). Returns the unsubscribe function.
 */
export function onAuditAppend(fn: AppendListener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export async function appendAudit(db: StateDbOrTx, input: AuditInput): Promise<AuditRecord> {
  checkInput(input);
  const row = await inTransaction(db, async (tx) => {
    // A write statement first: it takes the database's write lock, so reading the head below and
    // inserting after it cannot interleave with another writer (deferred transactions would).
    await sql`update audit_log set seq = seq where 0`.execute(tx);
    const head = await tx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const unhashed: UnhashedRow = {
      seq: (head?.seq ?? 0) + 1,
      time: new Date().toISOString(),
      tenant: input.tenant,
      actor_kind: input.actor.kind,
      actor_id: input.actor.id,
      actor_name: input.actor.name,
      action: input.action,
      target_type: input.target?.type ?? null,
      target_id: input.target?.id ?? null,
      outcome: input.outcome,
      ip: input.ip ?? null,
      user_agent: input.userAgent ? input.userAgent.slice(0, 512) : null,
      before: storedJson(input.before),
      after: storedJson(input.after),
      details: storedJson(input.details),
      prev_hash: head?.hash ?? GENESIS_HASH,
    };
    const full: AuditLogTable = { ...unhashed, hash: rowHash(unhashed) };
    await tx.insertInto('audit_log').values(full).execute();
    return full;
  });
  for (const fn of listeners) fn();
  return auditRecordOf(row);
}

function checkInput(input: AuditInput): void {
  if (!/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/.test(input.action) || input.action.length > 128) {
    throw new TypeError(`audit action "${input.action}" must be dotted lower-case words (e.g. token.create)`);
  }
  if (!AUDIT_ACTOR_KINDS.includes(input.actor.kind))
    throw new TypeError(`unknown audit actor kind ${input.actor.kind}`);
  if (!AUDIT_OUTCOMES.includes(input.outcome)) throw new TypeError(`unknown audit outcome ${input.outcome}`);
}

/** The newest row of the chain, or null when it is empty. */
export async function auditHead(db: StateDb): Promise<AuditHead | null> {
  const r = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { seq: r.seq, hash: r.hash } : null;
}

/** The stored hash of entry `seq` (undefined when there is no such row). */
export async function auditHashAt(db: StateDb, seq: number): Promise<string | undefined> {
  const r = await db.selectFrom('audit_log').select('hash').where('seq', '=', seq).executeTakeFirst();
  return r?.hash;
}

export interface AuditQuery {
  /** Tenants the caller may see. */
  tenants: TenantScope;
  /** Whether system-wide entries (tenant null) are included: administrators only. */
  includeGlobal: boolean;
  /** ISO times, `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  /** Matches the actor's id or name. */
  actor?: string;
  actorKind?: AuditActorKind;
  /** `token` matches `token` and `token.create`, not `tokens`. */
  actionPrefix?: string;
  targetType?: string;
  targetId?: string;
  outcome?: AuditOutcome;
  /** Paging: the `seq` of the last entry of the previous page (results are newest first). */
  before?: number;
  limit: number;
}

export async function searchAudit(db: StateDb, q: AuditQuery): Promise<AuditRecord[]> {
  let query = db.selectFrom('audit_log').selectAll();
  const tenants = [...q.tenants];
  query = query.where((eb) => {
    const scoped = tenants.length > 0 ? [eb('tenant', 'in', tenants)] : [];
    const global = q.includeGlobal ? [eb('tenant', 'is', null)] : [];
    const either = [...scoped, ...global];
    return eb.or([...either, sql<SqlBool>`0`]);
  });
  if (q.from) query = query.where('time', '>=', q.from);
  if (q.to) query = query.where('time', '<', q.to);
  if (q.actor) {
    const actor = q.actor;
    query = query.where((eb) => eb.or([eb('actor_id', '=', actor), eb('actor_name', '=', actor)]));
  }
  if (q.actorKind) query = query.where('actor_kind', '=', q.actorKind);
  if (q.actionPrefix) {
    const p = q.actionPrefix.replace(/\.$/, '');
    query = query.where((eb) =>
      eb.or([eb('action', '=', p), eb(sql<string>`substr(action, 1, ${p.length + 1})`, '=', `${p}.`)]),
    );
  }
  if (q.targetType) query = query.where('target_type', '=', q.targetType);
  if (q.targetId) query = query.where('target_id', '=', q.targetId);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  if (q.before !== undefined) query = query.where('seq', '<', q.before);
  const rows = await query.orderBy('seq', 'desc').limit(q.limit).execute();
  return rows.map(auditRecordOf);
}

export function auditRecordOf(r: AuditLogTable): AuditRecord {
  return {
    seq: r.seq,
    time: r.time,
    tenant: r.tenant,
    actor: { kind: r.actor_kind as AuditActorKind, id: r.actor_id, name: r.actor_name },
    action: r.action,
    target: r.target_type !== null && r.target_id !== null ? { type: r.target_type, id: r.target_id } : null,
    outcome: r.outcome as AuditOutcome,
    ip: r.ip,
    userAgent: r.user_agent,
    before: parseJson(r.before),
    after: parseJson(r.after),
    details: parseJson(r.details),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
