/**
 * The rule routes over a real server (Fastify inject) and a real SQLite state store, wired to the
 * rule library without a pipeline (the reload path is covered end to end in test/e2e).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../access/index.ts';
import { RuleManager } from '../../app/rules.ts';
import { loadConfig } from '../../config/index.ts';
import { createLogger } from '../../ops/index.ts';
import { openStateDb, type StateDb, searchAudit } from '../../store/state/index.ts';
import { syncSourceRules } from '../../store/state/system.ts';
import { scopeOf } from '../../store/tenancy.ts';
import { buildServer } from '../server.ts';
import { ruleRoutes } from './routes.ts';
import type { ImportReport, RuleDetail, RuleSummary } from './schemas.ts';

const rule = (id: string, title: string, extra = '') => `title: ${title}
id: ${id}
status: test
level: high
tags: [attack.execution]
logsource: {product: windows, category: process_creation}
detection:
  selection: {Image|endswith: '\\whoami.exe'${extra}}
  condition: selection
`;
const BROKEN =
  'title: Broken\nlogsource: {product: windows}\ndetection:\n  s: {a: 1}\n  condition: s and t\n';
const UNKNOWN_FIELD = rule('u-1', 'Unknown field', ', NoSuchField: x');

let db: StateDb;
let app: FastifyInstance;
let admin: string;
let reader: string;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-rules-api-'));
  db = await openStateDb({ path: join(dataDir, 'state.db') });
  const config = loadConfig({ env: {}, overrides: { dataDir } });
  const logger = createLogger('silent');
  app = await buildServer({
    logger,
    stateDb: db,
    bodyLimitBytes: 1024 * 1024,
    routes: ruleRoutes(new RuleManager(db, config, logger)),
  });
  admin = (await createApiKey(db, { tenant: 'acme', name: 'admin', scopes: ['admin'] })).token;
  reader = (await createApiKey(db, { tenant: 'acme', name: 'reader', scopes: ['read'] })).token;
  await syncSourceRules(
    db,
    'builtin:rules/starter',
    [
      {
        id: 'builtin-1',
        kind: 'rule',
        title: 'Built-in whoami',
        status: 'stable',
        level: 'medium',
        tags: [],
        path: 'w.yml',
        line: 1,
        yaml: rule('builtin-1', 'Built-in whoami'),
      },
    ],
    new Date().toISOString(),
  );
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

const call = async (
  method: string,
  url: string,
  opts: { key?: string; body?: string | Buffer; type?: string } = {},
) => {
  const res = await app.inject({
    method: method as 'GET',
    url,
    headers: {
      authorization: `Bearer ${opts.key ?? admin}`,
      ...(opts.type ? { 'content-type': opts.type } : {}),
    },
    ...(opts.body !== undefined ? { payload: opts.body } : {}),
  });
  return { status: res.statusCode, json: () => res.json() as unknown };
};

describe('POST /api/v1/rules/import', () => {
  it('a dry run classifies a zip and reports errors (file, line, column) and unsupported rules, writing nothing', async () => {
    const zip = Buffer.from(
      zipSync({
        'w/ok.yml': strToU8(rule('ok-1', 'Whoami')),
        'w/broken.yml': strToU8(BROKEN),
        'w/unknown.yml': strToU8(UNKNOWN_FIELD),
        'notes.txt': strToU8('x'),
        '../slip.yml': strToU8(rule('slip', 'Slip')),
      }),
    );
    const r = await call('POST', '/api/v1/rules/import?dryRun=true&name=pack.zip', {
      body: zip,
      type: 'application/zip',
    });
    expect(r.status).toBe(200);
    const report = r.json() as ImportReport;
    expect(report).toMatchObject({
      source: 'import:pack.zip',
      dryRun: true,
      committed: false,
      ignored: 1,
      totals: { imported: 2, updated: 0, unchanged: 0, errors: 2, unsupported: 1 },
      reload: null,
    });
    expect(report.problems).toEqual([
      { file: '../slip.yml', reason: expect.stringMatching(/^refused: .*"\.\."/) },
    ]);
    const byPath = Object.fromEntries(report.files.map((f) => [f.path, f]));
    expect(byPath['w/ok.yml']?.imported).toEqual(['ok-1']);
    expect(byPath['w/broken.yml']?.errors).toEqual([
      {
        file: 'w/broken.yml',
        line: 5,
        column: 20,
        reason: expect.stringContaining('unknown search identifier "t"'),
      },
    ]);
    expect(byPath['w/unknown.yml']?.unsupported[0]).toMatchObject({
      file: 'w/unknown.yml',
      line: 8,
      ruleId: 'u-1',
      reason: expect.stringContaining('field "NoSuchField" is not known'),
    });
    expect(((await call('GET', '/api/v1/rules')).json() as { total: number }).total).toBe(1);
  });

  it('strict refuses an import with errors (422, nothing written); otherwise the valid documents are imported', async () => {
    const files = {
      files: [
        { path: 'a.yml', text: rule('a-1', 'Alpha') },
        { path: 'b.yml', text: BROKEN },
      ],
    };
    const strict = await call('POST', '/api/v1/rules/import?strict=true', {
      body: JSON.stringify(files),
      type: 'application/json',
    });
    expect(strict.status).toBe(422);
    expect(strict.json()).toMatchObject({ committed: false, totals: { errors: 1 } });
    expect((await call('GET', '/api/v1/rules/a-1')).status).toBe(404);
    const lax = await call('POST', '/api/v1/rules/import', {
      body: JSON.stringify(files),
      type: 'application/json',
    });
    expect(lax.status).toBe(200);
    expect(lax.json()).toMatchObject({ source: 'api', committed: true, totals: { imported: 1, errors: 1 } });
    const again = await call('POST', '/api/v1/rules/import', {
      body: rule('a-1', 'Alpha v2'),
      type: 'application/yaml',
    });
    expect(again.json()).toMatchObject({ totals: { imported: 0, updated: 1 } });
  });

  it('refuses an unknown content type and an empty body as problems; a read-only key may not import', async () => {
    const odd = await call('POST', '/api/v1/rules/import', { body: 'x', type: 'text/plain' });
    expect(odd.status).toBe(400);
    expect(odd.json()).toMatchObject({
      code: 'bad_request',
      detail: expect.stringMatching(/unsupported content type/),
    });
    expect((await call('POST', '/api/v1/rules/import', { body: '', type: 'application/yaml' })).status).toBe(
      400,
    );
    const ro = await call('POST', '/api/v1/rules/import', {
      key: reader,
      body: rule('r', 'R'),
      type: 'application/yaml',
    });
    expect(ro.status).toBe(403);
  });
});

describe('reading and changing rules', () => {
  it('lists with filters and shows one rule with its YAML and counters', async () => {
    const all = (await call('GET', '/api/v1/rules?limit=50', { key: reader })).json() as {
      items: RuleSummary[];
    };
    expect(all.items.map((r) => [r.id, r.scope])).toContainEqual(['builtin-1', 'global']);
    const stable = (await call('GET', '/api/v1/rules?status=stable&enabled=true')).json() as {
      items: RuleSummary[];
    };
    expect(stable.items.map((r) => r.id)).toEqual(['builtin-1']);
    expect((await call('GET', '/api/v1/rules?status=bogus')).status).toBe(400);
    const one = (await call('GET', '/api/v1/rules/a-1', { key: reader })).json() as RuleDetail;
    expect(one).toMatchObject({
      id: 'a-1',
      title: 'Alpha v2',
      scope: 'tenant',
      stats: { hits: 0, lastHitAt: null },
    });
    expect(one.yaml).toContain('title: Alpha v2');
  });

  it('enables and disables; deletes imported rules; a built-in rule can only be disabled (409)', async () => {
    const off = await call('PATCH', '/api/v1/rules/builtin-1', {
      body: '{"enabled":false}',
      type: 'application/json',
    });
    expect(off.json()).toMatchObject({ id: 'builtin-1', enabled: false });
    expect(
      (
        await call('PATCH', '/api/v1/rules/builtin-1', {
          key: reader,
          body: '{"enabled":true}',
          type: 'application/json',
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('PATCH', '/api/v1/rules/nope', { body: '{"enabled":true}', type: 'application/json' }))
        .status,
    ).toBe(404);
    const del = await call('DELETE', '/api/v1/rules/builtin-1');
    expect(del.status).toBe(409);
    expect(del.json()).toMatchObject({ code: 'conflict' });
    expect((await call('DELETE', '/api/v1/rules/a-1')).status).toBe(204);
    expect((await call('GET', '/api/v1/rules/a-1')).status).toBe(404);
    // Every change is in the audit trail, with who did it and the state before and after.
    const trail = await searchAudit(db, {
      tenants: scopeOf(['default', 'acme', 'globex']),
      includeGlobal: true,
      targetType: 'rule',
      limit: 10,
    });
    expect(trail.map((e) => e.action)).toContain('rule.import'); // the earlier imports
    expect(trail.slice(0, 2).map((e) => [e.action, e.target?.id, e.actor.kind, e.outcome])).toEqual([
      ['rule.delete', 'a-1', 'api_key', 'success'],
      ['rule.disable', 'builtin-1', 'api_key', 'success'],
    ]);
    expect(trail[1]).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
  });

  it('reload answers that no pipeline runs detection here', async () => {
    expect((await call('POST', '/api/v1/rules/reload')).json()).toMatchObject({
      detecting: false,
      loaded: 0,
    });
  });
});

describe('POST /api/v1/rules/test', () => {
  const sysmon = (image: string, cmd: string) =>
    JSON.stringify({
      winlog: {
        channel: 'Microsoft-Windows-Sysmon/Operational',
        event_id: '1',
        event_data: { Image: image, CommandLine: cmd },
      },
    });
  const WHOAMI = 'C:\\Windows\\System32\\whoami.exe';
  const test = (body: unknown, key = reader) =>
    call('POST', '/api/v1/rules/test', { key, body: JSON.stringify(body), type: 'application/json' });

  it('runs the rule on pasted lines: matches with their fields, parser rejections, and why the others did not match', async () => {
    const events = [
      sysmon(WHOAMI, 'whoami /priv'),
      '',
      sysmon('C:\\Windows\\notepad.exe', 'notepad'),
      '{"broken',
    ];
    const r = await test({ yaml: rule('t-1', 'Whoami'), events: events.join('\n'), format: 'windows' });
    expect(r.status).toBe(200);
    const report = r.json() as {
      rules: unknown[];
      events: {
        line: number;
        parsed: boolean;
        matches: { ruleId: string; fields: { field: string }[] }[];
        explanation?: { firstUnmatched?: { item: string } };
        reason?: string;
      }[];
      summary: unknown;
    };
    expect(report.rules).toEqual([{ id: 't-1', title: 'Whoami', level: 'high' }]);
    expect(report.summary).toEqual({ events: 3, parsed: 2, matched: 1, matches: 1 });
    const [hit, miss, bad] = report.events;
    expect(hit).toMatchObject({ line: 1, parsed: true, matches: [{ ruleId: 't-1' }] });
    expect(hit?.matches[0]?.fields.map((f) => f.field)).toContain('winlog.event_data.Image');
    expect(miss).toMatchObject({ line: 3, parsed: true, matches: [] });
    expect(miss?.explanation?.firstUnmatched?.item).toBe('Image|endswith');
    expect(bad).toMatchObject({ line: 4, parsed: false, reason: expect.any(String) });
  });

  it('takes one pretty-printed JSON object or a JSON array as the events', async () => {
    const one = JSON.stringify(JSON.parse(sysmon(WHOAMI, 'whoami')), null, 2);
    const r = await test({ yaml: rule('t-2', 'Whoami'), events: one });
    expect((r.json() as { summary: unknown }).summary).toMatchObject({ events: 1, matched: 1 });
    const list = `[${sysmon(WHOAMI, 'a')}, ${sysmon(WHOAMI, 'b')}]`;
    const r2 = await test({ yaml: rule('t-2', 'Whoami'), events: list });
    expect((r2.json() as { summary: unknown }).summary).toMatchObject({ events: 2, matched: 2 });
  });

  it('answers a rule that does not parse with a located problem, and refuses more than 1,000 events', async () => {
    const broken = await test({ yaml: BROKEN, events: sysmon(WHOAMI, 'x') });
    expect(broken.status).toBe(400);
    expect(broken.json()).toMatchObject({
      location: 'rule.yml:5:20',
      detail: expect.stringContaining('unknown search identifier "t"'),
    });
    const many = Array.from({ length: 1001 }, () => 'x').join('\n');
    const tooMany = await test({ yaml: rule('t-3', 'W'), events: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json()).toMatchObject({
      detail: expect.stringMatching(/1001 events given; .* at most 1000/),
    });
  });
});

describe('rules using `expand`, with detect.placeholders configured', () => {
  const expandRule = (id: string, placeholder: string) => `title: Run by ${placeholder}
id: ${id}
status: test
level: high
logsource: {product: windows, category: process_creation}
detection:
  selection: {User|expand: '%${placeholder}%'}
  condition: selection
`;
  const runBy = (user: string) =>
    JSON.stringify({
      winlog: {
        channel: 'Microsoft-Windows-Sysmon/Operational',
        event_id: '1',
        event_data: { Image: 'C:\\Windows\\System32\\cmd.exe', User: user },
      },
    });
  let db2: StateDb;
  let app2: FastifyInstance;
  let key: string;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-rules-expand-'));
    db2 = await openStateDb({ path: join(dataDir, 'state.db') });
    const config = loadConfig({
      env: {},
      overrides: { dataDir, 'detect.placeholders': { Admins: ['CORP\\root', 'CORP\\adm-*'] } },
    });
    const logger = createLogger('silent');
    app2 = await buildServer({
      logger,
      stateDb: db2,
      bodyLimitBytes: 1024 * 1024,
      routes: ruleRoutes(new RuleManager(db2, config, logger), { placeholders: config.detect.placeholders }),
    });
    key = (await createApiKey(db2, { tenant: 'acme', name: 'admin', scopes: ['admin'] })).token;
  });
  afterAll(async () => {
    await app2?.close();
    await db2?.destroy();
  });
  const call2 = async (url: string, body: unknown) => {
    const res = await app2.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    return { status: res.statusCode, json: () => res.json() as unknown };
  };

  it('imports a rule whose placeholder has values; one without values is imported too, reported with the setting to set', async () => {
    const r = await call2('/api/v1/rules/import', {
      files: [
        { path: 'admins.yml', text: expandRule('x-admins', 'Admins') },
        { path: 'servers.yml', text: expandRule('x-servers', 'Servers') },
      ],
    });
    expect(r.status).toBe(200);
    const report = r.json() as ImportReport;
    expect(report.totals).toMatchObject({ imported: 2, errors: 0, unsupported: 1 });
    const byPath = Object.fromEntries(report.files.map((f) => [f.path, f]));
    expect(byPath['admins.yml']).toMatchObject({ imported: ['x-admins'], unsupported: [] });
    expect(byPath['servers.yml']).toMatchObject({ imported: ['x-servers'] });
    expect(byPath['servers.yml']?.unsupported).toEqual([
      {
        file: 'servers.yml',
        line: 7,
        column: 1,
        ruleId: 'x-servers',
        reason:
          'search "selection": field "User": placeholder %Servers% has no configured values (set detect.placeholders.Servers)',
      },
    ]);
  });

  it('tries a rule using `expand` on pasted events with the configured values', async () => {
    const r = await call2('/api/v1/rules/test', {
      yaml: expandRule('t-admins', 'Admins'),
      events: [runBy('CORP\\adm-bob'), runBy('CORP\\jane')].join('\n'),
      format: 'windows',
    });
    expect(r.status).toBe(200);
    const report = r.json() as {
      summary: unknown;
      events: { matches: unknown[]; explanation?: { firstUnmatched?: { item: string; values: string[] } } }[];
    };
    expect(report.summary).toMatchObject({ events: 2, matched: 1 });
    expect(report.events[1]?.explanation?.firstUnmatched).toMatchObject({
      item: 'User|expand',
      values: ['%Admins%'],
    });
  });
});
