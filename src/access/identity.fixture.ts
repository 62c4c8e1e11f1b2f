/** Test helpers for identity tests: a fresh state database on disk, users made the real way, audit entries read back. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditRecord, openStateDb, type StateDb, searchAudit } from '../store/state/index.ts';
import { scopeOf } from '../store/tenancy.ts';
import type { LoginPolicy } from './login.ts';
import { LoginLimiter } from './login-limiter.ts';
import { createServiceAccount, createUser, LOCAL_MANAGER, type UserView } from './users.ts';

export async function tempStateDb(): Promise<StateDb> {
  return openStateDb({ path: join(mkdtempSync(join(tmpdir(), 'vigil-identity-')), 'state.db') });
}

export const POLICY: LoginPolicy = {
  minLength: 12,
  lockoutFailures: 3,
  lockoutMinutes: 15,
  idleMinutes: 30,
  maxHours: 8,
};

export const roomyLimiter = () => new LoginLimiter({ perIpPerMinute: 1e6, perUserPerMinute: 1e6 });

/** A user with a known password that needs no change at sign-in. */
export async function makeUser(
  db: StateDb,
  username: string,
  opts: { roles?: string[]; tenants?: string[]; password?: string } = {},
): Promise<UserView> {
  const created = await createUser(
    db,
    LOCAL_MANAGER,
    {
      username,
      roles: opts.roles ?? ['analyst'],
      tenants: opts.tenants ?? ['acme'],
      password: opts.password ?? `${username}-correct-horse`,
      mustChangePassword: false,
    },
    POLICY,
  );
  return created.user;
}

export async function makeService(
  db: StateDb,
  name: string,
  roles: string[],
  tenants = ['acme'],
): Promise<UserView> {
  return createServiceAccount(db, LOCAL_MANAGER, { username: name, roles, tenants });
}

/** Every audit entry, oldest first. */
export async function auditTrail(db: StateDb): Promise<AuditRecord[]> {
  const rows = await searchAudit(db, {
    tenants: scopeOf(['acme', 'globex', 'default']),
    includeGlobal: true,
    limit: 10_000,
  });
  return rows.reverse();
}
