/**
 * The alert queue and triage over HTTP (Fastify inject): a real SQLite state store holding alerts
 * as intake writes them (fixture), a real DuckDB event store holding their events, users of each
 * role with personal API keys, and the live feed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createUser, LOCAL_MANAGER, permissionsOf, type Role } from '../../access/index.ts';
import { loadConfig } from '../../config/index.ts';
import { createLogger } from '../../ops/index.ts';
import type { EventStore } from '../../store/events/index.ts';
import { makeEvent, openTempStore } from '../../store/events/testing.ts';
import { insertTestAlert } from '../../store/state/alerts.fixture.ts';
import { openStateDb, type StateDb, searchAudit } from '../../store/state/index.ts';
import { scopeOf } from '../../store/tenancy.ts';
import { type LiveChange, LiveFeed } from '../../workflow/live.ts';
import { buildServer } from '../server.ts';
import { alertRoutes } from './routes.ts';

let db: StateDb;
let app: FastifyInstance;
let events: EventStore;
let closeEvents: () => Promise<void>;
const live = new LiveFeed();
const published: LiveChange[] = [];
const keys: Record<string, string> = {};
const userIds: Record<string, string> = {};

async function person(name: string, role: Role, tenant: string): Promise<void> {
  const u = await createUser(
    db,
    LOCAL_MANAGER,
    {
      username: name,
      roles: [role],
      tenants: [tenant],
      password: `${name}-correct-horse`,
      mustChangePassword: false,
    },
    { minLength: 12 },
  );
  userIds[name] = u.user.id;
  keys[name] = (
    await createApiKey(db, { tenant, name: 'test', scopes: permissionsOf([role]), ownerId: u.user.id })
  ).token;
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-alerts-api-'));
  db = await openStateDb({ path: join(dataDir, 'state.db') });
  const temp = await openTempStore();
  events = temp.store;
  closeEvents = temp.cleanup;
  const config = loadConfig({ env: {}, overrides: { dataDir } });
  live.subscribe(scopeOf(['acme', 'globex']), (c) => published.push(c));
  app = await buildServer({
    logger: createLogger('silent'),
    stateDb: db,
    bodyLimitBytes: 1024 * 1024,
    routes: alertRoutes({
      db,
      live,
      dataDir,
      alerts: config.alerts,
      cases: config.cases,
      events,
    }),
  });
  await person('ann', 'analyst', 'acme');
  await person('bob', 'responder', 'acme');
  await person('vic', 'viewer', 'acme');
  await person('gus', 'analyst', 'globex');
  await events.commit({
    events: [
      makeEvent('ev-1', '2026-11-22T10:00:00.000Z', {
        'vigil.tenant': 'acme',
        'process.name': 'mimikatz.exe',
        'host.name': 'ws-01',
      }),
      makeEvent('ev-2', '2026-11-22T10:03:00.000Z', {
        'vigil.tenant': 'acme',
        'process.name': 'mimikatz.exe',
        'host.name': 'ws-01',
      }),
      makeEvent('ev-other', '2026-11-22T10:01:00.000Z', { 'vigil.tenant': 'acme' }),
    ],
    deadLetters: [],
    position: { segment: 0, offset: 1 },
  });
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
  await closeEvents?.();
});

const call = async (as: string, method: string, url: string, payload?: unknown) => {
  const res = await app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${keys[as]}` },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in assertions
  return { status: res.statusCode, body: res.body ? (res.json() as Record<string, any>) : {} };
};

describe('GET /api/v1/alerts', () => {
  it('lists the queue of the caller’s tenants with filters, counts and pages', async () => {
    await insertTestAlert(db, {
      id: 'q-1',
      ruleId: 'rule-q',
      severity: 'critical',
      lastSeen: '2026-11-21T01:00:00.000Z',
    });
    await insertTestAlert(db, {
      id: 'q-2',
      ruleId: 'rule-q',
      status: 'acknowledged',
      assignee: userIds.ann,
      lastSeen: '2026-11-21T02:00:00.000Z',
    });
    await insertTestAlert(db, {
      id: 'q-3',
      ruleId: 'rule-q',
      tenant: 'globex',
      lastSeen: '2026-11-21T03:00:00.000Z',
    });
    const all = await call('vic', 'GET', '/api/v1/alerts?rule=rule-q');
    expect(all.status).toBe(200);
    expect(all.body.items.map((a: { id: string }) => a.id)).toEqual(['q-2', 'q-1']);
    expect(all.body.counts).toEqual({ new: 1, acknowledged: 1, in_progress: 0, escalated: 0, closed: 0 });
    const mine = await call('ann', 'GET', '/api/v1/alerts?rule=rule-q&assignee=me');
    expect(mine.body.items).toMatchObject([{ id: 'q-2', assignee: userIds.ann, assigneeName: 'ann' }]);
    const filtered = await call(
      'ann',
      'GET',
      '/api/v1/alerts?rule=rule-q&status=new,acknowledged&severity=critical&entity=host:ws-01&technique=T1003&since=2026-11-21T00:00:00Z&until=2026-11-22T00:00:00Z',
    );
    expect(filtered.body.items.map((a: { id: string }) => a.id)).toEqual(['q-1']);
    const page = await call('ann', 'GET', '/api/v1/alerts?rule=rule-q&sort=last_seen&limit=1');
    expect(page.body.items.map((a: { id: string }) => a.id)).toEqual(['q-2']);
    const next = await call(
      'ann',
      'GET',
      `/api/v1/alerts?rule=rule-q&sort=last_seen&limit=1&cursor=${page.body.nextCursor}`,
    );
    expect(next.body).toMatchObject({ items: [{ id: 'q-1' }], nextCursor: null });
  });

  it('says what is wrong with a filter', async () => {
    const bad = await call('ann', 'GET', '/api/v1/alerts?status=open');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(
      /unknown status open; use new, acknowledged, in_progress, escalated, closed/,
    );
    expect((await call('ann', 'GET', '/api/v1/alerts?since=yesterday')).body.detail).toMatch(
      /since "yesterday" is not a time/,
    );
  });
});

describe('GET /api/v1/alerts/:id', () => {
  it('shows the alert with its matched events from the event store, and the ids no longer stored', async () => {
    await insertTestAlert(db, {
      id: 'd-1',
      eventIds: ['ev-1', 'ev-2', 'ev-gone'],
      firstSeen: '2026-11-22T10:00:00.000Z',
      lastSeen: '2026-11-22T10:03:00.000Z',
      count: 3,
    });
    const r = await call('vic', 'GET', '/api/v1/alerts/d-1');
    expect(r.status).toBe(200);
    expect(r.body.alert).toMatchObject({ id: 'd-1', count: 3, status: 'new' });
    expect(r.body.events.map((e: Record<string, unknown>) => e['vigil.id'])).toEqual(['ev-1', 'ev-2']);
    expect(r.body.events[0]).toMatchObject({ 'process.name': 'mimikatz.exe' });
    expect(r.body.missingEventIds).toEqual(['ev-gone']);
  });

  it('answers 404 to another tenant', async () => {
    await insertTestAlert(db, { id: 'd-acme' });
    expect((await call('gus', 'GET', '/api/v1/alerts/d-acme')).status).toBe(404);
    expect((await call('gus', 'POST', '/api/v1/alerts/d-acme/acknowledge', { version: 1 })).status).toBe(404);
    expect((await call('gus', 'GET', '/api/v1/alerts/d-acme/comments')).status).toBe(404);
    expect((await call('gus', 'GET', '/api/v1/alerts/d-acme/similar')).status).toBe(404);
  });
});

describe('triage', () => {
  it('two analysts change the same alert: the second, holding a stale version, gets 409 with the current one', async () => {
    await insertTestAlert(db, { id: 't-race' });
    const seen = published.length;
    const first = await call('ann', 'POST', '/api/v1/alerts/t-race/acknowledge', { version: 1 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'acknowledged', version: 2 });
    const second = await call('bob', 'POST', '/api/v1/alerts/t-race/start', { version: 1 });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'conflict', currentVersion: 2 });
    expect(published.slice(seen)).toEqual([
      expect.objectContaining({
        topic: 'alert',
        action: 'alert.updated',
        tenant: 'acme',
        id: 't-race',
        seq: first.body.seq,
        summary: { status: 'acknowledged', verdict: null, assignee: null },
      }),
    ]);
    const [entry] = await searchAudit(db, { tenants: scopeOf(['acme']), includeGlobal: false, limit: 1 });
    expect(entry).toMatchObject({
      action: 'alert.acknowledge',
      actor: { kind: 'api_key' },
      target: { type: 'alert', id: 't-race' },
    });
  });

  it('a viewer may read but not change (403)', async () => {
    await insertTestAlert(db, { id: 't-view' });
    for (const [url, body] of [
      ['/api/v1/alerts/t-view/acknowledge', { version: 1 }],
      ['/api/v1/alerts/t-view/close', { version: 1, verdict: 'true_positive' }],
      ['/api/v1/alerts/t-view/assign', { version: 1, assignee: 'me' }],
      ['/api/v1/alerts/t-view/comments', { body: 'hi' }],
      ['/api/v1/alerts/bulk', { action: 'start', items: [{ id: 't-view' }] }],
    ] as const) {
      const r = await call('vic', 'POST', url, body);
      expect(r.status, url).toBe(403);
      expect(r.body.detail).toMatch(/lacks the permission alerts:write/);
    }
  });

  it('closing needs a verdict (400 saying which), then closes and reopens', async () => {
    await insertTestAlert(db, { id: 't-close' });
    const none = await call('ann', 'POST', '/api/v1/alerts/t-close/close', { version: 1 });
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({
      location: 'verdict',
      detail: expect.stringMatching(/needs a verdict/),
    });
    const dup = await call('ann', 'POST', '/api/v1/alerts/t-close/close', {
      version: 1,
      verdict: 'duplicate',
    });
    expect(dup.body).toMatchObject({ status: 400, location: 'duplicateOf' });
    const closed = await call('ann', 'POST', '/api/v1/alerts/t-close/close', {
      version: 1,
      verdict: 'benign_true_positive',
    });
    expect(closed.body).toMatchObject({ status: 'closed', verdict: 'benign_true_positive', version: 2 });
    expect(closed.body.acknowledgedAt).not.toBeNull();
    const again = await call('ann', 'POST', '/api/v1/alerts/t-close/start', { version: 2 });
    expect(again.body.detail).toMatch(/reopen it to work on it again/);
    const reopened = await call('ann', 'POST', '/api/v1/alerts/t-close/reopen', { version: 2 });
    expect(reopened.body).toMatchObject({ status: 'in_progress', verdict: null, closedAt: null, version: 3 });
  });

  it('assigns to me, to a colleague by name, and unassigns; refuses a viewer and a user of another tenant', async () => {
    await insertTestAlert(db, { id: 't-assign' });
    const me = await call('ann', 'POST', '/api/v1/alerts/t-assign/assign', { version: 1, assignee: 'me' });
    expect(me.body).toMatchObject({ assignee: userIds.ann, assigneeName: 'ann', version: 2 });
    const bob = await call('ann', 'POST', '/api/v1/alerts/t-assign/assign', { version: 2, assignee: 'Bob' });
    expect(bob.body).toMatchObject({ assignee: userIds.bob, assigneeName: 'bob' });
    const viewer = await call('ann', 'POST', '/api/v1/alerts/t-assign/assign', {
      version: 3,
      assignee: 'vic',
    });
    expect(viewer).toMatchObject({
      status: 400,
      body: {
        location: 'assignee',
        detail: expect.stringMatching(/"vic" may not work alerts .* assign an analyst/),
      },
    });
    const stranger = await call('ann', 'POST', '/api/v1/alerts/t-assign/assign', {
      version: 3,
      assignee: 'gus',
    });
    expect(stranger.body.detail).toMatch(/no user "gus" to assign/);
    const nobody = await call('ann', 'POST', '/api/v1/alerts/t-assign/assign', {
      version: 3,
      assignee: 'zed',
    });
    expect(nobody.body.detail).toMatch(/no user "zed" to assign/);
    const un = await call('ann', 'POST', '/api/v1/alerts/t-assign/assign', { version: 3, assignee: null });
    expect(un.body).toMatchObject({ assignee: null, version: 4 });
  });

  it('bulk: a result per alert (ok, conflict, refused, not found), in order', async () => {
    await insertTestAlert(db, { id: 'b-1' });
    await insertTestAlert(db, { id: 'b-2', version: 5 });
    await insertTestAlert(db, { id: 'b-3', status: 'closed' });
    await insertTestAlert(db, { id: 'b-4', tenant: 'globex' });
    const r = await call('ann', 'POST', '/api/v1/alerts/bulk', {
      action: 'close',
      verdict: 'false_positive',
      items: [{ id: 'b-1', version: 1 }, { id: 'b-2', version: 4 }, { id: 'b-3' }, { id: 'b-4', version: 1 }],
    });
    expect(r.status).toBe(200);
    expect(r.body.results).toEqual([
      { id: 'b-1', outcome: 'ok', version: 2, status: 'closed' },
      { id: 'b-2', outcome: 'conflict', currentVersion: 5, message: expect.stringMatching(/reload/) },
      {
        id: 'b-3',
        outcome: 'refused',
        reason: 'invalid_transition',
        field: 'status',
        message: expect.any(String),
      },
      { id: 'b-4', outcome: 'not_found', message: 'no alert b-4' },
    ]);
    const noAssignee = await call('ann', 'POST', '/api/v1/alerts/bulk', {
      action: 'assign',
      items: [{ id: 'b-1' }],
    });
    expect(noAssignee).toMatchObject({ status: 400, body: { location: 'assignee' } });
  });
});

describe('comments and similar alerts', () => {
  it('comments on an alert and lists them', async () => {
    await insertTestAlert(db, { id: 'c-1' });
    const posted = await call('ann', 'POST', '/api/v1/alerts/c-1/comments', {
      body: 'Checked with the user: expected.',
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ targetType: 'alert', targetId: 'c-1', authorId: userIds.ann });
    const listed = await call('vic', 'GET', '/api/v1/alerts/c-1/comments');
    expect(listed.body.items.map((c: { body: string }) => c.body)).toEqual([
      'Checked with the user: expected.',
    ]);
    expect((await call('ann', 'POST', '/api/v1/alerts/c-1/comments', { body: ' ' })).status).toBe(400);
  });

  it('shows similar alerts, closed ones first with their verdicts', async () => {
    const entities = [{ type: 'host', value: 'sim-host' }];
    await insertTestAlert(db, { id: 's-self', ruleId: 'rule-sim', entities });
    await insertTestAlert(db, {
      id: 's-old',
      ruleId: 'rule-sim',
      entities,
      status: 'closed',
      verdict: 'false_positive',
      createdAt: '2026-11-01T00:00:00.000Z',
    });
    const r = await call('vic', 'GET', '/api/v1/alerts/s-self/similar?limit=5');
    expect(r.body.items).toMatchObject([
      { alert: { id: 's-old', verdict: 'false_positive' }, reasons: expect.arrayContaining(['fingerprint']) },
    ]);
  });
});

describe('saved views', () => {
  it('saves, shares, lists, changes and deletes views; only the owner may change one', async () => {
    const created = await call('ann', 'POST', '/api/v1/views', {
      kind: 'alerts',
      name: 'Critical, unassigned',
      query: { severity: ['critical'], assignee: 'none' },
      shared: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ tenant: 'acme', ownerId: userIds.ann, shared: true });
    await call('ann', 'POST', '/api/v1/views', {
      kind: 'events',
      name: 'Failed logons',
      query: { q: 'event.code:4625' },
    });
    const bobSees = await call('bob', 'GET', '/api/v1/views?kind=alerts');
    expect(bobSees.body.items.map((v: { name: string }) => v.name)).toEqual(['Critical, unassigned']);
    const annSees = await call('ann', 'GET', '/api/v1/views');
    expect(annSees.body.items).toHaveLength(2);
    expect((await call('gus', 'GET', '/api/v1/views')).body.items).toEqual([]);
    const bobEdits = await call('bob', 'PUT', `/api/v1/views/${created.body.id}`, { name: 'mine now' });
    expect(bobEdits.status).toBe(403);
    expect(bobEdits.body.detail).toMatch(/only its owner can change it/);
    const renamed = await call('ann', 'PUT', `/api/v1/views/${created.body.id}`, {
      name: 'Criticals',
      shared: false,
    });
    expect(renamed.body).toMatchObject({ name: 'Criticals', shared: false });
    expect((await call('bob', 'DELETE', `/api/v1/views/${created.body.id}`)).status).toBe(404);
    expect((await call('ann', 'DELETE', `/api/v1/views/${created.body.id}`)).status).toBe(204);
    expect((await call('ann', 'GET', '/api/v1/views?kind=alerts')).body.items).toEqual([]);
  });
});
