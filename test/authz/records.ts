/**
 * Records of tenant B, made the way B's admin makes them (through the API), for the cross-tenant
 * checks: an ingest token and its source, events and a dead letter holding a marker, an imported
 * rule and an override of a global rule, a user, a service account with an API key, a user's
 * personal key, a detection (written by the system side, as the pipeline does), audit entries;
 * and B's workflow: alerts (made by the alert intake from findings, as the pipeline makes them;
 * one closed, one new with a comment), a shared saved view, a suppression, a case with a task, an
 * observable, a note, an evidence file, a comment and a post-incident review, linked to a second
 * (closed) case, and an SLA policy override. A few records of tenant A sit beside them for the
 * probes that mix the two (A's alert like B's, A's case that tries to reach B's).
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApiKey } from '../../src/access/index.ts';
import { insertDetections } from '../../src/store/state/system.ts';
import { createAlertIntake, type IntakeFinding } from '../../src/workflow/intake.ts';
import { A, B, type Caller, type World } from './world.ts';

export const MARKER = 'tenantbsecretmarker';

export interface BRecords {
  tokenId: string;
  ingestToken: string;
  source: string;
  ruleId: string;
  /** A global rule B turned off for itself. */
  overriddenRuleId: string;
  /** A global rule nobody overrode. */
  globalRuleId: string;
  userId: string;
  /** When B's user last got a password (its one-time password, at creation). */
  userPasswordAt: string | null;
  serviceId: string;
  serviceKeyId: string;
  serviceKey: string;
  userKeyId: string;
  userKey: string;
  detectionId: string;

  /** B's new alert (host SHARED_HOST, user `<MARKER>-user`), with a comment. */
  alertId: string;
  alertVersion: number;
  /** B's earlier alert of the same fingerprint, closed as a true positive. */
  closedAlertId: string;
  closedAlertVersion: number;
  alertComment: string;
  /** B's admin's saved view, shared with tenant B. */
  viewId: string;
  viewName: string;
  suppressionId: string;
  /** B's case (personal data under GDPR: its breach clock runs). */
  caseId: string;
  caseTitle: string;
  caseVersion: number;
  /** B's second case, linked to the first, closed. */
  case2Id: string;
  case2Version: number;
  taskId: string;
  taskVersion: number;
  observableId: string;
  observableValue: string;
  observableVersion: number;
  note: string;
  caseComment: string;
  evidenceId: string;
  evidenceText: string;
  reviewRootCause: string;
  /** B's acknowledge minutes for high severity (the default is 30). */
  slaAcknowledgeHigh: number;

  /** Tenant A's alert: the same rule as B's alerts and the host SHARED_HOST in common. */
  aAlertId: string;
  /** Tenant A's own open case. */
  aCaseId: string;
}

/** A host name both tenants' alerts carry (no marker in it: A's records never hold MARKER). */
export const SHARED_HOST = 'shared-host-01';

export const huntRule = (id: string, keyword: string) => `title: hunt ${id}
id: ${id}
status: test
level: high
logsource: {product: linux}
detection:
  keywords: ['${keyword}']
  condition: keywords
`;

async function ok(res: Promise<LightMyRequestResponse>, what: string): Promise<Record<string, unknown>> {
  const r = await res;
  if (r.statusCode >= 300) throw new Error(`${what}: ${r.statusCode} ${r.body}`);
  return r.body ? (r.json() as Record<string, unknown>) : {};
}

/** Polls until `check` holds (the pipeline stores events asynchronously). */
export async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function makeBRecords(world: World): Promise<BRecords> {
  const as = (opts: InjectOptions) => world.send(world.adminB, opts);
  const source = 'b-source';
  const token = await ok(as({ method: 'POST', url: '/api/v1/tokens', payload: { source } }), 'B token');
  const ingestToken = String(token.token);
  const hec = (url: string, payload: string | Buffer) =>
    world.vigil.server.inject({
      method: 'POST',
      url,
      payload,
      headers: { authorization: `Splunk ${ingestToken}`, 'content-type': 'text/plain' },
    });
  await ok(
    hec(
      '/services/collector/event',
      JSON.stringify({ event: { message: `${MARKER} logged in`, host: { os: { type: 'linux' } } } }),
    ),
    'B event',
  );
  await ok(
    hec('/services/collector/raw', Buffer.concat([Buffer.from(`${MARKER} `), Buffer.from([0xff, 0xfe])])),
    'B dead letter',
  );
  await until('B events to be stored', async () => {
    const r = await as({ method: 'GET', url: `/api/v1/events/count?q=${MARKER}` });
    return r.statusCode === 200 && (r.json() as { count: number }).count > 0;
  });

  const ruleId = 'b-own-rule-0001';
  await ok(
    as({
      method: 'POST',
      url: '/api/v1/rules/import?name=b-pack',
      payload: huntRule(ruleId, MARKER),
      headers: { 'content-type': 'application/yaml' },
    }),
    'B rule import',
  );
  const globals = (
    (await ok(as({ method: 'GET', url: '/api/v1/rules?limit=1000' }), 'rules')).items as {
      id: string;
      scope: string;
    }[]
  ).filter((r) => r.scope === 'global');
  const [overridden, untouched] = globals;
  if (!overridden || !untouched) throw new Error('the starter pack should give global rules');
  await ok(
    as({ method: 'PATCH', url: `/api/v1/rules/${overridden.id}`, payload: { enabled: false } }),
    'B override',
  );

  const user = await ok(
    as({ method: 'POST', url: '/api/v1/users', payload: { username: 'b-user', roles: ['viewer'] } }),
    'B user',
  );
  const created = user.user as { id: string; passwordChangedAt: string | null };
  const userId = created.id;
  const svc = await ok(
    as({
      method: 'POST',
      url: '/api/v1/service-accounts',
      payload: { username: 'b-svc', roles: ['viewer'] },
    }),
    'B service account',
  );
  const serviceId = String(svc.id);
  const svcKey = await ok(
    as({
      method: 'POST',
      url: `/api/v1/service-accounts/${serviceId}/api-keys`,
      payload: { name: 'b-svc-key', scopes: ['events:read'] },
    }),
    'B service key',
  );
  const userKey = await createApiKey(world.db, {
    tenant: B,
    name: 'b-own',
    scopes: ['events:read'],
    ownerId: userId,
  });

  const detectionId = 'b-detection-0001';
  await insertDetections(world.db, [
    {
      id: detectionId,
      tenant: B,
      kind: 'rule',
      ruleId,
      title: `hunt ${ruleId}`,
      level: 'high',
      tags: [],
      source,
      eventIds: ['b-event'],
      eventTime: new Date().toISOString(),
      matched: [{ field: 'message', value: MARKER }],
    },
  ]);
  const intake = createAlertIntake(world.db, world.config.alerts, null);
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const finding = (id: string, tenant: string, title: string, user: string, at: string): IntakeFinding => ({
    id,
    tenant,
    kind: 'rule',
    ruleId,
    title,
    level: 'high',
    tags: ['attack.t1003.001', 'attack.credential-access'],
    source,
    eventIds: [`${id}-event`],
    eventTime: at,
    matched: [{ field: 'message', value: title }],
    entities: [
      { type: 'host', value: SHARED_HOST },
      { type: 'user', value: user },
    ],
  });
  const alertOf = async (f: IntakeFinding) => {
    const r = await intake([f]);
    const made = r.changes.find((c) => c.action === 'alert.created');
    if (!made) throw new Error(`intake of ${f.id} made no alert: ${JSON.stringify(r)}`);
    return made.id;
  };
  const alertTitle = `${MARKER} credential dumping`;
  const closedAlertId = await alertOf(
    finding('b-finding-0001', B, alertTitle, `${MARKER}-user`, minutesAgo(20)),
  );
  const versionOfAlert = async (id: string) =>
    (
      (await ok(as({ method: 'GET', url: `/api/v1/alerts/${id}` }), `alert ${id}`)).alert as {
        version: number;
      }
    ).version;
  await ok(
    as({
      method: 'POST',
      url: `/api/v1/alerts/${closedAlertId}/close`,
      payload: { version: await versionOfAlert(closedAlertId), verdict: 'true_positive' },
    }),
    'B closes an alert',
  );
  // The same fingerprint again: the first alert is closed, so a new one opens.
  const alertId = await alertOf(finding('b-finding-0002', B, alertTitle, `${MARKER}-user`, minutesAgo(5)));
  const alertComment = `${MARKER} alert comment`;
  await ok(
    as({ method: 'POST', url: `/api/v1/alerts/${alertId}/comments`, payload: { body: alertComment } }),
    'B alert comment',
  );

  const viewName = `${MARKER} view`;
  const view = await ok(
    as({
      method: 'POST',
      url: '/api/v1/views',
      payload: { kind: 'alerts', name: viewName, query: { q: MARKER }, shared: true },
    }),
    'B saved view',
  );
  const suppression = await ok(
    as({
      method: 'POST',
      url: '/api/v1/suppressions',
      payload: {
        ruleId,
        entity: { type: 'host', value: `${MARKER}-noisy-host` },
        reason: `${MARKER} known scanner`,
        owner: 'b-soc',
        expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
    }),
    'B suppression',
  );

  const caseTitle = `${MARKER} case`;
  const kase = await ok(
    as({
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        title: caseTitle,
        severity: 'high',
        description: `${MARKER} investigation`,
        personalData: true,
        regulations: ['gdpr'],
      },
    }),
    'B case',
  );
  const caseId = String(kase.id);
  const inCase = (path: string, payload: unknown, what: string, method: 'POST' | 'PUT' = 'POST') =>
    ok(
      as({ method, url: `/api/v1/cases/${caseId}${path}`, payload: payload as InjectOptions['payload'] }),
      what,
    );
  const tasks = (await inCase('/tasks', { title: `${MARKER} task` }, 'B task')).tasks as {
    id: string;
    version: number;
  }[];
  const task = tasks[0];
  if (!task) throw new Error('B task: no task made');
  const observableValue = `${MARKER}.example.com`;
  const obs = (await inCase('/observables', { type: 'domain', value: observableValue }, 'B observable'))
    .observable as { id: string; version: number };
  const note = `${MARKER} note: the user reported a phishing mail`;
  await inCase('/notes', { body: note }, 'B note');
  const evidenceText = `${MARKER} evidence bytes`;
  const evidence = await ok(
    as({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/evidence?name=b-evidence.txt`,
      payload: Buffer.from(evidenceText),
      headers: { 'content-type': 'application/octet-stream' },
    }),
    'B evidence',
  );
  const caseComment = `${MARKER} case comment`;
  await inCase('/comments', { body: caseComment }, 'B case comment');

  const case2 = await ok(
    as({ method: 'POST', url: '/api/v1/cases', payload: { title: `${MARKER} second case` } }),
    'B second case',
  );
  const case2Id = String(case2.id);
  await inCase(`/links/${case2Id}`, undefined, 'B link');
  const caseOf = async (id: string) =>
    (await ok(as({ method: 'GET', url: `/api/v1/cases/${id}` }), `B case ${id}`)) as unknown as {
      version: number;
      tasks: { id: string; version: number }[];
    };
  await ok(
    as({
      method: 'POST',
      url: `/api/v1/cases/${case2Id}/close`,
      payload: { version: (await caseOf(case2Id)).version, resolution: 'true_positive' },
    }),
    'B closes the second case',
  );
  const reviewRootCause = `${MARKER} root cause: a reused password`;
  await inCase(
    '/review',
    {
      version: (await caseOf(caseId)).version,
      rootCause: reviewRootCause,
      wentWell: 'fast containment',
      wentBadly: 'late detection',
      actions: [{ text: 'enforce MFA', owner: 'b-it' }],
    },
    'B review',
    'PUT',
  );
  const slaAcknowledgeHigh = 17;
  await ok(
    as({
      method: 'PUT',
      url: '/api/v1/sla/policies/high',
      payload: { acknowledgeMinutes: slaAcknowledgeHigh, containMinutes: 470, resolveMinutes: 4310 },
    }),
    'B SLA policy',
  );

  const adminA = adminOfA(world);
  const aAlertId = await alertOf(
    finding('a-finding-0001', A, 'a-side credential dumping', 'a-user', minutesAgo(5)),
  );
  const aCase = await ok(
    world.send(adminA, { method: 'POST', url: '/api/v1/cases', payload: { title: 'a-side case' } }),
    'A case',
  );

  const taskNow = (await caseOf(caseId)).tasks.find((t) => t.id === task.id);
  return {
    tokenId: String(token.id),
    ingestToken,
    source,
    ruleId,
    overriddenRuleId: overridden.id,
    globalRuleId: untouched.id,
    userId,
    userPasswordAt: created.passwordChangedAt,
    serviceId,
    serviceKeyId: String((svcKey.key as { id: string }).id),
    serviceKey: String(svcKey.token),
    userKeyId: userKey.id,
    userKey: userKey.token,
    detectionId,
    alertId,
    alertVersion: await versionOfAlert(alertId),
    closedAlertId,
    closedAlertVersion: await versionOfAlert(closedAlertId),
    alertComment,
    viewId: String(view.id),
    viewName,
    suppressionId: String(suppression.id),
    caseId,
    caseTitle,
    caseVersion: (await caseOf(caseId)).version,
    case2Id,
    case2Version: (await caseOf(case2Id)).version,
    taskId: task.id,
    taskVersion: taskNow?.version ?? task.version,
    observableId: obs.id,
    observableValue,
    observableVersion: obs.version,
    note,
    caseComment,
    evidenceId: String(evidence.id),
    evidenceText,
    reviewRootCause,
    slaAcknowledgeHigh,
    aAlertId,
    aCaseId: String(aCase.id),
  };
}

/** A caller of tenant A that may do everything there (its admin, by key). */
export function adminOfA(world: World): Caller {
  const admin = world.tenantA.find((c) => c.role === 'admin' && c.credential.kind === 'key');
  if (!admin) throw new Error('the world has an admin of A');
  return admin;
}

/** The callers that must not reach B: tenant A's, and the admin of A and B narrowed to A. */
export function tenantACallers(world: World): { caller: Caller; header?: string }[] {
  return [...world.tenantA.map((caller) => ({ caller })), { caller: world.adminAB, header: 'tenant-a' }];
}
