/** `GET /api/v1/roles` over a real server and state store: the matrix for any signed-in caller. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKey,
  createIngestToken,
  createUser,
  LOCAL_MANAGER,
  PERMISSIONS,
  ROLE_DESCRIPTIONS,
  ROLE_PERMISSIONS,
  ROLES,
} from '../../access/index.ts';
import { createLogger } from '../../ops/index.ts';
import { openStateDb, type StateDb } from '../../store/state/index.ts';
import { buildServer } from '../server.ts';
import { rolesRoutes } from './roles-routes.ts';

let db: StateDb;
let app: FastifyInstance;
let viewerKey: string;
let narrowKey: string;
let ingestToken: string;

beforeAll(async () => {
  db = await openStateDb({ path: join(mkdtempSync(join(tmpdir(), 'vigil-roles-api-')), 'state.db') });
  app = await buildServer({
    logger: createLogger('silent'),
    stateDb: db,
    bodyLimitBytes: 1024 * 1024,
    routes: rolesRoutes(),
  });
  const account = async (username: string, roles: string[]) =>
    (
      await createUser(
        db,
        LOCAL_MANAGER,
        {
          username,
          roles,
          tenants: ['acme'],
          password: `${username}-long-passphrase-1`,
          mustChangePassword: false,
        },
        { minLength: 12 },
      )
    ).user;
  const viewer = await account('vera', ['viewer']);
  const analyst = await account('ana', ['analyst', 'intel_analyst']);
  viewerKey = (await createApiKey(db, { tenant: 'acme', name: 'v', scopes: ['read'], ownerId: viewer.id }))
    .token;
  narrowKey = (
    await createApiKey(db, { tenant: 'acme', name: 'a', scopes: ['alerts:read'], ownerId: analyst.id })
  ).token;
  ingestToken = (await createIngestToken(db, { tenant: 'acme', source: 'fw' })).token;
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

const roles = (token?: string) =>
  app.inject({
    method: 'GET',
    url: '/api/v1/roles',
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });

describe('GET /api/v1/roles', () => {
  it('gives a viewer the whole matrix: every role with its description and permissions, every permission', async () => {
    const res = await roles(viewerKey);
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      permissions: string[];
      roles: { id: string; description: string; permissions: string[] }[];
    };
    expect(body.permissions).toEqual([...PERMISSIONS]);
    expect(body.roles.map((r) => r.id)).toEqual([...ROLES]);
    for (const r of ROLES)
      expect(body.roles.find((x) => x.id === r)).toEqual({
        id: r,
        description: ROLE_DESCRIPTIONS[r],
        permissions: [...ROLE_PERMISSIONS[r]],
      });
  });

  it("says which roles the caller holds, and the permissions a key's scopes leave it", async () => {
    expect((await roles(viewerKey)).json()).toMatchObject({
      caller: { roles: ['viewer'], permissions: ROLE_PERMISSIONS.viewer },
    });
    expect((await roles(narrowKey)).json()).toMatchObject({
      caller: { roles: ['analyst', 'intel_analyst'], permissions: ['alerts:read'] },
    });
  });

  it('is refused without credentials and to ingest tokens', async () => {
    expect((await roles()).statusCode).toBe(401);
    expect((await roles(ingestToken)).statusCode).toBe(401);
  });
});
