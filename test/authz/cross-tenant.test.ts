/**
 * Cross-tenant access, route by route from the registered route table: tenant B's admin makes
 * records in B (through the API); every caller of tenant A that holds a route's permission (by key
 * and by session, and the admin of A and B narrowed to A) tries to read or change them and gets
 * 404/403 or an answer without them, never the data, and B's records stay as they were. Each read
 * probe is first run as B's admin, so it cannot pass for want of data. Every route must appear in
 * PROBES, with a probe or with the reason it holds no tenant data. Some probes start from A's own
 * records and reach for B's (A's case merged into or linked to B's, B's task or evidence through
 * A's case, A's alert escalated into B's case or closed as a duplicate of B's alert).
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_MANAGER, listAccounts, updateAccount } from '../../src/access/index.ts';
import type { AnyRoute } from '../../src/api/index.ts';
import { scopeOf } from '../../src/store/tenancy.ts';
import { createAlertIntake } from '../../src/workflow/intake.ts';
import { routeName } from './expectations.ts';
import {
  adminOfA,
  type BRecords,
  huntRule,
  MARKER,
  makeBRecords,
  SHARED_HOST,
  tenantACallers,
  until,
} from './records.ts';
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
  /**
   * What B's admin runs first to show the record is there, when `read` names a record of A (a
   * request of A's that reaches for B's records); `read` itself by default.
   */
  control?: (b: BRecords) => InjectOptions;
}
/** A change aimed at B's record (or into B): refused, and B's record intact afterwards. */
interface Write {
  write: (b: BRecords, n: number, world: World) => InjectOptions | Promise<InjectOptions>;
  /** Whether B's record is as it was (asked as B's admin). */
  intact: (world: World, b: BRecords, n: number) => Promise<boolean>;
  /** The change is allowed, into the caller's own tenant (creation); `intact` then checks B did not get it. */
  createsOwn?: boolean;
  /**
   * Whether the answer is a refusal (default: 403, 404 or 409), for routes that answer per item or
   * refuse a reference to another tenant's record as they refuse one to no record at all.
   */
  refused?: (res: LightMyRequestResponse) => boolean;
}
type Probe = Read | Write | { none: string };

const has = (res: LightMyRequestResponse, text: string) => res.statusCode === 200 && res.body.includes(text);
const asB = (world: World, opts: InjectOptions) => world.send(world.adminB, opts);
const get = (url: string): InjectOptions => ({ method: 'GET', url });
const q = `q=${MARKER}`;
/** An answer that carries B's marker or names tenant B. */
const showsB = (r: LightMyRequestResponse) =>
  r.statusCode === 200 && (r.body.includes(MARKER) || r.body.includes('"tenant-b"'));
const hasAny = (r: LightMyRequestResponse, ...texts: string[]) => texts.some((t) => has(r, t));
const post = (url: string, payload?: InjectOptions['payload']): InjectOptions => ({
  method: 'POST',
  url,
  ...(payload === undefined ? {} : { payload }),
});
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

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
  'POST /api/v1/rules/test': [{ none: 'runs a pasted rule on pasted events; reads nothing stored' }],
  'GET /api/v1/case-templates': [{ none: 'built-in task templates, the same for every tenant' }],
  'GET /api/v1/live': [{ none: 'stream; covered by src/api/live/routes.test.ts' }],
  'GET /assets/*': [{ none: 'console static files' }],
  'GET /*': [{ none: 'console static files' }],

  'GET /api/v1/tokens': [{ read: () => get('/api/v1/tokens'), shows: (r, b) => has(r, b.tokenId) }],
  'GET /api/v1/sources': [{ read: () => get('/api/v1/sources'), shows: (r, b) => has(r, b.source) }],
  'GET /api/v1/roles': [{ none: 'the permission matrix, no tenant data' }],
  'GET /api/v1/tenants': [{ read: () => get('/api/v1/tenants'), shows: (r) => showsB(r) }],
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

  // ---- alerts and triage ----
  'GET /api/v1/alerts': [
    { read: () => get('/api/v1/alerts?limit=500'), shows: (r, b) => hasAny(r, b.alertId, b.closedAlertId) },
    { read: () => get(`/api/v1/alerts?${q}`), shows: (r) => showsB(r) },
    {
      read: () => get(`/api/v1/alerts?entity=host:${SHARED_HOST}&status=new,closed`),
      shows: (r, b) => hasAny(r, b.alertId, b.closedAlertId),
    },
  ],
  'GET /api/v1/alerts/:id': [{ read: (b) => get(`/api/v1/alerts/${b.alertId}`), shows: (r) => showsB(r) }],
  'GET /api/v1/alerts/:id/comments': [
    { read: (b) => get(`/api/v1/alerts/${b.alertId}/comments`), shows: (r, b) => has(r, b.alertComment) },
  ],
  'GET /api/v1/alerts/:id/similar': [
    {
      read: (b) => get(`/api/v1/alerts/${b.alertId}/similar`),
      shows: (r, b) => has(r, b.closedAlertId),
    },
    // A's own alert shares B's rule and a host: its similar alerts are A's only.
    {
      control: (b) => get(`/api/v1/alerts/${b.alertId}/similar`),
      read: (b) => get(`/api/v1/alerts/${b.aAlertId}/similar`),
      shows: (r, b) => hasAny(r, b.alertId, b.closedAlertId, MARKER),
    },
  ],
  'GET /api/v1/views': [{ read: () => get('/api/v1/views'), shows: (r, b) => has(r, b.viewId) }],
  'GET /api/v1/suppressions': [
    { read: () => get('/api/v1/suppressions?state=all'), shows: (r, b) => has(r, b.suppressionId) },
  ],
  'GET /api/v1/entities/risk': [
    { read: () => get('/api/v1/entities/risk?limit=500'), shows: (r) => showsB(r) },
  ],
  'GET /api/v1/entities/:type/:value': [
    // The answer names the entity asked for; what it must not hold is B's risk, alerts and cases.
    { read: () => get(`/api/v1/entities/user/${MARKER}-user`), shows: (r) => entityShown(r) },
    // Both tenants have alerts on this host: A sees its own only.
    {
      read: () => get(`/api/v1/entities/host/${SHARED_HOST}`),
      shows: (r, b) => r.body.includes('"tenant-b"') || hasAny(r, b.alertId, b.closedAlertId, MARKER),
    },
  ],
  'GET /api/v1/tuning/rules': [
    // A has an alert of B's rule too: B's figures are its two alerts and a true positive.
    {
      read: () => get('/api/v1/tuning/rules?limit=1000'),
      shows: (r, b) => {
        const mine = ruleRow(r, b.ruleId);
        return (
          showsB(r) || (mine !== undefined && (mine.alerts > 1 || (mine.verdicts.true_positive ?? 0) > 0))
        );
      },
    },
  ],

  // ---- cases ----
  'GET /api/v1/cases': [
    { read: () => get('/api/v1/cases?limit=200'), shows: (r, b) => hasAny(r, b.caseId, b.case2Id) },
    { read: () => get(`/api/v1/cases?${q}`), shows: (r) => showsB(r) },
  ],
  'GET /api/v1/cases/:id': [
    { read: (b) => get(`/api/v1/cases/${b.caseId}`), shows: (r) => showsB(r) },
    { read: (b) => get(`/api/v1/cases/${b.case2Id}`), shows: (r) => showsB(r) },
  ],
  'GET /api/v1/observables/:id': [
    { read: (b) => get(`/api/v1/observables/${b.observableId}`), shows: (r, b) => has(r, b.observableValue) },
  ],
  'GET /api/v1/cases/:id/timeline': [
    { read: (b) => get(`/api/v1/cases/${b.caseId}/timeline`), shows: (r, b) => has(r, b.note) },
  ],
  'GET /api/v1/cases/:id/evidence/:evidenceId': [
    {
      read: (b) => get(`/api/v1/cases/${b.caseId}/evidence/${b.evidenceId}`),
      shows: (r, b) => has(r, b.evidenceText),
    },
    // Through A's own case: the evidence is B's all the same.
    {
      control: (b) => get(`/api/v1/cases/${b.caseId}/evidence/${b.evidenceId}`),
      read: (b) => get(`/api/v1/cases/${b.aCaseId}/evidence/${b.evidenceId}`),
      shows: (r, b) => has(r, b.evidenceText),
    },
  ],
  'GET /api/v1/cases/:id/comments': [
    { read: (b) => get(`/api/v1/cases/${b.caseId}/comments`), shows: (r, b) => has(r, b.caseComment) },
  ],

  // ---- SOC metrics, SLAs, exports ----
  'GET /api/v1/metrics/soc': [
    // A has an alert of B's rule too: B's figures are its two alerts and a true positive.
    {
      read: () => get('/api/v1/metrics/soc'),
      shows: (r, b) => {
        const mine = ruleRow(r, b.ruleId);
        return (
          showsB(r) || (mine !== undefined && (mine.alerts > 1 || (mine.verdicts.true_positive ?? 0) > 0))
        );
      },
    },
  ],
  'GET /api/v1/sla/policies': [
    {
      read: () => get('/api/v1/sla/policies'),
      shows: (r, b) => showsB(r) || slaHigh(r, 'tenant-a') === b.slaAcknowledgeHigh,
    },
  ],
  'GET /api/v1/sla/breaches': [
    { read: () => get('/api/v1/sla/breaches'), shows: (r, b) => showsB(r) || hasAny(r, b.caseId, b.alertId) },
  ],
  'GET /api/v1/cases/:id/report': [
    { read: (b) => get(`/api/v1/cases/${b.caseId}/report`), shows: (r, b) => has(r, b.caseTitle) },
    {
      read: (b) => get(`/api/v1/cases/${b.caseId}/report?format=html`),
      shows: (r, b) => has(r, b.caseTitle),
    },
  ],
  'GET /api/v1/alerts/ocsf': [
    {
      read: () => get('/api/v1/alerts/ocsf?since=now-7d&limit=10000'),
      shows: (r, b) => showsB(r) || hasAny(r, b.alertId, b.closedAlertId),
    },
  ],
  'GET /api/v1/alerts/:id/ocsf': [
    { read: (b) => get(`/api/v1/alerts/${b.alertId}/ocsf`), shows: (r, b) => showsB(r) || has(r, b.alertId) },
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
  'POST /api/v1/tenants': [
    // B's id is taken: refused, and B keeps its name, and no caller of A is granted it.
    {
      write: () => post('/api/v1/tenants', { id: 'tenant-b', name: 'taken over' }),
      intact: async (w) => {
        const seen = json(await asB(w, get('/api/v1/tenants'))).tenants as { id: string; name: string }[];
        const holders = await listAccounts(w.db, scopeOf(['tenant-b']));
        return (
          seen.length === 1 &&
          seen[0]?.name === 'tenant-b' &&
          // A's own accounts are named <role>-a.
          holders.every((h) => !h.username.endsWith('-a'))
        );
      },
    },
    // A new tenant: made, and granted to the caller's account alone; B's admin neither sees nor holds it.
    {
      createsOwn: true,
      write: (_b, n) => post('/api/v1/tenants', { id: `a-made-tenant-${n}` }),
      intact: async (w, _b, n) => {
        const id = `a-made-tenant-${n}`;
        const seenByB = (await asB(w, get('/api/v1/tenants'))).body;
        const holders = await listAccounts(w.db, scopeOf([id]));
        // The grant is taken back: the probes after this one expect A's callers to hold A alone.
        for (const h of holders)
          await updateAccount(w.db, LOCAL_MANAGER, h.id, { tenants: h.tenants.filter((t) => t !== id) });
        return !seenByB.includes(id) && holders.length === 1 && holders[0]?.username !== 'admin-b';
      },
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

  // ---- alerts and triage ----
  'POST /api/v1/alerts/:id/acknowledge': [
    {
      write: (b) => post(`/api/v1/alerts/${b.alertId}/acknowledge`, { version: b.alertVersion }),
      intact: alertIntact,
    },
  ],
  'POST /api/v1/alerts/:id/start': [
    {
      write: (b) => post(`/api/v1/alerts/${b.alertId}/start`, { version: b.alertVersion }),
      intact: alertIntact,
    },
  ],
  'POST /api/v1/alerts/:id/close': [
    {
      write: (b) =>
        post(`/api/v1/alerts/${b.alertId}/close`, { version: b.alertVersion, verdict: 'false_positive' }),
      intact: alertIntact,
    },
    // A's own alert closed as a duplicate of B's: refused as for an alert that does not exist.
    {
      refused: (r) =>
        r.statusCode === 400 &&
        /no alert [\w-]+ in tenant tenant-a to be the original/.test(String(json(r).detail)),
      write: async (b, _n, w) =>
        post(`/api/v1/alerts/${b.aAlertId}/close`, {
          version: await aAlertVersion(w, b),
          verdict: 'duplicate',
          duplicateOf: b.alertId,
        }),
      intact: async (w, b) =>
        (await alertIntact(w, b)) &&
        (json(await w.send(adminOfA(w), get(`/api/v1/alerts/${b.aAlertId}`))).alert as { status: string })
          .status !== 'closed',
    },
  ],
  'POST /api/v1/alerts/:id/reopen': [
    {
      write: (b) => post(`/api/v1/alerts/${b.closedAlertId}/reopen`, { version: b.closedAlertVersion }),
      intact: async (w, b) => {
        const a = await alertOfB(w, b.closedAlertId);
        return a?.version === b.closedAlertVersion && a.status === 'closed' && a.verdict === 'true_positive';
      },
    },
  ],
  'POST /api/v1/alerts/:id/assign': [
    {
      write: (b) =>
        post(`/api/v1/alerts/${b.alertId}/assign`, { version: b.alertVersion, assignee: 'admin-b' }),
      intact: alertIntact,
    },
  ],
  'POST /api/v1/alerts/bulk': [
    {
      // Bulk answers per alert: B's alert is not found, as if it did not exist.
      refused: (r) => {
        const results = json(r).results as { id: string; outcome: string }[] | undefined;
        return (
          r.statusCode === 200 && results !== undefined && results.every((x) => x.outcome === 'not_found')
        );
      },
      write: (b) => ({
        method: 'POST',
        url: '/api/v1/alerts/bulk',
        payload: {
          action: 'close',
          verdict: 'false_positive',
          items: [
            { id: b.alertId, version: b.alertVersion },
            { id: b.closedAlertId, version: b.closedAlertVersion },
          ],
        },
      }),
      intact: alertIntact,
    },
  ],
  'POST /api/v1/alerts/:id/comments': [
    {
      write: (b, n) => post(`/api/v1/alerts/${b.alertId}/comments`, { body: `from-a-${n}` }),
      intact: async (w, b, n) => {
        const r = await asB(w, get(`/api/v1/alerts/${b.alertId}/comments`));
        return has(r, b.alertComment) && !r.body.includes(`from-a-${n}`);
      },
    },
  ],
  'POST /api/v1/views': [
    {
      createsOwn: true,
      write: (_b, n) =>
        post('/api/v1/views', { kind: 'alerts', name: `a-view-${n}`, query: {}, shared: true }),
      intact: async (w, _b, n) => !(await asB(w, get('/api/v1/views'))).body.includes(`a-view-${n}`),
    },
  ],
  'PUT /api/v1/views/:id': [
    {
      write: (b, n) => ({
        method: 'PUT',
        url: `/api/v1/views/${b.viewId}`,
        payload: { name: `renamed-by-a-${n}`, shared: false },
      }),
      intact: viewIntact,
    },
  ],
  'DELETE /api/v1/views/:id': [
    { write: (b) => ({ method: 'DELETE', url: `/api/v1/views/${b.viewId}` }), intact: viewIntact },
  ],
  'POST /api/v1/suppressions': [
    {
      createsOwn: true,
      write: (b, n) =>
        post('/api/v1/suppressions', {
          ruleId: b.ruleId,
          reason: `a-suppression-${n}`,
          owner: 'a-soc',
          expiresAt: inAWeek(),
        }),
      intact: async (w, _b, n) =>
        !(await asB(w, get('/api/v1/suppressions?state=all'))).body.includes(`a-suppression-${n}`),
    },
  ],
  'DELETE /api/v1/suppressions/:id': [
    {
      write: (b) => ({ method: 'DELETE', url: `/api/v1/suppressions/${b.suppressionId}` }),
      intact: async (w, b) => {
        const items = json(await asB(w, get('/api/v1/suppressions?state=all'))).items as {
          id: string;
          revokedAt: string | null;
          active: boolean;
        }[];
        const s = items.find((x) => x.id === b.suppressionId);
        return s !== undefined && s.revokedAt === null && s.active;
      },
    },
  ],

  // ---- cases ----
  'POST /api/v1/cases': [
    {
      createsOwn: true,
      write: (_b, n) => post('/api/v1/cases', { title: `a-case-${n}` }),
      intact: async (w, _b, n) =>
        !(await asB(w, get('/api/v1/cases?limit=200'))).body.includes(`a-case-${n}`),
    },
  ],
  'POST /api/v1/cases/escalate': [
    // B's alert into a new case (A's).
    {
      write: (b) => post('/api/v1/cases/escalate', { alerts: [{ id: b.alertId, version: b.alertVersion }] }),
      intact: alertIntact,
    },
    // A's own alert into B's case.
    {
      write: async (b, _n, w) =>
        post('/api/v1/cases/escalate', {
          alerts: [{ id: b.aAlertId, version: await aAlertVersion(w, b) }],
          caseId: b.caseId,
        }),
      intact: async (w, b) => (await caseIntact(w, b)) && (await caseOfB(w, b.caseId))?.alerts.length === 0,
    },
  ],
  'PATCH /api/v1/cases/:id': [
    {
      write: (b, n) => ({
        method: 'PATCH',
        url: `/api/v1/cases/${b.caseId}`,
        payload: { version: b.caseVersion, title: `renamed-by-a-${n}`, personalData: false },
      }),
      intact: caseIntact,
    },
  ],
  'POST /api/v1/cases/:id/phase': [
    {
      write: (b) => post(`/api/v1/cases/${b.caseId}/phase`, { version: b.caseVersion, phase: 'containment' }),
      intact: caseIntact,
    },
  ],
  'POST /api/v1/cases/:id/close': [
    {
      write: (b) =>
        post(`/api/v1/cases/${b.caseId}/close`, { version: b.caseVersion, resolution: 'false_positive' }),
      intact: caseIntact,
    },
  ],
  'POST /api/v1/cases/:id/reopen': [
    {
      write: (b) => post(`/api/v1/cases/${b.case2Id}/reopen`, { version: b.case2Version }),
      intact: async (w, b) => {
        const c = await caseOfB(w, b.case2Id);
        return c?.version === b.case2Version && c.status === 'closed';
      },
    },
  ],
  'POST /api/v1/cases/:id/merge': [
    // B's case into A's.
    {
      write: (b) => post(`/api/v1/cases/${b.caseId}/merge`, { version: b.caseVersion, targetId: b.aCaseId }),
      intact: caseIntact,
    },
    // A's case into B's.
    {
      write: async (b, _n, w) =>
        post(`/api/v1/cases/${b.aCaseId}/merge`, { version: await aCaseVersion(w, b), targetId: b.caseId }),
      intact: caseIntact,
    },
  ],
  'POST /api/v1/cases/:id/links/:otherId': [
    { write: (b) => post(`/api/v1/cases/${b.caseId}/links/${b.aCaseId}`), intact: caseIntact },
    { write: (b) => post(`/api/v1/cases/${b.aCaseId}/links/${b.caseId}`), intact: caseIntact },
  ],
  'DELETE /api/v1/cases/:id/links/:otherId': [
    {
      write: (b) => ({ method: 'DELETE', url: `/api/v1/cases/${b.caseId}/links/${b.case2Id}` }),
      intact: caseIntact,
    },
    {
      write: (b) => ({ method: 'DELETE', url: `/api/v1/cases/${b.case2Id}/links/${b.caseId}` }),
      intact: caseIntact,
    },
  ],
  'POST /api/v1/cases/:id/tasks': [
    {
      write: (b, n) => post(`/api/v1/cases/${b.caseId}/tasks`, { title: `a-task-${n}` }),
      intact: caseIntact,
    },
    { write: (b) => post(`/api/v1/cases/${b.caseId}/tasks`, { template: 'phishing' }), intact: caseIntact },
  ],
  'PATCH /api/v1/cases/:id/tasks/:taskId': [
    {
      write: (b, n) => ({
        method: 'PATCH',
        url: `/api/v1/cases/${b.caseId}/tasks/${b.taskId}`,
        payload: { version: b.taskVersion, status: 'done', title: `a-task-${n}` },
      }),
      intact: caseIntact,
    },
    // B's task through A's own case.
    {
      write: (b, n) => ({
        method: 'PATCH',
        url: `/api/v1/cases/${b.aCaseId}/tasks/${b.taskId}`,
        payload: { version: b.taskVersion, status: 'done', title: `a-task-${n}` },
      }),
      intact: caseIntact,
    },
  ],
  'POST /api/v1/cases/:id/observables': [
    {
      write: (b, n) =>
        post(`/api/v1/cases/${b.caseId}/observables`, { type: 'domain', value: `a-${n}.example` }),
      intact: caseIntact,
    },
    // The value of B's observable on A's own case: A gets its own observable, B's gets no sighting.
    {
      createsOwn: true,
      write: (b) =>
        post(`/api/v1/cases/${b.aCaseId}/observables`, { type: 'domain', value: b.observableValue }),
      intact: async (w, b) => {
        const r = await asB(w, get(`/api/v1/observables/${b.observableId}`));
        const o = json(r) as { observable?: { version: number }; sightings?: { targetId: string }[] };
        return (
          r.statusCode === 200 &&
          o.observable?.version === b.observableVersion &&
          (o.sightings ?? []).every((s) => s.targetId === b.caseId)
        );
      },
    },
  ],
  'POST /api/v1/cases/:id/notes': [
    {
      write: (b, n) => post(`/api/v1/cases/${b.caseId}/notes`, { body: `a-note-${n}` }),
      intact: async (w, b, n) => {
        const r = await asB(w, get(`/api/v1/cases/${b.caseId}/timeline`));
        return (await caseIntact(w, b)) && has(r, b.note) && !r.body.includes(`a-note-${n}`);
      },
    },
  ],
  'POST /api/v1/cases/:id/evidence': [
    {
      write: (b, n) => ({
        method: 'POST',
        url: `/api/v1/cases/${b.caseId}/evidence?name=a-${n}.txt`,
        payload: Buffer.from(`from a ${n}`),
        headers: { 'content-type': 'application/octet-stream' },
      }),
      intact: caseIntact,
    },
  ],
  'PUT /api/v1/cases/:id/review': [
    {
      write: (b, n) => ({
        method: 'PUT',
        url: `/api/v1/cases/${b.caseId}/review`,
        payload: { version: b.caseVersion, rootCause: `a-${n}`, wentWell: 'x', wentBadly: 'y', actions: [] },
      }),
      intact: caseIntact,
    },
  ],
  'POST /api/v1/cases/:id/comments': [
    {
      write: (b, n) => post(`/api/v1/cases/${b.caseId}/comments`, { body: `from-a-${n}` }),
      intact: async (w, b, n) => {
        const r = await asB(w, get(`/api/v1/cases/${b.caseId}/comments`));
        return (await caseIntact(w, b)) && has(r, b.caseComment) && !r.body.includes(`from-a-${n}`);
      },
    },
  ],

  // ---- SLAs ----
  'PUT /api/v1/sla/policies/:severity': [
    {
      createsOwn: true,
      write: () => ({
        method: 'PUT',
        url: '/api/v1/sla/policies/high',
        payload: { acknowledgeMinutes: 23, containMinutes: 480, resolveMinutes: 4320 },
      }),
      intact: async (w, b) =>
        slaHigh(await asB(w, get('/api/v1/sla/policies')), 'tenant-b') === b.slaAcknowledgeHigh,
    },
  ],
};

const userOfB = (res: LightMyRequestResponse, id: string) =>
  (json(res).users as { id: string; disabled: boolean; passwordChangedAt: string | null }[]).find(
    (u) => u.id === id,
  );
/** B's alert as B's admin sees it. */
async function alertOfB(w: World, id: string) {
  const r = await asB(w, get(`/api/v1/alerts/${id}`));
  if (r.statusCode !== 200) return undefined;
  return (
    json(r) as {
      alert: {
        version: number;
        status: string;
        verdict: string | null;
        assignee: string | null;
        caseId: string | null;
        count: number;
      };
    }
  ).alert;
}
/** B's new alert is as B left it: same version, still new, unassigned, in no case, with its comment. */
async function alertIntact(w: World, b: BRecords): Promise<boolean> {
  const a = await alertOfB(w, b.alertId);
  const closed = await alertOfB(w, b.closedAlertId);
  return (
    a?.version === b.alertVersion &&
    a.status === 'new' &&
    a.assignee === null &&
    a.caseId === null &&
    closed?.version === b.closedAlertVersion &&
    closed.status === 'closed'
  );
}

interface CaseSeen {
  version: number;
  title: string;
  status: string;
  phase: string;
  mergedInto: string | null;
  personalData: boolean;
  alerts: { id: string }[];
  tasks: { id: string; version: number; status: string; title: string }[];
  observables: { id: string; value: string }[];
  timeline: { body: string }[];
  evidence: { id: string; name: string }[];
  links: { id: string }[];
  review: { rootCause: string } | null;
}
async function caseOfB(w: World, id: string): Promise<CaseSeen | undefined> {
  const r = await asB(w, get(`/api/v1/cases/${id}`));
  return r.statusCode === 200 ? (json(r) as unknown as CaseSeen) : undefined;
}
/** B's case (and the one linked to it) is as B left it: version, fields, tasks, observables, evidence, links, review. */
async function caseIntact(w: World, b: BRecords): Promise<boolean> {
  const c = await caseOfB(w, b.caseId);
  const c2 = await caseOfB(w, b.case2Id);
  if (!c || !c2) return false;
  const task = c.tasks.find((t) => t.id === b.taskId);
  return (
    c.version === b.caseVersion &&
    c.title === b.caseTitle &&
    c.status === 'open' &&
    c.phase === 'detection_analysis' &&
    c.mergedInto === null &&
    c.personalData &&
    c.alerts.length === 0 &&
    c.tasks.length === 1 &&
    task?.version === b.taskVersion &&
    task.status === 'todo' &&
    c.observables.map((o) => o.id).join() === b.observableId &&
    c.evidence.map((e) => e.id).join() === b.evidenceId &&
    c.links.map((l) => l.id).join() === b.case2Id &&
    c.review?.rootCause === b.reviewRootCause &&
    c2.version === b.case2Version &&
    c2.links.map((l) => l.id).join() === b.caseId
  );
}
/** B's saved view is still there, named and shared as B left it. */
async function viewIntact(w: World, b: BRecords): Promise<boolean> {
  const items = json(await asB(w, get('/api/v1/views'))).items as {
    id: string;
    name: string;
    shared: boolean;
  }[];
  const v = items.find((x) => x.id === b.viewId);
  return v !== undefined && v.name === b.viewName && v.shared;
}
/** The version of A's alert and case now (A's own records, read by A's admin). */
const aAlertVersion = async (w: World, b: BRecords) =>
  (json(await w.send(adminOfA(w), get(`/api/v1/alerts/${b.aAlertId}`))).alert as { version: number }).version;
const aCaseVersion = async (w: World, b: BRecords) =>
  json(await w.send(adminOfA(w), get(`/api/v1/cases/${b.aCaseId}`))).version as number;

/** Whether an entity's page holds any risk, alert or case. */
function entityShown(r: LightMyRequestResponse): boolean {
  const e = json(r) as { risk?: unknown[]; alerts?: unknown[]; caseIds?: unknown[] };
  return (
    r.statusCode === 200 && (e.risk?.length ?? 0) + (e.alerts?.length ?? 0) + (e.caseIds?.length ?? 0) > 0
  );
}

/** One rule's row of the tuning figures or of the SOC metrics. */
function ruleRow(r: LightMyRequestResponse, ruleId: string) {
  const body = json(r);
  const rows = (body.items ?? body.rules) as
    | { ruleId: string; alerts: number; verdicts: Record<string, number> }[]
    | undefined;
  return r.statusCode === 200 ? rows?.find((x) => x.ruleId === ruleId) : undefined;
}
/** A tenant's acknowledge minutes for high severity, as the policies list shows them. */
function slaHigh(r: LightMyRequestResponse, tenant: string): number | undefined {
  const tenants = json(r).tenants as
    | { tenant: string; policies: { severity: string; acknowledgeMinutes: number }[] }[]
    | undefined;
  return tenants?.find((t) => t.tenant === tenant)?.policies.find((p) => p.severity === 'high')
    ?.acknowledgeMinutes;
}

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
        const control = await asB(world, (probe.control ?? probe.read)(b));
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
          const res = await world.send(caller, await probe.write(b, n, world), header);
          // 409: a global rule is not deleted by anyone (it comes from a configured folder).
          const refused = probe.refused ? probe.refused(res) : [403, 404, 409].includes(res.statusCode);
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

  it("lets no suppression of tenant A hide tenant B's detections", async () => {
    // The write probes above made suppressions of B's rule in A (no entity: every detection of it).
    const own = json(await world.send(adminOfA(world), get('/api/v1/suppressions'))).items as {
      ruleId: string;
    }[];
    expect(own.some((x) => x.ruleId === b.ruleId)).toBe(true);
    const intake = createAlertIntake(world.db, world.config.alerts, null);
    const r = await intake([
      {
        id: 'b-finding-after-a-suppressed',
        tenant: 'tenant-b',
        kind: 'rule',
        ruleId: b.ruleId,
        title: `${MARKER} after A's suppression`,
        level: 'high',
        tags: [],
        source: b.source,
        eventIds: ['b-event-after'],
        eventTime: new Date().toISOString(),
        matched: [{ field: 'message', value: MARKER }],
        entities: [{ type: 'host', value: `${MARKER}-another-host` }],
      },
    ]);
    expect({ created: r.alertsCreated, suppressed: r.suppressed }).toEqual({ created: 1, suppressed: 0 });
  });

  it('names no user of tenant B to a caller of tenant A who assigns an alert', async () => {
    // Assigning A's own alert to B's users (by name and by id) must read as assigning nobody
    // known: "no user …", as for a name that does not exist, not "user X does not work in tenant
    // tenant-a" (which tells A that B's user exists, and turns B's user ids into names).
    const analyst = world.tenantA.find((c) => c.role === 'analyst' && c.credential.kind === 'key');
    if (!analyst) throw new Error('the world has an analyst of A');
    const told: string[] = [];
    for (const who of ['admin-b', 'b-user', b.userId]) {
      const single = await world.send(
        analyst,
        post(`/api/v1/alerts/${b.aAlertId}/assign`, {
          version: await aAlertVersion(world, b),
          assignee: who,
        }),
      );
      const bulk = await world.send(
        analyst,
        post('/api/v1/alerts/bulk', { action: 'assign', assignee: who, items: [{ id: b.aAlertId }] }),
      );
      for (const res of [single, bulk])
        if (
          /does not work in tenant|is disabled|may not work alerts/.test(res.body) ||
          (who === b.userId && res.body.includes('b-user'))
        )
          told.push(`assign ${who}: ${res.statusCode} ${res.body.slice(0, 240)}`);
    }
    expect(told).toEqual([]);
  });
});
