/** Case tasks in a real SQLite store. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INCIDENT_TEMPLATES } from '../../cases/templates.ts';
import { scopeOf } from '../tenancy.ts';
import { addTask, addTemplateTasks, listTasks, updateTask } from './case-tasks.ts';
import { ANALYST, auditActions, BOB, ticking } from './cases.fixture.ts';
import { closeCase, createCase, getCase } from './cases.ts';
import { openStateDb, type StateDb } from './open.ts';

const ACME = scopeOf(['acme']);
let db: StateDb;
let now: () => Date;
let caseId: string;

beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
  now = ticking();
  caseId = (await createCase(db, ACME, 'acme', { title: 'Case' }, ANALYST, now())).id;
});
afterEach(async () => db.destroy());

describe('case tasks', () => {
  it('adds hand-made tasks in the current phase by default, bumping the case seq but not its version', async () => {
    const before = await getCase(db, ACME, caseId);
    const r = await addTask(
      db,
      ACME,
      caseId,
      { title: 'Interview the user', dueAt: '2024-05-02T09:00:00.000Z' },
      ANALYST,
      now(),
    );
    expect(r.result).toMatchObject({
      position: 0,
      phase: 'detection_analysis',
      status: 'todo',
      version: 1,
      template: null,
    });
    expect(r.case.seq).toBeGreaterThan(before.seq);
    expect(r.case.version).toBe(before.version);
    const second = await addTask(
      db,
      ACME,
      caseId,
      { title: 'Block the IP', phase: 'containment' },
      ANALYST,
      now(),
    );
    expect(second.result.position).toBe(1);
    expect((await getCase(db, ACME, caseId)).timeline.at(-1)?.title).toBe('Task added: Block the IP');
  });

  it('adds a template once', async () => {
    const first = await addTemplateTasks(db, ACME, caseId, 'account_compromise', ANALYST, now());
    expect(first.result).toHaveLength(INCIDENT_TEMPLATES.account_compromise.tasks.length);
    const again = await addTemplateTasks(db, ACME, caseId, 'account_compromise', ANALYST, now());
    expect(again.result).toEqual([]);
    expect(await auditActions(db)).toEqual(['case.create', 'task.template']);
  });

  it('completes, reopens and edits with the task version; a stale version is a conflict', async () => {
    const { result: t } = await addTask(db, ACME, caseId, { title: 'Reset password' }, ANALYST, now());
    const at = now();
    const done = await updateTask(db, ACME, caseId, t.id, 1, { status: 'done' }, ANALYST, at);
    expect(done.result).toMatchObject({ status: 'done', completedAt: at.toISOString(), version: 2 });
    await expect(updateTask(db, ACME, caseId, t.id, 1, { status: 'todo' }, BOB, now())).rejects.toMatchObject(
      {
        code: 'conflict',
        currentVersion: 2,
        message: expect.stringContaining('task "Reset password" was changed by someone else'),
      },
    );
    const back = await updateTask(
      db,
      ACME,
      caseId,
      t.id,
      2,
      { status: 'in_progress', assignee: 'u-bob' },
      BOB,
      now(),
    );
    expect(back.result).toMatchObject({
      status: 'in_progress',
      completedAt: null,
      assignee: 'u-bob',
      version: 3,
    });
    const titles = (await getCase(db, ACME, caseId)).timeline.map((e) => e.title);
    expect(titles).toContain('Task completed: Reset password');
    expect(titles).toContain('Task updated: Reset password (status in_progress, assigned to u-bob)');
    expect(await auditActions(db)).toEqual(['case.create', 'task.create', 'task.complete', 'task.update']);
  });

  it('reorders: the moved task takes the position, the others shift', async () => {
    const ids: string[] = [];
    for (const title of ['a', 'b', 'c', 'd'])
      ids.push((await addTask(db, ACME, caseId, { title }, ANALYST, now())).result.id);
    const moved = await updateTask(db, ACME, caseId, ids[3]!, 1, { position: 1 }, ANALYST, now());
    expect(moved.result).toMatchObject({ position: 1, version: 2 });
    expect((await listTasks(db, ACME, caseId)).map((t) => [t.title, t.position, t.version])).toEqual([
      ['a', 0, 1],
      ['d', 1, 2],
      ['b', 2, 1],
      ['c', 3, 1],
    ]);
    await updateTask(db, ACME, caseId, ids[0]!, 1, { position: 99 }, ANALYST, now());
    expect((await listTasks(db, ACME, caseId)).map((t) => t.title)).toEqual(['d', 'b', 'c', 'a']);
    expect((await auditActions(db)).filter((a) => a === 'task.reorder')).toHaveLength(2);
  });

  it('refuses changes on a closed case and unknown tasks', async () => {
    const { result: t } = await addTask(db, ACME, caseId, { title: 'x' }, ANALYST, now());
    await expect(updateTask(db, ACME, caseId, 'nope', 1, { status: 'done' }, ANALYST, now())).rejects.toThrow(
      'case #1 has no task nope',
    );
    await closeCase(db, ACME, caseId, 1, 'true_positive', ANALYST, now(), 72);
    await expect(updateTask(db, ACME, caseId, t.id, 1, { status: 'done' }, ANALYST, now())).rejects.toThrow(
      'case #1 is closed; reopen it to change its tasks',
    );
    await expect(addTask(db, ACME, caseId, { title: 'y' }, ANALYST, now())).rejects.toThrow(
      'reopen it to add tasks',
    );
    await expect(listTasks(db, scopeOf(['globex']), caseId)).resolves.toEqual([]);
  });
});
