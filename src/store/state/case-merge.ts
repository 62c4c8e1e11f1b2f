/**
 * Merging and linking cases. A merge moves everything of the source case — alerts, tasks,
 * observable sightings, timeline, evidence and links — into the target, and closes the source as
 * a duplicate with `merged_into` set; both timelines say so. A template task the target already
 * has is folded into the target's task rather than copied (`moveTasks`). A link relates two cases
 * of one tenant both ways (one row per direction).
 */

import { assertOpen } from '../../cases/phases.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import { type AlertChange, moveCaseAlerts } from './case-alerts.ts';
import { moveEvidence } from './case-evidence.ts';
import { actorName, type CaseRecord, type ChangeAudit, loadCase, recordChange } from './case-rows.ts';
import { moveTasks } from './case-tasks.ts';
import { moveTimeline } from './case-timeline.ts';
import { moveCaseSightings } from './observables.ts';
import { inTransaction, type StateDbOrTx } from './transaction.ts';

export interface MergeResult {
  source: CaseRecord;
  target: CaseRecord;
  /** The alerts moved (for the live feed). */
  alerts: AlertChange[];
  moved: {
    alerts: number;
    /** Tasks moved plus tasks folded into the target's task of the same template. */
    tasks: number;
    sightings: number;
    timeline: number;
    evidence: number;
    links: number;
  };
}

async function pair(tx: StateDbOrTx, scope: TenantScope, id: string, otherId: string) {
  if (id === otherId) throw new BadRequestError('a case cannot be merged or linked with itself', 'otherId');
  const a = await loadCase(tx, scope, id);
  const b = await loadCase(tx, scope, otherId);
  if (a.tenant !== b.tenant)
    throw new BadRequestError(`cases #${a.number} and #${b.number} belong to different tenants`, 'otherId');
  return [a, b] as const;
}

/** Merges case `sourceId` (at `version`) into `targetId`. Neither may be closed. */
export async function mergeCases(
  db: StateDbOrTx,
  scope: TenantScope,
  sourceId: string,
  version: number,
  targetId: string,
  by: ChangeAudit,
  now: Date,
): Promise<MergeResult> {
  return inTransaction(db, async (tx) => {
    const [source, target] = await pair(tx, scope, sourceId, targetId);
    if (source.version !== version)
      throw new ConflictError(
        `case #${source.number} was changed by someone else (version ${source.version}, you sent ${version}); reload it and merge again`,
        source.version,
      );
    assertOpen(source, 'merge it');
    assertOpen(target, 'merge another case into it');
    const at = now.toISOString();
    const alerts = await moveCaseAlerts(tx, source, target, at, by);
    const taskMove = await moveTasks(tx, source.id, target.id, at);
    const tasks = taskMove.moved + taskMove.folded.length;
    const sightings = await moveCaseSightings(tx, source.id, target.id);
    const timeline = await moveTimeline(tx, source.id, target.id);
    const evidence = await moveEvidence(tx, source.id, target.id);
    const links = await moveLinks(tx, source, target, at, actorName(by.actor));
    await tx
      .updateTable('cases')
      .set({ status: 'closed', resolution: 'duplicate', merged_into: target.id, closed_at: at })
      .where('id', '=', source.id)
      .execute();
    const moved = { alerts: alerts.length, tasks, sightings, timeline, evidence, links };
    const folded = taskMove.folded.length;
    const taskSummary = `${tasks} task(s)${folded > 0 ? ` (${folded} folded into the same template task)` : ''}`;
    const summary = `${moved.alerts} alert(s), ${taskSummary}, ${sightings} observable(s), ${timeline} timeline entries, ${evidence} evidence file(s), ${links} link(s)`;
    await recordChange(
      tx,
      source,
      {
        audit: 'case.merge',
        timeline: {
          action: 'case.merge',
          title: `Merged into case #${target.number}: ${target.title}`,
          body: `Moved: ${summary}.`,
        },
        before: { status: source.status, mergedInto: null },
        after: { status: 'closed', resolution: 'duplicate', mergedInto: target.id },
        details: { into: target.number, moved, foldedTasks: taskMove.folded },
        version: true,
      },
      by,
      at,
    );
    await recordChange(
      tx,
      target,
      {
        audit: 'case.merge',
        timeline: {
          action: 'case.merge',
          title: `Case #${source.number} merged into this case: ${source.title}`,
          body: `Moved here: ${summary}.`,
        },
        details: { from: source.number, fromId: source.id, moved, foldedTasks: taskMove.folded },
      },
      by,
      at,
    );
    return {
      source: await loadCase(tx, scope, source.id),
      target: await loadCase(tx, scope, target.id),
      alerts,
      moved,
    };
  });
}

/** The source's links become the target's (both directions); links between the two are dropped. */
async function moveLinks(
  tx: StateDbOrTx,
  source: CaseRecord,
  target: CaseRecord,
  at: string,
  by: string,
): Promise<number> {
  const others = (
    await tx.selectFrom('case_links').select('other_id').where('case_id', '=', source.id).execute()
  ).map((r) => r.other_id);
  let moved = 0;
  for (const other of others) {
    if (other === target.id) continue;
    await insertLink(tx, target.tenant, target.id, other, at, by);
    moved++;
  }
  await tx
    .deleteFrom('case_links')
    .where((eb) => eb.or([eb('case_id', '=', source.id), eb('other_id', '=', source.id)]))
    .execute();
  return moved;
}

async function insertLink(tx: StateDbOrTx, tenant: string, a: string, b: string, at: string, by: string) {
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const)
    await tx
      .insertInto('case_links')
      .values({ case_id: x, other_id: y, tenant, created_by: by, created_at: at })
      .onConflict((oc) => oc.columns(['case_id', 'other_id']).doNothing())
      .execute();
}

/** Relates two cases of one tenant both ways (allowed on closed cases). Linking twice changes nothing. */
export async function linkCases(
  db: StateDbOrTx,
  scope: TenantScope,
  id: string,
  otherId: string,
  by: ChangeAudit,
  now: Date,
): Promise<{ cases: CaseRecord[] }> {
  return inTransaction(db, async (tx) => {
    const [a, b] = await pair(tx, scope, id, otherId);
    const exists = await tx
      .selectFrom('case_links')
      .select('case_id')
      .where('case_id', '=', a.id)
      .where('other_id', '=', b.id)
      .executeTakeFirst();
    if (exists) return { cases: [a, b] };
    const at = now.toISOString();
    await insertLink(tx, a.tenant, a.id, b.id, at, actorName(by.actor));
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const)
      await recordChange(
        tx,
        x,
        {
          audit: 'case.link',
          timeline: { action: 'case.link', title: `Linked to case #${y.number}: ${y.title}` },
          after: { caseId: x.id, otherId: y.id },
        },
        by,
        at,
      );
    return { cases: [await loadCase(tx, scope, a.id), await loadCase(tx, scope, b.id)] };
  });
}

/** Removes the link between two cases (both directions). */
export async function unlinkCases(
  db: StateDbOrTx,
  scope: TenantScope,
  id: string,
  otherId: string,
  by: ChangeAudit,
  now: Date,
): Promise<{ cases: CaseRecord[] }> {
  return inTransaction(db, async (tx) => {
    const [a, b] = await pair(tx, scope, id, otherId);
    const r = await tx
      .deleteFrom('case_links')
      .where((eb) =>
        eb.or([
          eb.and([eb('case_id', '=', a.id), eb('other_id', '=', b.id)]),
          eb.and([eb('case_id', '=', b.id), eb('other_id', '=', a.id)]),
        ]),
      )
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0)
      throw new NotFoundError(`cases #${a.number} and #${b.number} are not linked`);
    const at = now.toISOString();
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const)
      await recordChange(
        tx,
        x,
        {
          audit: 'case.unlink',
          timeline: { action: 'case.unlink', title: `Link to case #${y.number} removed` },
          before: { caseId: x.id, otherId: y.id },
        },
        by,
        at,
      );
    return { cases: [await loadCase(tx, scope, a.id), await loadCase(tx, scope, b.id)] };
  });
}
