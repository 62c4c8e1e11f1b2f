/**
 * The timeline of a case: automatic entries written with every change (`kind: auto`, see
 * `case-rows.ts`) and analysts' notes (`kind: note`), each note dated with when it happened in the
 * incident (`event_time`, which may be in the past) apart from when it was recorded.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { BadRequestError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import {
  actorName,
  auditChange,
  bumpCase,
  type CaseRecord,
  type ChangeAudit,
  inScope,
  loadCase,
} from './case-rows.ts';
import type { CaseTimelineTable } from './schema.ts';
import { inTransaction, type StateDbOrTx } from './transaction.ts';

export interface TimelineEntry {
  id: string;
  caseId: string;
  kind: 'auto' | 'note';
  action: string;
  title: string;
  body: string;
  eventTime: string;
  recordedAt: string;
  author: { id: string | null; name: string };
}

export interface NewNote {
  title?: string;
  body: string;
  /** When it happened (ISO 8601); default: now. */
  eventTime?: string;
}

export function timelineEntryOf(r: CaseTimelineTable): TimelineEntry {
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    action: r.action,
    title: r.title,
    body: r.body,
    eventTime: r.event_time,
    recordedAt: r.recorded_at,
    author: { id: r.author_id, name: r.author_name },
  };
}

/** The case's timeline in incident order (event time, then when recorded, then as written). */
export async function listTimeline(
  db: StateDbOrTx,
  scope: TenantScope,
  caseId: string,
): Promise<TimelineEntry[]> {
  const rows = await db
    .selectFrom('case_timeline')
    .selectAll()
    .where('case_id', '=', caseId)
    .where(inScope(scope))
    .orderBy('event_time')
    .orderBy('recorded_at')
    // Entries of one change share their times: insertion order (SQLite's rowid) keeps them as written.
    .orderBy(sql`rowid`)
    .execute();
  return rows.map(timelineEntryOf);
}

/** An analyst's note (allowed on closed cases too: findings keep coming after closure). */
export async function addNote(
  db: StateDbOrTx,
  scope: TenantScope,
  caseId: string,
  note: NewNote,
  by: ChangeAudit,
  now: Date,
): Promise<{ result: TimelineEntry; case: CaseRecord }> {
  const at = now.toISOString();
  let eventTime = at;
  if (note.eventTime !== undefined) {
    const t = Date.parse(note.eventTime);
    if (Number.isNaN(t))
      throw new BadRequestError(`eventTime "${note.eventTime}" is not an ISO 8601 time`, 'eventTime');
    if (t > now.getTime() + 5 * 60_000)
      throw new BadRequestError(
        'eventTime is in the future; a note records something that happened',
        'eventTime',
      );
    eventTime = new Date(t).toISOString();
  }
  if (note.body.trim() === '') throw new BadRequestError('a note needs a body', 'body');
  return inTransaction(db, async (tx) => {
    const c = await loadCase(tx, scope, caseId);
    const row: CaseTimelineTable = {
      id: randomUUID(),
      case_id: c.id,
      tenant: c.tenant,
      kind: 'note',
      action: 'note',
      title: (note.title ?? '').slice(0, 500),
      body: note.body,
      event_time: eventTime,
      recorded_at: at,
      author_id: by.actor.id,
      author_name: actorName(by.actor),
    };
    await tx.insertInto('case_timeline').values(row).execute();
    await bumpCase(tx, c.id, at);
    await auditChange(
      tx,
      c.tenant,
      by,
      'timeline.note',
      { type: 'case', id: c.id },
      {
        after: { noteId: row.id, title: row.title, eventTime },
      },
    );
    return { result: timelineEntryOf(row), case: await loadCase(tx, scope, c.id) };
  });
}

/** Moves a case's timeline to another case (a merge). */
export async function moveTimeline(tx: StateDbOrTx, fromCase: string, toCase: string): Promise<number> {
  const r = await tx
    .updateTable('case_timeline')
    .set({ case_id: toCase })
    .where('case_id', '=', fromCase)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
