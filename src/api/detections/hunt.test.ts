/**
 * The hunt route's rule text: exactly one detection rule, or an error naming file, line and column;
 * and the route over a real server and event store, `expand` placeholders taking the configured
 * values (`detect.placeholders`).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../access/index.ts';
import { BadRequestError } from '../../core/errors.ts';
import { createLogger } from '../../ops/index.ts';
import { commit, DAY, matcherIds, sysmon } from '../../store/events/sigma/hunt.fixture.ts';
import { openTempStore } from '../../store/events/testing.ts';
import type { EventStore } from '../../store/events/types.ts';
import { openStateDb, type StateDb } from '../../store/state/index.ts';
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
