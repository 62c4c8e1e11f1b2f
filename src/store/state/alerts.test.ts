import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TriageAction } from '../../alerts/triage.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../../core/errors.ts';
import { scopeOf } from '../tenancy.ts';
import { insertTestAlert } from './alerts.fixture.ts';
import {
  ALERT_SORTS,
  type Alert,
  type AlertQuery,
  alertStatusCounts,
  applyTriage,
  bulkTriage,
  type ChangeAudit,
  getAlert,
  listAlerts,
  similarAlerts,
} from './alerts.ts';
import { searchAudit } from './audit.ts';
import { addEntityRisk } from './entity-risk.ts';
import { openStateDb, type StateDb } from './open.ts';
import { insertUser } from './users.ts';

const ACME = scopeOf(['acme']);
const BOTH = scopeOf(['acme', 'globex']);
const BY: ChangeAudit = {
  actor: { kind: 'user', id: 'u-ann', name: 'ann' },
  ip: '10.0.0.7',
  userAgent: 'vitest',
};
const OPTS = { riskHalfLifeHours: 72 };

let db: StateDb;
beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
});
afterEach(async () => {
  await db.destroy();
});

const ids = (alerts: readonly Alert[]) => alerts.map((a) => a.id);
const list = async (q: AlertQuery, scope = ACME) => ids((await listAlerts(db, scope, q)).items);

describe('the Alert model', () => {
  it('reads a row with its JSON columns parsed and the assignee named', async () => {
    await insertUser(db, {
      id: 'u-ann',
      kind: 'user',
      username: 'ann',
      displayName: 'Ann',
      passwordHash: null,
      roles: ['analyst'],
      tenants: ['acme'],
      mustChangePassword: false,
      createdAt: '2026-11-01T00:00:00.000Z',
    });
    const a = await insertTestAlert(db, { id: 'a1', assignee: 'u-ann', eventIds: ['e1', 'e2'], count: 2 });
    expect(a).toMatchObject({
      id: 'a1',
      tenant: 'acme',
      ruleId: 'rule-mimikatz',
      severity: 'high',
      tactics: ['credential-access'],
      techniques: ['T1003.001'],
      entities: [
        { type: 'host', value: 'ws-01' },
        { type: 'user', value: 'alice' },
      ],
      status: 'new',
      verdict: null,
      assignee: 'u-ann',
      assigneeName: 'ann',
      count: 2,
      eventIds: ['e1', 'e2'],
      matched: [{ field: 'process.name', value: 'mimikatz.exe' }],
      sparkline: { start: '2026-11-22T10:00:00.000Z', bucketMinutes: 5, counts: [2] },
      version: 1,
    });
    expect(typeof a.seq).toBe('number');
  });
});

describe('the queue', () => {
  beforeEach(async () => {
    await insertTestAlert(db, { id: 'a-new', severity: 'critical', lastSeen: '2026-11-22T10:00:00.000Z' });
    await insertTestAlert(db, {
      id: 'a-ack',
      status: 'acknowledged',
      severity: 'low',
      assignee: 'u-ann',
      ruleId: 'rule-ps',
      title: 'Encoded PowerShell 100%',
      tactics: ['execution'],
      techniques: ['T1059.001'],
      entities: [{ type: 'host', value: 'srv-db' }],
      lastSeen: '2026-11-22T11:00:00.000Z',
    });
    await insertTestAlert(db, {
      id: 'a-closed',
      status: 'closed',
      verdict: 'false_positive',
      severity: 'medium',
      caseId: 'case-1',
      techniques: ['T1003'],
      entities: [{ type: 'user', value: 'bob' }],
      lastSeen: '2026-11-22T12:00:00.000Z',
    });
    await insertTestAlert(db, { id: 'g-1', tenant: 'globex', lastSeen: '2026-11-22T12:00:00.000Z' });
  });

  it('sees only the scope’s tenants', async () => {
    expect(await list({})).toEqual(['a-closed', 'a-ack', 'a-new']);
    expect(await list({}, BOTH)).toEqual(['g-1', 'a-closed', 'a-ack', 'a-new']);
    expect(await list({}, scopeOf([]))).toEqual([]);
    expect(await getAlert(db, ACME, 'g-1')).toBeUndefined();
    expect((await getAlert(db, BOTH, 'g-1'))?.tenant).toBe('globex');
  });

  it('filters by status, severity, rule, assignee, case, entity, tactic and technique', async () => {
    expect(await list({ status: ['new', 'acknowledged'] })).toEqual(['a-ack', 'a-new']);
    expect(await list({ severity: ['critical', 'medium'] })).toEqual(['a-closed', 'a-new']);
    expect(await list({ ruleId: 'rule-ps' })).toEqual(['a-ack']);
    expect(await list({ assignee: 'u-ann' })).toEqual(['a-ack']);
    expect(await list({ assignee: 'none' })).toEqual(['a-closed', 'a-new']);
    expect(await list({ caseId: 'case-1' })).toEqual(['a-closed']);
    expect(await list({ entity: { type: 'host', value: 'srv-db' } })).toEqual(['a-ack']);
    expect(await list({ entity: { type: 'user', value: 'srv-db' } })).toEqual([]);
    expect(await list({ tactic: 'execution' })).toEqual(['a-ack']);
    expect(await list({ technique: 'T1003' })).toEqual(['a-closed', 'a-new']);
    expect(await list({ technique: 't1003.001' })).toEqual(['a-new']);
    expect(await list({ technique: 'T1059' })).toEqual(['a-ack']);
  });

  it('searches text in the title, the rule id and entity values (wildcards taken literally), and the id', async () => {
    expect(await list({ q: 'powershell' })).toEqual(['a-ack']);
    expect(await list({ q: '100%' })).toEqual(['a-ack']);
    expect(await list({ q: '%' })).toEqual(['a-ack']);
    expect(await list({ q: 'rule-ps' })).toEqual(['a-ack']);
    expect(await list({ q: 'BOB' })).toEqual(['a-closed']);
    expect(await list({ q: 'a-new' })).toEqual(['a-new']);
    expect(await list({ q: 'ws_01' })).toEqual([]);
  });

  it('filters by last_seen: since inclusive, until exclusive', async () => {
    expect(await list({ since: '2026-11-22T11:00:00.000Z' })).toEqual(['a-closed', 'a-ack']);
    expect(await list({ until: '2026-11-22T11:00:00.000Z' })).toEqual(['a-new']);
  });

  it('counts per status for the header, with the other filters and regardless of the status filter', async () => {
    expect(await alertStatusCounts(db, ACME, { status: ['new'] })).toEqual({
      new: 1,
      acknowledged: 1,
      in_progress: 0,
      escalated: 0,
      closed: 1,
    });
    expect(await alertStatusCounts(db, BOTH, { severity: ['high'] })).toMatchObject({ new: 1 });
    expect(await alertStatusCounts(db, ACME, { ruleId: 'rule-ps' })).toMatchObject({
      new: 0,
      acknowledged: 1,
    });
  });
});

describe('sorting and keyset pagination', () => {
  it('pages through every sort without gaps or repeats, ties included, in the sort’s order', async () => {
    const sevs = ['informational', 'low', 'medium', 'high', 'critical'] as const;
    for (let i = 0; i < 37; i++) {
      const created = new Date(Date.UTC(2026, 10, 22, 10, i % 7)).toISOString();
      await insertTestAlert(db, {
        id: `a${String(i).padStart(2, '0')}`,
        severity: sevs[(i * 7) % 5],
        count: (i * 3) % 4,
        createdAt: created,
        lastSeen: new Date(Date.UTC(2026, 10, 22, 11, i % 5)).toISOString(),
      });
    }
    const rank = (a: Alert) => sevs.indexOf(a.severity);
    const cmp: Record<(typeof ALERT_SORTS)[number], (a: Alert, b: Alert) => number> = {
      newest: (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
      last_seen: (a, b) => b.lastSeen.localeCompare(a.lastSeen) || b.id.localeCompare(a.id),
      severity: (a, b) =>
        rank(b) - rank(a) || b.lastSeen.localeCompare(a.lastSeen) || b.id.localeCompare(a.id),
      count: (a, b) => b.count - a.count || b.lastSeen.localeCompare(a.lastSeen) || b.id.localeCompare(a.id),
    };
    for (const sort of ALERT_SORTS) {
      const all = (await listAlerts(db, ACME, { sort, limit: 500 })).items;
      expect(ids(all), sort).toEqual(ids([...all].sort(cmp[sort])));
      const paged: Alert[] = [];
      let cursor: string | undefined;
      do {
        const page = await listAlerts(db, ACME, { sort, limit: 5, ...(cursor ? { cursor } : {}) });
        paged.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(ids(paged), sort).toEqual(ids(all));
    }
  });

  it('refuses a cursor of another sort or a forged one', async () => {
    await insertTestAlert(db, { id: 'x1' });
    await insertTestAlert(db, { id: 'x2' });
    const page = await listAlerts(db, ACME, { sort: 'count', limit: 1 });
    expect(page.nextCursor).not.toBeNull();
    await expect(listAlerts(db, ACME, { sort: 'newest', cursor: page.nextCursor! })).rejects.toThrow(
      /cursor belongs to the sort "count", not "newest"/,
    );
    await expect(listAlerts(db, ACME, { cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('triage', () => {
  it('applies an action: new fields, version + 1, a new seq, updated_at, and an audit entry with before/after', async () => {
    const a = await insertTestAlert(db, { id: 'a1' });
    const after = await applyTriage(db, ACME, 'a1', 1, { kind: 'acknowledge' }, BY, OPTS);
    expect(after).toMatchObject({ status: 'acknowledged', version: 2 });
    expect(after.seq).toBeGreaterThan(a.seq);
    expect(after.acknowledgedAt).toBe(after.updatedAt);
    const [entry] = await searchAudit(db, { tenants: ACME, includeGlobal: false, limit: 10 });
    expect(entry).toMatchObject({
      tenant: 'acme',
      actor: BY.actor,
      action: 'alert.acknowledge',
      target: { type: 'alert', id: 'a1' },
      outcome: 'success',
      ip: '10.0.0.7',
      userAgent: 'vitest',
      before: { status: 'new', verdict: null, assignee: null, version: 1 },
      after: { status: 'acknowledged', verdict: null, assignee: null, version: 2 },
    });
  });

  it('refuses a stale version with the current one, and changes nothing', async () => {
    await insertTestAlert(db, { id: 'a1' });
    await applyTriage(db, ACME, 'a1', 1, { kind: 'start' }, BY, OPTS);
    const stale = await applyTriage(
      db,
      ACME,
      'a1',
      1,
      { kind: 'close', verdict: 'true_positive' },
      BY,
      OPTS,
    ).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale).toMatchObject({
      currentVersion: 2,
      message: expect.stringMatching(/reload it and try again/),
    });
    expect((await getAlert(db, ACME, 'a1'))?.status).toBe('in_progress');
  });

  it('does not reach an alert of another tenant', async () => {
    await insertTestAlert(db, { id: 'g1', tenant: 'globex' });
    await expect(applyTriage(db, ACME, 'g1', 1, { kind: 'acknowledge' }, BY, OPTS)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect((await getAlert(db, BOTH, 'g1'))?.version).toBe(1);
  });

  it('turns a refusal of the state machine into a BadRequestError naming the field', async () => {
    await insertTestAlert(db, { id: 'a1' });
    const e = await applyTriage(db, ACME, 'a1', 1, { kind: 'close', verdict: null }, BY, OPTS).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(BadRequestError);
    expect(e).toMatchObject({ location: 'verdict' });
    expect(await searchAudit(db, { tenants: ACME, includeGlobal: false, limit: 10 })).toEqual([]);
  });

  it('keeps acknowledged_at from the first move out of new through close and reopen', async () => {
    await insertTestAlert(db, { id: 'a1' });
    const t1 = new Date('2026-11-22T10:05:00.000Z');
    await applyTriage(db, ACME, 'a1', 1, { kind: 'start' }, BY, { ...OPTS, now: t1 });
    const closed = await applyTriage(
      db,
      ACME,
      'a1',
      2,
      { kind: 'close', verdict: 'benign_true_positive' },
      BY,
      { ...OPTS, now: new Date('2026-11-22T11:00:00.000Z') },
    );
    expect(closed).toMatchObject({
      status: 'closed',
      verdict: 'benign_true_positive',
      acknowledgedAt: t1.toISOString(),
      closedAt: '2026-11-22T11:00:00.000Z',
    });
    const reopened = await applyTriage(db, ACME, 'a1', 3, { kind: 'reopen' }, BY, OPTS);
    expect(reopened).toMatchObject({
      status: 'in_progress',
      verdict: null,
      closedAt: null,
      acknowledgedAt: t1.toISOString(),
    });
  });

  it('closes as duplicate only of an existing alert of the same tenant, keeps and audits the original, forgets it on reopen', async () => {
    await insertTestAlert(db, { id: 'orig' });
    await insertTestAlert(db, { id: 'dup' });
    await insertTestAlert(db, { id: 'g1', tenant: 'globex' });
    const close = (of: string): TriageAction => ({ kind: 'close', verdict: 'duplicate', duplicateOf: of });
    await expect(applyTriage(db, BOTH, 'dup', 1, close('g1'), BY, OPTS)).rejects.toThrow(
      'no alert g1 in tenant acme to be the original of this duplicate',
    );
    await expect(applyTriage(db, BOTH, 'dup', 1, close('nope'), BY, OPTS)).rejects.toBeInstanceOf(
      BadRequestError,
    );
    expect(await applyTriage(db, ACME, 'dup', 1, close('orig'), BY, OPTS)).toMatchObject({
      status: 'closed',
      verdict: 'duplicate',
      duplicateOf: 'orig',
    });
    const [entry] = await searchAudit(db, { tenants: ACME, includeGlobal: false, limit: 1 });
    expect(entry?.after).toMatchObject({ verdict: 'duplicate', duplicateOf: 'orig' });
    expect(await applyTriage(db, ACME, 'dup', 2, { kind: 'reopen' }, BY, OPTS)).toMatchObject({
      status: 'in_progress',
      verdict: null,
      duplicateOf: null,
    });
  });

  it('closing as false positive takes the alert’s risk back, once, however often it is reopened', async () => {
    const now = new Date('2026-11-22T10:00:00.000Z');
    await insertTestAlert(db, {
      id: 'fp',
      severity: 'high',
      confidence: 0.5,
      createdAt: now.toISOString(),
      entities: [{ type: 'host', value: 'ws-01' }],
    });
    // What intake added for it (40 × 0.5), plus 10 points from some other alert.
    await addEntityRisk(
      db,
      [{ tenant: 'acme', type: 'host', value: 'ws-01', points: 30, newAlerts: 2 }],
      now,
      72,
    );
    const score = async () =>
      (
        await db
          .selectFrom('entity_risk')
          .select('score')
          .where('value', '=', 'ws-01')
          .executeTakeFirstOrThrow()
      ).score;
    const fp: TriageAction = { kind: 'close', verdict: 'false_positive' };
    await applyTriage(db, ACME, 'fp', 1, fp, BY, { ...OPTS, now });
    expect(await score()).toBeCloseTo(10, 6);
    await applyTriage(db, ACME, 'fp', 2, { kind: 'reopen' }, BY, { ...OPTS, now });
    await applyTriage(db, ACME, 'fp', 3, fp, BY, { ...OPTS, now });
    expect(await score()).toBeCloseTo(10, 6);
  });

  it('stops at a refusal of the caller’s precheck', async () => {
    await insertTestAlert(db, { id: 'a1', tenant: 'globex' });
    const e = await applyTriage(db, BOTH, 'a1', 1, { kind: 'assign', assignee: 'u-ann' }, BY, {
      ...OPTS,
      precheck: (a) =>
        a.tenant === 'globex'
          ? { reason: 'invalid_transition', field: 'assignee', message: 'ann does not work in globex' }
          : null,
    }).catch((x: unknown) => x);
    expect(e).toMatchObject({ message: 'ann does not work in globex', location: 'assignee' });
  });

  it('bulk: reports per alert, in order (ok, conflict, refused, not found); the others still change', async () => {
    await insertTestAlert(db, { id: 'b1' });
    await insertTestAlert(db, { id: 'b2', version: 4 });
    await insertTestAlert(db, { id: 'b3', status: 'closed' });
    await insertTestAlert(db, { id: 'b4', tenant: 'globex' });
    await insertTestAlert(db, { id: 'b5' });
    const results = await bulkTriage(
      db,
      ACME,
      [{ id: 'b1', version: 1 }, { id: 'b2', version: 3 }, { id: 'b3' }, { id: 'b4' }, { id: 'b5' }],
      { kind: 'close', verdict: 'true_positive' },
      BY,
      OPTS,
    );
    expect(results.map((r) => [r.id, r.outcome])).toEqual([
      ['b1', 'ok'],
      ['b2', 'conflict'],
      ['b3', 'refused'],
      ['b4', 'not_found'],
      ['b5', 'ok'],
    ]);
    expect(results[1]).toMatchObject({ currentVersion: 4 });
    expect(results[2]).toMatchObject({
      reason: 'invalid_transition',
      message: expect.stringMatching(/reopen/),
    });
    expect((await getAlert(db, ACME, 'b5'))?.status).toBe('closed');
  });
});

describe('similar alerts', () => {
  it('finds same fingerprint, or same rule / same title with a shared entity; closed first, then newest', async () => {
    const host = { type: 'host', value: 'ws-01' };
    await insertTestAlert(db, { id: 'self', entities: [host, { type: 'user', value: 'alice' }] });
    await insertTestAlert(db, {
      id: 'same-fp-closed',
      status: 'closed',
      verdict: 'false_positive',
      entities: [host, { type: 'user', value: 'alice' }],
      createdAt: '2026-11-20T00:00:00.000Z',
    });
    await insertTestAlert(db, {
      id: 'rule-host',
      entities: [host, { type: 'user', value: 'carol' }],
      createdAt: '2026-11-21T00:00:00.000Z',
    });
    await insertTestAlert(db, {
      id: 'title-user',
      ruleId: 'other-rule',
      entities: [{ type: 'user', value: 'alice' }],
      createdAt: '2026-11-23T00:00:00.000Z',
    });
    await insertTestAlert(db, { id: 'rule-no-entity', entities: [{ type: 'host', value: 'ws-99' }] });
    await insertTestAlert(db, {
      id: 'other-title-and-rule',
      ruleId: 'other-rule',
      title: 'Something else',
      entities: [host],
    });
    await insertTestAlert(db, { id: 'other-tenant', tenant: 'globex' });
    const similar = await similarAlerts(db, BOTH, 'self', 10);
    expect(similar.map((s) => [s.alert.id, s.reasons])).toEqual([
      ['same-fp-closed', ['fingerprint', 'rule_and_entity', 'title_and_entity']],
      ['title-user', ['title_and_entity']],
      ['rule-host', ['rule_and_entity', 'title_and_entity']],
    ]);
    expect(similar[0]?.alert.verdict).toBe('false_positive');
    expect(similar[2]?.sharedEntities).toEqual([host]);
    expect((await similarAlerts(db, ACME, 'self', 1)).length).toBe(1);
    await expect(similarAlerts(db, ACME, 'other-tenant', 10)).rejects.toBeInstanceOf(NotFoundError);
  });
});
