/**
 * The hunt route's rule text: exactly one detection rule, or an error naming file, line and column;
 * and the route over a real server and event store, `expand` placeholders taking the configured
 * values (`detect.placeholders`); a library rule hunted by id with the filters live detection
 * folds into it, tenant by tenant.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../access/identity.fixture.ts';
import { createApiKey, createOwnedApiKey, LOCAL_CLI_ACTOR, NO_CLIENT } from '../../access/index.ts';
import { RuleManager } from '../../app/rules.ts';
import { loadConfig } from '../../config/index.ts';
import { BadRequestError } from '../../core/errors.ts';
import { createLogger } from '../../ops/index.ts';
import { commit, DAY, matcherIds, sysmon } from '../../store/events/sigma/hunt.fixture.ts';
import { openTempStore } from '../../store/events/testing.ts';
import type { EventStore } from '../../store/events/types.ts';
import { importRules, openStateDb, type StateDb } from '../../store/state/index.ts';
import { syncSourceRules } from '../../store/state/system.ts';
import { scopeOf } from '../../store/tenancy.ts';
import { buildServer } from '../server.ts';
import { huntBody, huntRoutes, parseHuntRule } from './hunt.ts';

const RULE = `title: t
id: r-1
logsource: {product: windows, category: process_creation}
detection:
  sel: {CommandLine|contains: whoami}
  condition: sel
`;

function error(text: string, file = 'x.yml'): BadRequestError {
  try {
    parseHuntRule(text, file);
  } catch (e) {
    if (e instanceof BadRequestError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('parseHuntRule', () => {
  it('returns the one detection rule, named by the file', () => {
    expect(parseHuntRule(RULE, 'mine.yml')).toMatchObject({ id: 'r-1', file: 'mine.yml', line: 1 });
  });

  it('names file, line and column of a rule that does not parse', () => {
    const e = error(`${RULE}  bad: [\n`);
    expect(e.location).toMatch(/^x\.yml:\d+:\d+$/);
    expect(e.message).toMatch(/^x\.yml:\d+:\d+: /);
    expect(error('title: t\nlogsource: {product: windows}\ndetection: {condition: nope}\n').message).toMatch(
      /^x\.yml:3:\d+: detection defines no search/,
    );
  });

  it('refuses text without exactly one detection rule', () => {
    expect(error('').message).toMatch(/holds no rule/);
    expect(error(`${RULE}---\n${RULE.replace('r-1', 'r-2')}`).message).toMatch(/holds 2 documents/);
    const correlation = `title: c\nname: c\ncorrelation:\n  type: event_count\n  rules: [r-1]\n  group-by: [User]\n  timespan: 5m\n  condition: {gte: 3}\n`;
    expect(error(correlation).message).toMatch(/holds a correlation/);
  });
});

describe('the hunt body', () => {
  it('defaults the file name and the limit, and bounds the rule size', () => {
    expect(huntBody.parse({ rule: RULE })).toMatchObject({ file: 'rule.yml', limit: 100 });
    expect(huntBody.safeParse({ rule: 'x'.repeat(300 * 1024) }).success).toBe(false);
    expect(huntBody.safeParse({ rule: RULE, limit: 0 }).success).toBe(false);
  });
});

describe('POST /api/v1/rules/hunt with detect.placeholders', () => {
  const ADMINS = `title: Process run by an administrator
id: admins
logsource: {product: windows, category: process_creation}
detection:
  selection: {User|expand: '%Admins%'}
  condition: selection
`;
  const placeholders = { Admins: ['CORP\\root', 'CORP\\adm-*'] };
  let db: StateDb;
  let store: EventStore;
  let closeStore: () => Promise<void>;
  let app: FastifyInstance;
  let key: string;

  beforeAll(async () => {
    db = await openStateDb({ path: join(mkdtempSync(join(tmpdir(), 'vigil-hunt-api-')), 'state.db') });
    ({ store, cleanup: closeStore } = await openTempStore());
    await commit(store, [
      sysmon('root', 1, { User: 'CORP\\root' }, {}, 'acme'),
      sysmon('jane', 2, { User: 'CORP\\jane' }, {}, 'acme'),
      sysmon('adm-bob', 3, { User: 'CORP\\adm-bob' }, {}, 'acme'),
      sysmon('other-tenant', 4, { User: 'CORP\\root' }, {}, 'globex'),
    ]);
    app = await buildServer({
      logger: createLogger('silent'),
      stateDb: db,
      bodyLimitBytes: 1024 * 1024,
      routes: huntRoutes({ huntSigma: (req) => store.huntSigma(req) }, { placeholders }),
    });
    key = (await createApiKey(db, { tenant: 'acme', name: 'reader', scopes: ['read'] })).token;
  });
  afterAll(async () => {
    await app?.close();
    await closeStore?.();
    await db?.destroy();
  });

  const hunt = async (text: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/rules/hunt',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ rule: text, file: 'admins.yml', from: DAY.from, to: DAY.to }),
    });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };

  it("finds the events the detection engine matches with the configured values, in the caller's tenants", async () => {
    const r = await hunt(ADMINS);
    expect(r.status).toBe(200);
    const ids = (r.body.events as Record<string, unknown>[]).map((e) => e['vigil.id']);
    expect(ids).toEqual(['adm-bob', 'root']);
    expect(r.body.count).toBe(2);
    expect(ids).toEqual(
      await matcherIds(store, parseHuntRule(ADMINS, 'admins.yml'), ['acme'], { placeholders }),
    );
  });

  it('answers a placeholder without configured values with the rule line and the setting to set', async () => {
    const r = await hunt(ADMINS.replace('%Admins%', '%Servers%'));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ location: 'admins.yml:5' });
    expect(r.body.detail).toMatch(
      /^admins\.yml:5: .*placeholder %Servers% has no configured values \(set detect\.placeholders\.Servers\)/,
    );
  });
});

describe('hunting a library rule by id (a real server, state and event store)', () => {
  // the global rule, a global filter that leaves out adm-bob, and globex's own filter leaving out root
  const RULE_DOC = `title: Process run by an administrator
id: r-admins
logsource: {product: windows, category: process_creation}
detection:
  selection: {User|expand: '%Admins%'}
  condition: selection
`;
  const filterDoc = (id: string, user: string) => `title: Not ${user}
id: ${id}
logsource: {product: windows, category: process_creation}
filter:
  rules: [r-admins]
  selection: {User: '${user.replaceAll('\\', '\\\\')}'}
  condition: not selection
`;
  const placeholders = { Admins: ['CORP\\root', 'CORP\\adm-*'] };
  let db: StateDb;
  let store: EventStore;
  let closeStore: () => Promise<void>;
  let app: FastifyInstance;
  let both: string;
  let eventsOnly: string;
  let manager: RuleManager;

  const doc = (id: string, kind: 'rule' | 'filter', yaml: string) => ({
    id,
    kind,
    title: id,
    status: null,
    level: null,
    tags: [],
    path: `${id}.yml`,
    line: 1,
    yaml,
  });

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-hunt-id-'));
    db = await openStateDb({ path: join(dataDir, 'state.db') });
    ({ store, cleanup: closeStore } = await openTempStore());
    await commit(store, [
      sysmon('a-root', 1, { User: 'CORP\\root' }, {}, 'acme'),
      sysmon('a-jane', 2, { User: 'CORP\\jane' }, {}, 'acme'),
      sysmon('a-bob', 3, { User: 'CORP\\adm-bob' }, {}, 'acme'),
      sysmon('g-root', 4, { User: 'CORP\\root' }, {}, 'globex'),
      sysmon('g-eve', 5, { User: 'CORP\\adm-eve' }, {}, 'globex'),
    ]);
    const at = new Date().toISOString();
    await syncSourceRules(
      db,
      'builtin:rules/starter',
      [doc('r-admins', 'rule', RULE_DOC), doc('f-no-bob', 'filter', filterDoc('f-no-bob', 'CORP\\adm-bob'))],
      at,
    );
    await importRules(
      db,
      scopeOf(['globex']),
      'globex',
      'import:globex.zip',
      [doc('f-globex-root', 'filter', filterDoc('f-globex-root', 'CORP\\root'))],
      at,
    );
    const config = loadConfig({ env: {}, overrides: { dataDir } });
    const logger = createLogger('silent');
    manager = new RuleManager(db, config, logger);
    app = await buildServer({
      logger,
      stateDb: db,
      bodyLimitBytes: 1024 * 1024,
      routes: huntRoutes({ huntSigma: (req) => store.huntSigma(req) }, { placeholders, rules: manager }),
    });
    const hank = await makeUser(db, 'hank', { roles: ['analyst'], tenants: ['acme', 'globex'] });
    const by = { actor: LOCAL_CLI_ACTOR, client: NO_CLIENT };
    const noLimit = { apiKeyMaxDays: 0 };
    both = (
      await createOwnedApiKey(
        db,
        hank.id,
        { name: 'hunter', scopes: ['events:read', 'rules:read'] },
        noLimit,
        by,
      )
    ).token;
    eventsOnly = (
      await createOwnedApiKey(db, hank.id, { name: 'events', scopes: ['events:read'] }, noLimit, by)
    ).token;
  });
  afterAll(async () => {
    await app?.close();
    await closeStore?.();
    await db?.destroy();
  });

  const hunt = async (payload: Record<string, unknown>, token = both, tenant?: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/rules/hunt',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(tenant ? { 'x-vigil-tenant': tenant } : {}),
      },
      payload: JSON.stringify({ from: DAY.from, to: DAY.to, ...payload }),
    });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };
  const ids = (body: Record<string, unknown>) =>
    (body.events as Record<string, unknown>[]).map((e) => e['vigil.id']);

  it('hunts the rule as live detection runs it: the filters folded in leave out what they leave out', async () => {
    const r = await hunt({ ruleId: 'r-admins' }, both, 'acme');
    expect(r.status).toBe(200);
    expect(ids(r.body)).toEqual(['a-root']);
    expect(r.body).toMatchObject({ count: 1, tenants: ['acme'], filters: ['f-no-bob'] });
    expect(r.body.rule).toMatchObject({
      id: 'r-admins',
      file: 'builtin:rules/starter/r-admins.yml',
      line: 1,
    });
    // what the detection engine matches with the same variant
    const [variant] = (await manager.ruleVariants(scopeOf(['acme']), 'r-admins')) ?? [];
    expect(ids(r.body)).toEqual(
      await matcherIds(store, variant?.rule ?? parseHuntRule(RULE_DOC, 'x'), ['acme'], { placeholders }),
    );
    // the rule text alone finds what the filter leaves out
    const text = await hunt({ rule: RULE_DOC }, both, 'acme');
    expect(ids(text.body)).toEqual(['a-bob', 'a-root']);
  });

  it("folds a tenant's own filters for that tenant, and hunts tenants that run the rule differently one at a time", async () => {
    const globex = await hunt({ ruleId: 'r-admins' }, both, 'globex');
    expect(globex.status).toBe(200);
    expect(ids(globex.body)).toEqual(['g-eve']);
    expect(globex.body).toMatchObject({ tenants: ['globex'], filters: ['f-no-bob', 'f-globex-root'] });
    const mixed = await hunt({ ruleId: 'r-admins' });
    expect(mixed.status).toBe(400);
    expect(mixed.body.detail).toBe(
      'rule "r-admins" runs differently in these tenants (their own copy or filters): acme; globex; hunt one of these groups at a time (X-Vigil-Tenant)',
    );
  });

  it('answers an unknown id with 404, both or neither of rule and ruleId with 400, and needs rules:read', async () => {
    expect((await hunt({ ruleId: 'nope' }, both, 'acme')).status).toBe(404);
    expect((await hunt({ ruleId: 'f-no-bob' }, both, 'acme')).body.detail).toMatch(
      /^builtin:rules\/starter\/f-no-bob\.yml:1:1: rule f-no-bob is a filter; a hunt runs a detection rule$/,
    );
    expect((await hunt({ ruleId: 'r-admins', rule: RULE_DOC }, both, 'acme')).status).toBe(400);
    expect((await hunt({}, both, 'acme')).status).toBe(400);
    expect((await hunt({ ruleId: 'r-admins' }, eventsOnly, 'acme')).status).toBe(403);
    expect((await hunt({ rule: RULE_DOC }, eventsOnly, 'acme')).status).toBe(200);
  });
});
