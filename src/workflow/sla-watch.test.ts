/**
 * The SLA watcher over a real SQLite file: breaches are announced once (timeline, audit, live
 * feed), across checks, restarts and two watchers at once; policies and notifications count.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchAudit } from '../store/state/audit.ts';
import { openStateDb, type StateDb } from '../store/state/open.ts';
import { upsertSlaPolicy } from '../store/state/sla-policies.ts';
import { addAlert, addCase, plus, T0 } from '../store/state/soc.fixture.ts';
import { scopeOf } from '../store/tenancy.ts';
import { type LiveChange, LiveFeed } from './live.ts';
import { startSlaWatch } from './sla-watch.ts';

const acme = scopeOf(['acme']);
const both = scopeOf(['acme', 'globex']);
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000);

let db: StateDb;
let live: LiveFeed;
let seen: LiveChange[];
let clock: Date;
const stops: (() => Promise<void>)[] = [];

function watch(on = db) {
  const w = startSlaWatch({ db: on, live, intervalSeconds: 3600, now: () => clock });
  stops.push(() => w.stop());
  return w;
}

const timeline = (caseId: string) =>
  db.selectFrom('case_timeline').selectAll().where('case_id', '=', caseId).orderBy('event_time').execute();

beforeEach(async () => {
  db = await openStateDb({ path: join(mkdtempSync(join(tmpdir(), 'vigil-sla-watch-')), 'state.db') });
  live = new LiveFeed();
  seen = [];
  live.subscribe(acme, (c) => seen.push(c));
  clock = at(0);
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await db.destroy();
});

describe('the SLA watcher', () => {
  it('announces an unacknowledged alert once its acknowledge SLA passes, and only once', async () => {
    const a = await addAlert(db, { severity: 'critical' });
    const w = watch();
    clock = at(14);
    expect(await w.checkNow()).toBe(0);
    clock = at(16);
    expect(await w.checkNow()).toBe(1);
    expect(await w.checkNow()).toBe(0);

    const audit = await searchAudit(db, { tenants: acme, includeGlobal: false, limit: 10 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'sla.breached',
      actor: { kind: 'system', name: 'vigil' },
      target: { type: 'alert', id: a.id },
      details: { clock: 'acknowledge', dueAt: at(15).toISOString(), severity: 'critical', minutes: 15 },
    });
    expect(seen).toEqual([
      expect.objectContaining({
        topic: 'sla',
        action: 'sla.breached',
        tenant: 'acme',
        id: a.id,
        summary: expect.objectContaining({ target: 'alert', clock: 'acknowledge' }),
      }),
    ]);
  });

  it("writes a case's breaches to its timeline: contain, resolve, and the GDPR deadline", async () => {
    const c = await addCase(db, { severity: 'critical', personal_data: 1, regulations: '["gdpr"]' });
    const w = watch();
    clock = at(241);
    expect(await w.checkNow()).toBe(1);
    clock = at(73 * 60);
    expect(await w.checkNow()).toBe(2);
    const rows = await timeline(c.id);
    expect(rows.map((r) => [r.kind, r.action, r.event_time])).toEqual([
      ['auto', 'sla.breached', at(240).toISOString()],
      ['auto', 'sla.breached', at(1440).toISOString()],
      ['auto', 'breach_clock.overdue', at(72 * 60).toISOString()],
    ]);
    expect(rows[0]?.title).toBe('SLA breached: not contained within 4 h');
    expect(rows[2]?.title).toBe('GDPR breach-notification deadline passed');
    expect(rows[2]?.body).toMatch(/not notified yet/);
    expect(rows.every((r) => r.recorded_at >= r.event_time && r.author_name === 'vigil')).toBe(true);
    expect(seen.map((s) => s.action)).toEqual(['sla.breached', 'sla.breached', 'breach_clock.overdue']);
  });

  it('does not announce again after a restart (the audit trail remembers)', async () => {
    await addAlert(db, { severity: 'critical' });
    await addCase(db, { severity: 'critical' });
    clock = at(300);
    expect(await watch().checkNow()).toBe(2);
    expect(await watch().checkNow()).toBe(0);
    expect(await searchAudit(db, { tenants: acme, includeGlobal: false, limit: 10 })).toHaveLength(2);
  });

  it('announces once when two watchers check at the same moment', async () => {
    for (let i = 0; i < 5; i++) await addAlert(db, { severity: 'critical' });
    clock = at(60);
    const counts = await Promise.all([watch().checkNow(), watch().checkNow()]);
    expect(counts[0] + counts[1]).toBe(5);
    expect(await searchAudit(db, { tenants: acme, includeGlobal: false, limit: 100 })).toHaveLength(5);
    expect(seen).toHaveLength(5);
  });

  it("follows each tenant's own policy", async () => {
    await upsertSlaPolicy(
      db,
      both,
      'globex',
      'critical',
      { acknowledgeMinutes: 60, containMinutes: 600, resolveMinutes: 6000 },
      { actor: { kind: 'system', id: null, name: 'test' }, client: { ip: null, userAgent: null } },
    );
    await addAlert(db, { tenant: 'globex', severity: 'critical' });
    const acmeAlert = await addAlert(db, { severity: 'critical' });
    const w = watch();
    clock = at(30);
    expect(await w.checkNow()).toBe(1);
    expect(seen.map((s) => s.id)).toEqual([acmeAlert.id]);
    clock = at(61);
    expect(await w.checkNow()).toBe(1); // globex's, seen only by globex's subscribers
    expect(seen).toHaveLength(1);
  });

  it('leaves met clocks alone, and announces a notification that came late', async () => {
    await addAlert(db, { severity: 'critical', status: 'acknowledged', acknowledged_at: plus(T0, 5) });
    await addCase(db, {
      severity: 'critical',
      status: 'closed',
      resolution: 'false_positive',
      closed_at: plus(T0, 10),
    });
    const late = await addCase(db, {
      personal_data: 1,
      regulations: '["gdpr","hipaa"]',
      status: 'closed',
      closed_at: plus(T0, 10),
      notified_at: plus(T0, 80 * 60),
    });
    clock = at(100 * 60);
    expect(await watch().checkNow()).toBe(1);
    const rows = await timeline(late.id);
    expect(rows.map((r) => r.action)).toEqual(['breach_clock.overdue']);
    expect(rows[0]?.body).toMatch(/notified at .*, late\./);
  });

  it('stops its timer and waits for a check in progress', async () => {
    await addAlert(db, { severity: 'critical' });
    clock = at(20);
    const w = startSlaWatch({ db, live, intervalSeconds: 0.01, now: () => clock });
    await new Promise((r) => setTimeout(r, 100));
    await w.stop();
    const n = (await searchAudit(db, { tenants: acme, includeGlobal: false, limit: 10 })).length;
    expect(n).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(await searchAudit(db, { tenants: acme, includeGlobal: false, limit: 10 })).toHaveLength(n);
  });
});
