/**
 * Authentication of a request: a presented token (API key or ingest token) wins; otherwise a
 * session cookie, where the route allows sessions. One entry point, so every route is checked the
 * same way; `authorize` (principal.ts) then decides what the principal may do.
 */
import { UnauthorizedError } from '../core/errors.ts';
import type { StateDb } from '../store/state/index.ts';
import type { Principal } from './principal.ts';
import { userPrincipal } from './principal-of.ts';
import { resolveSession, type SessionPolicy } from './sessions.ts';
import { authenticateToken, type CredentialKind } from './tokens.ts';

export interface PresentedCredentials {
  /** From `Authorization` (or `?token=` on ingest routes). */
  token?: string | undefined;
  /** The session cookie's value. */
  sessionId?: string | undefined;
}

export interface Authenticated {
  principal: Principal;
  /** `session`: cookie-authenticated, so unsafe methods need the CSRF token. */
  via: 'token' | 'session';
  /** The session id when `via` is `session` (to derive the CSRF token, to log out). */
  sessionId: string | null;
}

export interface AuthenticateOptions {
  /** Token kinds the route accepts. */
  accept: readonly CredentialKind[];
  /** Whether a session cookie may authenticate (not on ingest routes). */
  sessions: boolean;
  session: SessionPolicy;
  now?: number;
}

export async function authenticate(
  db: StateDb,
  presented: PresentedCredentials,
  opts: AuthenticateOptions,
): Promise<Authenticated> {
  const now = opts.now ?? Date.now();
  if (presented.token !== undefined) {
    return {
      principal: await authenticateToken(db, presented.token, opts.accept, now),
      via: 'token',
      sessionId: null,
    };
  }
  if (opts.sessions && presented.sessionId !== undefined) {
    const { user } = await resolveSession(db, presented.sessionId, opts.session, now);
    return { principal: userPrincipal(user), via: 'session', sessionId: presented.sessionId };
  }
  throw new UnauthorizedError(
    opts.sessions
      ? 'sign in (POST /api/v1/auth/login) or present an API key (Authorization: Bearer vgk_…)'
      : 'missing token: send Authorization: Bearer|Splunk <token>',
  );
}
