/**
 * The case routes over a real server (Fastify inject) and a real SQLite state store, with evidence
 * files in a temporary data directory: two analysts racing on one case, phases, merge, evidence
 * round trip (and a tampered file), tenancy and permissions.
 */
import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../access/index.ts';
import { loadConfig } from '../../config/index.ts';
import { createLogger } from '../../ops/index.ts';
import { insertTestAlert } from '../../store/state/cases.fixture.ts';
import { openStateDb, type StateDb } from '../../store/state/index.ts';
import { insertUser } from '../../store/state/users.ts';
import { scopeOf } from '../../store/tenancy.ts';
import { type LiveChange, LiveFeed } from '../../workflow/live.ts';
import type { EventQueries } from '../events/routes.ts';
import { buildServer } from '../server.ts';
import type { WorkflowDeps } from '../workflow.ts';
import { caseRoutes } from './routes.ts';

/** The evidence limit is above the server's body limit: the upload route has its own. */
const BODY_LIMIT = 64 * 1024;
const MAX_EVIDENCE = 256 * 1024;

let db: StateDb;
let app: FastifyInstance;
let dataDir: string;
let alice: string;
let bob: string;
let viewer: string;
let outsider: string;
const published: LiveChange[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-cases-api-'));
  db = await openStateDb({ path: join(dataDir, 'state.db') });
  const config = loadConfig({ env: {}, overrides: { dataDir, 'cases.maxEvidenceBytes': MAX_EVIDENCE } });
  const live = new LiveFeed();
  live.subscribe(scopeOf(['acme']), (c) => published.push(c));
  const deps: WorkflowDeps = {
    db,
    live,
    dataDir,
    alerts: config.alerts,
    cases: config.cases,
    events: {} as EventQueries,
  };
  app = await buildServer({
    logger: createLogger('silent'),
    stateDb: db,
    bodyLimitBytes: BODY_LIMIT,
    routes: caseRoutes(deps),
  });
  const key = async (tenant: string, name: string, scopes: string[]) =>
    (await createApiKey(db, { tenant, name, scopes })).token;
  alice = await key('acme', 'alice', ['cases:read', 'cases:write']);
  bob = await key('acme', 'bob', ['cases:read', 'cases:write']);
  viewer = await key('acme', 'viewer', ['read']);
  outsider = await key('globex', 'outsider', ['admin']);
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

interface Res {
  status: number;
  body: string;
  headers: Record<string, unknown>;
  raw: Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read field by field.
  json: any;
}

async function call(
  method: string,
  url: string,
  opts: { key?: string; body?: unknown; raw?: Buffer; type?: string } = {},
): Promise<Res> {
  const res = await app.inject({
    method: method as 'GET',
    url,
    headers: {
      authorization: `Bearer ${opts.key ?? alice}`,
      ...(opts.raw ? { 'content-type': opts.type ?? 'application/octet-stream' } : {}),
    },
    ...(opts.raw ? { payload: opts.raw } : opts.body !== undefined ? { payload: opts.body as object } : {}),
  });
  let json: unknown;
  try {
    json = res.json();
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, body: res.body, headers: res.headers, raw: res.rawPayload, json };
}

const newCase = async (title: string, extra: object = {}) => {
  const r = await call('POST', '/api/v1/cases', { body: { title, ...extra } });
  expect(r.status).toBe(201);
  return r.json as { id: string; number: number; version: number };
};

describe('creating and reading cases', () => {
  it('creates a case, lists it with phase counts, and shows it with everything', async () => {
    const c = await newCase('Phishing wave', {
      severity: 'high',
      incidentType: 'phishing',
      tags: ['finance'],
    });
    expect(c).toMatchObject({ status: 'open', phase: 'detection_analysis', severity: 'high', version: 1 });
    const list = await call('GET', '/api/v1/cases?tag=finance&status=open');
    expect(list.status).toBe(200);
    expect(list.json.items.map((i: { id: string }) => i.id)).toContain(c.id);
    expect(list.json.phases.detection_analysis).toBeGreaterThanOrEqual(1);
    const d = await call('GET', `/api/v1/cases/${c.id}`);
    expect(d.json.tasks.length).toBeGreaterThanOrEqual(8);
    expect(d.json.phases).toHaveLength(1);
    expect(published.some((p) => p.action === 'case.created' && p.id === c.id)).toBe(true);
  });

  it('validates input with messages that say what to fix', async () => {
    const r = await call('POST', '/api/v1/cases', { body: { title: 'x', tlp: 'purple' } });
    expect(r.status).toBe(400);
    expect(r.json.detail).toMatch(/body field "tlp"/);
    const close = await call('POST', `/api/v1/cases/${(await newCase('c')).id}/close`, {
      body: { version: 1 },
    });
    expect(close.status).toBe(400);
    expect(close.json.detail).toMatch(/closing a case needs a resolution/);
    expect((await call('GET', '/api/v1/cases?phase=limbo')).json.detail).toMatch(
      /phase "limbo" is not one of/,
    );
  });

  it('lists the task templates', async () => {
    const r = await call('GET', '/api/v1/case-templates', { key: viewer });
    expect(r.json.items.map((t: { type: string }) => t.type)).toEqual([
      'phishing',
      'malware',
      'ransomware',
      'account_compromise',
      'data_exfiltration',
      'insider',
    ]);
  });
});

async function addUser(id: string, tenants: string[], roles: string[], disabled = false): Promise<void> {
  await insertUser(db, {
    id,
    kind: 'user',
    username: id.replace(/^u-/, ''),
    displayName: id,
    passwordHash: null,
    roles,
    tenants,
    mustChangePassword: false,
    createdAt: '2026-11-01T00:00:00.000Z',
  });
  if (disabled) await db.updateTable('users').set({ disabled: 1 }).where('id', '=', id).execute();
}

describe('assignees', () => {
  it('are enabled users of the case tenant who may work cases; others read as unknown', async () => {
    await addUser('u-cora', ['acme'], ['responder']);
    await addUser('u-gil', ['globex'], ['admin']);
    await addUser('u-vic', ['acme'], ['viewer']);
    const c = await newCase('Assignees');
    const byName = await call('PATCH', `/api/v1/cases/${c.id}`, { body: { version: 1, assignee: 'cora' } });
    expect(byName.json).toMatchObject({ assignee: 'u-cora', version: 2 });
    const stranger = await call('PATCH', `/api/v1/cases/${c.id}`, {
      body: { version: 2, assignee: 'u-gil' },
    });
    expect(stranger.status).toBe(400);
    expect(stranger.json.detail).toBe('no user "u-gil" to assign; give a user id or name');
    const viewer = await call('PATCH', `/api/v1/cases/${c.id}`, { body: { version: 2, assignee: 'vic' } });
    expect(viewer.status).toBe(400);
    expect(viewer.json.detail).toMatch(/may not work cases/);
    const task = await call('POST', `/api/v1/cases/${c.id}/tasks`, {
      body: { title: 'Check', assignee: 'gil' },
    });
    expect(task.status).toBe(400);
  });
});

describe('two analysts on one case', () => {
  it('the second write with a stale version gets 409 and the current version', async () => {
    await addUser('u-bob', ['acme'], ['analyst']);
    const c = await newCase('Race');
    const a = await call('PATCH', `/api/v1/cases/${c.id}`, { body: { version: 1, severity: 'critical' } });
    expect(a.status).toBe(200);
    expect(a.json.version).toBe(2);
    const b = await call('PATCH', `/api/v1/cases/${c.id}`, {
      key: bob,
      body: { version: 1, assignee: 'u-bob' },
    });
    expect(b.status).toBe(409);
    expect(b.json).toMatchObject({ code: 'conflict', currentVersion: 2 });
    expect(b.json.detail).toMatch(/was changed by someone else/);
    const retry = await call('PATCH', `/api/v1/cases/${c.id}`, {
      key: bob,
      body: { version: 2, assignee: 'u-bob' },
    });
    expect(retry.json).toMatchObject({ severity: 'critical', assignee: 'u-bob', version: 3 });
  });

  it('tasks carry their own version', async () => {
    const c = await newCase('Tasks');
    const added = await call('POST', `/api/v1/cases/${c.id}/tasks`, {
      body: { title: 'Pull proxy logs', phase: 'detection_analysis' },
    });
    expect(added.status).toBe(201);
    const t = added.json.tasks[0];
    expect(
      (await call('PATCH', `/api/v1/cases/${c.id}/tasks/${t.id}`, { body: { version: 1, status: 'done' } }))
        .json,
    ).toMatchObject({
      status: 'done',
      version: 2,
    });
    expect(
      (
        await call('PATCH', `/api/v1/cases/${c.id}/tasks/${t.id}`, {
          key: bob,
          body: { version: 1, title: 'x' },
        })
      ).status,
    ).toBe(409);
    const tpl = await call('POST', `/api/v1/cases/${c.id}/tasks`, { body: { template: 'malware' } });
    expect(tpl.json.tasks.length).toBeGreaterThanOrEqual(8);
    expect(
      (await call('POST', `/api/v1/cases/${c.id}/tasks`, { body: { template: 'malware' } })).json.tasks,
    ).toEqual([]);
  });
});

describe('phases', () => {
  it('records entries with non-decreasing times and sets contained/resolved once', async () => {
    const c = await newCase('Phases');
    let v = 1;
    for (const phase of [
      'containment',
      'eradication',
      'containment',
      'eradication',
      'recovery',
      'post_incident',
    ]) {
      const r = await call('POST', `/api/v1/cases/${c.id}/phase`, { body: { version: v, phase } });
      expect(r.status).toBe(200);
      v = r.json.version;
    }
    const d = (await call('GET', `/api/v1/cases/${c.id}`)).json;
    const times = d.phases.map((p: { enteredAt: string }) => p.enteredAt);
    expect([...times].sort()).toEqual(times);
    expect(d.phases.map((p: { phase: string }) => p.phase)).toEqual([
      'detection_analysis',
      'containment',
      'eradication',
      'containment',
      'eradication',
      'recovery',
      'post_incident',
    ]);
    expect(d.containedAt).toBe(d.phases[2].enteredAt);
    expect(d).toMatchObject({ status: 'resolved', resolvedAt: d.phases[6].enteredAt });
    const same = await call('POST', `/api/v1/cases/${c.id}/phase`, {
      body: { version: v, phase: 'post_incident' },
    });
    expect(same.status).toBe(400);
    expect(same.json.detail).toBe(`case #${c.number} is already in Post-incident activity`);
  });
});

describe('escalation, close and merge', () => {
  it('escalates alerts, refuses one already in another case, and merges everything into the target', async () => {
    const a1 = await insertTestAlert(db, {
      title: 'Encoded PowerShell',
      entities: [{ type: 'host', value: 'ws-07' }],
    });
    const a2 = await insertTestAlert(db, { title: 'LSASS access' });
    const esc = await call('POST', '/api/v1/cases/escalate', {
      body: { alerts: [{ id: a1, version: 1 }], case: { tlp: 'red' } },
    });
    expect(esc.status).toBe(201);
    expect(esc.json).toMatchObject({
      created: true,
      case: { title: 'Encoded PowerShell', tlp: 'red' },
      alerts: [{ id: a1, status: 'escalated' }],
    });
    expect(
      published.some((p) => p.action === 'alert.updated' && p.id === a1 && p.summary?.status === 'escalated'),
    ).toBe(true);
    const source = esc.json.case;

    const again = await call('POST', '/api/v1/cases/escalate', {
      body: { alerts: [{ id: a1, version: 2 }] },
    });
    expect(again.status).toBe(409);
    expect(again.json.detail).toMatch(
      `alert "Encoded PowerShell" (${a1}) is already in case #${source.number}`,
    );

    const target = await newCase('Intrusion on ws-07');
    const add = await call('POST', '/api/v1/cases/escalate', {
      body: { alerts: [{ id: a2, version: 1 }], caseId: target.id },
    });
    expect(add.status).toBe(200);
    await call('POST', `/api/v1/cases/${source.id}/tasks`, { body: { title: 'Isolate ws-07' } });
    await call('POST', `/api/v1/cases/${source.id}/notes`, {
      body: { body: 'Seen first at 09:12', eventTime: '2024-05-01T09:12:00Z' },
    });
    await call('POST', `/api/v1/cases/${source.id}/observables`, {
      body: { type: 'domain', value: 'c2.example', ioc: true },
    });
    const up = await call('POST', `/api/v1/cases/${source.id}/evidence?name=ps.txt`, {
      raw: Buffer.from('IEX (New-Object Net.WebClient)'),
    });
    expect(up.status).toBe(201);
    const other = await newCase('Related');
    expect((await call('POST', `/api/v1/cases/${source.id}/links/${other.id}`)).status).toBe(200);

    const version = (await call('GET', `/api/v1/cases/${source.id}`)).json.version;
    const merged = await call('POST', `/api/v1/cases/${source.id}/merge`, {
      body: { version, targetId: target.id },
    });
    expect(merged.status).toBe(200);
    expect(merged.json.moved).toMatchObject({ alerts: 1, tasks: 1, evidence: 1, links: 1 });
    expect(merged.json.source).toMatchObject({
      status: 'closed',
      resolution: 'duplicate',
      mergedInto: target.id,
    });

    const t = (await call('GET', `/api/v1/cases/${target.id}`)).json;
    expect(t.alerts.map((a: { id: string }) => a.id).sort()).toEqual([a1, a2].sort());
    expect(t.tasks.map((x: { title: string }) => x.title)).toContain('Isolate ws-07');
    expect(t.observables.map((o: { value: string }) => o.value)).toEqual(
      expect.arrayContaining(['c2.example', 'ws-07']),
    );
    expect(t.evidence.map((e: { name: string }) => e.name)).toEqual(['ps.txt']);
    expect(t.links.map((l: { id: string }) => l.id)).toEqual([other.id]);
    expect(
      t.timeline.some(
        (e: { kind: string; body: string }) => e.kind === 'note' && e.body === 'Seen first at 09:12',
      ),
    ).toBe(true);
    const s = (await call('GET', `/api/v1/cases/${source.id}`)).json;
    expect([s.alerts, s.tasks, s.observables, s.evidence, s.links]).toEqual([[], [], [], [], []]);
    expect(s.timeline.map((e: { title: string }) => e.title)).toEqual([
      `Merged into case #${target.number}: Intrusion on ws-07`,
    ]);

    // Closing the target closes both alerts with its resolution.
    const tv = (await call('GET', `/api/v1/cases/${target.id}`)).json.version;
    const closed = await call('POST', `/api/v1/cases/${target.id}/close`, {
      body: { version: tv, resolution: 'true_positive' },
    });
    expect(closed.json.alerts.map((a: { verdict: string }) => a.verdict)).toEqual([
      'true_positive',
      'true_positive',
    ]);
    const reopened = await call('POST', `/api/v1/cases/${target.id}/reopen`, {
      body: { version: closed.json.case.version },
    });
    expect(reopened.json).toMatchObject({ status: 'open', resolution: null });
  });

  it('observables show their sightings across cases', async () => {
    const c1 = await newCase('One');
    const c2 = await newCase('Two');
    const o = await call('POST', `/api/v1/cases/${c1.id}/observables`, {
      body: { type: 'ip', value: '192.0.2.44' },
    });
    expect(o.status).toBe(201);
    const again = await call('POST', `/api/v1/cases/${c2.id}/observables`, {
      body: { type: 'ip', value: '192.0.2.44' },
    });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ created: false, observable: { id: o.json.observable.id } });
    const seen = await call('GET', `/api/v1/observables/${o.json.observable.id}`, { key: viewer });
    expect(seen.json.sightings.map((s: { targetId: string }) => s.targetId).sort()).toEqual(
      [c1.id, c2.id].sort(),
    );
  });
});

describe('timeline, review and comments', () => {
  it('keeps notes apart from automatic entries, saves the review, and takes comments', async () => {
    const c = await newCase('Notes');
    const n = await call('POST', `/api/v1/cases/${c.id}/notes`, {
      body: { title: 'Call', body: 'User says they did not log in', eventTime: '2024-04-30T22:00:00Z' },
    });
    expect(n.status).toBe(201);
    expect(n.json).toMatchObject({ kind: 'note', eventTime: '2024-04-30T22:00:00.000Z' });
    const tl = await call('GET', `/api/v1/cases/${c.id}/timeline`, { key: viewer });
    expect(tl.json.items.map((e: { kind: string }) => e.kind)).toEqual(['note', 'auto']);
    const rv = await call('PUT', `/api/v1/cases/${c.id}/review`, {
      body: {
        version: 1,
        rootCause: 'Password reuse',
        wentWell: 'Fast triage',
        wentBadly: 'No MFA',
        actions: [{ text: 'Roll out MFA', owner: 'IT', dueAt: '2024-07-01T00:00:00Z' }],
      },
    });
    expect(rv.status).toBe(200);
    expect(rv.json.actions[0]).toMatchObject({ text: 'Roll out MFA', done: false, id: expect.any(String) });
    expect(
      (
        await call('PUT', `/api/v1/cases/${c.id}/review`, {
          key: bob,
          body: { version: 1, rootCause: '', wentWell: '', wentBadly: '', actions: [] },
        })
      ).status,
    ).toBe(409);
    const cm = await call('POST', `/api/v1/cases/${c.id}/comments`, { body: { body: 'Looping in IT' } });
    expect(cm.status).toBe(201);
    expect(
      (await call('GET', `/api/v1/cases/${c.id}/comments`, { key: viewer })).json.items.map(
        (x: { body: string }) => x.body,
      ),
    ).toEqual(['Looping in IT']);
  });
});

describe('evidence', () => {
  const files = () => readdirSync(join(dataDir, 'evidence')).filter((f) => !f.startsWith('.'));

  it('round trip: upload, download the same bytes with its SHA-256; identical content is stored once', async () => {
    const c = await newCase('Evidence');
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    const up = await call(
      'POST',
      `/api/v1/cases/${c.id}/evidence?name=${encodeURIComponent('dump "1".bin')}&description=memory`,
      { raw: bytes },
    );
    expect(up.status).toBe(201);
    const { id, sha256, size } = up.json;
    expect(size).toBe(5000);
    const path = join(dataDir, 'evidence', sha256);
    expect(statSync(path).mode & 0o777).toBe(0o400);
    const before = files().length;
    const dup = await call('POST', `/api/v1/cases/${c.id}/evidence?name=copy.bin`, { raw: bytes });
    expect(dup.json.sha256).toBe(sha256);
    expect(files().length).toBe(before);

    const down = await call('GET', `/api/v1/cases/${c.id}/evidence/${id}`, { key: viewer });
    expect(down.status).toBe(200);
    expect(down.raw.equals(bytes)).toBe(true);
    expect(down.headers).toMatchObject({
      'content-type': 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      etag: `"${sha256}"`,
      digest: `sha-256=${Buffer.from(sha256, 'hex').toString('base64')}`,
    });
    expect(String(down.headers['content-disposition'])).toMatch(
      /^attachment; filename="dump _1_.bin"; filename\*=UTF-8''dump%20%221%22.bin$/,
    );
  });

  it('refuses a file whose bytes on disk no longer match, with a clear error and an audit entry', async () => {
    const c = await newCase('Tamper');
    const up = await call('POST', `/api/v1/cases/${c.id}/evidence?name=log.txt`, {
      raw: Buffer.from('original log line\n'),
    });
    const path = join(dataDir, 'evidence', up.json.sha256);
    chmodSync(path, 0o600);
    writeFileSync(path, 'forged log line!!\n');
    const down = await call('GET', `/api/v1/cases/${c.id}/evidence/${up.json.id}`);
    expect(down.status).toBe(500);
    expect(down.json.detail).toMatch(
      `the evidence file ${up.json.sha256} on disk no longer matches its SHA-256`,
    );
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'evidence.download')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ outcome: 'failure', target_id: up.json.id });
    // Uploading the original again restores the good copy.
    await call('POST', `/api/v1/cases/${c.id}/evidence?name=log-again.txt`, {
      raw: Buffer.from('original log line\n'),
    });
    expect((await call('GET', `/api/v1/cases/${c.id}/evidence/${up.json.id}`)).body).toBe(
      'original log line\n',
    );
  });

  it('takes files above the server body limit up to cases.maxEvidenceBytes, refuses larger ones (413) and empty ones', async () => {
    const c = await newCase('Limits');
    expect(
      (await call('POST', `/api/v1/cases/${c.id}/evidence?name=e.bin`, { raw: Buffer.alloc(0) })).status,
    ).toBe(400);
    const big = await call('POST', `/api/v1/cases/${c.id}/evidence?name=big.bin`, {
      raw: Buffer.alloc(MAX_EVIDENCE + 1, 1),
    });
    expect(big.status).toBe(413);
    expect(big.json.detail).toMatch(/cases\.maxEvidenceBytes/);
    const huge = await call('POST', `/api/v1/cases/${c.id}/evidence?name=huge.bin`, {
      raw: Buffer.alloc(MAX_EVIDENCE * 2, 1),
    });
    expect(huge.status).toBe(413);
    expect(huge.json.detail).toMatch(`request body is larger than ${MAX_EVIDENCE + 1} bytes`);
    const aboveServerLimit = await call('POST', `/api/v1/cases/${c.id}/evidence?name=large.bin`, {
      raw: Buffer.alloc(BODY_LIMIT * 2, 2),
    });
    expect(aboveServerLimit.status).toBe(201);
    expect(aboveServerLimit.json.size).toBe(BODY_LIMIT * 2);
    expect((await call('POST', `/api/v1/cases/${c.id}/evidence`, { raw: Buffer.from('x') })).status).toBe(
      400,
    );
  });
});

describe('tenancy and permissions', () => {
  it("another tenant's case is 404 everywhere", async () => {
    const c = await newCase('Secret');
    expect((await call('GET', `/api/v1/cases/${c.id}`, { key: outsider })).status).toBe(404);
    expect(
      (await call('PATCH', `/api/v1/cases/${c.id}`, { key: outsider, body: { version: 1, title: 'x' } }))
        .status,
    ).toBe(404);
    expect((await call('GET', `/api/v1/cases/${c.id}/timeline`, { key: outsider })).status).toBe(404);
    expect((await call('GET', `/api/v1/cases/${c.id}/comments`, { key: outsider })).status).toBe(404);
    expect(
      (await call('POST', `/api/v1/cases/${c.id}/evidence?name=x`, { key: outsider, raw: Buffer.from('x') }))
        .status,
    ).toBe(404);
    expect((await call('GET', '/api/v1/cases', { key: outsider })).json.items).toEqual([]);
  });

  it('a viewer reads but may not change anything (403)', async () => {
    const c = await newCase('Read only');
    expect((await call('GET', `/api/v1/cases/${c.id}`, { key: viewer })).status).toBe(200);
    for (const [method, url, body] of [
      ['POST', '/api/v1/cases', { title: 'x' }],
      ['PATCH', `/api/v1/cases/${c.id}`, { version: 1, title: 'x' }],
      ['POST', `/api/v1/cases/${c.id}/phase`, { version: 1, phase: 'containment' }],
      ['POST', `/api/v1/cases/${c.id}/notes`, { body: 'x' }],
      ['POST', `/api/v1/cases/${c.id}/comments`, { body: 'x' }],
    ] as const) {
      const r = await call(method, url, { key: viewer, body });
      expect(r.status, `${method} ${url}`).toBe(403);
      expect(r.json.detail).toMatch(/lacks the permission cases:write/);
    }
  });
});
