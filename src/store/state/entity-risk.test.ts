import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { intakeFindings } from './alert-intake.ts';
import { addEntityRisk, entityPage, riskLeaderboard, withdrawAlertRisk } from './entity-risk.ts';
import { openStateDb, type StateDb } from './open.ts';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const hours = (h: number) => new Date(NOW.getTime() + h * 3_600_000);
const HALF = 24;
const acme = scopeOf(['acme']);

let db: StateDb;
beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
});
afterEach(async () => {
  await db.destroy();
});

const add = (value: string, points: number, now: Date, type = 'user', tenant = 'acme') =>
  addEntityRisk(db, [{ tenant, type, value, points, newAlerts: 1 }], now, HALF);

describe('entity risk', () => {
  it('decays with the half-life, and the leaderboard sorts by the decayed score', async () => {
    await add('old-big', 100, NOW);
    await add('new-small', 40, hours(48));
    await add('ws1', 10, hours(48), 'host');
    await add('other-tenant', 1000, hours(48), 'user', 'globex');
    const board = await riskLeaderboard(db, acme, { limit: 10 }, hours(48), HALF);
    // old-big: 100 × 0.25 = 25 < 40.
    expect(board.map((r) => [r.value, r.score])).toEqual([
      ['new-small', 40],
      ['old-big', 25],
      ['ws1', 10],
    ]);
    expect(
      (await riskLeaderboard(db, acme, { limit: 10, type: 'host' }, hours(48), HALF)).map((r) => r.value),
    ).toEqual(['ws1']);
    expect(await riskLeaderboard(db, acme, { limit: 1 }, hours(48), HALF)).toHaveLength(1);
    expect(await riskLeaderboard(db, scopeOf([]), { limit: 10 }, NOW, HALF)).toEqual([]);
  });

  it('sums additions to the decayed score and counts alerts', async () => {
    await add('bob', 40, NOW);
    await addEntityRisk(
      db,
      [
        { tenant: 'acme', type: 'user', value: 'bob', points: 5, newAlerts: 1 },
        { tenant: 'acme', type: 'user', value: 'bob', points: 5, newAlerts: 0 },
      ],
      hours(24),
      HALF,
    );
    const [bob] = await riskLeaderboard(db, acme, { limit: 10 }, hours(24), HALF);
    expect(bob).toMatchObject({ value: 'bob', score: 30, alerts: 2, lastAlertAt: hours(24).toISOString() });
  });

  it('withdraws an alert’s decayed contribution, never below 0', async () => {
    // high (40) × 0.75 = 30 for the alert, 3 for its repeat, plus 20 from something else.
    await add('bob', 53, NOW);
    await add('carol', 10, NOW);
    const alert = {
      tenant: 'acme',
      severity: 'high' as const,
      confidence: 0.75,
      entities: [
        { type: 'user', value: 'bob' },
        { type: 'user', value: 'carol' },
        { type: 'user', value: 'nobody' },
      ],
      createdAt: NOW.toISOString(),
      count: 2,
    };
    await withdrawAlertRisk(db, alert, hours(24), HALF);
    const board = await riskLeaderboard(db, acme, { limit: 10 }, hours(24), HALF);
    // bob: 26.5 − 16.5 = 10; carol: 5 − 16.5 → 0 (left the board).
    expect(board.map((r) => [r.value, r.score])).toEqual([['bob', 10]]);
    const carol = await db
      .selectFrom('entity_risk')
      .selectAll()
      .where('value', '=', 'carol')
      .executeTakeFirst();
    expect(carol?.score).toBe(0);
  });

  it('shows an entity page: risk, its alerts newest first, and the cases they are in', async () => {
    const f = (id: string, at: string, ruleId = 'r1') => ({
      id,
      tenant: 'acme',
      kind: 'sigma',
      ruleId,
      title: `Rule ${ruleId}`,
      level: 'medium',
      tags: [],
      source: 's',
      eventIds: [`e-${id}`],
      eventTime: at,
      matched: [],
      entities: [{ type: 'host', value: 'ws1' }],
    });
    const opts = {
      groupWindowMinutes: 60,
      fingerprintEntities: ['host'] as const,
      sparklineBucketMinutes: 5,
      riskHalfLifeHours: HALF,
      now: NOW,
    };
    await intakeFindings(
      db,
      [f('a', '2026-11-22T09:00:00.000Z'), f('b', '2026-11-22T10:00:00.000Z', 'r2')],
      opts,
    );
    await intakeFindings(db, [{ ...f('c', '2026-11-22T10:00:00.000Z'), tenant: 'globex' }], opts);
    await db
      .updateTable('alerts')
      .set({ case_id: 'case-1', status: 'escalated' })
      .where('rule_id', '=', 'r1')
      .execute();
    const page = await entityPage(db, acme, { type: 'host', value: 'ws1' }, { limit: 10 }, NOW, HALF);
    expect(page.risk).toEqual([
      { tenant: 'acme', type: 'host', value: 'ws1', score: 18, alerts: 2, lastAlertAt: NOW.toISOString() },
    ]);
    expect(page.alerts.map((a) => [a.ruleId, a.tenant, a.status])).toEqual([
      ['r2', 'acme', 'new'],
      ['r1', 'acme', 'escalated'],
    ]);
    expect(page.caseIds).toEqual(['case-1']);
    expect(await entityPage(db, acme, { type: 'host', value: 'ws9' }, { limit: 10 }, NOW, HALF)).toEqual({
      type: 'host',
      value: 'ws9',
      risk: [],
      alerts: [],
      caseIds: [],
    });
  });
});
