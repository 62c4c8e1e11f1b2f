/**
 * The live feed over real HTTP connections. First end to end (`startTestVigil`): a console session
 * and an API key of tenant A each hold a stream; changes made in tenant B and in tenant A (SLA
 * policy updates, which publish to the feed) reach only A's streams. Then on a server of our own
 * with its own feed: event format with ids, heartbeats, resumption with Last-Event-ID, the
 * subscription dropped when the client goes away, and streams ended when the server shuts down.
 */
import { get } from 'node:http';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestVigil, type TestVigil, tempDir, waitFor } from '../../../test/helpers/vigil.ts';
import { createApiKey, createUser, LOCAL_MANAGER } from '../../access/index.ts';
import { loadConfig } from '../../config/index.ts';
import { createLogger } from '../../ops/index.ts';
import { openStateDb, type StateDb } from '../../store/state/index.ts';
import { addAlert } from '../../store/state/soc.fixture.ts';
import { LiveFeed } from '../../workflow/live.ts';
import type { EventQueries } from '../events/routes.ts';
import { buildServer } from '../server.ts';
import { liveRoutes } from './routes.ts';

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/**
 * A server-sent-events client over node:http (one socket per stream, closed with it): collects
 * parsed events and comments until closed.
 */
function openStream(url: string, headers: Record<string, string>) {
  return new Promise<{
    status: number;
    contentType: string;
    events: SseEvent[];
    readonly ended: boolean;
    named(name: string): SseEvent[];
    close(): Promise<void>;
  }>((resolve, reject) => {
    const req = get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      let ended = false;
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const ev: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) events.push({ comment: line.slice(1).trim() });
            const m = /^(id|event|data): (.*)$/.exec(line);
            if (m) ev[m[1] as 'id' | 'event' | 'data'] = m[2];
          }
          if (ev.event || ev.data) events.push(ev);
          cut = buffer.indexOf('\n\n');
        }
      });
      const done = new Promise<void>((r) => res.on('close', () => r()));
      res.on('close', () => {
        ended = true;
      });
      resolve({
        status: res.statusCode ?? 0,
        contentType: String(res.headers['content-type']),
        events,
        get ended() {
          return ended;
        },
        named: (name) => events.filter((e) => e.event === name),
        async close() {
          req.destroy();
          await done;
        },
      });
    });
    req.on('error', reject);
  });
}

describe('GET /api/v1/live end to end', () => {
  let vigil: TestVigil;
  let db: StateDb;
  let cookie: string;
  let keyB: string;

  beforeAll(async () => {
    vigil = await startTestVigil({ tenant: 'tenant-a', 'syslog.enabled': false });
    db = await openStateDb({ path: join(vigil.dataDir, 'state.db') });
    const policy = { minLength: 12 };
    await createUser(
      db,
      LOCAL_MANAGER,
      {
        username: 'ana',
        roles: ['analyst'],
        tenants: ['tenant-a'],
        password: 'ana-correct-horse',
        mustChangePassword: false,
      },
      policy,
    );
    const boss = await createUser(
      db,
      LOCAL_MANAGER,
      {
        username: 'boss-b',
        roles: ['admin'],
        tenants: ['tenant-b'],
        password: 'boss-correct-horse',
        mustChangePassword: false,
      },
      policy,
    );
    keyB = (
      await createApiKey(db, { tenant: 'tenant-b', name: 'b', scopes: ['admin'], ownerId: boss.user.id })
    ).token;
    const login = await vigil.http('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ana', password: 'ana-correct-horse' }),
    });
    expect(login.status).toBe(200);
    cookie = String(login.headers.get('set-cookie')).split(';')[0] as string;
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    await vigil?.close();
  });

  const putPolicy = (key: string, severity: string) =>
    vigil.http(`/api/v1/sla/policies/${severity}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ acknowledgeMinutes: 10, containMinutes: 100, resolveMinutes: 1000 }),
    });

  it("streams only the caller's tenant's changes, to a console session and to an API key", async () => {
    const bySession = await openStream(`${vigil.url}/api/v1/live`, { cookie });
    const byKey = await openStream(`${vigil.url}/api/v1/live`, { authorization: `Bearer ${vigil.adminKey}` });
    try {
      for (const s of [bySession, byKey]) {
        expect(s.status).toBe(200);
        expect(s.contentType).toBe('text/event-stream; charset=utf-8');
        await waitFor(() => s.events.some((e) => e.comment === 'connected'), 5000, 'the stream to open');
      }
      expect((await putPolicy(keyB, 'high')).status).toBe(200); // tenant B's change
      expect((await putPolicy(vigil.adminKey, 'critical')).status).toBe(200); // tenant A's
      for (const s of [bySession, byKey]) {
        const [ev] = await waitFor(
          () => (s.named('sla.policy').length > 0 ? s.named('sla.policy') : undefined),
          5000,
        );
        const change = JSON.parse(ev?.data ?? '{}');
        expect(change).toMatchObject({
          topic: 'sla',
          action: 'sla.policy',
          tenant: 'tenant-a',
          id: 'critical',
        });
        expect(ev?.id).toBeUndefined(); // a policy has no change number
        // B's change was published first; had it leaked, it would be here already.
        expect(s.events.filter((e) => e.data?.includes('tenant-b'))).toEqual([]);
        expect(s.named('sla.policy')).toHaveLength(1);
      }
    } finally {
      await bySession.close();
      await byKey.close();
    }
  });

  it('asks for Accept: text/event-stream, and credentials', async () => {
    const plain = await vigil.http('/api/v1/live', {
      headers: { authorization: `Bearer ${vigil.adminKey}` },
    });
    expect(plain.status).toBe(400);
    expect(((await plain.json()) as { detail: string }).detail).toMatch(/send Accept: text\/event-stream/);
    const anonymous = await vigil.http('/api/v1/live', { headers: { accept: 'text/event-stream' } });
    expect(anonymous.status).toBe(401);
    const otherTenant = await vigil.http('/api/v1/live?tenant=tenant-b', {
      headers: { accept: 'text/event-stream', cookie },
    });
    expect(otherTenant.status).toBe(403);
  });
});

describe('GET /api/v1/live on its own server', () => {
  let db: StateDb;
  let app: FastifyInstance;
  let live: LiveFeed;
  let url: string;
  let key: string;

  beforeAll(async () => {
    const dataDir = tempDir('vigil-live-');
    db = await openStateDb({ path: join(dataDir, 'state.db') });
    const config = loadConfig({ env: {}, overrides: { dataDir } });
    live = new LiveFeed();
    app = await buildServer({
      logger: createLogger('silent'),
      stateDb: db,
      bodyLimitBytes: 1024 * 1024,
      routes: liveRoutes(
        { db, live, dataDir, alerts: config.alerts, cases: config.cases, events: {} as EventQueries },
        { heartbeatMs: 100 },
      ),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/live`;
    key = (await createApiKey(db, { tenant: 'acme', name: 'reader', scopes: ['read'] })).token;
  });
  afterEach(async () => {
    await waitFor(() => live.subscribers === 0, 5000, 'streams to unsubscribe');
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('sends each change as id / event / data, and heartbeats', async () => {
    const s = await openStream(url, { authorization: `Bearer ${key}` });
    try {
      await waitFor(() => live.subscribers === 1, 5000);
      live.publish({
        topic: 'alert',
        action: 'alert.created',
        tenant: 'acme',
        id: 'al-1',
        seq: 7,
        summary: { title: 'x' },
      });
      live.publish({ topic: 'alert', action: 'alert.created', tenant: 'globex', id: 'al-2', seq: 8 });
      const [ev] = await waitFor(
        () => (s.named('alert.created').length ? s.named('alert.created') : undefined),
        5000,
      );
      expect(ev).toMatchObject({ id: '7', event: 'alert.created' });
      expect(JSON.parse(ev?.data ?? '{}')).toMatchObject({
        tenant: 'acme',
        id: 'al-1',
        seq: 7,
        summary: { title: 'x' },
      });
      await waitFor(() => s.events.some((e) => e.comment === 'heartbeat'), 5000, 'a heartbeat');
      expect(s.events.some((e) => e.data?.includes('globex'))).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('drops the subscription when the client goes away', async () => {
    const s = await openStream(url, { authorization: `Bearer ${key}` });
    await waitFor(() => live.subscribers === 1, 5000);
    await s.close();
    await waitFor(() => live.subscribers === 0, 5000, 'the subscription to be dropped');
  });

  it('tells a client that resumes behind the newest change to resync', async () => {
    const a = await addAlert(db, { tenant: 'acme' });
    const behind = await openStream(url, {
      authorization: `Bearer ${key}`,
      'last-event-id': String(a.seq - 1),
    });
    const current = await openStream(`${url}?lastEventId=${a.seq}`, { authorization: `Bearer ${key}` });
    try {
      await waitFor(() => behind.named('resync').length === 1, 5000, 'a resync');
      await waitFor(() => current.events.some((e) => e.comment === 'connected'), 5000);
      expect(JSON.parse(behind.named('resync')[0]?.data ?? '{}')).toEqual({
        reason: 'missed',
        since: a.seq - 1,
      });
      expect(current.named('resync')).toEqual([]);
    } finally {
      await behind.close();
      await current.close();
    }
  });

  it('ends its streams when the server shuts down', async () => {
    const s = await openStream(url, { authorization: `Bearer ${key}` });
    await waitFor(() => live.subscribers === 1, 5000);
    const started = Date.now();
    const closing = app.close();
    await waitFor(() => s.ended, 5000, 'the stream to end');
    await closing;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(live.subscribers).toBe(0);
  });
});
