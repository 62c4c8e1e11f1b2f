/**
 * The authorization matrix, generated from the route table the server registered
 * (`RunningVigil.routes`): every route × every caller (a user of each role in tenant A by API key
 * and by console session, an admin of A and B, an ingest token, and no / expired / revoked /
 * disabled credentials) must be allowed or refused exactly as `src/access/roles.ts` says; and every
 * caller of tenant A naming tenant B (`X-Vigil-Tenant`) is refused on every route that is not
 * public. A route without a declared permission, or with one the matrix does not know, fails here
 * by name; so does a new public or `authenticated` route until it is listed below.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyRoute } from '../../src/api/index.ts';
import { expected, matches, outcomeOf, requestFor, routeName, undeclared } from './expectations.ts';
import { B, type Caller, startWorld, type World } from './world.ts';

/** Routes anyone may call. A new one must be added here on purpose. */
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /',
  'POST /api/v1/auth/login',
  'GET /api/v1/auth/methods',
  'GET /api/v1/auth/oidc/login',
  'GET /api/v1/auth/oidc/callback',
  'GET /services/collector/health',
  // The web console's static files (src/api/console).
  'GET /assets/*',
  'GET /*',
]);

/** Routes any signed-in caller may use, whatever its permissions: only about the caller's own session, keys and tenants. */
const AUTHENTICATED = new Set([
  'POST /api/v1/auth/logout',
  'GET /api/v1/auth/session',
  'POST /api/v1/auth/password',
  'POST /api/v1/api-keys',
  'GET /api/v1/api-keys',
  'DELETE /api/v1/api-keys/:id',
  // The permission matrix (the same for everyone) and the caller's own tenants.
  'GET /api/v1/roles',
  'GET /api/v1/tenants',
]);

/** Routes that end the credential that calls them: run last. */
const ENDS_CREDENTIAL = new Set(['POST /api/v1/auth/logout']);

let world: World;
let routes: AnyRoute[];

beforeAll(async () => {
  world = await startWorld();
  routes = [...world.routes].sort(
    (x, y) => Number(ENDS_CREDENTIAL.has(routeName(x))) - Number(ENDS_CREDENTIAL.has(routeName(y))),
  );
});
afterAll(async () => world?.close());

describe('the route table', () => {
  it('declares for every route who may call it, with permissions from the matrix', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.map(undeclared).filter(Boolean)).toEqual([]);
  });

  it('has no public or permission-less route that is not listed on purpose', () => {
    const kind = (k: string) => routes.filter((r) => r.access.kind === k).map(routeName);
    expect(
      kind('public').filter((r) => !PUBLIC.has(r)),
      'new public routes: add them to PUBLIC in test/authz/matrix.test.ts if anyone may call them',
    ).toEqual([]);
    expect(
      kind('authenticated').filter((r) => !AUTHENTICATED.has(r)),
      'new routes open to any signed-in caller: give them a permission, or list them in AUTHENTICATED',
    ).toEqual([]);
  });

  it('is the table of docs/permissions.md ("Routes"), route by route', () => {
    const doc = readFileSync(resolve(import.meta.dirname, '..', '..', 'docs', 'permissions.md'), 'utf8');
    const documented = doc
      .split('\n')
      .map((l) => /^\| `([A-Z]+ \/[^`]*)` \| `?([a-z_:]+)`? \|$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => `${m[1]} → ${m[2]}`)
      .sort();
    const declared = routes
      .map((r) => `${routeName(r)} → ${r.access.kind === 'api' ? r.access.permission : r.access.kind}`)
      .sort();
    expect(documented, 'update the Routes table of docs/permissions.md').toEqual(declared);
  });

  it('the checker names a route without a permission, or with one not in the matrix', () => {
    const bare = { method: 'GET', url: '/x', access: { kind: 'api' } } as unknown as AnyRoute;
    const unknown = {
      method: 'GET',
      url: '/y',
      access: { kind: 'api', permission: 'things:read' },
    } as unknown as AnyRoute;
    const none = { method: 'GET', url: '/z' } as unknown as AnyRoute;
    expect(undeclared(bare)).toMatch(/GET \/x declares api access without a permission/);
    expect(undeclared(unknown)).toMatch(
      /GET \/y requires "things:read", which is not in the permission matrix/,
    );
    expect(undeclared(none)).toMatch(/GET \/z declares no access/);
  });
});

/** Runs every route for `callers`; returns the mismatches, each naming route, caller and answer. */
async function sweep(callers: Caller[], tenantHeader?: string, want = expected): Promise<string[]> {
  const wrong: string[] = [];
  for (const route of routes) {
    for (const caller of callers) {
      const res = await world.send(caller, requestFor(route), tenantHeader);
      const w = want(route, caller);
      if (!matches(route, w, res))
        wrong.push(`${routeName(route)} as ${caller.name}: expected ${w}, got ${outcomeOf(res).why}`);
    }
  }
  return wrong;
}

describe('the matrix', () => {
  it('allows or refuses every route for every caller as the permission matrix says', async () => {
    expect(await sweep(world.callers)).toEqual([]);
  });

  it('refuses every caller of tenant A that names tenant B, on every route that is not public', async () => {
    const mismatches = await sweep(
      [...world.tenantA.filter((c) => c.credential.kind === 'key')],
      B,
      (route) => (route.access.kind === 'public' ? 'pass' : 'forbidden'),
    );
    expect(mismatches).toEqual([]);
  });

  it('lets an admin of A and B narrow to B, and refuses a tenant it does not hold', async () => {
    const stats = (tenant: string) =>
      world.send(world.adminAB, { method: 'GET', url: '/api/v1/stats' }, tenant);
    expect((await stats(B)).statusCode).toBe(200);
    expect((await stats(`${B},tenant-a`)).statusCode).toBe(200);
    const other = await stats('tenant-c');
    expect(other.statusCode).toBe(403);
    expect(outcomeOf(other).why).toMatch(/"tenant-c" is not granted to this caller/);
    const viaParam = await world.send(world.adminAB, { method: 'GET', url: '/api/v1/stats?tenant=tenant-c' });
    expect(viaParam.statusCode).toBe(403);
    const disagree = await world.send(
      world.adminAB,
      { method: 'GET', url: `/api/v1/stats?tenant=${B}` },
      'tenant-a',
    );
    expect(disagree.statusCode).toBe(400);
  });

  it('makes a caller of several tenants name the one a new record goes to', async () => {
    const create = (tenant?: string) =>
      world.send(
        world.adminAB,
        { method: 'POST', url: '/api/v1/tokens', payload: { source: 'two-tenants' } },
        tenant,
      );
    const unnamed = await create();
    expect(unnamed.statusCode).toBe(400);
    expect(outcomeOf(unnamed).why).toMatch(/several tenants \(tenant-a, tenant-b\); name the one/);
    expect((await create(B)).statusCode).toBe(201);
    const listed = await world.send(world.adminB, { method: 'GET', url: '/api/v1/tokens' });
    expect(listed.body).toContain('two-tenants');
  });
});
