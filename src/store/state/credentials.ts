/** Credential records (ingest tokens, API keys). Secrets never reach this module: only hashes. */

import type { TenantScope } from '../tenancy.ts';
import type { StateDb } from './open.ts';
import type { CredentialTable } from './schema.ts';

export type Credential = CredentialTable;
export type NewCredential = Omit<CredentialTable, 'revoked_at' | 'last_used_at' | 'owner_id'> & {
  owner_id?: string | null;
};

export async function insertCredential(db: StateDb, c: NewCredential): Promise<void> {
  await db
    .insertInto('credentials')
    .values({ ...c, owner_id: c.owner_id ?? null, revoked_at: null, last_used_at: null })
    .execute();
}

export async function findCredentialByHash(db: StateDb, hash: string): Promise<Credential | undefined> {
  return db.selectFrom('credentials').selectAll().where('hash', '=', hash).executeTakeFirst();
}

export async function listCredentials(
  db: StateDb,
  scope: TenantScope,
  kind?: Credential['kind'],
): Promise<Credential[]> {
  if (scope.length === 0) return [];
  let q = db
    .selectFrom('credentials')
    .selectAll()
    .where('tenant', 'in', [...scope]);
  if (kind) q = q.where('kind', '=', kind);
  return q.orderBy('created_at').execute();
}

export async function revokeCredential(
  db: StateDb,
  scope: TenantScope,
  id: string,
  at: string,
): Promise<boolean> {
  if (scope.length === 0) return false;
  const r = await db
    .updateTable('credentials')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('tenant', 'in', [...scope])
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** API keys owned by a user or service account (the owner is the scope), oldest first. */
export async function listOwnedCredentials(db: StateDb, ownerId: string): Promise<Credential[]> {
  return db
    .selectFrom('credentials')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('kind', '=', 'api')
    .orderBy('created_at')
    .execute();
}

/** Revokes an API key of `ownerId`; false when it is not theirs, unknown, or already revoked. */
export async function revokeOwnedCredential(
  db: StateDb,
  ownerId: string,
  id: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('credentials')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function touchCredential(db: StateDb, id: string, at: string): Promise<void> {
  await db.updateTable('credentials').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function ensureSource(
  db: StateDb,
  s: { id: string; tenant: string; name: string; format: string; created_at: string },
): Promise<void> {
  await db
    .insertInto('sources')
    .values(s)
    .onConflict((oc) => oc.columns(['tenant', 'name']).doNothing())
    .execute();
}

export async function listSources(db: StateDb, scope: TenantScope) {
  if (scope.length === 0) return [];
  return db
    .selectFrom('sources')
    .selectAll()
    .where('tenant', 'in', [...scope])
    .orderBy('name')
    .execute();
}

export async function ensureTenant(db: StateDb, id: string, at: string): Promise<void> {
  await db
    .insertInto('tenants')
    .values({ id, name: id, created_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
