import { beforeAll, describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../core/errors.ts';
import { getSessionByHash, type StateDb } from '../store/state/index.ts';
import { makeUser, POLICY, tempStateDb } from './identity.fixture.ts';
import {
  createSession,
  csrfTokenFor,
  csrfTokenMatches,
  endSession,
  hashSessionId,
  purgeStaleSessions,
  resolveSession,
  SESSION_ID_RE,
} from './sessions.ts';
import { LOCAL_MANAGER, resetPassword, updateAccount } from './users.ts';

const client = { ip: '192.0.2.1', userAgent: 'ua' };
let db: StateDb;
let aliceId: string;
beforeAll(async () => {
  db = await tempStateDb();
  aliceId = (await makeUser(db, 'alice')).id;
});

describe('sessions', () => {
  it('are 256-bit random ids, stored only as their SHA-256', async () => {
    const s = await createSession(db, aliceId, client, POLICY);
    expect(s.id).toMatch(SESSION_ID_RE);
    expect(Buffer.from(s.id, 'base64url')).toHaveLength(32);
    expect(await getSessionByHash(db, hashSessionId(s.id))).toMatchObject({
      user_id: aliceId,
      ip: '192.0.2.1',
    });
    const rows = await db.selectFrom('sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(s.id);
  });

  it('end after the idle timeout, and activity keeps them alive', async () => {
    const t = Date.now();
    const s = await createSession(db, aliceId, client, POLICY, t);
    const idle = POLICY.idleMinutes * 60_000;
    await resolveSession(db, s.id, POLICY, t + idle - 1000);
    await resolveSession(db, s.id, POLICY, t + 2 * idle - 2000);
    await expect(resolveSession(db, s.id, POLICY, t + 3 * idle)).rejects.toThrow(/expired/);
    await expect(resolveSession(db, s.id, POLICY, t)).rejects.toThrow(/invalid session/);
  });

  it('end at their absolute lifetime, however active', async () => {
    const t = Date.now();
    const s = await createSession(db, aliceId, client, POLICY, t);
    const step = (POLICY.idleMinutes / 2) * 60_000;
    let now = t;
    while (now + step < t + POLICY.maxHours * 3_600_000) {
      now += step;
      await resolveSession(db, s.id, POLICY, now);
    }
    await expect(resolveSession(db, s.id, POLICY, t + POLICY.maxHours * 3_600_000)).rejects.toThrow(
      /expired/,
    );
  });

  it('refuse malformed and unknown ids without a match', async () => {
    for (const id of ['', 'x', 'a'.repeat(43), `${'A'.repeat(42)}=`, '../../etc/passwd', 'a'.repeat(10_000)])
      await expect(resolveSession(db, id, POLICY)).rejects.toThrow(UnauthorizedError);
  });

  it('end when the user is disabled or their password is reset', async () => {
    const bob = await makeUser(db, 'bob');
    const s1 = await createSession(db, bob.id, client, POLICY);
    await updateAccount(db, LOCAL_MANAGER, bob.id, { disabled: true });
    await expect(resolveSession(db, s1.id, POLICY)).rejects.toThrow(UnauthorizedError);
    await updateAccount(db, LOCAL_MANAGER, bob.id, { disabled: false });
    const s2 = await createSession(db, bob.id, client, POLICY);
    await resetPassword(db, LOCAL_MANAGER, bob.id, undefined, POLICY);
    await expect(resolveSession(db, s2.id, POLICY)).rejects.toThrow(UnauthorizedError);
  });

  it('end on logout, once', async () => {
    const s = await createSession(db, aliceId, client, POLICY);
    expect(await endSession(db, s.id)).toBe(true);
    expect(await endSession(db, s.id)).toBe(false);
    expect(await endSession(db, 'garbage')).toBe(false);
  });

  it('are purged from the table once stale', async () => {
    const t = Date.now() - 48 * 3_600_000;
    const old = await createSession(db, aliceId, client, POLICY, t);
    const fresh = await createSession(db, aliceId, client, POLICY);
    expect(await purgeStaleSessions(db, POLICY)).toBeGreaterThanOrEqual(1);
    expect(await getSessionByHash(db, hashSessionId(old.id))).toBeUndefined();
    expect(await getSessionByHash(db, hashSessionId(fresh.id))).toBeDefined();
  });
});

describe('CSRF tokens', () => {
  it('are derived from the session, differ per session, and match only exactly', async () => {
    const a = await createSession(db, aliceId, client, POLICY);
    const b = await createSession(db, aliceId, client, POLICY);
    expect(a.csrfToken).toBe(csrfTokenFor(a.id));
    expect(a.csrfToken).not.toBe(b.csrfToken);
    expect(a.csrfToken).not.toContain(a.id);
    expect(csrfTokenMatches(a.id, a.csrfToken)).toBe(true);
    expect(csrfTokenMatches(a.id, b.csrfToken)).toBe(false);
    expect(csrfTokenMatches(a.id, a.csrfToken.slice(0, -1))).toBe(false);
    expect(csrfTokenMatches(a.id, `${a.csrfToken}x`)).toBe(false);
    expect(csrfTokenMatches(a.id, undefined)).toBe(false);
    expect(csrfTokenMatches(a.id, '')).toBe(false);
  });
});
