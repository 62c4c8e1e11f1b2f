/**
 * Comments on alerts and cases: written once (no edits, no deletes), oldest first, each with its
 * audit entry (`comment.create`) in the same transaction. A comment belongs to its target's tenant;
 * the target must exist in the caller's scope.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { BadRequestError, NotFoundError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import { type AuditActor, appendAudit } from './audit.ts';
import type { StateDb } from './open.ts';
import type { CommentTable } from './schema.ts';
import type { StateDbOrTx } from './transaction.ts';

export type CommentTarget = 'alert' | 'case';

export interface Comment {
  id: string;
  tenant: string;
  targetType: CommentTarget;
  targetId: string;
  authorId: string | null;
  authorName: string;
  body: string;
  createdAt: string;
}

/** Longest comment body, in characters. */
export const MAX_COMMENT_CHARS = 20_000;

function commentFromRow(r: CommentTable): Comment {
  return {
    id: r.id,
    tenant: r.tenant,
    targetType: r.target_type,
    targetId: r.target_id,
    authorId: r.author_id,
    authorName: r.author_name,
    body: r.body,
    createdAt: r.created_at,
  };
}

/** The tenant of the alert or case `id` in the scope; NotFoundError when there is none. */
async function targetTenant(
  db: StateDbOrTx,
  scope: TenantScope,
  targetType: CommentTarget,
  id: string,
): Promise<string> {
  if (targetType !== 'alert' && targetType !== 'case')
    throw new BadRequestError('comments are on an alert or a case', 'targetType');
  const row =
    scope.length === 0
      ? undefined
      : await db
          .selectFrom(targetType === 'alert' ? 'alerts' : 'cases')
          .select('tenant')
          .where('id', '=', id)
          .where('tenant', 'in', [...scope])
          .executeTakeFirst();
  if (!row) throw new NotFoundError(`no ${targetType} ${id}`);
  return row.tenant;
}

/**
 * Adds a comment to an alert or a case of the scope. The body is kept as written (surrounding
 * blank space trimmed); empty or over MAX_COMMENT_CHARS is a BadRequestError.
 */
export async function addComment(
  db: StateDb,
  scope: TenantScope,
  input: { targetType: CommentTarget; targetId: string; body: string },
  author: { id: string | null; name: string },
  audit: { actor: AuditActor; ip: string | null; userAgent: string | null },
): Promise<Comment> {
  const body = input.body.trim();
  if (body === '') throw new BadRequestError('a comment needs some text', 'body');
  if (body.length > MAX_COMMENT_CHARS)
    throw new BadRequestError(
      `a comment is at most ${MAX_COMMENT_CHARS.toLocaleString('en')} characters (this one has ${body.length.toLocaleString('en')}); attach longer material as evidence`,
      'body',
    );
  return db.transaction().execute(async (tx) => {
    const tenant = await targetTenant(tx, scope, input.targetType, input.targetId);
    const row: CommentTable = {
      id: randomUUID(),
      tenant,
      target_type: input.targetType,
      target_id: input.targetId,
      author_id: author.id,
      author_name: author.name,
      body,
      created_at: new Date().toISOString(),
    };
    await tx.insertInto('comments').values(row).execute();
    await appendAudit(tx, {
      tenant,
      actor: audit.actor,
      ip: audit.ip,
      userAgent: audit.userAgent,
      action: 'comment.create',
      target: { type: input.targetType, id: input.targetId },
      outcome: 'success',
      after: { commentId: row.id, chars: body.length },
    });
    return commentFromRow(row);
  });
}

/** The comments on an alert or a case of the scope, oldest first; NotFoundError when it is not in scope. */
export async function listComments(
  db: StateDb,
  scope: TenantScope,
  targetType: CommentTarget,
  targetId: string,
): Promise<Comment[]> {
  const tenant = await targetTenant(db, scope, targetType, targetId);
  const rows = await db
    .selectFrom('comments')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .orderBy('created_at')
    // Two comments of the same millisecond stay in the order they were written.
    .orderBy(sql`rowid`)
    .execute();
  return rows.map(commentFromRow);
}
