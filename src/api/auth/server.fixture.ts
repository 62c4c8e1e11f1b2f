/** A real Fastify server (real SQLite file, real argon2) with the identity routes and the admin routes, driven by `inject`. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createUser, LOCAL_MANAGER } from '../../access/index.ts';
import { loadConfig, type VigilConfig } from '../../config/index.ts';
import { createLogger } from '../../ops/index.ts';
import { openStateDb, type StateDb } from '../../store/state/index.ts';
import { adminRoutes } from '../admin/routes.ts';
import { buildServer } from '../server.ts';
import { type AuthDeps, authDeps, authRoutes, serverAuth } from './index.ts';

export interface AuthServer {
  app: FastifyInstance;
  db: StateDb;
  deps: AuthDeps;
  close(): Promise<void>;
}

export async function authServer(auth: Partial<VigilConfig['auth']> = {}, tls = false): Promise<AuthServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-auth-api-'));
  const db = await openStateDb({ path: join(dir, 'state.db') });
  const config = loadConfig({ env: {}, overrides: { dataDir: dir } });
  const deps = authDeps(db, { ...config.auth, ...auth }, tls);
  const app = await buildServer({
    logger: createLogger('silent'),
    stateDb: db,
    bodyLimitBytes: 1024 * 1024,
    auth: serverAuth(deps),
    routes: [...authRoutes(deps), ...adminRoutes(db)],
  });
  return {
    app,
    db,
    deps,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}

/** A user in tenant `default` with a known password that needs no change. */
export async function addUser(
  db: StateDb,
  username: string,
  roles: string[],
  password = `${username}-long-passphrase`,
) {
  const r = await createUser(
    db,
    LOCAL_MANAGER,
    { username, roles, tenants: ['default'], password, mustChangePassword: false },
    { minLength: 12 },
  );
  return { ...r.user, password };
}

export interface Browser {
  cookie: string;
  csrf: string;
}

/** Signs in like the console does; returns the cookie to send back and the CSRF token. */
export async function signIn(app: FastifyInstance, username: string, password: string): Promise<Browser> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const set = String(res.headers['set-cookie']);
  return { cookie: set.split(';')[0] as string, csrf: (res.json() as { csrfToken: string }).csrfToken };
}
