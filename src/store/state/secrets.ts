/**
 * Secrets at rest: only ciphertexts (encryption lives in `access/keyring.ts`). `tenant` null is a
 * global secret (e.g. the OIDC client secret); others belong to one tenant (connector credentials).
 */
import { type SqlBool, sql } from 'kysely';
import type { TenantScope } from '../tenancy.ts';
import type { StateDb } from './open.ts';
import type { SecretTable } from './schema.ts';

export interface SecretRow {
  name: string;
  tenant: string | null;
  ciphertext: string;
  keyId: string;
  updatedAt: string;
}

/** Which secrets a query may touch: some tenants and, for administrators, the global ones. */
export interface SecretScope {
  tenants: TenantScope;
  includeGlobal: boolean;
}

/** Inserts or replaces a secret; returns the previous row, if any. */
export async function writeSecretRow(db: StateDb, row: SecretRow): Promise<SecretRow | undefined> {
  const previous = await readSecretRow(db, row.tenant, row.name);
  const values = { ciphertext: row.ciphertext, key_id: row.keyId, updated_at: row.updatedAt };
  if (previous) {
    await withTenant(
      db.updateTable('secrets').set(values).where('name', '=', row.name),
      row.tenant,
    ).execute();
  } else {
    await db
      .insertInto('secrets')
      .values({ name: row.name, tenant: row.tenant, ...values })
      .execute();
  }
  return previous;
}

export async function readSecretRow(
  db: StateDb,
  tenant: string | null,
  name: string,
): Promise<SecretRow | undefined> {
  const r = await withTenant(
    db.selectFrom('secrets').selectAll().where('name', '=', name),
    tenant,
  ).executeTakeFirst();
  return r ? fromRow(r) : undefined;
}

export async function deleteSecretRow(db: StateDb, tenant: string | null, name: string): Promise<boolean> {
  const r = await withTenant(db.deleteFrom('secrets').where('name', '=', name), tenant).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Secrets in scope, by tenant then name. */
export async function listSecretRows(db: StateDb, scope: SecretScope): Promise<SecretRow[]> {
  const tenants = [...scope.tenants];
  const rows = await db
    .selectFrom('secrets')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(tenants.length > 0 ? [eb('tenant', 'in', tenants)] : []),
        ...(scope.includeGlobal ? [eb('tenant', 'is', null)] : []),
        sql<SqlBool>`0`,
      ]),
    )
    .orderBy('tenant')
    .orderBy('name')
    .execute();
  return rows.map(fromRow);
}

/** Every secret of every tenant: for key rotation by the operator only (exported by `system.ts`). */
export async function listAllSecretRows(db: StateDb): Promise<SecretRow[]> {
  const rows = await db.selectFrom('secrets').selectAll().orderBy('tenant').orderBy('name').execute();
  return rows.map(fromRow);
}

/** Replaces a ciphertext only if it is still `expected` (a concurrent write wins). */
export async function replaceSecretCiphertext(
  db: StateDb,
  row: SecretRow,
  expected: string,
): Promise<boolean> {
  const r = await withTenant(
    db
      .updateTable('secrets')
      .set({ ciphertext: row.ciphertext, key_id: row.keyId, updated_at: row.updatedAt })
      .where('name', '=', row.name)
      .where('ciphertext', '=', expected),
    row.tenant,
  ).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// biome-ignore lint/suspicious/noExplicitAny: the three query builders share `where` on the tenant column.
function withTenant<Q extends { where: (...args: any[]) => any }>(q: Q, tenant: string | null): Q {
  return (tenant === null ? q.where('tenant', 'is', null) : q.where('tenant', '=', tenant)) as Q;
}

function fromRow(r: SecretTable): SecretRow {
  return {
    name: r.name,
    tenant: r.tenant,
    ciphertext: r.ciphertext,
    keyId: r.key_id,
    updatedAt: r.updated_at,
  };
}
