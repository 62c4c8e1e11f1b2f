/**
 * Signing in and out, and changing one's own password.
 *
 * Login answers the same way, after the same argon2 work, whether the user name is unknown, the
 * password wrong, the account locked or disabled: response and timing tell an attacker nothing
 * about which accounts exist. The audit trail records the real reason. Attempts are rate-limited
 * per client address and per user name, and `lockoutFailures` consecutive failures lock the
 * account for `lockoutMinutes`.
 */
import { UnauthorizedError, VigilError } from '../core/errors.ts';
import {
  type AuditActor,
  appendAudit,
  deleteUserSessions,
  getUserById,
  getUserByUsername,
  incrementFailedLogins,
  type StateDb,
  type UserRecord,
  updateUser,
} from '../store/state/index.ts';
import { actorOf, type ClientInfo, clientFields } from './client.ts';
import type { LoginLimiter } from './login-limiter.ts';
import {
  checkPasswordPolicy,
  hashPassword,
  type PasswordPolicy,
  verifyDummy,
  verifyPassword,
} from './passwords.ts';
import type { Principal } from './principal.ts';
import { userPrincipal } from './principal-of.ts';
import {
  createSession,
  endSession,
  hashSessionId,
  type NewSession,
  purgeStaleSessions,
  type SessionPolicy,
} from './sessions.ts';

export interface LoginPolicy extends PasswordPolicy, SessionPolicy {
  lockoutFailures: number;
  lockoutMinutes: number;
}

export interface LoginInput {
  username: string;
  password: string;
  client: ClientInfo;
  /** The session the browser still holds, if any: ended, and replaced by a new one (rotation). */
  previousSessionId?: string | undefined;
}

export interface LoginResult {
  session: NewSession;
  principal: Principal;
  user: UserRecord;
}

const looksLikeUsername = (s: string) => /^[a-z0-9][a-z0-9._@-]{0,63}$/.test(s);

export async function login(
  db: StateDb,
  limiter: LoginLimiter,
  policy: LoginPolicy,
  input: LoginInput,
  now = Date.now(),
): Promise<LoginResult> {
  const username = input.username.normalize('NFKC').trim().toLowerCase().slice(0, 128);
  const wait = limiter.take(input.client.ip ?? 'unknown', username, now);
  if (wait > 0)
    throw new VigilError('rate_limited', `too many sign-in attempts; try again in ${wait} s`, {
      retryAfter: wait,
    });
  const refused = new UnauthorizedError(
    `invalid user name or password (after ${policy.lockoutFailures} failed attempts an account is locked for ${policy.lockoutMinutes} minutes)`,
  );
  const user = looksLikeUsername(username) ? await getUserByUsername(db, username) : undefined;
  const fail = async (reason: string, actor: AuditActor) => {
    await appendAudit(db, {
      tenant: user?.tenants[0] ?? null,
      actor,
      action: 'auth.login',
      target: user ? { type: 'user', id: user.id } : null,
      outcome: 'failure',
      ...clientFields(input.client),
      details: { reason },
    });
    return refused;
  };

  if (user?.kind !== 'user' || !user.passwordHash) {
    await verifyDummy(input.password);
    throw await fail(user ? 'not a person (service account)' : 'unknown user', {
      kind: 'anonymous',
      id: null,
      name: looksLikeUsername(username) ? username : null,
    });
  }
  const actor: AuditActor = { kind: 'user', id: user.id, name: user.username };
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (user.lockedUntil && Date.parse(user.lockedUntil) > now) throw await fail('account locked', actor);
  if (user.disabled) throw await fail('account disabled', actor);
  if (!ok) {
    const at = new Date(now).toISOString();
    const failures = await incrementFailedLogins(db, user.id, at);
    if (failures >= policy.lockoutFailures) {
      const until = new Date(now + policy.lockoutMinutes * 60_000).toISOString();
      await db.transaction().execute(async (tx) => {
        await updateUser(tx, user.id, { failedCount: 0, lockedUntil: until }, at);
        await appendAudit(tx, {
          tenant: user.tenants[0] ?? null,
          actor,
          action: 'auth.lockout',
          target: { type: 'user', id: user.id },
          outcome: 'denied',
          ...clientFields(input.client),
          details: { failures, lockedUntil: until },
        });
      });
    }
    throw await fail('wrong password', actor);
  }

  if (input.previousSessionId) await endSession(db, input.previousSessionId);
  await purgeStaleSessions(db, policy, now);
  const session = await createSession(db, user.id, input.client, policy, now);
  const at = new Date(now).toISOString();
  await db.transaction().execute(async (tx) => {
    await updateUser(tx, user.id, { failedCount: 0, lockedUntil: null, lastLoginAt: at }, at);
    await appendAudit(tx, {
      tenant: user.tenants[0] ?? null,
      actor,
      action: 'auth.login',
      target: { type: 'user', id: user.id },
      outcome: 'success',
      ...clientFields(input.client),
      details: { mustChangePassword: user.mustChangePassword },
    });
  });
  const fresh = (await getUserById(db, user.id)) as UserRecord;
  return { session, principal: userPrincipal(fresh), user: fresh };
}

/** Ends the session (logout) and records it. */
export async function logout(
  db: StateDb,
  principal: Principal,
  sessionId: string,
  client: ClientInfo,
): Promise<void> {
  const ended = await endSession(db, sessionId);
  await appendAudit(db, {
    tenant: principal.tenants[0] ?? null,
    actor: actorOf(principal),
    action: 'auth.logout',
    target: { type: 'user', id: principal.id },
    outcome: ended ? 'success' : 'failure',
    ...clientFields(client),
  });
}

/**
 * Changes the signed-in user's own password: the current one is required, the new one must pass
 * the policy and differ. Every other session of the user ends; `sessionId` (the one in use) stays.
 */
export async function changeOwnPassword(
  db: StateDb,
  principal: Principal,
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
  policy: PasswordPolicy,
  client: ClientInfo,
): Promise<void> {
  const user = principal.kind === 'user' ? await getUserById(db, principal.id) : undefined;
  if (!user?.passwordHash) throw new UnauthorizedError('sign in to the console to change your password');
  const record = (on: StateDb, outcome: 'success' | 'failure', reason?: string) =>
    appendAudit(on, {
      tenant: user.tenants[0] ?? null,
      actor: actorOf(principal),
      action: 'auth.password_change',
      target: { type: 'user', id: user.id },
      outcome,
      ...clientFields(client),
      ...(reason ? { details: { reason } } : {}),
    });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await record(db, 'failure', 'wrong current password');
    throw new VigilError('forbidden', 'the current password is wrong', { location: 'currentPassword' });
  }
  checkPasswordPolicy(input.newPassword, user.username, policy);
  if (input.newPassword.normalize('NFKC') === input.currentPassword.normalize('NFKC'))
    throw new VigilError('bad_request', 'the new password must differ from the current one', {
      location: 'newPassword',
    });
  const hash = await hashPassword(input.newPassword);
  const at = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    await updateUser(
      tx,
      user.id,
      { passwordHash: hash, mustChangePassword: false, passwordChangedAt: at },
      at,
    );
    await deleteUserSessions(tx, user.id, hashSessionId(sessionId));
    await record(tx, 'success');
  });
}
