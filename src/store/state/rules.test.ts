import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { openStateDb, type StateDb } from './open.ts';
import { deleteRule, getRule, importRules, listRules, type RuleInput, setRuleEnabled } from './rules.ts';
import {
  addRuleStats,
  removeGlobalSourcesExcept,
  rulesToRun,
  syncSourceRules,
  tenantRuleIds,
} from './rules-system.ts';

const rule = (id: string, extra: Partial<RuleInput> = {}): RuleInput => ({
  id,
  kind: 'rule',
  title: `Rule ${id}`,
  status: 'test',
  level: 'high',
  tags: ['attack.execution'],
  path: `${id}.yml`,
  line: 1,
  yaml: `title: Rule ${id}\n`,
  ...extra,
});

const T0 = '2026-11-22T10:00:00.000Z';
const T1 = '2026-11-22T11:00:00.000Z';
let path: string;
let db: StateDb;
beforeEach(async () => {
  path = join(mkdtempSync(join(tmpdir(), 'vigil-rules-')), 'state.db');
  db = await openStateDb({ path });
});
afterEach(async () => {
  await db.destroy();
});

describe('syncing a configured folder (global rules)', () => {
  it('inserts new rules, updates changed text keeping the enabled flag, removes rules no longer there', async () => {
    const first = await syncSourceRules(db, 'builtin:rules/starter', [rule('a'), rule('b'), rule('c')], T0);
    expect(first.added).toEqual(['a', 'b', 'c']);
    await setRuleEnabled(db, scopeOf(['acme']), 'b', false, T0);
    const second = await syncSourceRules(
      db,
      'builtin:rules/starter',
      [rule('a'), rule('b', { yaml: 'title: Rule b v2\n', title: 'Rule b v2' })],
      T1,
    );
    expect(second).toMatchObject({ added: [], updated: ['b'], removed: ['c'], unchanged: 1 });
    // acme turned b off for itself: its override follows the folder's text; other tenants keep b on.
    const b = await getRule(db, scopeOf(['acme']), 'b');
    expect(b).toMatchObject({
      tenant: 'acme',
      title: 'Rule b v2',
      enabled: false,
      createdAt: T0,
      updatedAt: T1,
    });
    expect(await getRule(db, scopeOf(['globex']), 'b')).toMatchObject({ tenant: null, enabled: true });
    expect(await getRule(db, scopeOf(['acme']), 'c')).toBeUndefined();
    await syncSourceRules(db, 'builtin:rules/starter', [rule('a')], T1);
    expect(await getRule(db, scopeOf(['acme']), 'b')).toBeUndefined(); // the override went with its rule
  });

  it("turning a global rule off turns it off for the caller's tenant only, and needs one tenant", async () => {
    await syncSourceRules(db, 'builtin:rules/starter', [rule('a')], T0);
    await expect(setRuleEnabled(db, scopeOf(['acme', 'globex']), 'a', false, T1)).rejects.toThrow(
      /shared by all tenants; name the one tenant/,
    );
    expect(await setRuleEnabled(db, scopeOf(['acme']), 'a', false, T1)).toMatchObject({
      tenant: 'acme',
      enabled: false,
    });
    expect(await getRule(db, scopeOf(['globex']), 'a')).toMatchObject({ tenant: null, enabled: true });
    expect(await tenantRuleIds(db)).toEqual([{ tenant: 'acme', id: 'a' }]);
    const listed = await listRules(db, scopeOf(['acme']), { limit: 10, offset: 0 });
    expect(listed.items.map((r) => [r.id, r.tenant, r.enabled])).toEqual([['a', 'acme', false]]);
    const both = await listRules(db, scopeOf(['acme', 'globex']), { limit: 10, offset: 0 });
    expect(both.items.map((r) => [r.id, r.tenant, r.enabled])).toEqual([
      ['a', null, true],
      ['a', 'acme', false],
    ]);
    expect(await deleteRule(db, scopeOf(['acme']), 'a')).toBe('global'); // an override is turned on, not deleted
    expect(await setRuleEnabled(db, scopeOf(['acme']), 'a', true, T1)).toMatchObject({
      tenant: 'acme',
      enabled: true,
    });
    expect(await listRules(db, scopeOf([]), { limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
  });

  it('keeps the first source of an id defined by two folders and reports the conflict', async () => {
    await syncSourceRules(db, 'builtin:rules/starter', [rule('a')], T0);
    const r = await syncSourceRules(db, 'folder:/srv/rules', [rule('a'), rule('z')], T0);
    expect(r.conflicts).toEqual([{ id: 'a', source: 'builtin:rules/starter' }]);
    expect(r.added).toEqual(['z']);
    expect((await getRule(db, scopeOf(['acme']), 'a'))?.source).toBe('builtin:rules/starter');
  });

  it('drops the rules of folders that are no longer configured', async () => {
    await syncSourceRules(db, 'builtin:rules/starter', [rule('a')], T0);
    await syncSourceRules(db, 'folder:/old', [rule('o')], T0);
    await importRules(db, scopeOf(['acme']), 'acme', 'import:x', [rule('i')], T0);
    expect(await removeGlobalSourcesExcept(db, ['builtin:rules/starter'], ['builtin:', 'folder:'])).toBe(1);
    expect((await listRules(db, scopeOf(['acme']), { limit: 10, offset: 0 })).items.map((r) => r.id)).toEqual(
      ['a', 'i'],
    );
  });
});

describe('importing into a tenant', () => {
  it('classifies ids as imported, updated or unchanged; a dry run writes nothing', async () => {
    const dry = await importRules(db, scopeOf(['acme']), 'acme', 'import:pack', [rule('a'), rule('b')], T0, {
      dryRun: true,
    });
    expect(dry).toEqual({ imported: ['a', 'b'], updated: [], unchanged: [] });
    expect((await listRules(db, scopeOf(['acme']), { limit: 10, offset: 0 })).total).toBe(0);
    await importRules(db, scopeOf(['acme']), 'acme', 'import:pack', [rule('a'), rule('b')], T0);
    await setRuleEnabled(db, scopeOf(['acme']), 'a', false, T0);
    const again = await importRules(
      db,
      scopeOf(['acme']),
      'acme',
      'import:pack',
      [rule('a', { yaml: 'title: changed\n' }), rule('b'), rule('c')],
      T1,
    );
    expect(again).toEqual({ imported: ['c'], updated: ['a'], unchanged: ['b'] });
    expect(await getRule(db, scopeOf(['acme']), 'a')).toMatchObject({
      enabled: false,
      yaml: 'title: changed\n',
    });
  });

  it('scopes rules to their tenant: another tenant neither sees nor changes them', async () => {
    await importRules(db, scopeOf(['acme']), 'acme', 'api', [rule('a')], T0);
    expect(await getRule(db, scopeOf(['globex']), 'a')).toBeUndefined();
    expect(await setRuleEnabled(db, scopeOf(['globex']), 'a', false, T0)).toBeUndefined();
    expect(await deleteRule(db, scopeOf(['globex']), 'a')).toBe('missing');
    expect(await getRule(db, scopeOf(['acme']), 'a')).toMatchObject({ tenant: 'acme', enabled: true });
  });

  it("a tenant's copy of a global rule is the one that tenant sees and changes; global rules are not deleted", async () => {
    await syncSourceRules(db, 'builtin:rules/starter', [rule('a')], T0);
    await importRules(db, scopeOf(['acme']), 'acme', 'import:mine', [rule('a', { title: 'My a' })], T0);
    expect((await getRule(db, scopeOf(['acme']), 'a'))?.title).toBe('My a');
    expect((await getRule(db, scopeOf(['globex']), 'a'))?.title).toBe('Rule a');
    await setRuleEnabled(db, scopeOf(['acme']), 'a', false, T1);
    expect((await getRule(db, scopeOf(['globex']), 'a'))?.enabled).toBe(true);
    expect(await deleteRule(db, scopeOf(['acme']), 'a')).toBe('deleted');
    expect(await deleteRule(db, scopeOf(['acme']), 'a')).toBe('global');
  });
});

describe('listing', () => {
  it('filters by status, level, kind, enabled, source, title text and tag, with paging and a total', async () => {
    await syncSourceRules(
      db,
      'builtin:rules/starter',
      [
        rule('a', { title: 'Encoded PowerShell', status: 'stable', tags: ['attack.t1059.001'] }),
        rule('b', { title: 'Whoami', status: 'experimental', level: 'low' }),
        rule('c', { title: 'Many logins', kind: 'correlation', status: 'deprecated', level: 'medium' }),
        rule('d', { title: '100%_literal', status: null, level: null, tags: ['attack.t1059'] }),
      ],
      T0,
    );
    await setRuleEnabled(db, scopeOf(['acme']), 'b', false, T0);
    const ids = async (f: object) =>
      (await listRules(db, scopeOf(['acme']), { limit: 10, offset: 0, ...f })).items.map((r) => r.id);
    expect(await ids({})).toEqual(['d', 'a', 'c', 'b']);
    expect(await ids({ statuses: ['stable', 'experimental'] })).toEqual(['a', 'b']);
    expect(await ids({ levels: ['low', 'medium'] })).toEqual(['c', 'b']);
    expect(await ids({ kind: 'correlation' })).toEqual(['c']);
    expect(await ids({ enabled: false })).toEqual(['b']);
    expect(await ids({ source: 'import:x' })).toEqual([]);
    expect(await ids({ text: 'powershell' })).toEqual(['a']);
    expect(await ids({ text: '%_' })).toEqual(['d']);
    expect(await ids({ tag: 'attack.t1059' })).toEqual(['d']);
    const page = await listRules(db, scopeOf(['acme']), { limit: 2, offset: 2 });
    expect(page.items.map((r) => r.id)).toEqual(['c', 'b']);
    expect(page.total).toBe(4);
  });
});

describe('what the pipeline runs', () => {
  it('enabled rules whose status is allowed and whose level is at least the minimum; undeclared passes', async () => {
    await syncSourceRules(
      db,
      'builtin:rules/starter',
      [
        rule('stable-high', { status: 'stable' }),
        rule('deprecated', { status: 'deprecated' }),
        rule('low', { level: 'low' }),
        rule('bare', { status: null, level: null }),
        rule('off'),
      ],
      T0,
    );
    await importRules(db, scopeOf(['acme']), 'acme', 'api', [rule('mine', { status: 'experimental' })], T0);
    await setRuleEnabled(db, scopeOf(['acme']), 'off', false, T0);
    const run = await rulesToRun(db, { statuses: ['stable', 'test', 'experimental'], minLevel: 'medium' });
    // 'off' is off for acme only (its override); the global rule runs for the other tenants.
    expect(run.map((r) => [r.id, r.tenant]).sort()).toEqual([
      ['bare', null],
      ['mine', 'acme'],
      ['off', null],
      ['stable-high', null],
    ]);
    expect(await tenantRuleIds(db)).toContainEqual({ tenant: 'acme', id: 'off' });
    expect(run.find((r) => r.id === 'mine')).toMatchObject({ source: 'api', yaml: 'title: Rule mine\n' });
  });
});

describe('counters', () => {
  it('adds hits and time per rule and tenant, keeps the latest hit, and survives reopening the file', async () => {
    await syncSourceRules(db, 'builtin:rules/starter', [rule('a')], T0);
    await addRuleStats(
      db,
      [
        { ruleId: 'a', tenant: 'acme', hits: 2, ms: 1.5, lastHitAt: '2026-11-22T10:05:00.000Z' },
        { ruleId: 'a', tenant: 'globex', hits: 7, ms: 0, lastHitAt: '2026-11-22T12:00:00.000Z' },
      ],
      T0,
    );
    await addRuleStats(
      db,
      [{ ruleId: 'a', tenant: 'acme', hits: 1, ms: 0.5, lastHitAt: '2026-11-22T10:01:00.000Z' }],
      T1,
    );
    await db.destroy();
    db = await openStateDb({ path });
    expect((await getRule(db, scopeOf(['acme']), 'a'))?.stats).toEqual({
      hits: 3,
      lastHitAt: '2026-11-22T10:05:00.000Z',
      timeMs: 2,
    });
    expect((await listRules(db, scopeOf(['globex']), { limit: 5, offset: 0 })).items[0]?.stats.hits).toBe(7);
  });
});
