import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { caseReportData, parseReview } from './case-report-data.ts';
import { openStateDb, type StateDb } from './open.ts';
import {
  addAlert,
  addCase,
  addEvidence,
  addNote,
  addObservable,
  addPhase,
  addTask,
  plus,
  T0,
} from './soc.fixture.ts';

let db: StateDb;
beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
});
afterEach(async () => {
  await db.destroy();
});

describe("a case report's data", () => {
  it('gathers the case with its phases, alerts, observables, tasks, timeline, evidence and review', async () => {
    const c = await addCase(db, {
      tags: '["finance"]',
      personal_data: 1,
      regulations: '["gdpr"]',
      review: JSON.stringify({
        rootCause: 'No DMARC',
        wentWell: 'Fast',
        wentBadly: 'Slow',
        actions: [{ id: 'x', text: 'Enable DMARC', owner: 'it', dueAt: null, done: true }],
        updatedAt: T0,
        updatedBy: 'alice',
      }),
    });
    await addPhase(db, c, 'containment', plus(T0, 30));
    await addPhase(db, c, 'detection_analysis', T0);
    const al = await addAlert(db, { case_id: c.id, status: 'escalated' });
    await addAlert(db); // not in the case
    await addObservable(db, c, { type: 'domain', value: 'evil.example' });
    await addTask(db, c, { position: 1, title: 'Second' });
    await addTask(db, c, { position: 0, title: 'First' });
    await addNote(db, c, { title: 'later', event_time: plus(T0, 10), recorded_at: plus(T0, 11) });
    await addNote(db, c, { title: 'earlier', event_time: plus(T0, -60), recorded_at: plus(T0, 12) });
    await addEvidence(db, c, { sha256: 'f'.repeat(64) });

    const d = await caseReportData(db, scopeOf(['acme']), c.id);
    expect(d?.case).toMatchObject({
      id: c.id,
      number: 1,
      tags: ['finance'],
      personalData: true,
      regulations: ['gdpr'],
    });
    expect(d?.phases.map((p) => p.phase)).toEqual(['detection_analysis', 'containment']);
    expect(d?.alerts.map((a) => a.id)).toEqual([al.id]);
    expect(d?.observables).toEqual([
      { type: 'domain', value: 'evil.example', tlp: 'amber', ioc: true, description: '' },
    ]);
    expect(d?.tasks.map((t) => t.title)).toEqual(['First', 'Second']);
    expect(d?.timeline.map((t) => [t.title, t.eventTime, t.recordedAt])).toEqual([
      ['earlier', plus(T0, -60), plus(T0, 12)],
      ['later', plus(T0, 10), plus(T0, 11)],
    ]);
    expect(d?.evidence.map((e) => e.sha256)).toEqual(['f'.repeat(64)]);
    expect(d?.review).toEqual({
      rootCause: 'No DMARC',
      wentWell: 'Fast',
      wentBadly: 'Slow',
      actions: [{ text: 'Enable DMARC', owner: 'it', dueAt: null, done: true }],
    });
  });

  it('is null for a case outside the scope', async () => {
    const c = await addCase(db, { tenant: 'globex' });
    expect(await caseReportData(db, scopeOf(['acme']), c.id)).toBeNull();
    expect(await caseReportData(db, scopeOf([]), c.id)).toBeNull();
  });

  it('reads a review leniently', () => {
    expect(parseReview(null)).toBeNull();
    expect(parseReview('not json')).toBeNull();
    expect(parseReview('{"rootCause":1,"actions":[null,{"text":"x"}]}')).toEqual({
      rootCause: '',
      wentWell: '',
      wentBadly: '',
      actions: [{ text: 'x', owner: '', dueAt: null, done: false }],
    });
  });
});
