/**
 * Alert intake on a real SQLite file: findings → detections → alerts in one transaction, grouped by
 * fingerprint within the window (event time), per tenant, idempotent under replays, suppressed by
 * active suppressions, and scored for entity risk.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { type IntakeItem, type IntakeOptions, intakeFindings } from './alert-intake.ts';
import { openStateDb, type StateDb } from './open.ts';
import { syncSourceRules } from './rules-system.ts';
import { createSuppression, listSuppressions, revokeSuppression } from './suppressions.ts';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const minutes = (m: number) => new Date(T0 + m * 60_000).toISOString();
const NOW = new Date('2026-11-22T12:00:00.000Z');
const OPTS: IntakeOptions = {
  groupWindowMinutes: 60,
  fingerprintEntities: ['host', 'user'],
  sparklineBucketMinutes: 5,
  riskHalfLifeHours: 72,
  now: NOW,
};
const BY = { actor: { kind: 'user' as const, id: 'u1', name: 'alice' }, ip: '10.0.0.9', userAgent: 'test' };

let n = 0;
function finding(over: Partial<IntakeItem> & { at?: number } = {}): IntakeItem {
  n++;
  const { at, ...rest } = over;
  return {
    id: `d-${n}`,
    tenant: 'acme',
    kind: 'sigma',
    ruleId: 'r1',
    title: 'Encoded PowerShell',
    level: 'high',
    tags: ['attack.execution', 'attack.t1059.001'],
    source: 'winlogbeat',
    eventIds: [`e-${n}`],
    eventTime: minutes(at ?? 0),
    matched: [{ field: 'process.command_line', value: '-enc' }],
    entities: [
      { type: 'user', value: 'bob' },
      { type: 'host', value: 'ws1' },
      { type: 'ip', value: '10.1.1.1' },
    ],
    ...rest,
  };
}

let db: StateDb;
beforeEach(async () => {
  db = await openStateDb({ path: join(mkdtempSync(join(tmpdir(), 'vigil-intake-')), 'state.db') });
  await syncSourceRules(
    db,
    'builtin:test',
    [
      {
        id: 'r1',
        kind: 'rule',
        title: 'Encoded PowerShell',
        status: 'test',
        level: 'high',
        tags: [],
        path: 'r1.yml',
        line: 1,
        yaml: 'x',
      },
    ],
    NOW.toISOString(),
  );
});
afterEach(async () => {
  await db.destroy();
});

const alerts = () => db.selectFrom('alerts').selectAll().orderBy('seq').execute();
const risk = (value: string, type = 'user', tenant = 'acme') =>
  db
    .selectFrom('entity_risk')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('type', '=', type)
    .where('value', '=', value)
    .executeTakeFirst();

describe('alert intake', () => {
  it('opens an alert with severity, confidence, ATT&CK, entities and a sparkline, then groups repeats', async () => {
    const first = await intakeFindings(db, [finding({ at: 0 })], OPTS);
    expect(first).toMatchObject({ detections: 1, alertsCreated: 1, alertsGrouped: 0, suppressed: 0 });
    const [a] = await alerts();
    expect(a).toMatchObject({
      tenant: 'acme',
      rule_id: 'r1',
      kind: 'sigma',
      status: 'new',
      version: 1,
      severity: 'high',
      confidence: 0.75,
      count: 1,
      first_seen: minutes(0),
      last_seen: minutes(0),
      created_at: NOW.toISOString(),
      verdict: null,
      case_id: null,
    });
    expect(JSON.parse(a!.tactics)).toEqual(['execution']);
    expect(JSON.parse(a!.techniques)).toEqual(['T1059.001']);
    expect(JSON.parse(a!.detection_ids)).toEqual(['d-1']);
    expect(first.changes).toEqual([
      {
        action: 'alert.created',
        id: a!.id,
        tenant: 'acme',
        seq: a!.seq,
        summary: { title: 'Encoded PowerShell', severity: 'high', status: 'new', count: 1 },
      },
    ]);
    const linked = await db.selectFrom('alert_entities').selectAll().where('alert_id', '=', a!.id).execute();
    expect(linked.map((e) => `${e.type}:${e.value}`).sort()).toEqual(['host:ws1', 'ip:10.1.1.1', 'user:bob']);

    // A repeat 30 minutes later from another IP (not a fingerprint entity) joins; so does one 12 minutes before.
    const second = await intakeFindings(
      db,
      [
        finding({
          at: 30,
          entities: [
            { type: 'host', value: 'ws1' },
            { type: 'user', value: 'bob' },
            { type: 'ip', value: '10.9.9.9' },
          ],
        }),
        finding({ at: -12 }),
      ],
      OPTS,
    );
    expect(second).toMatchObject({ detections: 2, alertsCreated: 0, alertsGrouped: 2 });
    const [b] = await alerts();
    expect(b).toMatchObject({
      id: a!.id,
      count: 3,
      first_seen: minutes(-12),
      last_seen: minutes(30),
      version: 1,
    });
    expect(b!.seq).toBeGreaterThan(a!.seq);
    expect(JSON.parse(b!.detection_ids)).toEqual(['d-1', 'd-2', 'd-3']);
    expect(JSON.parse(b!.event_ids)).toEqual(['e-1', 'e-2', 'e-3']);
    expect(JSON.parse(b!.sparkline)).toEqual({
      start: minutes(-15),
      bucketMinutes: 5,
      counts: [1, 0, 0, 1, 0, 0, 0, 0, 0, 1],
    });
    expect(second.changes).toEqual([
      expect.objectContaining({
        action: 'alert.grouped',
        id: a!.id,
        seq: b!.seq,
        summary: expect.objectContaining({ count: 3 }),
      }),
    ]);
    // The detections are all stored, and the alert names them.
    expect((await db.selectFrom('detections').select('id').execute()).map((d) => d.id).sort()).toEqual([
      'd-1',
      'd-2',
      'd-3',
    ]);
  });

  it('opens a new alert past the grouping window (event time), and for another fingerprint', async () => {
    await intakeFindings(db, [finding({ at: 0 }), finding({ at: 50 })], OPTS);
    // 111 minutes: 61 after the alert's last event.
    const r = await intakeFindings(
      db,
      [
        finding({ at: 111 }),
        finding({
          at: 112,
          entities: [
            { type: 'host', value: 'ws2' },
            { type: 'user', value: 'bob' },
          ],
        }),
      ],
      OPTS,
    );
    expect(r).toMatchObject({ alertsCreated: 2, alertsGrouped: 0 });
    const all = await alerts();
    expect(all.map((a) => [a.count, a.first_seen])).toEqual([
      [2, minutes(0)],
      [1, minutes(111)],
      [1, minutes(112)],
    ]);
    // A detection between the two ws1 alerts, within the window of both, joins the one seen last.
    await intakeFindings(db, [finding({ at: 80 })], OPTS);
    const after = await alerts();
    expect(after.find((a) => a.last_seen === minutes(111))).toMatchObject({
      first_seen: minutes(80),
      last_seen: minutes(111),
      count: 2,
    });
  });

  it('keeps the same fingerprint in two tenants apart', async () => {
    await intakeFindings(
      db,
      [finding({ at: 0 }), finding({ at: 1, tenant: 'globex' }), finding({ at: 2 })],
      OPTS,
    );
    const all = await alerts();
    expect(all.map((a) => [a.tenant, a.count]).sort()).toEqual([
      ['acme', 2],
      ['globex', 1],
    ]);
    expect(all[0]!.fingerprint).not.toBe(all[1]!.fingerprint);
    expect((await risk('bob', 'user', 'globex'))?.alerts).toBe(1);
  });

  it('changes nothing when findings are replayed (same ids)', async () => {
    const batch = [finding({ at: 0 }), finding({ at: 5 }), finding({ at: 500 })];
    await intakeFindings(db, batch, OPTS);
    const before = { alerts: await alerts(), risk: await db.selectFrom('entity_risk').selectAll().execute() };
    const again = await intakeFindings(db, [...batch, ...batch], {
      ...OPTS,
      now: new Date(NOW.getTime() + 3_600_000),
    });
    expect(again).toEqual({ detections: 0, alertsCreated: 0, alertsGrouped: 0, suppressed: 0, changes: [] });
    expect(await alerts()).toEqual(before.alerts);
    expect(await db.selectFrom('entity_risk').selectAll().execute()).toEqual(before.risk);
  });

  it('counts a finding repeated inside one batch once', async () => {
    const f = finding({ at: 0 });
    const r = await intakeFindings(db, [f, f], OPTS);
    expect(r).toMatchObject({ detections: 1, alertsCreated: 1, alertsGrouped: 0 });
  });

  it('starts a new alert once the open one is closed', async () => {
    await intakeFindings(db, [finding({ at: 0 })], OPTS);
    await db.updateTable('alerts').set({ status: 'closed', verdict: 'true_positive' }).execute();
    const r = await intakeFindings(db, [finding({ at: 1 })], OPTS);
    expect(r).toMatchObject({ alertsCreated: 1, alertsGrouped: 0 });
    expect((await alerts()).map((a) => [a.status, a.count])).toEqual([
      ['closed', 1],
      ['new', 1],
    ]);
  });

  it('groups into an acknowledged or escalated alert (only closed ones end a group)', async () => {
    await intakeFindings(db, [finding({ at: 0 })], OPTS);
    await db.updateTable('alerts').set({ status: 'escalated', case_id: 'c1' }).execute();
    const r = await intakeFindings(db, [finding({ at: 3 })], OPTS);
    expect(r.changes[0]).toMatchObject({
      action: 'alert.grouped',
      summary: { status: 'escalated', count: 2 },
    });
  });

  it('takes confidence from the rule status (none → 0.6), correlations 0.9, and no level → medium', async () => {
    await intakeFindings(
      db,
      [
        finding({ ruleId: 'unknown-rule', level: null }),
        finding({ ruleId: 'corr-1', kind: 'correlation', level: 'critical', entities: [] }),
      ],
      OPTS,
    );
    const all = await alerts();
    expect(all.map((a) => [a.rule_id, a.severity, a.confidence])).toEqual([
      ['unknown-rule', 'medium', 0.6],
      ['corr-1', 'critical', 0.9],
    ]);
  });

  it('adds risk to the entities: points × confidence per alert, 10% per repeat', async () => {
    await intakeFindings(db, [finding({ at: 0 }), finding({ at: 1 })], OPTS);
    // high (40) × test (0.75) = 30, plus a repeat's 3.
    const bob = await risk('bob');
    expect(bob).toMatchObject({ alerts: 1, scored_at: NOW.toISOString(), last_alert_at: NOW.toISOString() });
    expect(bob!.score).toBeCloseTo(33);
    // Three days later (one half-life) a new alert on bob: 16.5 + 30.
    const later = new Date(NOW.getTime() + 72 * 3_600_000);
    await intakeFindings(db, [finding({ at: 5000 })], { ...OPTS, now: later });
    const again = await risk('bob');
    expect(again!.alerts).toBe(2);
    expect(again!.score).toBeCloseTo(46.5);
  });

  it('scores users, hosts and addresses only; hashes, processes and the rest stay on the alert', async () => {
    const entities = [
      { type: 'user' as const, value: 'bob' },
      { type: 'host' as const, value: 'ws1' },
      { type: 'ip' as const, value: '10.1.1.1' },
      { type: 'hash' as const, value: 'a'.repeat(64) },
      { type: 'process' as const, value: 'C:\\Windows\\System32\\cmd.exe' },
      { type: 'domain' as const, value: 'evil.example' },
    ];
    await intakeFindings(db, [finding({ entities })], OPTS);
    const scored = await db.selectFrom('entity_risk').select(['type', 'value']).orderBy('type').execute();
    expect(scored).toEqual([
      { type: 'host', value: 'ws1' },
      { type: 'ip', value: '10.1.1.1' },
      { type: 'user', value: 'bob' },
    ]);
    expect(JSON.parse((await alerts())[0]!.entities)).toHaveLength(6);
  });
});

describe('suppressions in intake', () => {
  const expiresAt = new Date(NOW.getTime() + 7 * 86_400_000).toISOString();
  const acme = scopeOf(['acme']);

  it('a rule suppression hides every detection of its rule (counted), another rule still alerts', async () => {
    const s = await createSuppression(
      db,
      acme,
      { tenant: 'acme', ruleId: 'r1', reason: 'backup job', owner: 'it-ops', expiresAt },
      BY,
      NOW,
    );
    const r = await intakeFindings(
      db,
      [finding({ at: 0 }), finding({ at: 1 }), finding({ ruleId: 'r2' })],
      OPTS,
    );
    expect(r).toMatchObject({ detections: 3, suppressed: 2, alertsCreated: 1 });
    expect((await alerts()).map((a) => a.rule_id)).toEqual(['r2']);
    const [after] = await listSuppressions(db, acme, { state: 'all' }, NOW);
    expect(after).toMatchObject({ id: s.id, hits: 2, lastHitAt: NOW.toISOString(), active: true });
    // Suppressed detections add no risk from r1 (only r2's alert, medium-less: high × 0.6).
    expect((await risk('bob'))!.score).toBeCloseTo(24);
  });

  it('a rule+entity suppression hides only detections with that entity', async () => {
    await createSuppression(
      db,
      acme,
      {
        tenant: 'acme',
        ruleId: 'r1',
        entity: { type: 'host', value: 'ws1' },
        reason: 'admin box',
        owner: 'alice',
        expiresAt,
      },
      BY,
      NOW,
    );
    const r = await intakeFindings(
      db,
      [finding(), finding({ entities: [{ type: 'host', value: 'ws2' }] }), finding({ tenant: 'globex' })],
      OPTS,
    );
    expect(r).toMatchObject({ suppressed: 1, alertsCreated: 2 });
    expect((await alerts()).map((a) => [a.tenant, JSON.parse(a.entities)])).toEqual([
      ['acme', [{ type: 'host', value: 'ws2' }]],
      ['globex', expect.any(Array)],
    ]);
  });

  it('an expired or revoked suppression no longer applies', async () => {
    const soon = new Date(NOW.getTime() + 60_000).toISOString();
    await createSuppression(
      db,
      acme,
      { tenant: 'acme', ruleId: 'r1', reason: 'short', owner: 'alice', expiresAt: soon },
      BY,
      NOW,
    );
    const revoked = await createSuppression(
      db,
      acme,
      { tenant: 'acme', ruleId: 'r1', reason: 'long', owner: 'alice', expiresAt },
      BY,
      NOW,
    );
    await revokeSuppression(db, acme, revoked.id, BY, NOW);
    const later = new Date(NOW.getTime() + 120_000);
    const r = await intakeFindings(db, [finding()], { ...OPTS, now: later });
    expect(r).toMatchObject({ suppressed: 0, alertsCreated: 1 });
    const all = await listSuppressions(db, acme, { state: 'all' }, later);
    expect(all.map((s) => [s.reason, s.hits, s.active]).sort()).toEqual([
      ['long', 0, false],
      ['short', 0, false],
    ]);
    expect(await listSuppressions(db, acme, { state: 'active' }, later)).toEqual([]);
  });
});
