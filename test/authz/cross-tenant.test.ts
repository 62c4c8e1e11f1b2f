/**
 * Cross-tenant access, route by route from the registered route table: tenant B's admin makes
 * records in B (through the API); every caller of tenant A that holds a route's permission (by key
 * and by session, and the admin of A and B narrowed to A) tries to read or change them and gets
 * 404/403 or an answer without them, never the data, and B's records stay as they were. Each read
 * probe is first run as B's admin, so it cannot pass for want of data. Every route must appear in
 * PROBES, with a probe or with the reason it holds no tenant data.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyRoute } from '../../src/api/index.ts';
import { routeName } from './expectations.ts';
import { type BRecords, huntRule, MARKER, makeBRecords, tenantACallers, until } from './records.ts';
import { startWorld, type World } from './world.ts';

type Json = Record<string, unknown>;
const json = (res: LightMyRequestResponse): Json => {
  try {
    return res.json() as Json;
  } catch {
    return {};
  }
};

/** A read: the request, and whether an answer shows B's record. */
interface Read {
  read: (b: BRecords) => InjectOptions;
  shows: (res: LightMyRequestResponse, b: BRecords) => boolean;
}
/** A change aimed at B's record (or into B): refused, and B's record intact afterwards. */
interface Write {
  write: (b: BRecords, n: number) => InjectOptions;
  /** Whether B's record is as it was (asked as B's admin). */
  intact: (world: World, b: BRecords, n: number) => Promise<boolean>;
  /** The change is allowed, into the caller's own tenant (creation); `intact` then checks B did not get it. */
  createsOwn?: boolean;
}
type Probe = Read | Write | { none: string };

const has = (res: LightMyRequestResponse, text: string) => res.statusCode === 200 && res.body.includes(text);
const asB = (world: World, opts: InjectOptions) => world.send(world.adminB, opts);
const get = (url: string): InjectOptions => ({ method: 'GET', url });
const q = `q=${MARKER}`;

const PROBES: Record<string, Probe[]> = {
  'GET /healthz': [{ none: 'liveness' }],
  'GET /readyz': [{ none: 'readiness' }],
  'GET /': [{ none: 'landing page' }],
  'GET /services/collector/health': [{ none: 'HEC health' }],
  'POST /api/v1/auth/login': [{ none: 'sign-in' }],
  'GET /api/v1/auth/methods': [{ none: 'sign-in methods' }],
  'GET /api/v1/auth/oidc/login': [{ none: 'sign-in' }],
  'GET /api/v1/auth/oidc/callback': [{ none: 'sign-in' }],
  'POST /api/v1/auth/logout': [{ none: "the caller's own session" }],
  'GET /api/v1/auth/session': [{ none: "the caller's own session" }],
  'POST /api/v1/auth/password': [{ none: "the caller's own password" }],
  'POST /api/v1/api-keys': [{ none: "the caller's own keys" }],
  'GET /api/v1/api-keys': [{ none: "the caller's own keys (owner-scoped)" }],
  'GET /metrics': [{ none: 'installation metrics, no records' }],
  'GET /api/v1/audit/verify': [{ none: 'checks the chain; reports counts and hashes, no entries' }],
  'POST /api/v1/rules/reload': [{ none: 'reloads the running rule set; returns counts' }],

  'GET /api/v1/tokens': [{ read: () => get('/api/v1/tokens'), shows: (r, b) => has(r, b.tokenId) }],
  'GET /api/v1/sources': [{ read: () => get('/api/v1/sources'), shows: (r, b) => has(r, b.source) }],
  'GET /api/v1/events/search': [
    { read: () => get(`/api/v1/events/search?${q}`), shows: (r) => has(r, MARKER) },
  ],
  'POST /api/v1/events/search': [
    {
      read: () => ({ method: 'POST', url: '/api/v1/events/search', payload: { q: MARKER } }),
      shows: (r) => has(r, MARKER),
    },
  ],
  'GET /api/v1/events/count': [
    {
      read: () => get(`/api/v1/events/count?${q}`),
      shows: (r) => r.statusCode === 200 && json(r).count !== 0,
    },
  ],
  'GET /api/v1/events/top': [
    { read: () => get('/api/v1/events/top?field=vigil.source'), shows: (r, b) => has(r, b.source) },
  ],
  'GET /api/v1/events/histogram': [
    {
      read: () => get(`/api/v1/events/histogram?${q}`),
      shows: (r) => r.statusCode === 200 && (json(r).buckets as { count: number }[]).some((x) => x.count > 0),
    },
  ],
  'GET /api/v1/dead-letters': [{ read: () => get('/api/v1/dead-letters'), shows: (r) => has(r, MARKER) }],
  'GET /api/v1/stats': [
    { read: () => get('/api/v1/stats'), shows: (r) => r.statusCode === 200 && json(r).totalEvents !== 0 },
  ],
  'POST /api/v1/rules/hunt': [
    {
      read: () => ({
        method: 'POST',
        url: '/api/v1/rules/hunt',
        payload: { rule: huntRule('probe', MARKER) },
      }),
      shows: (r) => r.statusCode === 200 && json(r).count !== 0,
    },
  ],
  'GET /api/v1/detections': [
    { read: () => get('/api/v1/detections'), shows: (r, b) => has(r, b.detectionId) },
  ],
  'GET /api/v1/rules': [{ read: () => get('/api/v1/rules?limit=1000'), shows: (r, b) => has(r, b.ruleId) }],
  'GET /api/v1/rules/:id': [
    { read: (b) => get(`/api/v1/rules/${b.ruleId}`), shows: (r, b) => has(r, b.ruleId) },
    // B's override of a global rule is B's: A sees the global rule, enabled.
    {
      read: (b) => get(`/api/v1/rules/${b.overriddenRuleId}`),
      shows: (r) => r.statusCode === 200 && json(r).enabled === false,
    },
  ],
  'GET /api/v1/users': [{ read: () => get('/api/v1/users'), shows: (r, b) => has(r, b.userId) }],
  'GET /api/v1/users/:id/api-keys': [
    { read: (b) => get(`/api/v1/users/${b.serviceId}/api-keys`), shows: (r, b) => has(r, b.serviceKeyId) },
  ],
  'GET /api/v1/audit': [
    {
      read: () => get('/api/v1/audit?limit=1000'),
      shows: (r) =>
        r.statusCode === 200 &&
        (json(r).items as { tenant: string | null }[]).some((e) => e.tenant === 'tenant-b'),
    },
  ],

  'DELETE /api/v1/tokens/:id': [
    {
      write: (b) => ({ method: 'DELETE', url: `/api/v1/tokens/${b.tokenId}` }),
      intact: async (w, b) => {
        const tokens = json(await asB(w, get('/api/v1/tokens'))).tokens as {
          id: string;
          revokedAt: string | null;
        }[];
        const t = tokens.find((x) => x.id === b.tokenId);
        return t !== undefined && t.revokedAt === null;
      },
    },
  ],
  'PATCH /api/v1/rules/:id': [
    {
      write: (b) => ({ method: 'PATCH', url: `/api/v1/rules/${b.ruleId}`, payload: { enabled: false } }),
      intact: async (w, b) => json(await asB(w, get(`/api/v1/rules/${b.ruleId}`))).enabled === true,
    },
    // Turning a global rule off in A is A's own override: B keeps it on.
    {
      createsOwn: true,
      write: (b) => ({
        method: 'PATCH',
        url: `/api/v1/rules/${b.globalRuleId}`,
        payload: { enabled: false },
      }),
      intact: async (w, b) => json(await asB(w, get(`/api/v1/rules/${b.globalRuleId}`))).enabled === true,
    },
  ],
  'DELETE /api/v1/rules/:id': [
    {
      write: (b) => ({ method: 'DELETE', url: `/api/v1/rules/${b.ruleId}` }),
      intact: async (w, b) => (await asB(w, get(`/api/v1/rules/${b.ruleId}`))).statusCode === 200,
    },
    {
      write: (b) => ({ method: 'DELETE', url: `/api/v1/rules/${b.overriddenRuleId}` }),
      intact: async (w, b) =>
        json(await asB(w, get(`/api/v1/rules/${b.overriddenRuleId}`))).enabled === false,
    },
  ],
  'PATCH /api/v1/users/:id': [
    {
      write: (b) => ({ method: 'PATCH', url: `/api/v1/users/${b.userId}`, payload: { disabled: true } }),
      intact: async (w, b) => !userOfB(await asB(w, get('/api/v1/users')), b.userId)?.disabled,
    },
  ],
  'POST /api/v1/users/:id/password': [
    {
      write: (b) => ({ method: 'POST', url: `/api/v1/users/${b.userId}/password`, payload: {} }),
      intact: async (w, b) =>
        userOfB(await asB(w, get('/api/v1/users')), b.userId)?.passwordChangedAt === b.userPasswordAt,
    },
  ],
  'POST /api/v1/users/:id/unlock': [
    {
      write: (b) => ({ method: 'POST', url: `/api/v1/users/${b.userId}/unlock` }),
      intact: async (w, b) => userOfB(await asB(w, get('/api/v1/users')), b.userId) !== undefined,
    },
  ],
  'POST /api/v1/service-accounts/:id/api-keys': [
    {
      write: (b, n) => ({
        method: 'POST',
        url: `/api/v1/service-accounts/${b.serviceId}/api-keys`,
        payload: { name: `from-a-${n}`, scopes: ['events:read'] },
      }),
      intact: async (w, b, n) =>
        !(await asB(w, get(`/api/v1/users/${b.serviceId}/api-keys`))).body.includes(`from-a-${n}`),
    },
  ],
  'DELETE /api/v1/users/:id/api-keys/:keyId': [
    {
      write: (b) => ({ method: 'DELETE', url: `/api/v1/users/${b.serviceId}/api-keys/${b.serviceKeyId}` }),
      intact: async (w, b) => (await keyWorks(w, b.serviceKey)) === 200,
    },
  ],
  'DELETE /api/v1/api-keys/:id': [
    {
      write: (b) => ({ method: 'DELETE', url: `/api/v1/api-keys/${b.userKeyId}` }),
      intact: async (w, b) => (await keyWorks(w, b.userKey)) === 200,
    },
  ],
  'POST /api/v1/users': [
    {
      write: (_b, n) => ({
        method: 'POST',
        url: '/api/v1/users',
        payload: { username: `into-b-${n}`, roles: ['viewer'], tenants: ['tenant-b'] },
      }),
      intact: async (w, _b, n) => !(await asB(w, get('/api/v1/users'))).body.includes(`into-b-${n}`),
    },
  ],
  'POST /api/v1/service-accounts': [
    {
      write: (_b, n) => ({
        method: 'POST',
        url: '/api/v1/service-accounts',
        payload: { username: `svc-into-b-${n}`, roles: ['viewer'], tenants: ['tenant-b'] },
      }),
      intact: async (w, _b, n) =>
        !(await asB(w, get('/api/v1/users?kind=service'))).body.includes(`svc-into-b-${n}`),
    },
  ],
  'POST /api/v1/tokens': [
    {
      createsOwn: true,
      write: (_b, n) => ({ method: 'POST', url: '/api/v1/tokens', payload: { source: `a-made-${n}` } }),
      intact: async (w, _b, n) => !(await asB(w, get('/api/v1/tokens'))).body.includes(`a-made-${n}`),
    },
  ],
  'POST /api/v1/rules/import': [
    {
      createsOwn: true,
      write: (_b, n) => ({
        method: 'POST',
        url: '/api/v1/rules/import',
        payload: huntRule(`a-made-rule-${n}`, 'nothing'),
        headers: { 'content-type': 'application/yaml' },
      }),
      intact: async (w, _b, n) => (await asB(w, get(`/api/v1/rules/a-made-rule-${n}`))).statusCode === 404,
    },
  ],
};

const userOfB = (res: LightMyRequestResponse, id: string) =>
  (json(res).users as { id: string; disabled: boolean; passwordChangedAt: string | null }[]).find(
    (u) => u.id === id,
  );
const keyWorks = async (w: World, token: string) =>
  (
    await w.vigil.server.inject({
      method: 'GET',
      url: '/api/v1/events/count',
      headers: { authorization: `Bearer ${token}` },
    })
  ).statusCode;

/** Events sent by A's callers through every ingest route: they land in A, never in B. */
const ingestBody = (route: AnyRoute, marker: string): InjectOptions | null => {
  const line = JSON.stringify({ message: marker });
  if (route.url === '/services/collector/raw') return { payload: `${marker} raw` };
  if (route.url.startsWith('/services/collector'))
    return { payload: JSON.stringify({ event: { message: marker } }) };
  if (route.url.includes('_bulk')) return { payload: `{"index":{}}\n${line}\n` };
  return { payload: `${line}\n` };
};

let world: World;
let b: BRecords;
let routes: AnyRoute[];

beforeAll(async () => {
  world = await startWorld();
  b = await makeBRecords(world);
  routes = [...world.routes];
});
afterAll(async () => world?.close());

const holds = (route: AnyRoute, caller: { holds: readonly string[] | 'invalid' }) =>
  caller.holds !== 'invalid' &&
  (route.access.kind !== 'api' || caller.holds.includes(route.access.permission));

describe('tenancy, route by route', () => {
  it('has a probe, or the reason there is no tenant data, for every route', () => {
    const missing = routes
      .filter((r) => r.access.kind !== 'ingest')
      .map(routeName)
      .filter((n) => !PROBES[n]);
    expect(missing, 'add these routes to PROBES in test/authz/cross-tenant.test.ts').toEqual([]);
  });

  it("never shows tenant B's records to a caller of tenant A", async () => {
    const leaks: string[] = [];
    for (const route of routes) {
      for (const probe of PROBES[routeName(route)] ?? []) {
        if (!('read' in probe)) continue;
        const control = await asB(world, probe.read(b));
        if (!probe.shows(control, b))
          leaks.push(
            `${routeName(route)}: B's admin does not see the record (${control.statusCode} ${control.body.slice(0, 200)})`,
          );
        for (const { caller, header } of tenantACallers(world)) {
          if (!holds(route, caller)) continue;
          const res = await world.send(caller, probe.read(b), header);
          if (probe.shows(res, b))
            leaks.push(`${routeName(route)} as ${caller.name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it("refuses every change of tenant B's records from tenant A, and B's records stay as they were", async () => {
    const wrong: string[] = [];
    let n = 0;
    for (const route of routes) {
      for (const probe of PROBES[routeName(route)] ?? []) {
        if (!('write' in probe)) continue;
        for (const { caller, header } of tenantACallers(world)) {
          if (!holds(route, caller)) continue;
          n++;
          const res = await world.send(caller, probe.write(b, n), header);
          // 409: a global rule is not deleted by anyone (it comes from a configured folder).
          const refused = [403, 404, 409].includes(res.statusCode);
          const ok = probe.createsOwn ? res.statusCode < 300 : refused;
          if (!ok)
            wrong.push(`${routeName(route)} as ${caller.name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          if (!(await probe.intact(world, b, n)))
            wrong.push(`${routeName(route)} as ${caller.name} changed tenant B's record`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('stores the events A sends through every ingest route in A, none in B', async () => {
    const ingest = routes.filter((r) => r.access.kind === 'ingest');
    expect(ingest.length).toBeGreaterThan(2);
    const token = world.callers.find((c) => c.ingestToken);
    if (!token) throw new Error('the world has an ingest token of A');
    const markers: string[] = [];
    for (const [i, route] of ingest.entries()) {
      const marker = `fromtenanta${i}`;
      const body = ingestBody(route, marker);
      if (!body) continue;
      const res = await world.send(token, {
        method: route.method,
        url: route.url.replace(':index', 'logs'),
        headers: { 'content-type': route.url.includes('_bulk') ? 'application/x-ndjson' : 'text/plain' },
        ...body,
      });
      expect(res.statusCode, `${routeName(route)}: ${res.body}`).toBeLessThan(300);
      markers.push(marker);
    }
    const count = async (caller: typeof world.adminB, marker: string) =>
      json(await world.send(caller, get(`/api/v1/events/count?q=${marker}`))).count as number;
    const adminA = world.tenantA.find((c) => c.role === 'admin');
    if (!adminA) throw new Error('the world has an admin of A');
    for (const m of markers) {
      await until(`${m} in tenant A`, async () => (await count(adminA, m)) > 0);
      expect(await count(world.adminB, m)).toBe(0);
    }
  });
});
