import { beforeEach, describe, expect, it } from 'vitest';
import { UnauthorizedError, VigilError } from '../core/errors.ts';
import { getUserByUsername, type StateDb } from '../store/state/index.ts';
import { auditTrail, makeService, makeUser, POLICY, roomyLimiter, tempStateDb } from './identity.fixture.ts';
import { changeOwnPassword, login, logout } from './login.ts';
import { LoginLimiter } from './login-limiter.ts';
import { resolveSession } from './sessions.ts';
import { LOCAL_MANAGER, unlockUser } from './users.ts';

const client = { ip: '192.0.2.10', userAgent: 'test-agent/1.0' };
let db: StateDb;
beforeEach(async () => {
  db = await tempStateDb();
});

const attempt = (username: string, password: string, now?: number, limiter = roomyLimiter()) =>
  login(db, limiter, POLICY, { username, password, client }, now);

async function refusal(p: Promise<unknown>): Promise<VigilError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(VigilError);
  return e as VigilError;
}

describe('login', () => {
  it('signs in with the right password: a session for the user, the failure count cleared, an audit entry', async () => {
    const alice = await makeUser(db, 'alice', { roles: ['responder'] });
    const r = await attempt('  Alice ', 'alice-correct-horse');
    expect(r.principal).toMatchObject({
      kind: 'user',
      id: alice.id,
      name: 'alice',
      roles: ['responder'],
      tenants: ['acme'],
    });
    expect(r.principal.permissions).toContain('playbooks:run');
    expect((await resolveSession(db, r.session.id, POLICY)).user.id).toBe(alice.id);
    expect(r.user.lastLoginAt).not.toBeNull();
    const trail = await auditTrail(db);
    expect(trail.at(-1)).toMatchObject({
      action: 'auth.login',
      outcome: 'success',
      actor: { kind: 'user', id: alice.id, name: 'alice' },
      ip: '192.0.2.10',
      userAgent: 'test-agent/1.0',
    });
  });

  it('answers unknown users, wrong passwords and service accounts with the same message', async () => {
    await makeUser(db, 'alice');
    await makeService(db, 'ci-bot', ['viewer']);
    const messages = await Promise.all([
      refusal(attempt('nobody', 'alice-correct-horse')),
      refusal(attempt('alice', 'wrong-password-here')),
      refusal(attempt('ci-bot', 'anything-at-all')),
      refusal(attempt('', '')),
      refusal(attempt('a'.repeat(500), 'x')),
    ]);
    for (const e of messages) expect(e).toBeInstanceOf(UnauthorizedError);
    expect(new Set(messages.map((e) => e.message)).size).toBe(1);
    const failures = (await auditTrail(db)).filter((a) => a.action === 'auth.login');
    expect(failures.map((a) => (a.details as { reason: string }).reason)).toEqual(
      expect.arrayContaining(['unknown user', 'wrong password', 'not a person (service account)']),
    );
  });

  it('spends as long on an unknown user as on a wrong password (no account enumeration by timing)', async () => {
    await makeUser(db, 'alice');
    const time = async (u: string) => {
      const t0 = performance.now();
      await attempt(u, 'not-the-password').catch(() => {});
      return performance.now() - t0;
    };
    await time('warmup');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 2; i++) {
      known.push(await time('alice'));
      unknown.push(await time(`ghost${i}`));
    }
    // Both pay one argon2 verification; the unknown one may not be markedly cheaper.
    expect(Math.min(...unknown)).toBeGreaterThan(Math.min(...known) * 0.5);
  });

  it(`locks the account after ${POLICY.lockoutFailures} failures: then even the right password is refused, until the lock ends`, async () => {
    const alice = await makeUser(db, 'alice');
    const t = Date.now();
    for (let i = 0; i < POLICY.lockoutFailures; i++)
      await refusal(attempt('alice', `wrong-${i}-password`, t + i));
    const locked = await getUserByUsername(db, 'alice');
    expect(Date.parse(locked?.lockedUntil ?? '')).toBe(t + 2 + POLICY.lockoutMinutes * 60_000);
    const e = await refusal(attempt('alice', 'alice-correct-horse', t + 60_000));
    expect(e).toBeInstanceOf(UnauthorizedError);
    expect((await auditTrail(db)).map((a) => a.action)).toContain('auth.lockout');
    const later = t + POLICY.lockoutMinutes * 60_000 + 10;
    expect((await attempt('alice', 'alice-correct-horse', later)).principal.id).toBe(alice.id);
  });

  it('counts only consecutive failures: a success resets the count', async () => {
    await makeUser(db, 'alice');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < POLICY.lockoutFailures - 1; i++)
        await refusal(attempt('alice', 'wrong-password-x'));
      await attempt('alice', 'alice-correct-horse');
    }
    expect((await getUserByUsername(db, 'alice'))?.lockedUntil).toBeNull();
  });

  it('lets an admin unlock a locked account', async () => {
    const alice = await makeUser(db, 'alice');
    for (let i = 0; i < POLICY.lockoutFailures; i++) await refusal(attempt('alice', 'wrong-password-y'));
    await refusal(attempt('alice', 'alice-correct-horse'));
    expect((await unlockUser(db, LOCAL_MANAGER, alice.id)).locked).toBe(false);
    expect((await attempt('alice', 'alice-correct-horse')).principal.name).toBe('alice');
  });

  it('refuses a disabled account with the same message', async () => {
    await makeUser(db, 'alice');
    await db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'alice').execute();
    const e = await refusal(attempt('alice', 'alice-correct-horse'));
    expect(e.message).toMatch(/^invalid user name or password/);
  });

  it('rate-limits attempts per user name with 429 and Retry-After', async () => {
    await makeUser(db, 'alice');
    const limiter = new LoginLimiter({ perIpPerMinute: 100, perUserPerMinute: 2 });
    await attempt('alice', 'alice-correct-horse', undefined, limiter);
    await refusal(attempt('alice', 'wrong-password-z', undefined, limiter));
    const e = await refusal(attempt('alice', 'alice-correct-horse', undefined, limiter));
    expect(e.code).toBe('rate_limited');
    expect(e.status).toBe(429);
    expect(e.retryAfter).toBeGreaterThan(0);
  });

  it('ends the session the browser held when signing in again (rotation)', async () => {
    await makeUser(db, 'alice');
    const first = await attempt('alice', 'alice-correct-horse');
    const second = await login(db, roomyLimiter(), POLICY, {
      username: 'alice',
      password: 'alice-correct-horse',
      client,
      previousSessionId: first.session.id,
    });
    expect(second.session.id).not.toBe(first.session.id);
    await expect(resolveSession(db, first.session.id, POLICY)).rejects.toThrow(UnauthorizedError);
    await expect(resolveSession(db, second.session.id, POLICY)).resolves.toBeDefined();
  });

  it('logs out: the session is gone, and the audit trail says so', async () => {
    await makeUser(db, 'alice');
    const r = await attempt('alice', 'alice-correct-horse');
    await logout(db, r.principal, r.session.id, client);
    await expect(resolveSession(db, r.session.id, POLICY)).rejects.toThrow(/invalid session/);
    expect((await auditTrail(db)).at(-1)).toMatchObject({ action: 'auth.logout', outcome: 'success' });
  });

  it('never writes a password, hash or session id into the audit trail', async () => {
    await makeUser(db, 'alice');
    await refusal(attempt('alice', 'wrong-password-secret-1'));
    await refusal(attempt('ghost', 'ghost-password-secret-2'));
    const r = await attempt('alice', 'alice-correct-horse');
    await changeOwnPassword(
      db,
      r.principal,
      r.session.id,
      { currentPassword: 'alice-correct-horse', newPassword: 'brand-new-passphrase' },
      POLICY,
      client,
    );
    const text = JSON.stringify(await auditTrail(db));
    const hash = (await getUserByUsername(db, 'alice'))?.passwordHash as string;
    for (const secret of [
      'wrong-password-secret-1',
      'ghost-password-secret-2',
      'alice-correct-horse',
      'brand-new-passphrase',
      r.session.id,
      hash,
      hash.slice(-20),
    ])
      expect(text).not.toContain(secret);
  });
});

describe("changing one's own password", () => {
  it('needs the current password, applies the policy, clears the pending change, and ends other sessions', async () => {
    await makeUser(db, 'alice');
    const a = await attempt('alice', 'alice-correct-horse');
    const b = await attempt('alice', 'alice-correct-horse');
    const change = (currentPassword: string, newPassword: string) =>
      changeOwnPassword(db, a.principal, a.session.id, { currentPassword, newPassword }, POLICY, client);
    await expect(change('not-my-password', 'brand-new-passphrase')).rejects.toThrow(
      /current password is wrong/,
    );
    await expect(change('alice-correct-horse', 'short')).rejects.toThrow(/at least 12/);
    await expect(change('alice-correct-horse', 'alice-correct-horse')).rejects.toThrow(/must differ/);
    await change('alice-correct-horse', 'brand-new-passphrase');
    await expect(resolveSession(db, a.session.id, POLICY)).resolves.toBeDefined();
    await expect(resolveSession(db, b.session.id, POLICY)).rejects.toThrow(UnauthorizedError);
    await refusal(attempt('alice', 'alice-correct-horse'));
    expect((await attempt('alice', 'brand-new-passphrase')).principal.mustChangePassword).toBe(false);
  });
});
