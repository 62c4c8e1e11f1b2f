/**
 * Managing users and service accounts: create, change roles/tenants/disabled, reset a password,
 * unlock, and change one's own password. Each change and its audit entry commit together.
 *
 * Who may manage whom: a manager acts only on accounts whose tenants are all among the manager's
 * (an admin of tenant A cannot reset the password of an admin of A and B, which would reach B),
 * grants only tenants it holds, and cannot disable or demote itself. The local CLI manages all.
 */
import { randomUUID } from 'node:crypto';
import { BadRequestError, ForbiddenError, NotFoundError, VigilError } from '../core/errors.ts';
import {
  type AuditActor,
  appendAudit,
  deleteUserSessions,
  ensureTenant,
  getUserById,
  getUserByUsername,
  insertUser,
  listUsers,
  type StateDb,
  type TenantScope,
  type UserKind,
  type UserPatch,
  type UserRecord,
  updateUser,
} from '../store/state/index.ts';
import { type ClientInfo, clientFields, LOCAL_CLI_ACTOR, NO_CLIENT } from './client.ts';
import { checkPasswordPolicy, generatePassword, hashPassword, type PasswordPolicy } from './passwords.ts';
import type { Principal } from './principal.ts';
import { isRole, type Role } from './roles.ts';

/** Who is managing accounts, and from where. */
export interface Manager {
  actor: AuditActor;
  /** Tenants the manager holds, or `all` for the local command line. */
  tenants: readonly string[] | 'all';
  /** The manager's own account (to refuse self-demotion), if any. */
  userId: string | null;
  client: ClientInfo;
}

export const LOCAL_MANAGER: Manager = {
  actor: LOCAL_CLI_ACTOR,
  tenants: 'all',
  userId: null,
  client: NO_CLIENT,
};

export function managerOf(principal: Principal, client: ClientInfo): Manager {
  return {
    actor: { kind: principal.kind, id: principal.id, name: principal.name },
    tenants: principal.tenants,
    userId: principal.userId,
    client,
  };
}

const USERNAME_RE = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

/** Lower case, NFKC; throws BadRequestError naming the rule when it is not a valid user name. */
export function normalizeUsername(raw: string): string {
  const u = raw.normalize('NFKC').trim().toLowerCase();
  if (!USERNAME_RE.test(u))
    throw new BadRequestError(
      'user names are 1-64 characters: letters, digits and . _ @ - (starting with a letter or digit)',
      'username',
    );
  return u;
}

/** What an API may show of an account (never the hash). */
export interface UserView {
  id: string;
  kind: UserKind;
  username: string;
  displayName: string;
  roles: string[];
  tenants: string[];
  disabled: boolean;
  locked: boolean;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  passwordChangedAt: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export function viewOf(u: UserRecord, now = Date.now()): UserView {
  const locked = u.lockedUntil !== null && Date.parse(u.lockedUntil) > now;
  return {
    id: u.id,
    kind: u.kind,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    tenants: u.tenants,
    disabled: u.disabled,
    locked,
    lockedUntil: locked ? u.lockedUntil : null,
    mustChangePassword: u.mustChangePassword,
    passwordChangedAt: u.passwordChangedAt,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
  };
}

/** The audit view of an account: what changes matter, never a secret. */
const auditView = (u: UserRecord) => ({
  username: u.username,
  kind: u.kind,
  roles: u.roles,
  tenants: u.tenants,
  disabled: u.disabled,
});

export interface NewAccount {
  username: string;
  displayName?: string | undefined;
  roles: readonly string[];
  tenants: readonly string[];
}

export interface CreatedUser {
  user: UserView;
  /** Set when Vigil chose the password: shown once, to be changed at first sign-in. */
  oneTimePassword: string | null;
}

export async function createUser(
  db: StateDb,
  manager: Manager,
  input: NewAccount & { password?: string | undefined; mustChangePassword?: boolean | undefined },
  policy: PasswordPolicy,
): Promise<CreatedUser> {
  const username = normalizeUsername(input.username);
  const oneTimePassword = input.password === undefined ? generatePassword() : null;
  const password = input.password ?? (oneTimePassword as string);
  if (input.password !== undefined) checkPasswordPolicy(password, username, policy);
  const hash = await hashPassword(password);
  // A password someone else chose is changed at first sign-in, unless the manager says otherwise.
  const mustChange = oneTimePassword !== null || input.mustChangePassword !== false;
  const user = await insertAccount(db, manager, 'user', { ...input, username }, hash, mustChange);
  return { user: viewOf(user), oneTimePassword };
}

/** A service account: no password, acts through API keys created for it. */
export async function createServiceAccount(
  db: StateDb,
  manager: Manager,
  input: NewAccount,
): Promise<UserView> {
  const username = normalizeUsername(input.username);
  return viewOf(await insertAccount(db, manager, 'service', { ...input, username }, null, false));
}

async function insertAccount(
  db: StateDb,
  manager: Manager,
  kind: UserKind,
  input: NewAccount,
  passwordHash: string | null,
  mustChangePassword: boolean,
): Promise<UserRecord> {
  const roles = checkRoles(input.roles);
  const tenants = checkGrantableTenants(manager, input.tenants);
  const now = new Date().toISOString();
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    if (await getUserByUsername(tx, input.username))
      throw new VigilError('conflict', `a user or service account named "${input.username}" already exists`, {
        location: 'username',
      });
    for (const t of tenants) await ensureTenant(tx, t, now);
    await insertUser(tx, {
      id,
      kind,
      username: input.username,
      displayName: input.displayName?.trim() || input.username,
      passwordHash,
      roles,
      tenants,
      mustChangePassword,
      createdAt: now,
    });
    const created = (await getUserById(tx, id)) as UserRecord;
    await appendAudit(tx, {
      tenant: tenants[0] ?? null,
      actor: manager.actor,
      action: kind === 'user' ? 'user.create' : 'service_account.create',
      target: { type: kind === 'user' ? 'user' : 'service_account', id },
      outcome: 'success',
      ...clientFields(manager.client),
      after: auditView(created),
    });
  });
  return (await getUserById(db, id)) as UserRecord;
}

export interface AccountChange {
  displayName?: string | undefined;
  roles?: readonly string[] | undefined;
  tenants?: readonly string[] | undefined;
  disabled?: boolean | undefined;
}

/** Changes roles, tenants, display name or disabled; disabling ends the account's sessions. */
export async function updateAccount(
  db: StateDb,
  manager: Manager,
  id: string,
  change: AccountChange,
): Promise<UserView> {
  const target = await manageable(db, manager, id);
  const patch: UserPatch = {};
  if (change.displayName !== undefined) patch.displayName = change.displayName.trim() || target.username;
  if (change.roles !== undefined) patch.roles = checkRoles(change.roles);
  if (change.tenants !== undefined) patch.tenants = checkGrantableTenants(manager, change.tenants);
  if (change.disabled !== undefined) patch.disabled = change.disabled;
  if (target.id === manager.userId && (patch.disabled || (patch.roles && !patch.roles.includes('admin'))))
    throw new ForbiddenError(
      'you cannot disable your own account or remove your own admin role; ask another admin',
    );
  const now = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    for (const t of patch.tenants ?? []) await ensureTenant(tx, t, now);
    await updateUser(tx, id, patch, now);
    if (patch.disabled) await deleteUserSessions(tx, id);
    await appendAudit(tx, {
      tenant: target.tenants[0] ?? null,
      actor: manager.actor,
      action: target.kind === 'user' ? 'user.update' : 'service_account.update',
      target: { type: target.kind === 'user' ? 'user' : 'service_account', id },
      outcome: 'success',
      ...clientFields(manager.client),
      before: auditView(target),
      after: auditView((await getUserById(tx, id)) as UserRecord),
    });
  });
  return viewOf((await getUserById(db, id)) as UserRecord);
}

/**
 * Sets a new password chosen by a manager (or a one-time one when `password` is omitted), to be
 * changed at next sign-in. Unlocks the account and ends its sessions.
 */
export async function resetPassword(
  db: StateDb,
  manager: Manager,
  id: string,
  password: string | undefined,
  policy: PasswordPolicy,
): Promise<{ oneTimePassword: string | null }> {
  const target = await manageable(db, manager, id);
  if (target.kind !== 'user')
    throw new BadRequestError('service accounts have no password; they use API keys');
  const oneTimePassword = password === undefined ? generatePassword() : null;
  const chosen = password ?? (oneTimePassword as string);
  if (password !== undefined) checkPasswordPolicy(chosen, target.username, policy);
  const hash = await hashPassword(chosen);
  const now = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    await updateUser(
      tx,
      id,
      {
        passwordHash: hash,
        mustChangePassword: true,
        passwordChangedAt: now,
        failedCount: 0,
        lockedUntil: null,
      },
      now,
    );
    await deleteUserSessions(tx, id);
    await appendAudit(tx, {
      tenant: target.tenants[0] ?? null,
      actor: manager.actor,
      action: 'user.password_reset',
      target: { type: 'user', id },
      outcome: 'success',
      ...clientFields(manager.client),
      details: { username: target.username, generated: oneTimePassword !== null },
    });
  });
  return { oneTimePassword };
}

/** Lifts a lockout and clears the failure count. */
export async function unlockUser(db: StateDb, manager: Manager, id: string): Promise<UserView> {
  const target = await manageable(db, manager, id);
  const now = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    await updateUser(tx, id, { failedCount: 0, lockedUntil: null }, now);
    await appendAudit(tx, {
      tenant: target.tenants[0] ?? null,
      actor: manager.actor,
      action: 'user.unlock',
      target: { type: 'user', id },
      outcome: 'success',
      ...clientFields(manager.client),
      details: { username: target.username, wasLockedUntil: target.lockedUntil },
    });
  });
  return viewOf((await getUserById(db, id)) as UserRecord);
}

/** Accounts holding any of `tenants` (a route passes the caller's; the CLI those it is asked for). */
export async function listAccounts(db: StateDb, tenants: TenantScope, kind?: UserKind): Promise<UserView[]> {
  const now = Date.now();
  return (await listUsers(db, tenants, kind)).map((u) => viewOf(u, now));
}

/** Finds an account by id or user name that `manager` may manage; NotFound/Forbidden otherwise. */
export async function manageable(db: StateDb, manager: Manager, idOrName: string): Promise<UserRecord> {
  const byId = await getUserById(db, idOrName);
  const user = byId ?? (await getUserByUsername(db, idOrName.trim().toLowerCase()));
  const visible =
    user && (manager.tenants === 'all' || user.tenants.some((t) => manager.tenants.includes(t)));
  if (!user || !visible) throw new NotFoundError(`no user or service account "${idOrName}"`);
  if (manager.tenants !== 'all') {
    const outside = user.tenants.filter((t) => !manager.tenants.includes(t));
    if (outside.length > 0)
      throw new ForbiddenError(
        `"${user.username}" also belongs to tenant(s) you do not administer (${outside.join(', ')})`,
      );
  }
  return user;
}

function checkRoles(roles: readonly string[]): Role[] {
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length > 0)
    throw new BadRequestError(
      `unknown role(s) ${unknown.join(', ')}; roles are viewer, analyst, responder, detection_engineer, intel_analyst, admin`,
      'roles',
    );
  if (roles.length === 0) throw new BadRequestError('give at least one role', 'roles');
  return [...new Set(roles)] as Role[];
}

function checkGrantableTenants(manager: Manager, tenants: readonly string[]): string[] {
  const unique = [...new Set(tenants.map((t) => t.trim()))];
  if (unique.length === 0) throw new BadRequestError('give at least one tenant', 'tenants');
  const bad = unique.find((t) => !/^[A-Za-z0-9_.:-]{1,128}$/.test(t));
  if (bad !== undefined)
    throw new BadRequestError(`tenant "${bad}": letters, digits and _ . : - only (at most 128)`, 'tenants');
  if (manager.tenants !== 'all') {
    const held = manager.tenants;
    const foreign = unique.filter((t) => !held.includes(t));
    if (foreign.length > 0)
      throw new ForbiddenError(`you cannot grant tenant(s) you do not hold: ${foreign.join(', ')}`);
  }
  return unique;
}
