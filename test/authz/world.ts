/**
 * The world the authorization tests run in: a real Vigil started in-process (real SQLite state
 * store, real DuckDB event store, pipeline worker), driven with `server.inject`. Tenants A and B;
 * one user per role in A with a personal API key holding the role's full permissions and a console
 * session; an admin of A and B; an admin of B; an expired key, a revoked key, a disabled user's
 * session, an ingest token of A, and no credentials at all.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import {
  createApiKey,
  createIngestToken,
  createUser,
  LOCAL_MANAGER,
  PERMISSIONS,
  type Permission,
  permissionsOf,
  ROLES,
  type Role,
  updateAccount,
} from '../../src/access/index.ts';
import type { AnyRoute } from '../../src/api/index.ts';
import { type RunningVigil, startVigil } from '../../src/app/index.ts';
import { loadConfig, type VigilConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/ops/index.ts';
import { openStateDb, revokeCredential, type StateDb } from '../../src/store/state/index.ts';
import { scopeOf } from '../../src/store/tenancy.ts';

export const A = 'tenant-a';
export const B = 'tenant-b';

export type Credential =
  | { kind: 'none' }
  | { kind: 'key'; token: string }
  | { kind: 'session'; cookie: string; csrf: string };

/** Someone calling the API, and what the matrix says they hold. */
export interface Caller {
  name: string;
  credential: Credential;
  /** Permissions held; `invalid` for missing, expired or revoked credentials. */
  holds: readonly Permission[] | 'invalid';
  /** An ingest token (may call ingest routes only). */
  ingestToken?: boolean;
  /** Tenants granted. */
  tenants: readonly string[];
  role?: Role;
}

export interface World {
  vigil: RunningVigil;
  /** The configuration Vigil was started with. */
  config: VigilConfig;
  db: StateDb;
  routes: readonly AnyRoute[];
  /** Every caller of the matrix. */
  callers: Caller[];
  /** The role callers of tenant A (keys and sessions). */
  tenantA: Caller[];
  adminAB: Caller;
  adminB: Caller;
  send(caller: Caller, opts: InjectOptions, tenantHeader?: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

const password = (name: string) => `${name}-correct-horse-battery`;

export async function startWorld(): Promise<World> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-authz-'));
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      tenant: A,
      'server.port': 0,
      'server.host': '127.0.0.1',
      'syslog.enabled': false,
      'log.level': 'warn',
    },
  });
  const vigil = await startVigil(config, createLogger('silent'), { hookModules: [] });
  const db = await openStateDb({ path: join(dataDir, 'state.db') });

  const inject = (opts: InjectOptions) => vigil.server.inject(opts);
  const send = async (caller: Caller, opts: InjectOptions, tenantHeader?: string) => {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string> | undefined) };
    const c = caller.credential;
    if (c.kind === 'key') headers.authorization = `Bearer ${c.token}`;
    if (c.kind === 'session') {
      headers.cookie = c.cookie;
      headers['x-csrf-token'] = c.csrf;
    }
    if (tenantHeader !== undefined) headers['x-vigil-tenant'] = tenantHeader;
    return inject({ ...opts, headers });
  };

  const user = async (username: string, roles: Role[], tenants: string[]) =>
    (
      await createUser(
        db,
        LOCAL_MANAGER,
        { username, roles, tenants, password: password(username), mustChangePassword: false },
        { minLength: 12 },
      )
    ).user;
  const keyOf = async (ownerId: string, tenant: string, scopes: readonly string[], expiresAt?: string) =>
    (
      await createApiKey(db, {
        tenant,
        name: 'matrix',
        scopes: [...scopes],
        ownerId,
        expiresAt: expiresAt ?? null,
      })
    ).token;
  const signIn = async (username: string): Promise<Credential> => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: password(username) },
    });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    const cookie = String(res.headers['set-cookie']).split(';')[0] as string;
    return { kind: 'session', cookie, csrf: (res.json() as { csrfToken: string }).csrfToken };
  };

  const tenantA: Caller[] = [];
  for (const role of ROLES) {
    const u = await user(`${role}-a`, [role], [A]);
    const holds = permissionsOf([role]);
    tenantA.push({
      name: `${role} (key)`,
      credential: { kind: 'key', token: await keyOf(u.id, A, holds) },
      holds,
      tenants: [A],
      role,
    });
    tenantA.push({
      name: `${role} (session)`,
      credential: await signIn(u.username),
      holds,
      tenants: [A],
      role,
    });
  }

  const ab = await user('admin-ab', ['admin'], [A, B]);
  const adminAB: Caller = {
    name: 'admin of A and B (key)',
    credential: { kind: 'key', token: await keyOf(ab.id, A, PERMISSIONS) },
    holds: PERMISSIONS,
    tenants: [A, B],
    role: 'admin',
  };
  const b = await user('admin-b', ['admin'], [B]);
  const adminB: Caller = {
    name: 'admin of B (key)',
    credential: { kind: 'key', token: await keyOf(b.id, B, PERMISSIONS) },
    holds: PERMISSIONS,
    tenants: [B],
    role: 'admin',
  };

  const adminA = await user('owner-a', ['admin'], [A]);
  const expired = await keyOf(adminA.id, A, PERMISSIONS, new Date(Date.now() - 60_000).toISOString());
  const revokedKey = await createApiKey(db, {
    tenant: A,
    name: 'revoked',
    scopes: [...PERMISSIONS],
    ownerId: adminA.id,
  });
  await revokeCredential(db, scopeOf([A]), revokedKey.id, new Date().toISOString());
  const gone = await user('disabled-a', ['admin'], [A]);
  const disabledSession = await signIn(gone.username);
  await updateAccount(db, LOCAL_MANAGER, gone.id, { disabled: true });
  const ingest = await createIngestToken(db, { tenant: A, source: 'a-source' });

  const callers: Caller[] = [
    ...tenantA,
    adminAB,
    {
      name: 'ingest token of A',
      credential: { kind: 'key', token: ingest.token },
      holds: ['events:ingest'],
      ingestToken: true,
      tenants: [A],
    },
    { name: 'no credentials', credential: { kind: 'none' }, holds: 'invalid', tenants: [] },
    { name: 'expired key', credential: { kind: 'key', token: expired }, holds: 'invalid', tenants: [A] },
    {
      name: 'revoked key',
      credential: { kind: 'key', token: revokedKey.token },
      holds: 'invalid',
      tenants: [A],
    },
    { name: "disabled user's session", credential: disabledSession, holds: 'invalid', tenants: [A] },
  ];

  return {
    vigil,
    config,
    db,
    routes: vigil.routes,
    callers,
    tenantA,
    adminAB,
    adminB,
    send,
    async close() {
      await db.destroy();
      await vigil.close();
    },
  };
}
