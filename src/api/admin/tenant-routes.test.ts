/**
 * The tenant routes over a real server and state store: each caller lists its own tenants with
 * their counts; an administrator creates one, is granted it, and the change is audited; others
 * are refused, and nothing of another tenant is shown or changed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createUser, LOCAL_MANAGER } from '../../access/index.ts';
import { createLogger } from '../../ops/index.ts';
import {
  ensureSource,
  getUserById,
  openStateDb,
  type StateDb,
  searchAudit,
} from '../../store/state/index.ts';
import { addAlert, addCase } from '../../store/state/soc.fixture.ts';
import { scopeOf } from '../../store/tenancy.ts';
import { buildServer } from '../server.ts';
import { tenantRoutes } from './tenant-routes.ts';

let db: StateDb;
let app: FastifyInstance;
const keys: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await openStateDb({ path: join(mkdtempSync(join(tmpdir(), 'vigil-tenants-api-')), 'state.db') });
  app = await buildServer({
    logger: createLogger('silent'),
    stateDb: db,
    bodyLimitBytes: 1024 * 1024,
    routes: tenantRoutes(db),
  });
  const account = async (username: string, roles: string[], tenants: string[]) => {
    const u = (
      await createUser(
        db,
        LOCAL_MANAGER,
        { username, roles, tenants, password: `${username}-long-passphrase-1`, mustChangePassword: false },
        { minLength: 12 },
      )
    ).user;
    ids[username] = u.id;
    keys[username] = (
      await createApiKey(db, { tenant: tenants[0] as string, name: 'k', scopes: ['admin'], ownerId: u.id })
    ).token;
  };
  await account('acme-admin', ['admin'], ['acme']);
  await account('acme-viewer', ['viewer'], ['acme']);
  await account('both-admin', ['admin'], ['acme', 'globex']);
  await account('globex-admin', ['admin'], ['globex']);
  await ensureSource(db, {
    id: 's1',
    tenant: 'acme',
    name: 'fw',
    format: 'auto',
    created_at: '2030-01-01T00:00:00Z',
  });
  await addAlert(db, { tenant: 'acme', status: 'new' });
  await addAlert(db, { tenant: 'acme', status: 'closed', verdict: 'false_positive' });
  await addAlert(db, { tenant: 'globex', status: 'new' });
  await addCase(db, { tenant: 'globex', status: 'open' });
  // A legacy key: no account behind it.
  keys.legacy = (await createApiKey(db, { tenant: 'acme', name: 'legacy', scopes: ['admin'] })).token;
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

const send = (who: string, opts: { method?: 'GET' | 'POST'; payload?: object; tenant?: string } = {}) =>
  app.inject({
    method: opts.method ?? 'GET',
    url: '/api/v1/tenants',
    headers: {
      authorization: `Bearer ${keys[who]}`,
      ...(opts.tenant ? { 'x-vigil-tenant': opts.tenant } : {}),
    },
    ...(opts.payload ? { payload: opts.payload } : {}),
  });
const listed = async (who: string, tenant?: string) =>
  (await send(who, tenant ? { tenant } : {})).json() as { tenants: { id: string; name: string }[] };

describe('GET /api/v1/tenants', () => {
  it("lists the caller's tenants with their accounts, sources, open alerts and open cases", async () => {
    const res = await send('acme-viewer');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      tenants: [
        {
          id: 'acme',
          name: 'acme',
          createdAt: expect.any(String),
          users: 3,
          serviceAccounts: 0,
          sources: 1,
          openAlerts: 1,
          openCases: 0,
        },
      ],
    });
  });

  it('shows a caller of several tenants each of them, narrowed by X-Vigil-Tenant', async () => {
    expect((await listed('both-admin')).tenants.map((t) => t.id)).toEqual(['acme', 'globex']);
    expect((await listed('both-admin', 'globex')).tenants).toMatchObject([
      { id: 'globex', users: 2, openAlerts: 1, openCases: 1 },
    ]);
    expect((await send('acme-admin', { tenant: 'globex' })).statusCode).toBe(403);
  });
});

describe('POST /api/v1/tenants', () => {
  it("creates a tenant, grants it to the caller's account, and audits both", async () => {
    const res = await send('acme-admin', { method: 'POST', payload: { id: 'initech', name: 'Initech' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      tenant: { id: 'initech', name: 'Initech', users: 1, sources: 0, openAlerts: 0, openCases: 0 },
      grantedTo: { id: ids['acme-admin'], username: 'acme-admin' },
    });
    expect((await getUserById(db, ids['acme-admin'] as string))?.tenants).toEqual(['acme', 'initech']);
    expect((await listed('acme-admin')).tenants.map((t) => t.id)).toEqual(['acme', 'initech']);
    // Nobody else got it.
    expect((await listed('globex-admin')).tenants.map((t) => t.id)).toEqual(['globex']);
    expect((await listed('both-admin')).tenants.map((t) => t.id)).toEqual(['acme', 'globex']);
    const audit = await searchAudit(db, {
      tenants: scopeOf(['acme', 'initech']),
      includeGlobal: false,
      limit: 10,
    });
    expect(audit.slice(0, 2).map((e) => [e.action, e.tenant, e.target?.id])).toEqual([
      ['user.update', 'acme', ids['acme-admin']],
      ['tenant.create', 'initech', 'initech'],
    ]);
    expect(audit[0]?.after).toEqual({ username: 'acme-admin', tenants: ['acme', 'initech'] });
  });

  it('refuses an id that exists, in any tenant, and leaves it as it was', async () => {
    const res = await send('acme-admin', { method: 'POST', payload: { id: 'globex', name: 'Mine now' } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ detail: 'tenant "globex" already exists; choose another id' });
    expect((await listed('globex-admin')).tenants).toMatchObject([{ id: 'globex', name: 'globex' }]);
    expect((await getUserById(db, ids['acme-admin'] as string))?.tenants).not.toContain('globex');
  });

  it('refuses an id with other characters, naming the rule', async () => {
    const res = await send('acme-admin', { method: 'POST', payload: { id: 'a b' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/letters, digits and _ \. : - only/);
  });

  it('creates a tenant for a legacy key without granting it to anyone', async () => {
    const res = await send('legacy', { method: 'POST', payload: { id: 'orphan' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ tenant: { id: 'orphan', name: 'orphan', users: 0 }, grantedTo: null });
  });

  it('is for administrators only (settings:admin)', async () => {
    const res = await send('acme-viewer', { method: 'POST', payload: { id: 'viewers-own' } });
    expect(res.statusCode).toBe(403);
    expect((await listed('acme-admin')).tenants.map((t) => t.id)).not.toContain('viewers-own');
  });
});
