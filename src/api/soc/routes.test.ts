/**
 * The SOC routes over a real server (Fastify inject) and a real SQLite state store with alert and
 * case rows written by the test fixture: metrics, SLA policies and breaches, the case report, and
 * the OCSF export, each for the caller's tenant only.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../access/index.ts';
import { REPORT_CSP } from '../../cases/report.ts';
import { loadConfig } from '../../config/index.ts';
import { createLogger } from '../../ops/index.ts';
import { openStateDb, type StateDb, searchAudit } from '../../store/state/index.ts';
import { addAlert, addCase, addNote, plus } from '../../store/state/soc.fixture.ts';
import { scopeOf } from '../../store/tenancy.ts';
import { type LiveChange, LiveFeed } from '../../workflow/live.ts';
import type { EventQueries } from '../events/routes.ts';
import { buildServer } from '../server.ts';
import { socRoutes } from './routes.ts';

const NOW = new Date().toISOString();
const ago = (minutes: number) => plus(NOW, -minutes);

let db: StateDb;
let app: FastifyInstance;
let admin: string;
let reader: string;
let globexAdmin: string;
const live = new LiveFeed();
const changes: LiveChange[] = [];
const ids: Record<string, string> = {};

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-soc-api-'));
  db = await openStateDb({ path: join(dataDir, 'state.db') });
  const config = loadConfig({ env: {}, overrides: { dataDir } });
  app = await buildServer({
    logger: createLogger('silent'),
    stateDb: db,
    bodyLimitBytes: 1024 * 1024,
    routes: socRoutes({
      db,
      live,
      dataDir,
      alerts: config.alerts,
      cases: config.cases,
      events: {} as EventQueries, // not used by these routes
    }),
  });
  admin = (await createApiKey(db, { tenant: 'acme', name: 'admin', scopes: ['admin'] })).token;
  reader = (await createApiKey(db, { tenant: 'acme', name: 'reader', scopes: ['read'] })).token;
  globexAdmin = (await createApiKey(db, { tenant: 'globex', name: 'admin', scopes: ['admin'] })).token;
  live.subscribe(scopeOf(['acme', 'globex']), (c) => changes.push(c));

  // acme: an unacknowledged critical alert (breached), an acknowledged one, a closed false positive.
  ids.breached = (
    await addAlert(db, {
      severity: 'critical',
      title: 'LSASS access',
      created_at: ago(60),
      updated_at: ago(60),
    })
  ).id;
  ids.acked = (
    await addAlert(db, {
      severity: 'high',
      status: 'acknowledged',
      first_seen: ago(130),
      created_at: ago(120),
      updated_at: ago(100),
      acknowledged_at: ago(110),
    })
  ).id;
  ids.fp = (
    await addAlert(db, {
      rule_id: 'noisy',
      severity: 'low',
      status: 'closed',
      verdict: 'false_positive',
      created_at: ago(50),
      updated_at: ago(40),
      acknowledged_at: ago(40),
      closed_at: ago(40),
    })
  ).id;
  const c = await addCase(db, {
    title: 'Exfil <script>alert(1)</script>',
    severity: 'critical',
    created_at: ago(300),
    personal_data: 1,
    regulations: '["gdpr"]',
  });
  ids.case = c.id;
  await addNote(db, c, { title: 'note', body: '<script>x()</script>' });
  ids.globexAlert = (await addAlert(db, { tenant: 'globex', severity: 'critical', created_at: ago(60) })).id;
  ids.globexCase = (await addCase(db, { tenant: 'globex' })).id;
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

const call = (
  method: 'GET' | 'PUT',
  url: string,
  key: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) =>
  app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}`, ...headers },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });

describe('GET /api/v1/metrics/soc', () => {
  it("computes the caller's metrics over the window, grouped as asked", async () => {
    const res = await call('GET', '/api/v1/metrics/soc?since=now-1d&groupBy=severity,rule', reader);
    expect(res.statusCode).toBe(200);
    const m = res.json();
    expect(m.overall.alerts).toBe(3); // not globex's
    expect(m.overall.cases).toBe(1);
    expect(m.overall.mtta).toEqual({ count: 2, mean: 600, median: 600, p90: 600 });
    expect(m.overall.mttd.count).toBe(3);
    expect(Object.keys(m.groups).sort()).toEqual(['rule', 'severity']);
    expect(m.rules.find((r: { ruleId: string }) => r.ruleId === 'noisy')).toMatchObject({
      falsePositiveRate: 1,
    });
  });

  it('refuses a window in the wrong order, too long, or an unknown group', async () => {
    expect((await call('GET', '/api/v1/metrics/soc?since=now&until=now-1d', reader)).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/metrics/soc?since=now-500d', reader)).json().detail).toMatch(
      /at most 400 days/,
    );
    expect((await call('GET', '/api/v1/metrics/soc?groupBy=planet', reader)).json().detail).toMatch(
      /group "planet" is not one of severity, rule, analyst, day/,
    );
  });
});

describe('SLA policies', () => {
  it("lists the defaults of the caller's tenant", async () => {
    const res = await call('GET', '/api/v1/sla/policies', reader);
    expect(res.statusCode).toBe(200);
    const [t] = res.json().tenants;
    expect(t.tenant).toBe('acme');
    expect(t.policies[0]).toMatchObject({ severity: 'critical', acknowledgeMinutes: 15, source: 'default' });
  });

  it('lets an administrator set one, audited and announced; a reader may not', async () => {
    const body = { acknowledgeMinutes: 120, containMinutes: 600, resolveMinutes: 6000 };
    expect((await call('PUT', '/api/v1/sla/policies/critical', reader, body)).statusCode).toBe(403);
    const res = await call('PUT', '/api/v1/sla/policies/critical', admin, body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      tenant: 'acme',
      policy: { severity: 'critical', ...body, source: 'tenant' },
    });
    const audit = await searchAudit(db, { tenants: scopeOf(['acme']), includeGlobal: false, limit: 50 });
    expect(audit.find((e) => e.action === 'sla.update')).toMatchObject({
      target: { type: 'sla_policy', id: 'critical' },
    });
    expect(changes.at(-1)).toMatchObject({
      topic: 'sla',
      action: 'sla.policy',
      tenant: 'acme',
      id: 'critical',
    });
    const globex = await call('GET', '/api/v1/sla/policies', globexAdmin);
    expect(globex.json().tenants[0].policies[0]).toMatchObject({ acknowledgeMinutes: 15, source: 'default' });
    // Back to the defaults' numbers for the breach checks below.
    await call('PUT', '/api/v1/sla/policies/critical', admin, {
      acknowledgeMinutes: 15,
      containMinutes: 240,
      resolveMinutes: 1440,
    });
  });

  it('refuses an unknown severity, missing or impossible minutes', async () => {
    const ok = { acknowledgeMinutes: 1, containMinutes: 2, resolveMinutes: 3 };
    expect((await call('PUT', '/api/v1/sla/policies/severe', admin, ok)).statusCode).toBe(400);
    expect(
      (await call('PUT', '/api/v1/sla/policies/high', admin, { acknowledgeMinutes: 1 })).statusCode,
    ).toBe(400);
    const backwards = await call('PUT', '/api/v1/sla/policies/high', admin, { ...ok, containMinutes: 5 });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().detail).toMatch(/must not exceed resolveMinutes/);
  });
});

describe('GET /api/v1/sla/breaches', () => {
  it("lists the caller's clocks breached or at risk, and its breach-notification clocks", async () => {
    const res = await call('GET', '/api/v1/sla/breaches', reader);
    expect(res.statusCode).toBe(200);
    const b = res.json();
    expect(b.alerts.map((a: { alert: { id: string } }) => a.alert.id)).toEqual([ids.breached]);
    expect(b.alerts[0].clock).toMatchObject({ target: 'acknowledge', status: 'breached' });
    expect(b.cases.map((c: { clock: { target: string } }) => c.clock.target)).toEqual(['contain']);
    expect(b.breachClocks[0]).toMatchObject({
      case: { id: ids.case },
      clock: { regulation: 'gdpr', status: 'running' },
    });
  });
});

describe('GET /api/v1/cases/:id/report', () => {
  it('serves HTML with every value escaped, under a strict CSP', async () => {
    const res = await call('GET', `/api/v1/cases/${ids.case}/report?format=html`, reader);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(REPORT_CSP);
    expect(res.headers['content-disposition']).toBe('inline; filename="case-1-report.html"');
    expect(res.body).not.toMatch(/<script/i);
    expect(res.body).toContain('Exfil &#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('serves Markdown by default', async () => {
    const res = await call('GET', `/api/v1/cases/${ids.case}/report`, reader);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.body).toMatch(/^# Case #1: Exfil \\<script\\>/);
  });

  it("is not found for another tenant's case", async () => {
    expect((await call('GET', `/api/v1/cases/${ids.globexCase}/report`, reader)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/cases/${ids.case}/report?format=pdf`, reader)).statusCode).toBe(400);
  });
});

describe('OCSF export', () => {
  it("returns the caller's alerts changed in the window as Detection Findings", async () => {
    const res = await call('GET', '/api/v1/alerts/ocsf?since=now-1d', reader);
    expect(res.statusCode).toBe(200);
    const findings = res.json() as { class_uid: number; finding_info: { uid: string } }[];
    expect(findings.map((f) => f.finding_info.uid).sort()).toEqual([ids.acked, ids.breached, ids.fp].sort());
    expect(findings.every((f) => f.class_uid === 2004)).toBe(true);
    const closed = await call('GET', '/api/v1/alerts/ocsf?since=now-1d&status=closed', reader);
    expect(closed.json().map((f: { finding_info: { uid: string } }) => f.finding_info.uid)).toEqual([ids.fp]);
  });

  it('streams NDJSON when asked', async () => {
    const res = await call('GET', '/api/v1/alerts/ocsf?since=now-1d', reader, undefined, {
      accept: 'application/x-ndjson',
    });
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = res.body.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => JSON.parse(l).type_uid)).toContain(200403);
  });

  it("returns one alert, and not another tenant's", async () => {
    const res = await call('GET', `/api/v1/alerts/${ids.breached}/ocsf`, reader);
    expect(res.json()).toMatchObject({
      class_uid: 2004,
      severity_id: 5,
      status_id: 1,
      finding_info: { uid: ids.breached },
    });
    expect((await call('GET', `/api/v1/alerts/${ids.globexAlert}/ocsf`, reader)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/alerts/ocsf?status=lost', reader)).statusCode).toBe(400);
  });
});
