/** Escalating alerts into cases, in a real SQLite store. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { escalateAlerts } from './case-escalate.ts';
import { ANALYST, alertRow, auditActions, insertTestAlert, ticking } from './cases.fixture.ts';
import { closeCase, createCase, getCase } from './cases.ts';
import { getObservable } from './observables.ts';
import { openStateDb, type StateDb } from './open.ts';

const ACME = scopeOf(['acme']);
let db: StateDb;
let now: () => Date;

beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
  now = ticking();
});
afterEach(async () => db.destroy());

describe('escalating alerts', () => {
  it('opens a case named after the alerts, at their highest severity, and marks the alerts escalated', async () => {
    const a1 = await insertTestAlert(db, { severity: 'medium', title: 'Mimikatz command line' });
    const a2 = await insertTestAlert(db, {
      severity: 'critical',
      acknowledgedAt: '2024-05-01T09:30:00.000Z',
    });
    const at = now();
    const r = await escalateAlerts(
      db,
      ACME,
      {
        alerts: [
          { id: a1, version: 1 },
          { id: a2, version: 1 },
        ],
      },
      ANALYST,
      at,
    );
    expect(r.created).toBe(true);
    expect(r.case).toMatchObject({
      number: 1,
      title: 'Mimikatz command line and 1 more alert(s)',
      severity: 'critical',
    });
    const row1 = await alertRow(db, a1);
    expect(row1).toMatchObject({
      status: 'escalated',
      case_id: r.case.id,
      escalated_at: at.toISOString(),
      acknowledged_at: at.toISOString(),
      version: 2,
    });
    expect((await alertRow(db, a2)).acknowledged_at).toBe('2024-05-01T09:30:00.000Z');
    expect(r.alerts.map((a) => a.seq)).toEqual([...r.alerts.map((a) => a.seq)].sort((x, y) => x - y));
    expect(Math.min(...r.alerts.map((a) => a.seq))).toBeGreaterThan(0);
    expect(await auditActions(db)).toEqual(['case.create', 'case.escalate', 'case.escalate']);
  });

  it("turns the alerts' entities into observables sighted in the alert and the case", async () => {
    const a = await insertTestAlert(db, {
      entities: [
        { type: 'host', value: 'ws-01' },
        { type: 'domain', value: 'EVIL.example' },
      ],
    });
    const r = await escalateAlerts(db, ACME, { alerts: [{ id: a, version: 1 }] }, ANALYST, now());
    expect(r.observables).toEqual({ created: 2, addedToCase: 2 });
    const d = await getCase(db, ACME, r.case.id);
    expect(d.observables.map((o) => [o.type, o.value, o.sightings])).toEqual([
      ['domain', 'evil.example', 2],
      ['host', 'ws-01', 2],
    ]);
    const seen = await getObservable(db, ACME, d.observables[1]!.id);
    expect(seen.sightings.map((s) => [s.targetType, s.targetId]).sort()).toEqual(
      [
        ['alert', a],
        ['case', r.case.id],
      ].sort(),
    );
    expect(d.alerts.map((x) => x.id)).toEqual([a]);
    expect(d.timeline.map((e) => e.action)).toEqual(['case.create', 'alert.added', 'observable.create']);
  });

  it('adds to an existing case; an alert already in it is left alone', async () => {
    const c = await createCase(db, ACME, 'acme', { title: 'Existing' }, ANALYST, now());
    const a = await insertTestAlert(db);
    const r = await escalateAlerts(
      db,
      ACME,
      { alerts: [{ id: a, version: 1 }], caseId: c.id },
      ANALYST,
      now(),
    );
    expect(r).toMatchObject({ created: false, case: { id: c.id, version: 1 } });
    expect(r.case.seq).toBeGreaterThan(c.seq);
    const again = await escalateAlerts(
      db,
      ACME,
      { alerts: [{ id: a, version: 2 }], caseId: c.id },
      ANALYST,
      now(),
    );
    expect(again.alerts).toEqual([]);
  });

  it('refuses a closed alert, one in another case, a stale version, and unknown ids, changing nothing', async () => {
    const closed = await insertTestAlert(db, {
      status: 'closed',
      verdict: 'false_positive',
      title: 'Old one',
    });
    await expect(
      escalateAlerts(db, ACME, { alerts: [{ id: closed, version: 1 }] }, ANALYST, now()),
    ).rejects.toThrow(`alert "Old one" (${closed}) is closed as false positive; reopen it before escalating`);
    const a = await insertTestAlert(db, { title: 'Taken' });
    const first = await escalateAlerts(db, ACME, { alerts: [{ id: a, version: 1 }] }, ANALYST, now());
    const b = await insertTestAlert(db);
    await expect(
      escalateAlerts(
        db,
        ACME,
        {
          alerts: [
            { id: b, version: 1 },
            { id: a, version: 2 },
          ],
        },
        ANALYST,
        now(),
      ),
    ).rejects.toThrow(`alert "Taken" (${a}) is already in case #1`);
    expect((await alertRow(db, b)).status).toBe('new');
    await expect(
      escalateAlerts(db, ACME, { alerts: [{ id: b, version: 7 }] }, ANALYST, now()),
    ).rejects.toMatchObject({
      code: 'conflict',
      currentVersion: 1,
    });
    await expect(
      escalateAlerts(db, ACME, { alerts: [{ id: 'nope', version: 1 }] }, ANALYST, now()),
    ).rejects.toThrow('no alert nope');
    await expect(
      escalateAlerts(db, scopeOf(['globex']), { alerts: [{ id: b, version: 1 }] }, ANALYST, now()),
    ).rejects.toThrow(`no alert ${b}`);
    expect((await db.selectFrom('cases').select('id').execute()).map((c) => c.id)).toEqual([first.case.id]);
  });

  it('refuses escalating into a closed case', async () => {
    const c = await createCase(db, ACME, 'acme', { title: 'Done' }, ANALYST, now());
    await closeCase(db, ACME, c.id, 1, 'benign_true_positive', ANALYST, now(), 72);
    const a = await insertTestAlert(db);
    await expect(
      escalateAlerts(db, ACME, { alerts: [{ id: a, version: 1 }], caseId: c.id }, ANALYST, now()),
    ).rejects.toThrow('case #1 is closed; reopen it to escalate alerts into it');
  });
});
