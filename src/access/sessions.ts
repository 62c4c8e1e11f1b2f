/**
 * Console sessions. A session id is 32 random bytes (base64url), sent only in an HttpOnly cookie
 * and stored only as its SHA-256. A session ends at the first of: logout, its absolute lifetime,
 * an idle period, the user being disabled, or a password change or reset.
 *
 * CSRF: the console sends `X-CSRF-Token` with every state-changing request. The token is an HMAC
 * of the session id, so it needs no storage, differs per session, and cannot be turned back into
 * the session id by whoever reads it from the page.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../core/errors.ts';
import {
  deleteSession,
  deleteStaleSessions,
  getSessionByHash,
  getUserById,
  insertSession,
  type SessionRow,
  type StateDb,
  touchSession,
  type UserRecord,
} from '../store/state/index.ts';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

/** Exactly what `newSessionId` makes; anything else is refused before touching the database. */
export const SESSION_ID_RE = /^[A-Za-z0-9_-]{43}$/;

/** Seconds of activity between two writes of `last_seen_at` (the idle clock's resolution). */
const TOUCH_EVERY_MS = 30_000;

export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('hex');

export function csrfTokenFor(sessionId: string): string {
  return createHmac('sha256', sessionId).update('vigil csrf v1').digest('base64url');
}

/** Constant-time comparison of a presented CSRF token with the session's. */
export function csrfTokenMatches(sessionId: string, presented: string | undefined): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 256) return false;
  const a = createHash('sha256').update(csrfTokenFor(sessionId)).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}

export interface NewSession {
  /** The secret for the cookie; shown to nobody else, stored only hashed. */
  id: string;
  csrfToken: string;
  expiresAt: string;
}

export async function createSession(
  db: StateDb,
  userId: string,
  client: { ip: string | null; userAgent: string | null },
  policy: SessionPolicy,
  now = Date.now(),
): Promise<NewSession> {
  const id = randomBytes(32).toString('base64url');
  const at = new Date(now).toISOString();
  const expiresAt = new Date(now + policy.maxHours * 3_600_000).toISOString();
  await insertSession(db, {
    id_hash: hashSessionId(id),
    user_id: userId,
    created_at: at,
    last_seen_at: at,
    expires_at: expiresAt,
    ip: client.ip,
    user_agent: client.userAgent?.slice(0, 512) ?? null,
  });
  return { id, csrfToken: csrfTokenFor(id), expiresAt };
}

export interface ActiveSession {
  session: SessionRow;
  user: UserRecord;
}

/**
 * The session and its user for a cookie value. Throws UnauthorizedError when the id is malformed,
 * unknown, expired, idle too long, or its user is disabled or gone (and deletes such a session).
 */
export async function resolveSession(
  db: StateDb,
  sessionId: string,
  policy: SessionPolicy,
  now = Date.now(),
): Promise<ActiveSession> {
  if (!SESSION_ID_RE.test(sessionId)) throw new UnauthorizedError('invalid session; sign in again');
  const hash = hashSessionId(sessionId);
  const session = await getSessionByHash(db, hash);
  if (!session) throw new UnauthorizedError('invalid session; sign in again');
  const idleFor = now - Date.parse(session.last_seen_at);
  if (Date.parse(session.expires_at) <= now || idleFor >= policy.idleMinutes * 60_000) {
    await deleteSession(db, hash);
    throw new UnauthorizedError('your session has expired; sign in again');
  }
  const user = await getUserById(db, session.user_id);
  if (!user || user.disabled || user.kind !== 'user') {
    await deleteSession(db, hash);
    throw new UnauthorizedError('your account is disabled; ask an administrator');
  }
  if (idleFor >= TOUCH_EVERY_MS) await touchSession(db, hash, new Date(now).toISOString());
  return { session, user };
}

/** Ends a session (logout, rotation). True when there was one. */
export async function endSession(db: StateDb, sessionId: string): Promise<boolean> {
  if (!SESSION_ID_RE.test(sessionId)) return false;
  return deleteSession(db, hashSessionId(sessionId));
}

/** Deletes sessions past their end or idle too long (called on each login). */
export async function purgeStaleSessions(
  db: StateDb,
  policy: SessionPolicy,
  now = Date.now(),
): Promise<number> {
  return deleteStaleSessions(
    db,
    new Date(now).toISOString(),
    new Date(now - policy.idleMinutes * 60_000).toISOString(),
  );
}
