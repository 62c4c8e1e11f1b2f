/**
 * Users and service accounts, with the tenants granted to each. Password hashes pass through
 * here as opaque strings; the secrets themselves never do. Lookups by id or user name serve
 * authentication; listing is always scoped to the caller's tenants.
 */
import type { TenantScope } from '../tenancy.ts';
import type { StateDb } from './open.ts';
import type { UserTable } from './schema.ts';

export type UserKind = UserTable['kind'];

export interface UserRecord {
  id: string;
  kind: UserKind;
  username: string;
  displayName: string;
  passwordHash: string | null;
  roles: string[];
  tenants: string[];
  disabled: boolean;
  failedCount: number;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  passwordChangedAt: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewUser {
  id: string;
  kind: UserKind;
  username: string;
  displayName: string;
  passwordHash: string | null;
  roles: string[];
  tenants: string[];
  mustChangePassword: boolean;
  createdAt: string;
}

/** Fields an update may change; tenants are replaced as a whole. */
export interface UserPatch {
  displayName?: string;
  passwordHash?: string | null;
  roles?: string[];
  tenants?: string[];
  disabled?: boolean;
  failedCount?: number;
  lockedUntil?: string | null;
  mustChangePassword?: boolean;
  passwordChangedAt?: string | null;
  lastLoginAt?: string | null;
}

export async function insertUser(db: StateDb, u: NewUser): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: u.id,
      kind: u.kind,
      username: u.username,
      display_name: u.displayName,
      password_hash: u.passwordHash,
      roles: JSON.stringify(u.roles),
      disabled: 0,
      failed_count: 0,
      locked_until: null,
      must_change_password: u.mustChangePassword ? 1 : 0,
      password_changed_at: u.passwordHash ? u.createdAt : null,
      last_login_at: null,
      created_at: u.createdAt,
      updated_at: u.createdAt,
    })
    .execute();
  await setTenants(db, u.id, u.tenants);
}

/** For authentication: the user behind a session or an API key. */
export async function getUserById(db: StateDb, id: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? withTenants(db, row) : undefined;
}

/** For authentication: the user signing in (`username` already normalized). */
export async function getUserByUsername(db: StateDb, username: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row ? withTenants(db, row) : undefined;
}

/** Users and service accounts holding at least one of the scope's tenants, by user name. */
export async function listUsers(db: StateDb, scope: TenantScope, kind?: UserKind): Promise<UserRecord[]> {
  if (scope.length === 0) return [];
  let q = db
    .selectFrom('users')
    .selectAll()
    .where('id', 'in', (sub) =>
      sub
        .selectFrom('user_tenants')
        .select('user_id')
        .where('tenant', 'in', [...scope]),
    );
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.orderBy('username').execute();
  if (rows.length === 0) return [];
  const grants = await db
    .selectFrom('user_tenants')
    .selectAll()
    .where(
      'user_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('tenant')
    .execute();
  return rows.map((r) =>
    fromRow(
      r,
      grants.filter((g) => g.user_id === r.id).map((g) => g.tenant),
    ),
  );
}

export async function countUsers(db: StateDb, kind: UserKind): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function updateUser(db: StateDb, id: string, patch: UserPatch, at: string): Promise<boolean> {
  const set: Partial<UserTable> = { updated_at: at };
  if (patch.displayName !== undefined) set.display_name = patch.displayName;
  if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
  if (patch.roles !== undefined) set.roles = JSON.stringify(patch.roles);
  if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
  if (patch.failedCount !== undefined) set.failed_count = patch.failedCount;
  if (patch.lockedUntil !== undefined) set.locked_until = patch.lockedUntil;
  if (patch.mustChangePassword !== undefined) set.must_change_password = patch.mustChangePassword ? 1 : 0;
  if (patch.passwordChangedAt !== undefined) set.password_changed_at = patch.passwordChangedAt;
  if (patch.lastLoginAt !== undefined) set.last_login_at = patch.lastLoginAt;
  const r = await db.updateTable('users').set(set).where('id', '=', id).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  if (patch.tenants !== undefined) await setTenants(db, id, patch.tenants);
  return true;
}

/**
 * Counts a failed login in one statement (concurrent failures cannot be lost). Returns the new
 * count of consecutive failures.
 */
export async function incrementFailedLogins(db: StateDb, id: string, at: string): Promise<number> {
  const r = await db
    .updateTable('users')
    .set((eb) => ({ failed_count: eb('failed_count', '+', 1), updated_at: at }))
    .where('id', '=', id)
    .returning('failed_count')
    .executeTakeFirst();
  return r ? Number(r.failed_count) : 0;
}

async function setTenants(db: StateDb, userId: string, tenants: readonly string[]): Promise<void> {
  await db.deleteFrom('user_tenants').where('user_id', '=', userId).execute();
  const unique = [...new Set(tenants)];
  if (unique.length === 0) return;
  await db
    .insertInto('user_tenants')
    .values(unique.map((tenant) => ({ user_id: userId, tenant })))
    .execute();
}

async function withTenants(db: StateDb, row: UserTable): Promise<UserRecord> {
  const grants = await db
    .selectFrom('user_tenants')
    .select('tenant')
    .where('user_id', '=', row.id)
    .orderBy('tenant')
    .execute();
  return fromRow(
    row,
    grants.map((g) => g.tenant),
  );
}

function fromRow(r: UserTable, tenants: string[]): UserRecord {
  return {
    id: r.id,
    kind: r.kind,
    username: r.username,
    displayName: r.display_name,
    passwordHash: r.password_hash,
    roles: JSON.parse(r.roles) as string[],
    tenants,
    disabled: r.disabled === 1,
    failedCount: Number(r.failed_count),
    lockedUntil: r.locked_until,
    mustChangePassword: r.must_change_password === 1,
    passwordChangedAt: r.password_changed_at,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
