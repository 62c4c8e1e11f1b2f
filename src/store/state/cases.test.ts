/** Cases in a real SQLite store: numbers, listing, edits with optimistic concurrency, phases, close and reopen. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { escalateAlerts } from './case-escalate.ts';
import { ANALYST, alertRow, auditActions, BOB, insertTestAlert, ticking } from './cases.fixture.ts';
import { changePhase, closeCase, createCase, getCase, listCases, reopenCase, updateCase } from './cases.ts';
import { openStateDb, type StateDb } from './open.ts';

const ACME = scopeOf(['acme']);
const OTHER = scopeOf(['globex']);
let db: StateDb;
let now: () => Date;

beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
  now = ticking();
});
afterEach(async () => db.destroy());

describe('creating a case', () => {
  it('numbers cases per tenant and records the first phase, timeline and audit entries', async () => {
    const a = await createCase(db, ACME, 'acme', { title: 'Beaconing from ws-01' }, ANALYST, now());
    const b = await createCase(db, ACME, 'acme', { title: 'Second' }, ANALYST, now());
    const g = await createCase(db, OTHER, 'globex', { title: 'Other tenant' }, ANALYST, now());
    expect([a.number, b.number, g.number]).toEqual([1, 2, 1]);
    expect(a).toMatchObject({
      status: 'open',
      phase: 'detection_analysis',
      severity: 'medium',
      tlp: 'amber',
      version: 1,
      createdBy: 'alice',
    });
    expect(b.seq).toBeGreaterThan(a.seq);
    const detail = await getCase(db, ACME, a.id);
    expect(detail.phases).toEqual([
      { phase: 'detection_analysis', enteredAt: a.createdAt, enteredBy: 'alice' },
    ]);
    expect(detail.timeline.map((e) => [e.kind, e.action, e.title])).toEqual([
      ['auto', 'case.create', 'Case #1 opened: Beaconing from ws-01'],
    ]);
    expect(await auditActions(db)).toEqual(['case.create', 'case.create', 'case.create']);
  });

  it('adds the template tasks of its incident type', async () => {
    const c = await createCase(
      db,
      ACME,
      'acme',
      { title: 'Invoice lure', incidentType: 'phishing' },
      ANALYST,
      now(),
    );
    const { tasks } = await getCase(db, ACME, c.id);
    expect(tasks.length).toBeGreaterThanOrEqual(8);
    expect(tasks[0]).toMatchObject({
      template: 'phishing/headers',
      phase: 'detection_analysis',
      status: 'todo',
      position: 0,
    });
  });

  it('refuses a tenant outside the scope, and hides other tenants’ cases', async () => {
    await expect(createCase(db, ACME, 'globex', { title: 'x' }, ANALYST, now())).rejects.toThrow(
      'tenant "globex" is not among the tenants of this request',
    );
    const c = await createCase(db, ACME, 'acme', { title: 'mine' }, ANALYST, now());
    await expect(getCase(db, OTHER, c.id)).rejects.toThrow(`no case ${c.id}`);
    await expect(updateCase(db, OTHER, c.id, 1, { title: 'x' }, ANALYST, now())).rejects.toThrow('no case');
    expect((await listCases(db, OTHER, { limit: 10 })).items).toEqual([]);
    expect((await listCases(db, scopeOf([]), { limit: 10 })).total).toBe(0);
  });
});

describe('editing a case', () => {
  it('bumps version and seq, and refuses a stale version with the current one (two analysts)', async () => {
    const c = await createCase(db, ACME, 'acme', { title: 'Case' }, ANALYST, now());
    const first = await updateCase(
      db,
      ACME,
      c.id,
      1,
      { severity: 'high', assignee: 'u-alice' },
      ANALYST,
      now(),
    );
    expect(first.case).toMatchObject({ severity: 'high', assignee: 'u-alice', version: 2 });
    expect(first.case.seq).toBeGreaterThan(c.seq);
    const stale = updateCase(db, ACME, c.id, 1, { severity: 'low' }, BOB, now());
    await expect(stale).rejects.toMatchObject({
      code: 'conflict',
      currentVersion: 2,
      message: expect.stringContaining('case #1 was changed by someone else (version 2, you sent 1)'),
    });
    expect((await getCase(db, ACME, c.id)).severity).toBe('high');
  });

  it('records what changed in the timeline and the audit trail', async () => {
    const c = await createCase(db, ACME, 'acme', { title: 'Case', tags: ['a'] }, ANALYST, now());
    await updateCase(db, ACME, c.id, 1, { tags: ['b'], tlp: 'red' }, ANALYST, now());
    const d = await getCase(db, ACME, c.id);
    expect(d.tags).toEqual(['b']);
    expect(d.timeline.at(-1)?.title).toBe('Case updated: TLP:RED; tags +b −a');
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'case.update')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before!)).toEqual({ tags: ['a'], tlp: 'amber' });
    expect(JSON.parse(audit.after!)).toEqual({ tags: ['b'], tlp: 'red' });
    expect(audit).toMatchObject({ actor_name: 'alice', ip: '10.0.0.5', target_id: c.id, tenant: 'acme' });
  });

  it('a no-op edit changes nothing', async () => {
    const c = await createCase(db, ACME, 'acme', { title: 'Case' }, ANALYST, now());
    const r = await updateCase(db, ACME, c.id, 1, { title: 'Case' }, ANALYST, now());
    expect(r.case.version).toBe(1);
  });

  it('adds template tasks once per incident type, also when the type changes back and forth', async () => {
    const c = await createCase(db, ACME, 'acme', { title: 'Case' }, ANALYST, now());
    let v = (await updateCase(db, ACME, c.id, 1, { incidentType: 'malware' }, ANALYST, now())).case.version;
    const malware = (await getCase(db, ACME, c.id)).tasks.length;
    v = (await updateCase(db, ACME, c.id, v, { incidentType: 'ransomware' }, ANALYST, now())).case.version;
    const both = (await getCase(db, ACME, c.id)).tasks.length;
    await updateCase(db, ACME, c.id, v, { incidentType: 'malware' }, ANALYST, now());
    const d = await getCase(db, ACME, c.id);
    expect(both).toBeGreaterThan(malware);
    expect(d.tasks.length).toBe(both);
    expect(d.tasks.map((t) => t.position)).toEqual(d.tasks.map((_, i) => i));
  });

  it('flagging personal data starts the breach clock now unless an awareness time is given', async () => {
    const c = await createCase(db, ACME, 'acme', { title: 'Case' }, ANALYST, now());
    const at = now();
    const r = await updateCase(db, ACME, c.id, 1, { personalData: true, regulations: ['gdpr'] }, ANALYST, at);
    expect(r.case).toMatchObject({ personalData: true, regulations: ['gdpr'], awareAt: at.toISOString() });
    const n = await updateCase(db, ACME, c.id, 2, { notifiedAt: '2024-05-02T08:00:00Z' }, ANALYST, now());
    expect(n.case.notifiedAt).toBe('2024-05-02T08:00:00.000Z');
    await expect(updateCase(db, ACME, c.id, 3, { awareAt: 'yesterday' }, ANALYST, now())).rejects.toThrow(
      'awareAt "yesterday" is not an ISO 8601 time',
    );
  });
});

describe('phases', () => {
  it('records each entry with non-decreasing times, contained_at and resolved_at once', async () => {
    const c = await createCase(
      db,
      ACME,
      'acme',
      { title: 'Case' },
      ANALYST,
      new Date('2024-05-01T10:00:00Z'),
    );
    let v = c.version;
    const move = async (phase: Parameters<typeof changePhase>[4], at: string) => {
      const r = await changePhase(db, ACME, c.id, v, phase, ANALYST, new Date(at));
      v = r.case.version;
      return r.case;
    };
    await move('containment', '2024-05-01T11:00:00Z');
    const erad = await move('eradication', '2024-05-01T12:00:00Z');
    expect(erad.containedAt).toBe('2024-05-01T12:00:00.000Z');
    // The clock steps back: the entry is kept at the previous entry's time.
    const back = await move('containment', '2024-05-01T09:30:00Z');
    expect(back.containedAt).toBe('2024-05-01T12:00:00.000Z');
    await move('recovery', '2024-05-01T13:00:00Z');
    const post = await move('post_incident', '2024-05-01T14:00:00Z');
    expect(post).toMatchObject({ status: 'resolved', resolvedAt: '2024-05-01T14:00:00.000Z' });
    const d = await getCase(db, ACME, c.id);
    expect(d.phases.map((p) => [p.phase, p.enteredAt])).toEqual([
      ['detection_analysis', '2024-05-01T10:00:00.000Z'],
      ['containment', '2024-05-01T11:00:00.000Z'],
      ['eradication', '2024-05-01T12:00:00.000Z'],
      ['containment', '2024-05-01T12:00:00.000Z'],
      ['recovery', '2024-05-01T13:00:00.000Z'],
      ['post_incident', '2024-05-01T14:00:00.000Z'],
    ]);
    expect(d.timeline.map((e) => e.title)).toContain('Moved back to Containment (from Eradication)');
    expect(await auditActions(db)).toEqual(['case.create', ...Array(5).fill('case.phase')]);
  });

  it('needs the current version', async () => {
    const c = await createCase(db, ACME, 'acme', { title: 'Case' }, ANALYST, now());
    await changePhase(db, ACME, c.id, 1, 'containment', ANALYST, now());
    await expect(changePhase(db, ACME, c.id, 1, 'eradication', BOB, now())).rejects.toMatchObject({
      code: 'conflict',
      currentVersion: 2,
    });
  });
});

describe('closing and reopening', () => {
  it('closes the escalated alerts with the resolution, and reopens the case alone', async () => {
    const a1 = await insertTestAlert(db);
    const a2 = await insertTestAlert(db, { severity: 'critical' });
    const esc = await escalateAlerts(
      db,
      ACME,
      {
        alerts: [
          { id: a1, version: 1 },
          { id: a2, version: 1 },
        ],
      },
      ANALYST,
      now(),
    );
    const closed = await closeCase(
      db,
      ACME,
      esc.case.id,
      esc.case.version,
      'true_positive',
      ANALYST,
      now(),
      72,
    );
    expect(closed.case).toMatchObject({
      status: 'closed',
      resolution: 'true_positive',
      version: esc.case.version + 1,
    });
    expect(closed.alerts.map((a) => [a.status, a.verdict, a.version])).toEqual([
      ['closed', 'true_positive', 3],
      ['closed', 'true_positive', 3],
    ]);
    expect(await alertRow(db, a1)).toMatchObject({
      status: 'closed',
      verdict: 'true_positive',
      closed_at: closed.case.closedAt,
    });
    await expect(
      changePhase(db, ACME, esc.case.id, closed.case.version, 'containment', ANALYST, now()),
    ).rejects.toThrow('case #1 is closed; reopen it to change its phase');
    const reopened = await reopenCase(db, ACME, esc.case.id, closed.case.version, ANALYST, now());
    expect(reopened.case).toMatchObject({ status: 'open', resolution: null, closedAt: null });
    expect((await alertRow(db, a1)).status).toBe('closed');
    expect((await auditActions(db)).filter((a) => a.startsWith('case.close'))).toHaveLength(3);
  });

  it('a false positive takes back the entity risk of its alerts', async () => {
    const a = await insertTestAlert(db, { createdAt: '2024-05-01T09:59:00.000Z' });
    await db
      .insertInto('entity_risk')
      .values({
        tenant: 'acme',
        type: 'host',
        value: 'ws-01',
        score: 30,
        scored_at: '2024-05-01T09:59:00.000Z',
        alerts: 1,
        last_alert_at: '2024-05-01T09:59:00.000Z',
      })
      .execute();
    const esc = await escalateAlerts(db, ACME, { alerts: [{ id: a, version: 1 }] }, ANALYST, now());
    await closeCase(db, ACME, esc.case.id, esc.case.version, 'false_positive', ANALYST, now(), 72);
    // high (40 points) × confidence 0.75 = 30 added a few minutes earlier: nearly all of it is taken back.
    const risk = await db
      .selectFrom('entity_risk')
      .selectAll()
      .where('value', '=', 'ws-01')
      .executeTakeFirstOrThrow();
    expect(risk.score).toBeLessThan(1);
  });

  it('refuses a close without a valid resolution', async () => {
    const c = await createCase(db, ACME, 'acme', { title: 'Case' }, ANALYST, now());
    await expect(closeCase(db, ACME, c.id, 1, 'fixed' as 'duplicate', ANALYST, now(), 72)).rejects.toThrow(
      'closing a case needs a resolution',
    );
  });
});

describe('listing', () => {
  it('filters, pages with a cursor and counts per phase', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await createCase(
        db,
        ACME,
        'acme',
        {
          title: `Case ${i}`,
          severity: i % 2 ? 'high' : 'low',
          tags: i === 3 ? ['vip'] : [],
          assignee: i === 4 ? 'u-bob' : null,
        },
        ANALYST,
        now(),
      );
      ids.push(c.id);
    }
    await changePhase(db, ACME, ids[0]!, 1, 'containment', ANALYST, now());
    const p1 = await listCases(db, ACME, { limit: 2 });
    expect(p1.items.map((c) => c.title)).toEqual(['Case 4', 'Case 3']);
    expect(p1.total).toBe(5);
    expect(p1.phases).toEqual({
      detection_analysis: 4,
      containment: 1,
      eradication: 0,
      recovery: 0,
      post_incident: 0,
    });
    const p2 = await listCases(db, ACME, { limit: 2, cursor: p1.nextCursor! });
    const p3 = await listCases(db, ACME, { limit: 2, cursor: p2.nextCursor! });
    expect([...p2.items, ...p3.items].map((c) => c.title)).toEqual(['Case 2', 'Case 1', 'Case 0']);
    expect(p3.nextCursor).toBeNull();
    expect((await listCases(db, ACME, { limit: 10, severity: ['high'] })).items.map((c) => c.title)).toEqual([
      'Case 3',
      'Case 1',
    ]);
    expect((await listCases(db, ACME, { limit: 10, tag: 'vip' })).items.map((c) => c.title)).toEqual([
      'Case 3',
    ]);
    expect((await listCases(db, ACME, { limit: 10, assignee: 'u-bob' })).items.map((c) => c.title)).toEqual([
      'Case 4',
    ]);
    expect((await listCases(db, ACME, { limit: 10, q: '#2' })).items.map((c) => c.number)).toEqual([2]);
    expect((await listCases(db, ACME, { limit: 10, q: 'case 0' })).items.map((c) => c.title)).toEqual([
      'Case 0',
    ]);
    const byPhase = await listCases(db, ACME, { limit: 10, phase: ['containment'] });
    expect(byPhase.items.map((c) => c.title)).toEqual(['Case 0']);
    expect(byPhase.phases.detection_analysis).toBe(4);
    await expect(listCases(db, ACME, { limit: 2, cursor: 'garbage' })).rejects.toThrow(
      'cursor is not one this server handed out',
    );
  });

  it('counts alerts and tasks per case', async () => {
    const a = await insertTestAlert(db);
    const esc = await escalateAlerts(
      db,
      ACME,
      { alerts: [{ id: a, version: 1 }], newCase: { incidentType: 'insider' } },
      ANALYST,
      now(),
    );
    const [item] = (await listCases(db, ACME, { limit: 1 })).items;
    expect(item).toMatchObject({ id: esc.case.id, alertCount: 1, tasksDone: 0 });
    expect(item!.taskCount).toBeGreaterThanOrEqual(8);
  });
});
