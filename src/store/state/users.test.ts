import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { openStateDb, type StateDb } from './open.ts';
import { deleteUserSessions, getSessionByHash, insertSession } from './sessions.ts';
import {
  countUsers,
  getUserById,
  getUserByUsername,
  incrementFailedLogins,
  insertUser,
  listUsers,
  type NewUser,
  updateUser,
} from './users.ts';

let db: StateDb;
beforeAll(async () => {
  db = await openStateDb({ path: join(mkdtempSync(join(tmpdir(), 'vigil-users-')), 'state.db') });
});

const user = (id: string, tenants: string[], kind: NewUser['kind'] = 'user'): NewUser => ({
  id,
  kind,
  username: id,
  displayName: id.toUpperCase(),
  passwordHash: kind === 'user' ? '$argon2id$fake' : null,
  roles: ['viewer'],
  tenants,
  mustChangePassword: false,
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('users store', () => {
  it('keeps tenants as grants, lists by any shared tenant, and replaces grants as a whole', async () => {
    await insertUser(db, user('u-acme', ['acme']));
    await insertUser(db, user('u-both', ['globex', 'acme']));
    await insertUser(db, user('s-globex', ['globex'], 'service'));
    expect((await getUserById(db, 'u-both'))?.tenants).toEqual(['acme', 'globex']);
    expect((await listUsers(db, scopeOf(['acme']))).map((u) => u.id)).toEqual(['u-acme', 'u-both']);
    expect((await listUsers(db, scopeOf(['globex']), 'service')).map((u) => u.id)).toEqual(['s-globex']);
    expect(await listUsers(db, scopeOf([]))).toEqual([]);
    expect(await listUsers(db, scopeOf(['nobody']))).toEqual([]);
    await updateUser(db, 'u-both', { tenants: ['initech'] }, '2026-01-02T00:00:00.000Z');
    expect((await listUsers(db, scopeOf(['acme']))).map((u) => u.id)).toEqual(['u-acme']);
    expect(await countUsers(db, 'service')).toBe(1);
  });

  it('maps flags and counts failures atomically', async () => {
    await insertUser(db, user('u-fail', ['acme']));
    const counts = await Promise.all(
      Array.from({ length: 10 }, () => incrementFailedLogins(db, 'u-fail', 'now')),
    );
    expect(counts.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await updateUser(db, 'u-fail', { disabled: true, mustChangePassword: true, lockedUntil: 'later' }, 'now');
    expect(await getUserByUsername(db, 'u-fail')).toMatchObject({
      disabled: true,
      mustChangePassword: true,
      lockedUntil: 'later',
      failedCount: 10,
    });
    expect(await updateUser(db, 'missing', { disabled: true }, 'now')).toBe(false);
  });

  it('deletes sessions of a user, except the one kept', async () => {
    await insertUser(db, user('u-sess', ['acme']));
    const s = (h: string) => ({
      id_hash: h,
      user_id: 'u-sess',
      created_at: 'a',
      last_seen_at: 'a',
      expires_at: 'z',
      ip: null,
      user_agent: null,
    });
    await insertSession(db, s('h1'));
    await insertSession(db, s('h2'));
    expect(await deleteUserSessions(db, 'u-sess', 'h2')).toBe(1);
    expect(await getSessionByHash(db, 'h1')).toBeUndefined();
    expect(await getSessionByHash(db, 'h2')).toBeDefined();
  });
});
