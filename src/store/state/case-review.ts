/**
 * The post-incident review of a case (NIST SP 800-61 "lessons learned"): the root cause, what went
 * well, what went badly, and follow-up actions with owners and due dates. Stored as JSON on the
 * case; saving it is an edit of the case (names the case `version` it read). Allowed on a closed
 * case: the review usually happens after closure.
 */
import { randomUUID } from 'node:crypto';
import { BadRequestError, ConflictError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import { actorName, type CaseRecord, type ChangeAudit, loadCase, recordChange } from './case-rows.ts';
import { inTransaction, type StateDbOrTx } from './transaction.ts';

export interface ReviewAction {
  id: string;
  text: string;
  owner: string;
  dueAt: string | null;
  done: boolean;
}

export interface CaseReview {
  rootCause: string;
  wentWell: string;
  wentBadly: string;
  actions: ReviewAction[];
  updatedAt: string;
  updatedBy: string;
}

export interface ReviewInput {
  rootCause: string;
  wentWell: string;
  wentBadly: string;
  /** Actions without an id are new (an id is given to them). */
  actions: { id?: string; text: string; owner: string; dueAt?: string | null; done?: boolean }[];
}

export function reviewOf(text: string | null): CaseReview | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as Partial<CaseReview>;
    return {
      rootCause: String(v.rootCause ?? ''),
      wentWell: String(v.wentWell ?? ''),
      wentBadly: String(v.wentBadly ?? ''),
      actions: Array.isArray(v.actions) ? v.actions : [],
      updatedAt: String(v.updatedAt ?? ''),
      updatedBy: String(v.updatedBy ?? ''),
    };
  } catch {
    return null;
  }
}

export async function getReview(
  db: StateDbOrTx,
  scope: TenantScope,
  caseId: string,
): Promise<CaseReview | null> {
  const c = await loadCase(db, scope, caseId);
  const row = await db.selectFrom('cases').select('review').where('id', '=', c.id).executeTakeFirstOrThrow();
  return reviewOf(row.review);
}

/** Replaces the review. `version`: the case version the caller read (stale: ConflictError). */
export async function saveReview(
  db: StateDbOrTx,
  scope: TenantScope,
  caseId: string,
  version: number,
  input: ReviewInput,
  by: ChangeAudit,
  now: Date,
): Promise<{ result: CaseReview; case: CaseRecord }> {
  const ids = new Set<string>();
  const actions: ReviewAction[] = input.actions.map((a, i) => {
    if (a.text.trim() === '')
      throw new BadRequestError(`follow-up action ${i + 1} has no text`, `actions.${i}.text`);
    if (a.dueAt && Number.isNaN(Date.parse(a.dueAt)))
      throw new BadRequestError(`follow-up action ${i + 1}: dueAt is not a date`, `actions.${i}.dueAt`);
    const id = a.id ?? randomUUID();
    if (ids.has(id)) throw new BadRequestError(`follow-up action id ${id} appears twice`, `actions.${i}.id`);
    ids.add(id);
    return { id, text: a.text, owner: a.owner, dueAt: a.dueAt ?? null, done: a.done ?? false };
  });
  return inTransaction(db, async (tx) => {
    const c = await loadCase(tx, scope, caseId);
    if (c.version !== version)
      throw new ConflictError(
        `case #${c.number} was changed by someone else (version ${c.version}, you sent ${version}); reload it and save the review again`,
        c.version,
      );
    const at = now.toISOString();
    const before = reviewOf(
      (await tx.selectFrom('cases').select('review').where('id', '=', c.id).executeTakeFirstOrThrow()).review,
    );
    const review: CaseReview = {
      rootCause: input.rootCause,
      wentWell: input.wentWell,
      wentBadly: input.wentBadly,
      actions,
      updatedAt: at,
      updatedBy: actorName(by.actor),
    };
    await tx
      .updateTable('cases')
      .set({ review: JSON.stringify(review) })
      .where('id', '=', c.id)
      .execute();
    const open = actions.filter((a) => !a.done).length;
    await recordChange(
      tx,
      c,
      {
        audit: 'review.update',
        timeline: {
          action: 'review.update',
          title: `Post-incident review ${before ? 'updated' : 'written'} (${actions.length} follow-up action(s), ${open} open)`,
        },
        before,
        after: review,
        version: true,
      },
      by,
      at,
    );
    return { result: review, case: await loadCase(tx, scope, c.id) };
  });
}
