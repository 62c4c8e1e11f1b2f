/**
 * Records of tenant B, made the way B's admin makes them (through the API), for the cross-tenant
 * checks: an ingest token and its source, events and a dead letter holding a marker, an imported
 * rule and an override of a global rule, a user, a service account with an API key, a user's
 * personal key, a detection (written by the system side, as the pipeline does), audit entries.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApiKey } from '../../src/access/index.ts';
import { insertDetections } from '../../src/store/state/system.ts';
import { B, type Caller, type World } from './world.ts';

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
}

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
  };
}

/** The callers that must not reach B: tenant A's, and the admin of A and B narrowed to A. */
export function tenantACallers(world: World): { caller: Caller; header?: string }[] {
  return [...world.tenantA.map((caller) => ({ caller })), { caller: world.adminAB, header: 'tenant-a' }];
}
