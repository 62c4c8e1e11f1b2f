/** Merging and linking cases, in a real SQLite store. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INCIDENT_TEMPLATES } from '../../cases/templates.ts';
import { scopeOf } from '../tenancy.ts';
import { escalateAlerts } from './case-escalate.ts';
import { addEvidence } from './case-evidence.ts';
import { linkCases, mergeCases, unlinkCases } from './case-merge.ts';
import { addTask, addTemplateTasks, type CaseTask, type TaskPatch, updateTask } from './case-tasks.ts';
import { addNote } from './case-timeline.ts';
import { ANALYST, alertRow, auditActions, insertTestAlert, ticking } from './cases.fixture.ts';
import { createCase, getCase, reopenCase } from './cases.ts';
import { addObservable } from './observables.ts';
import { openStateDb, type StateDb } from './open.ts';

const ACME = scopeOf(['acme']);
let db: StateDb;
let now: () => Date;

beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
  now = ticking();
});
afterEach(async () => db.destroy());

/** A target and a source case, both made from the phishing template. */
async function twoPhishingCases() {
  const make = (title: string) =>
    createCase(db, ACME, 'acme', { title, incidentType: 'phishing' }, ANALYST, now());
  const target = await make('Target');
  const source = await make('Source');
  return { target, source };
}

describe('merging', () => {
  it('moves alerts, tasks, observables, timeline, evidence and links into the target and closes the source', async () => {
    const target = await createCase(
      db,
      ACME,
      'acme',
      { title: 'Target', incidentType: 'phishing' },
      ANALYST,
      now(),
    );
    const a = await insertTestAlert(db, { entities: [{ type: 'ip', value: '203.0.113.9' }] });
    const source = (
      await escalateAlerts(
        db,
        ACME,
        { alerts: [{ id: a, version: 1 }], newCase: { title: 'Source' } },
        ANALYST,
        now(),
      )
    ).case;
    await addTask(db, ACME, source.id, { title: 'Call the user' }, ANALYST, now());
    await addObservable(
      db,
      ACME,
      source.id,
      { type: 'domain', value: 'login-micros0ft.example' },
      ANALYST,
      now(),
    );
    await addObservable(db, ACME, target.id, { type: 'ip', value: '203.0.113.9' }, ANALYST, now());
    await addNote(db, ACME, source.id, { body: 'User confirmed the click' }, ANALYST, now());
    await addEvidence(
      db,
      ACME,
      source.id,
      { name: 'mail.eml', contentType: 'message/rfc822', size: 3, sha256: 'a'.repeat(64) },
      ANALYST,
      now(),
    );
    const third = await createCase(db, ACME, 'acme', { title: 'Related' }, ANALYST, now());
    await linkCases(db, ACME, source.id, third.id, ANALYST, now());
    const before = await getCase(db, ACME, source.id);

    const m = await mergeCases(db, ACME, source.id, before.version, target.id, ANALYST, now());
    expect(m.moved).toEqual({
      alerts: 1,
      tasks: 1,
      sightings: 2,
      timeline: before.timeline.length,
      evidence: 1,
      links: 1,
    });
    expect(m.source).toMatchObject({
      status: 'closed',
      resolution: 'duplicate',
      mergedInto: target.id,
      version: before.version + 1,
    });
    expect(m.alerts).toMatchObject([{ id: a, caseId: target.id, status: 'escalated', version: 3 }]);
    expect((await alertRow(db, a)).case_id).toBe(target.id);

    const t = await getCase(db, ACME, target.id);
    expect(t.alerts.map((x) => x.id)).toEqual([a]);
    expect(t.tasks.at(-1)).toMatchObject({ title: 'Call the user', position: t.tasks.length - 1 });
    expect(t.observables.map((o) => o.value).sort()).toEqual(['203.0.113.9', 'login-micros0ft.example']);
    expect(t.evidence.map((e) => e.name)).toEqual(['mail.eml']);
    expect(t.links.map((l) => l.title)).toEqual(['Related']);
    expect(t.timeline.some((e) => e.kind === 'note' && e.body === 'User confirmed the click')).toBe(true);
    expect(t.timeline.at(-1)?.title).toBe('Case #2 merged into this case: Source');

    const s = await getCase(db, ACME, source.id);
    expect([s.alerts, s.tasks, s.observables, s.evidence, s.links]).toEqual([[], [], [], [], []]);
    expect(s.timeline.map((e) => e.title)).toEqual(['Merged into case #1: Target']);
    expect((await getCase(db, ACME, third.id)).links.map((l) => l.id)).toEqual([target.id]);
    expect((await auditActions(db)).filter((x) => x === 'case.merge')).toHaveLength(3);

    await expect(reopenCase(db, ACME, source.id, m.source.version, ANALYST, now())).rejects.toThrow(
      'case #2 was merged into #1',
    );
  });

  it('folds the template tasks both cases have into the target task, once per template key', async () => {
    const { target, source } = await twoPhishingCases();
    const edit = async (caseId: string, key: string, patch: TaskPatch) => {
      const task = (await getCase(db, ACME, caseId)).tasks.find((t) => t.template === `phishing/${key}`);
      if (!task) throw new Error(`no phishing/${key} task`);
      return (await updateTask(db, ACME, caseId, task.id, task.version, patch, ANALYST, now())).result;
    };
    // done beats todo; the source's completion comes along
    const sourceDone = await edit(source.id, 'headers', { status: 'done' });
    // both done: the earlier completion (the source's) wins
    const earlierDone = await edit(source.id, 'analyze', { status: 'done' });
    await edit(target.id, 'analyze', { status: 'done' });
    // skipped yields to the other's status, also to todo
    await edit(target.id, 'recipients', { status: 'skipped' });
    await edit(source.id, 'recipients', { status: 'in_progress' });
    await edit(target.id, 'purge', { status: 'skipped' });
    // both skipped stays skipped, completed at the earlier skip
    const firstSkip = await edit(target.id, 'block', { status: 'skipped' });
    await edit(source.id, 'block', { status: 'skipped' });
    // in_progress beats todo; the target's assignee stays; the earlier due date wins
    const unchanged = await edit(target.id, 'clicks', {
      status: 'in_progress',
      assignee: 'alice',
      dueAt: '2024-05-02T09:00:00.000Z',
    });
    await edit(source.id, 'clicks', {
      assignee: 'bob',
      dueAt: '2024-05-03T09:00:00.000Z',
      description: 'Ask Bob',
    });
    // no assignee or due date on the target: the source's
    await edit(source.id, 'headers', { assignee: 'bob', dueAt: '2024-05-05T09:00:00.000Z' });
    // due dates compare as instants: 09:00+02:00 is before 08:00Z
    await edit(source.id, 'analyze', { dueAt: '2024-05-04T09:00:00+02:00' });
    await edit(target.id, 'analyze', { dueAt: '2024-05-04T08:00:00.000Z' });
    const before = await getCase(db, ACME, source.id);
    const targetBefore = await getCase(db, ACME, target.id);

    const m = await mergeCases(db, ACME, source.id, before.version, target.id, ANALYST, now());

    const keys = INCIDENT_TEMPLATES.phishing.tasks.map((t) => `phishing/${t.key}`);
    expect(m.moved.tasks).toBe(keys.length);
    const t = await getCase(db, ACME, target.id);
    expect(t.tasks.map((x) => x.template)).toEqual(keys);
    expect(t.tasks.map((x) => x.id)).toEqual(targetBefore.tasks.map((x) => x.id));
    const byKey = (key: string) => t.tasks.find((x) => x.template === `phishing/${key}`) as CaseTask;
    const was = (key: string) => targetBefore.tasks.find((x) => x.template === `phishing/${key}`) as CaseTask;
    expect(byKey('headers')).toMatchObject({
      status: 'done',
      completedAt: sourceDone.completedAt,
      assignee: 'bob',
      dueAt: '2024-05-05T09:00:00.000Z',
      version: was('headers').version + 1,
    });
    expect(byKey('analyze')).toMatchObject({
      status: 'done',
      completedAt: earlierDone.completedAt,
      dueAt: '2024-05-04T09:00:00+02:00',
    });
    expect(byKey('recipients')).toMatchObject({ status: 'in_progress', completedAt: null });
    expect(byKey('purge')).toMatchObject({ status: 'todo', completedAt: null });
    expect(byKey('block')).toMatchObject({ status: 'skipped', completedAt: firstSkip.completedAt });
    expect(byKey('clicks')).toEqual(unchanged);
    expect(byKey('clicks').description).toBe(
      INCIDENT_TEMPLATES.phishing.tasks.find((x) => x.key === 'clicks')?.description,
    );
    const untouched = t.tasks.filter(
      (x) =>
        !['headers', 'analyze', 'recipients', 'purge', 'block', 'clicks'].includes(
          x.template?.split('/')[1] ?? '',
        ),
    );
    expect(untouched.length).toBeGreaterThan(0);
    for (const x of untouched) expect(x).toEqual(was(x.template?.split('/')[1] ?? ''));

    expect((await getCase(db, ACME, source.id)).tasks).toEqual([]);
    expect(await db.selectFrom('case_tasks').select('id').execute()).toHaveLength(keys.length);
    expect(t.timeline.at(-1)?.body).toContain(
      `${keys.length} task(s) (${keys.length} folded into the same template task)`,
    );
    const audit = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'case.merge')
      .where('target_id', '=', target.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details ?? '{}').foldedTasks).toContainEqual({
      id: before.tasks.find((x) => x.template === 'phishing/headers')?.id,
      into: byKey('headers').id,
      template: 'phishing/headers',
    });
  });

  it('moves hand-made tasks and template tasks the target lacks after the target tasks, in their order', async () => {
    const { target, source } = await twoPhishingCases();
    const handMade = (await addTask(db, ACME, source.id, { title: 'Call the user' }, ANALYST, now())).result;
    const malware = (await addTemplateTasks(db, ACME, source.id, 'malware', ANALYST, now())).result;
    const targetBefore = await getCase(db, ACME, target.id);
    const before = await getCase(db, ACME, source.id);

    const m = await mergeCases(db, ACME, source.id, before.version, target.id, ANALYST, now());

    const phishing = INCIDENT_TEMPLATES.phishing.tasks.length;
    expect(m.moved.tasks).toBe(before.tasks.length);
    const t = await getCase(db, ACME, target.id);
    expect(t.tasks.map((x) => x.id)).toEqual([
      ...targetBefore.tasks.map((x) => x.id),
      handMade.id,
      ...malware.map((x) => x.id),
    ]);
    expect(t.tasks.map((x) => x.position)).toEqual(t.tasks.map((_, i) => i));
    expect(t.tasks.at(phishing)).toMatchObject({ title: 'Call the user', template: null, version: 1 });
    expect(new Set(t.tasks.map((x) => x.template ?? x.id)).size).toBe(t.tasks.length);
    expect(t.timeline.at(-1)?.body).toContain(
      `${before.tasks.length} task(s) (${phishing} folded into the same template task)`,
    );
  });

  it('refuses merging a case into itself, a stale version, and closed cases', async () => {
    const a = await createCase(db, ACME, 'acme', { title: 'A' }, ANALYST, now());
    const b = await createCase(db, ACME, 'acme', { title: 'B' }, ANALYST, now());
    await expect(mergeCases(db, ACME, a.id, 1, a.id, ANALYST, now())).rejects.toThrow(
      'cannot be merged or linked with itself',
    );
    await expect(mergeCases(db, ACME, a.id, 9, b.id, ANALYST, now())).rejects.toMatchObject({
      code: 'conflict',
      currentVersion: 1,
    });
    await mergeCases(db, ACME, a.id, 1, b.id, ANALYST, now());
    const c = await createCase(db, ACME, 'acme', { title: 'C' }, ANALYST, now());
    await expect(mergeCases(db, ACME, c.id, 1, a.id, ANALYST, now())).rejects.toThrow('case #1 is closed');
  });
});

describe('links', () => {
  it('relate two cases both ways, once, and unlink both ways', async () => {
    const a = await createCase(db, ACME, 'acme', { title: 'A' }, ANALYST, now());
    const b = await createCase(db, ACME, 'acme', { title: 'B' }, ANALYST, now());
    await linkCases(db, ACME, a.id, b.id, ANALYST, now());
    await linkCases(db, ACME, b.id, a.id, ANALYST, now());
    expect((await getCase(db, ACME, a.id)).links.map((l) => l.number)).toEqual([2]);
    expect((await getCase(db, ACME, b.id)).links.map((l) => l.number)).toEqual([1]);
    expect((await getCase(db, ACME, b.id)).timeline.at(-1)?.title).toBe('Linked to case #1: A');
    await unlinkCases(db, ACME, b.id, a.id, ANALYST, now());
    expect((await getCase(db, ACME, a.id)).links).toEqual([]);
    await expect(unlinkCases(db, ACME, a.id, b.id, ANALYST, now())).rejects.toThrow(
      'cases #1 and #2 are not linked',
    );
    expect(await auditActions(db)).toEqual([
      'case.create',
      'case.create',
      'case.link',
      'case.link',
      'case.unlink',
      'case.unlink',
    ]);
  });

  it("cannot reach another tenant's case", async () => {
    const a = await createCase(db, ACME, 'acme', { title: 'A' }, ANALYST, now());
    const g = await createCase(db, scopeOf(['globex']), 'globex', { title: 'G' }, ANALYST, now());
    await expect(linkCases(db, ACME, a.id, g.id, ANALYST, now())).rejects.toThrow(`no case ${g.id}`);
    await expect(linkCases(db, scopeOf(['acme', 'globex']), a.id, g.id, ANALYST, now())).rejects.toThrow(
      'belong to different tenants',
    );
  });
});
