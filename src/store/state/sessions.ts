/** Console sessions, stored by the SHA-256 of their id (the id itself lives only in the cookie). */
import type { StateDb } from './open.ts';
import type { SessionTable } from './schema.ts';

export type SessionRow = SessionTable;

export async function insertSession(db: StateDb, s: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(s).execute();
}

export async function getSessionByHash(db: StateDb, idHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
}

export async function touchSession(db: StateDb, idHash: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: StateDb, idHash: string): Promise<boolean> {
  const r = await db.deleteFrom('sessions').where('id_hash', '=', idHash).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Ends every session of a user (password change, reset, disable), except `keep` when given. */
export async function deleteUserSessions(db: StateDb, userId: string, keep?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) q = q.where('id_hash', '!=', keep);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Removes sessions past their absolute end or idle since before `idleBefore`. */
export async function deleteStaleSessions(db: StateDb, now: string, idleBefore: string): Promise<number> {
  const r = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
