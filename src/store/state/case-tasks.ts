/**
 * The tasks of a case: made by hand or from the template of its incident type (each template task
 * once per case), each tagged with its IR phase, ordered by `position`. Every change writes a
 * timeline entry and an audit entry and bumps the case's `seq` in the same transaction; a task's
 * own edits name the task `version` they read.
 */
import { randomUUID } from 'node:crypto';
import { assertOpen, type CasePhase, isPhase, PHASE_LABELS } from '../../cases/phases.ts';
import { INCIDENT_TEMPLATES, type TemplatedIncidentType, templateTaskId } from '../../cases/templates.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import { type CaseRecord, type ChangeAudit, inScope, loadCase, recordChange } from './case-rows.ts';
import type { CaseTaskTable } from './schema.ts';
import { inTransaction, type StateDbOrTx } from './transaction.ts';

export const TASK_STATUSES = ['todo', 'in_progress', 'done', 'skipped'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface CaseTask {
  id: string;
  caseId: string;
  tenant: string;
  position: number;
  phase: string;
  title: string;
  description: string;
  status: string;
  assignee: string | null;
  dueAt: string | null;
  /** `<incident type>/<key>` for a task from a template. */
  template: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  version: number;
}

export interface NewTask {
  title: string;
  description?: string;
  phase?: CasePhase;
  assignee?: string | null;
  dueAt?: string | null;
}

export interface TaskPatch {
  title?: string;
  description?: string;
  phase?: CasePhase;
  status?: TaskStatus;
  assignee?: string | null;
  dueAt?: string | null;
  /** The task's new place in the case's list (0 is first). */
  position?: number;
}

/** A task and the case after the change (its seq is what the live feed publishes). */
export interface TaskChange<T> {
  result: T;
  case: CaseRecord;
}

export function taskOf(r: CaseTaskTable): CaseTask {
  return {
    id: r.id,
    caseId: r.case_id,
    tenant: r.tenant,
    position: Number(r.position),
    phase: r.phase,
    title: r.title,
    description: r.description,
    status: r.status,
    assignee: r.assignee,
    dueAt: r.due_at,
    template: r.template,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    completedAt: r.completed_at,
    version: Number(r.version),
  };
}

/** The case's tasks in their order. */
export async function listTasks(db: StateDbOrTx, scope: TenantScope, caseId: string): Promise<CaseTask[]> {
  const rows = await db
    .selectFrom('case_tasks')
    .selectAll()
    .where('case_id', '=', caseId)
    .where(inScope(scope))
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  return rows.map(taskOf);
}

async function nextPosition(tx: StateDbOrTx, caseId: string): Promise<number> {
  const r = await tx
    .selectFrom('case_tasks')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return r?.p === null || r?.p === undefined ? 0 : Number(r.p) + 1;
}

function checkPhase(phase: string): CasePhase {
  if (!isPhase(phase)) throw new BadRequestError(`unknown phase "${phase}"`, 'phase');
  return phase;
}

/** Adds a hand-made task at the end of the case's list. */
export async function addTask(
  db: StateDbOrTx,
  scope: TenantScope,
  caseId: string,
  input: NewTask,
  by: ChangeAudit,
  now: Date,
): Promise<TaskChange<CaseTask>> {
  return inTransaction(db, async (tx) => {
    const c = await loadCase(tx, scope, caseId);
    assertOpen(c, 'add tasks');
    const at = now.toISOString();
    const row: CaseTaskTable = {
      id: randomUUID(),
      case_id: c.id,
      tenant: c.tenant,
      position: await nextPosition(tx, c.id),
      phase: checkPhase(input.phase ?? (c.phase as CasePhase)),
      title: input.title,
      description: input.description ?? '',
      status: 'todo',
      assignee: input.assignee ?? null,
      due_at: input.dueAt ?? null,
      template: null,
      created_at: at,
      updated_at: at,
      completed_at: null,
      version: 1,
    };
    await tx.insertInto('case_tasks').values(row).execute();
    await recordChange(
      tx,
      c,
      {
        audit: 'task.create',
        target: { type: 'case_task', id: row.id },
        timeline: { action: 'task.create', title: `Task added: ${row.title}` },
        after: {
          caseId: c.id,
          title: row.title,
          phase: row.phase,
          assignee: row.assignee,
          dueAt: row.due_at,
        },
      },
      by,
      at,
    );
    return { result: taskOf(row), case: await loadCase(tx, scope, c.id) };
  });
}

/**
 * Inserts the tasks of `type`'s template the case does not have yet (inside the caller's
 * transaction; the caller records the change). Returns the tasks added.
 */
export async function insertTemplateTasks(
  tx: StateDbOrTx,
  c: Pick<CaseRecord, 'id' | 'tenant'>,
  type: TemplatedIncidentType,
  at: string,
): Promise<CaseTask[]> {
  const have = new Set(
    (
      await tx
        .selectFrom('case_tasks')
        .select('template')
        .where('case_id', '=', c.id)
        .where('template', 'is not', null)
        .execute()
    ).map((r) => r.template),
  );
  let position = await nextPosition(tx, c.id);
  const added: CaseTask[] = [];
  for (const t of INCIDENT_TEMPLATES[type].tasks) {
    const template = templateTaskId(type, t);
    if (have.has(template)) continue;
    const row: CaseTaskTable = {
      id: randomUUID(),
      case_id: c.id,
      tenant: c.tenant,
      position: position++,
      phase: t.phase,
      title: t.title,
      description: t.description,
      status: 'todo',
      assignee: null,
      due_at: null,
      template,
      created_at: at,
      updated_at: at,
      completed_at: null,
      version: 1,
    };
    await tx.insertInto('case_tasks').values(row).execute();
    added.push(taskOf(row));
  }
  return added;
}

/** Adds the template tasks of `type` the case does not have yet. */
export async function addTemplateTasks(
  db: StateDbOrTx,
  scope: TenantScope,
  caseId: string,
  type: TemplatedIncidentType,
  by: ChangeAudit,
  now: Date,
): Promise<TaskChange<CaseTask[]>> {
  return inTransaction(db, async (tx) => {
    const c = await loadCase(tx, scope, caseId);
    assertOpen(c, 'add tasks');
    const at = now.toISOString();
    const added = await insertTemplateTasks(tx, c, type, at);
    if (added.length > 0)
      await recordChange(
        tx,
        c,
        {
          audit: 'task.template',
          timeline: {
            action: 'task.template',
            title: `${added.length} tasks added from the ${INCIDENT_TEMPLATES[type].name} template`,
          },
          details: { template: type, added: added.length },
        },
        by,
        at,
      );
    return { result: added, case: await loadCase(tx, scope, c.id) };
  });
}

/**
 * Edits a task. `version` is the task version the caller read (stale: ConflictError). Setting
 * `status` to done or skipped records `completed_at`; back to todo/in_progress clears it.
 * `position` moves the task in the list (the others shift; their versions stay).
 */
export async function updateTask(
  db: StateDbOrTx,
  scope: TenantScope,
  caseId: string,
  taskId: string,
  version: number,
  patch: TaskPatch,
  by: ChangeAudit,
  now: Date,
): Promise<TaskChange<CaseTask>> {
  return inTransaction(db, async (tx) => {
    const c = await loadCase(tx, scope, caseId);
    const row = await tx
      .selectFrom('case_tasks')
      .selectAll()
      .where('id', '=', taskId)
      .where('case_id', '=', c.id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`case #${c.number} has no task ${taskId}`);
    assertOpen(c, 'change its tasks');
    if (Number(row.version) !== version)
      throw new ConflictError(
        `task "${row.title}" was changed by someone else (version ${row.version}, you sent ${version}); reload it and apply your change again`,
        Number(row.version),
      );
    const at = now.toISOString();
    const set: Partial<CaseTaskTable> = {};
    if (patch.title !== undefined && patch.title !== row.title) set.title = patch.title;
    if (patch.description !== undefined && patch.description !== row.description)
      set.description = patch.description;
    if (patch.phase !== undefined && patch.phase !== row.phase) set.phase = checkPhase(patch.phase);
    if (patch.assignee !== undefined && patch.assignee !== row.assignee) set.assignee = patch.assignee;
    if (patch.dueAt !== undefined && patch.dueAt !== row.due_at) set.due_at = patch.dueAt;
    if (patch.status !== undefined && patch.status !== row.status) {
      if (!(TASK_STATUSES as readonly string[]).includes(patch.status))
        throw new BadRequestError(`task status must be one of ${TASK_STATUSES.join(', ')}`, 'status');
      set.status = patch.status;
      set.completed_at = patch.status === 'done' || patch.status === 'skipped' ? at : null;
    }
    const moved = patch.position !== undefined && (await moveTask(tx, c.id, row.id, patch.position));
    if (Object.keys(set).length === 0 && !moved) return { result: taskOf(row), case: c };
    const updated = await tx
      .updateTable('case_tasks')
      .set({ ...set, updated_at: at, version: Number(row.version) + 1 })
      .where('id', '=', row.id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirstOrThrow();
    const before = Object.fromEntries(
      Object.keys(set).map((k) => [k, row[k as keyof CaseTaskTable]]),
    ) as Record<string, unknown>;
    const done = set.status === 'done';
    const action = done
      ? 'task.complete'
      : moved && Object.keys(set).length === 0
        ? 'task.reorder'
        : 'task.update';
    const title = done
      ? `Task completed: ${updated.title}`
      : set.status === 'skipped'
        ? `Task skipped: ${updated.title}`
        : action === 'task.reorder'
          ? `Task moved: ${updated.title}`
          : `Task updated: ${updated.title}${describeTaskChange(set)}`;
    await recordChange(
      tx,
      c,
      {
        audit: action,
        target: { type: 'case_task', id: row.id },
        timeline: { action, title },
        before: moved ? { ...before, position: row.position } : before,
        after: moved ? { ...set, position: updated.position } : set,
        details: { caseId: c.id },
      },
      by,
      at,
    );
    return { result: taskOf(updated), case: await loadCase(tx, scope, c.id) };
  });
}

function describeTaskChange(set: Partial<CaseTaskTable>): string {
  const parts: string[] = [];
  if (set.status) parts.push(`status ${set.status}`);
  if (set.phase) parts.push(`phase ${PHASE_LABELS[set.phase as CasePhase]}`);
  if (set.assignee !== undefined) parts.push(set.assignee ? `assigned to ${set.assignee}` : 'unassigned');
  if (set.due_at !== undefined) parts.push(set.due_at ? `due ${set.due_at}` : 'no due date');
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** Puts the task at `position` among the case's tasks and renumbers them 0…n−1. True when it moved. */
async function moveTask(tx: StateDbOrTx, caseId: string, taskId: string, position: number): Promise<boolean> {
  const ids = (
    await tx
      .selectFrom('case_tasks')
      .select(['id', 'position'])
      .where('case_id', '=', caseId)
      .orderBy('position')
      .orderBy('created_at')
      .execute()
  ).map((r) => ({ id: r.id, position: Number(r.position) }));
  const from = ids.findIndex((r) => r.id === taskId);
  const to = Math.max(0, Math.min(position, ids.length - 1));
  const order = ids.map((r) => r.id);
  order.splice(from, 1);
  order.splice(to, 0, taskId);
  for (const [i, id] of order.entries()) {
    if (ids.find((r) => r.id === id)?.position === i) continue;
    await tx.updateTable('case_tasks').set({ position: i }).where('id', '=', id).execute();
  }
  return from !== to;
}

/** What {@link moveTasks} did: tasks moved, and template tasks folded into the target's copy. */
export interface TasksMoved {
  moved: number;
  /** Source tasks whose template task the target already had: merged into it, then removed. */
  folded: { id: string; into: string; template: string }[];
}

/**
 * Moves every task of `fromCase` to the end of `toCase`'s list (a merge), keeping their order. A
 * template task the target already has is folded into the target's task instead (each template
 * task once per case, see {@link foldTask}) and its row removed.
 */
export async function moveTasks(
  tx: StateDbOrTx,
  fromCase: string,
  toCase: string,
  at: string,
): Promise<TasksMoved> {
  let position = await nextPosition(tx, toCase);
  const byTemplate = new Map<string, { row: CaseTaskTable; merged: CaseTaskTable }>();
  const targetRows = await tx
    .selectFrom('case_tasks')
    .selectAll()
    .where('case_id', '=', toCase)
    .where('template', 'is not', null)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  for (const row of targetRows)
    if (row.template !== null && !byTemplate.has(row.template))
      byTemplate.set(row.template, { row, merged: row });
  const rows = await tx
    .selectFrom('case_tasks')
    .selectAll()
    .where('case_id', '=', fromCase)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  const result: TasksMoved = { moved: 0, folded: [] };
  for (const r of rows) {
    const same = r.template === null ? undefined : byTemplate.get(r.template);
    if (same && r.template !== null) {
      same.merged = foldTask(same.merged, r);
      await tx.deleteFrom('case_tasks').where('id', '=', r.id).execute();
      result.folded.push({ id: r.id, into: same.row.id, template: r.template });
      continue;
    }
    const moved = { ...r, case_id: toCase, position: position++ };
    await tx
      .updateTable('case_tasks')
      .set({ case_id: toCase, position: moved.position })
      .where('id', '=', r.id)
      .execute();
    if (r.template !== null) byTemplate.set(r.template, { row: moved, merged: moved });
    result.moved++;
  }
  for (const { row, merged } of byTemplate.values()) {
    const set: Partial<CaseTaskTable> = {};
    if (merged.status !== row.status) set.status = merged.status;
    if (merged.completed_at !== row.completed_at) set.completed_at = merged.completed_at;
    if (merged.assignee !== row.assignee) set.assignee = merged.assignee;
    if (merged.due_at !== row.due_at) set.due_at = merged.due_at;
    if (Object.keys(set).length === 0) continue;
    await tx
      .updateTable('case_tasks')
      .set({ ...set, updated_at: at, version: Number(row.version) + 1 })
      .where('id', '=', row.id)
      .execute();
  }
  return result;
}

const STATUS_RANK: Record<string, number> = { todo: 0, in_progress: 1, done: 2 };

/**
 * The target's task `into` with `other` (the same template task of a merged case) folded in: the
 * more advanced status (done > in_progress > todo; skipped only when both are skipped), the
 * earliest completion among the done ones, the target's assignee unless it has none, the earlier
 * due date. Title, phase and description stay the target's.
 */
function foldTask(into: CaseTaskTable, other: CaseTaskTable): CaseTaskTable {
  const status =
    into.status === 'skipped'
      ? other.status
      : other.status === 'skipped'
        ? into.status
        : (STATUS_RANK[other.status] ?? 0) > (STATUS_RANK[into.status] ?? 0)
          ? other.status
          : into.status;
  const completions = [into, other]
    .filter((t) => t.status === status && t.completed_at !== null)
    .map((t) => t.completed_at as string);
  return {
    ...into,
    status,
    completed_at: status === 'done' || status === 'skipped' ? earliest(completions) : null,
    assignee: into.assignee ?? other.assignee,
    due_at: earliest([into.due_at, other.due_at].filter((d): d is string => d !== null)),
  };
}

/** The earliest of ISO times (compared as instants, so offsets may differ); null for none. */
function earliest(times: string[]): string | null {
  let best: string | null = null;
  for (const t of times) if (best === null || Date.parse(t) < Date.parse(best)) best = t;
  return best;
}
