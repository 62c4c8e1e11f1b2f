import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { openStateDb, type StateDb } from './open.ts';
import { addAlert, addCase, plus, T0 } from './soc.fixture.ts';
import {
  alertForExport,
  alertsForExport,
  latestSocSeq,
  metricRecords,
  openSlaRecords,
} from './soc-metrics.ts';

const acme = scopeOf(['acme']);
const window = { since: T0, until: plus(T0, 24 * 60) };

let db: StateDb;
beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
});
afterEach(async () => {
  await db.destroy();
});

describe('metric records', () => {
  it("are the scope's alerts and cases created in the window", async () => {
    const inside = await addAlert(db, { created_at: plus(T0, 10) });
    await addAlert(db, { created_at: plus(T0, -10) });
    await addAlert(db, { created_at: plus(T0, 24 * 60) });
    await addAlert(db, { tenant: 'globex', created_at: plus(T0, 10) });
    const c = await addCase(db, { created_at: plus(T0, 20) });
    await addCase(db, { tenant: 'globex', created_at: plus(T0, 20) });
    const r = await metricRecords(db, acme, window);
    expect(r.alerts.map((a) => a.id)).toEqual([inside.id]);
    expect(r.alerts[0]).toMatchObject({
      severity: 'high',
      ruleId: 'rule-1',
      firstSeen: inside.first_seen,
      count: 1,
    });
    expect(r.cases.map((x) => x.id)).toEqual([c.id]);
    expect(await metricRecords(db, scopeOf([]), window)).toEqual({ alerts: [], cases: [] });
  });

  it('give each case the rules of its alerts (wherever they were created), and leave out merged cases', async () => {
    const c = await addCase(db, { created_at: plus(T0, 20) });
    await addAlert(db, { rule_id: 'r-b', case_id: c.id, created_at: plus(T0, -600) });
    await addAlert(db, { rule_id: 'r-a', case_id: c.id, created_at: plus(T0, 10) });
    await addAlert(db, { rule_id: 'r-a', case_id: c.id, created_at: plus(T0, 11) });
    await addCase(db, { created_at: plus(T0, 30), merged_into: c.id, status: 'closed' });
    const r = await metricRecords(db, acme, window);
    expect(r.cases).toEqual([
      {
        id: c.id,
        severity: 'high',
        assignee: null,
        createdAt: c.created_at,
        containedAt: null,
        resolvedAt: null,
        ruleIds: ['r-a', 'r-b'],
      },
    ]);
  });
});

describe('open SLA records', () => {
  it('are unacknowledged alerts, unresolved open cases, and every case with personal data', async () => {
    const waiting = await addAlert(db);
    await addAlert(db, { status: 'acknowledged', acknowledged_at: plus(T0, 1) });
    await addAlert(db, {
      status: 'closed',
      verdict: 'false_positive',
      acknowledged_at: plus(T0, 1),
      closed_at: plus(T0, 1),
    });
    await addAlert(db, { tenant: 'globex' });
    const open = await addCase(db);
    await addCase(db, { status: 'resolved', resolved_at: plus(T0, 60) });
    const pd = await addCase(db, {
      status: 'closed',
      closed_at: plus(T0, 60),
      personal_data: 1,
      regulations: '["gdpr"]',
    });
    const r = await openSlaRecords(db, acme);
    expect(r.alerts.map((a) => a.id)).toEqual([waiting.id]);
    expect(r.cases.map((c) => c.id).sort()).toEqual([open.id, pd.id].sort());
    expect(r.cases.find((c) => c.id === pd.id)).toMatchObject({ personalData: true, regulations: ['gdpr'] });
  });
});

describe('alerts for export', () => {
  it('are those changed in the window, by status, oldest change first, at most limit', async () => {
    const a = await addAlert(db, {
      updated_at: plus(T0, 5),
      tactics: '["credential-access"]',
      techniques: '["T1003.001"]',
      entities: '[{"type":"host","value":"ws-1"},{"bad":1}]',
    });
    const b = await addAlert(db, { updated_at: plus(T0, 1), status: 'closed', verdict: 'true_positive' });
    await addAlert(db, { updated_at: plus(T0, -5) });
    await addAlert(db, { tenant: 'globex', updated_at: plus(T0, 5) });
    const all = await alertsForExport(db, acme, { ...window, limit: 10 });
    expect(all.map((x) => x.id)).toEqual([b.id, a.id]);
    expect(all[1]).toMatchObject({
      tactics: ['credential-access'],
      techniques: ['T1003.001'],
      entities: [{ type: 'host', value: 'ws-1' }],
    });
    expect(
      (await alertsForExport(db, acme, { ...window, status: ['new'], limit: 10 })).map((x) => x.id),
    ).toEqual([a.id]);
    expect(await alertsForExport(db, acme, { ...window, limit: 1 })).toHaveLength(1);
  });

  it('find one alert only in the scope', async () => {
    const g = await addAlert(db, { tenant: 'globex' });
    expect(await alertForExport(db, acme, g.id)).toBeNull();
    expect((await alertForExport(db, scopeOf(['globex']), g.id))?.tenant).toBe('globex');
  });
});

describe('the newest change number', () => {
  it("is the highest seq of the scope's alerts and cases", async () => {
    expect(await latestSocSeq(db, acme)).toBe(0);
    await addAlert(db);
    const c = await addCase(db);
    await addAlert(db, { tenant: 'globex' });
    expect(await latestSocSeq(db, acme)).toBe(c.seq);
  });
});
