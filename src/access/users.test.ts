import { beforeEach, describe, expect, it } from 'vitest';
import { BadRequestError, ForbiddenError, NotFoundError, type VigilError } from '../core/errors.ts';
import { getUserByUsername, type StateDb } from '../store/state/index.ts';
import { scopeOf } from '../store/tenancy.ts';
import { auditTrail, makeUser, POLICY, roomyLimiter, tempStateDb } from './identity.fixture.ts';
import { login } from './login.ts';
import { verifyPassword } from './passwords.ts';
import type { Principal } from './principal.ts';
import { userPrincipal } from './principal-of.ts';
import {
  createServiceAccount,
  createUser,
  LOCAL_MANAGER,
  listAccounts,
  type Manager,
  managerOf,
  normalizeUsername,
  resetPassword,
  updateAccount,
} from './users.ts';

const client = { ip: '192.0.2.5', userAgent: null };
let db: StateDb;
beforeEach(async () => {
  db = await tempStateDb();
});

async function adminOf(
  tenants: string[],
  name = 'root',
): Promise<{ manager: Manager; principal: Principal }> {
  await makeUser(db, name, { roles: ['admin'], tenants });
  const principal = userPrincipal((await getUserByUsername(db, name))!);
  return { manager: managerOf(principal, client), principal };
}

describe('creating users', () => {
  it('without a password: a one-time password, shown once, that must be changed at first sign-in', async () => {
    const { manager } = await adminOf(['acme']);
    const r = await createUser(
      db,
      manager,
      { username: 'Carol', roles: ['viewer'], tenants: ['acme'] },
      POLICY,
    );
    expect(r.user).toMatchObject({
      username: 'carol',
      displayName: 'carol',
      roles: ['viewer'],
      mustChangePassword: true,
    });
    expect(r.oneTimePassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const stored = await getUserByUsername(db, 'carol');
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored!.passwordHash!, r.oneTimePassword!)).toBe(true);
    const signedIn = await login(db, roomyLimiter(), POLICY, {
      username: 'carol',
      password: r.oneTimePassword!,
      client,
    });
    expect(signedIn.principal.mustChangePassword).toBe(true);
    const entry = (await auditTrail(db)).find(
      (a) => a.action === 'user.create' && a.target?.id === r.user.id,
    );
    expect(entry).toMatchObject({ actor: { kind: 'user', name: 'root' }, outcome: 'success' });
    expect(JSON.stringify(entry)).not.toContain(r.oneTimePassword);
  });

  it('with a chosen password: the policy applies', async () => {
    const input = { username: 'dave', roles: ['viewer'], tenants: ['acme'] };
    await expect(createUser(db, LOCAL_MANAGER, { ...input, password: 'dave' }, POLICY)).rejects.toThrow(
      BadRequestError,
    );
    await expect(
      createUser(db, LOCAL_MANAGER, { ...input, password: 'Password2024!' }, POLICY),
    ).rejects.toThrow(/too common/);
    expect(await getUserByUsername(db, 'dave')).toBeUndefined();
  });

  it('refuses duplicate and malformed user names, unknown roles and empty grants', async () => {
    await makeUser(db, 'erin');
    const base = { roles: ['viewer'], tenants: ['acme'] };
    const dup = await createUser(db, LOCAL_MANAGER, { ...base, username: 'ERIN' }, POLICY).catch(
      (e: unknown) => e,
    );
    expect((dup as VigilError).code).toBe('conflict');
    await expect(createUser(db, LOCAL_MANAGER, { ...base, username: 'has space' }, POLICY)).rejects.toThrow(
      /user names/,
    );
    await expect(
      createUser(db, LOCAL_MANAGER, { ...base, username: 'x', roles: ['root'] }, POLICY),
    ).rejects.toThrow(/unknown role/);
    await expect(
      createUser(db, LOCAL_MANAGER, { ...base, username: 'x', roles: [] }, POLICY),
    ).rejects.toThrow(/at least one role/);
    await expect(
      createUser(db, LOCAL_MANAGER, { ...base, username: 'x', tenants: [] }, POLICY),
    ).rejects.toThrow(/at least one tenant/);
    expect(normalizeUsername(' Ｆｒａｎｋ@Example.org ')).toBe('frank@example.org');
  });

  it('creates service accounts without a password, which cannot sign in', async () => {
    const svc = await createServiceAccount(db, LOCAL_MANAGER, {
      username: 'soar-bot',
      roles: ['responder'],
      tenants: ['acme'],
    });
    expect(svc).toMatchObject({ kind: 'service', mustChangePassword: false });
    expect((await getUserByUsername(db, 'soar-bot'))?.passwordHash).toBeNull();
    await expect(resetPassword(db, LOCAL_MANAGER, svc.id, undefined, POLICY)).rejects.toThrow(
      /service accounts have no password/,
    );
  });
});

describe('who may manage whom', () => {
  it('an admin grants only tenants it holds, and manages only accounts wholly within them', async () => {
    const { manager } = await adminOf(['acme']);
    const input = { username: 'gina', roles: ['viewer'] };
    await expect(createUser(db, manager, { ...input, tenants: ['globex'] }, POLICY)).rejects.toThrow(
      ForbiddenError,
    );
    const both = await makeUser(db, 'hank', { roles: ['admin'], tenants: ['acme', 'globex'] });
    await expect(resetPassword(db, manager, both.id, undefined, POLICY)).rejects.toThrow(
      /do not administer \(globex\)/,
    );
    await expect(updateAccount(db, manager, both.id, { disabled: true })).rejects.toThrow(ForbiddenError);
    const other = await makeUser(db, 'ivan', { tenants: ['globex'] });
    await expect(updateAccount(db, manager, other.id, { roles: ['admin'] })).rejects.toThrow(NotFoundError);
  });

  it('an admin of several tenants sees the users of each, and the CLI manages everyone', async () => {
    const { manager } = await adminOf(['acme', 'globex']);
    await makeUser(db, 'judy', { tenants: ['globex'] });
    await makeUser(db, 'kim', { tenants: ['initech'] });
    expect((await listAccounts(db, scopeOf(['acme', 'globex']))).map((u) => u.username)).toEqual([
      'judy',
      'root',
    ]);
    const kim = (await getUserByUsername(db, 'kim'))!;
    await expect(updateAccount(db, manager, kim.id, { disabled: true })).rejects.toThrow(NotFoundError);
    expect(
      (await updateAccount(db, LOCAL_MANAGER, kim.id, { tenants: ['initech', 'acme'] })).tenants,
    ).toEqual(['acme', 'initech']);
  });

  it('an admin cannot disable itself or drop its own admin role', async () => {
    const { manager, principal } = await adminOf(['acme']);
    await expect(updateAccount(db, manager, principal.id, { disabled: true })).rejects.toThrow(/your own/);
    await expect(updateAccount(db, manager, principal.id, { roles: ['viewer'] })).rejects.toThrow(/your own/);
    expect((await updateAccount(db, manager, principal.id, { displayName: 'The Root' })).displayName).toBe(
      'The Root',
    );
  });

  it('records before and after of a change, without secrets', async () => {
    const { manager } = await adminOf(['acme']);
    const liz = await makeUser(db, 'liz', { roles: ['viewer'] });
    await updateAccount(db, manager, liz.id, { roles: ['analyst', 'intel_analyst'] });
    const entry = (await auditTrail(db)).find((a) => a.action === 'user.update');
    expect(entry).toMatchObject({
      before: { roles: ['viewer'] },
      after: { roles: ['analyst', 'intel_analyst'] },
      target: { type: 'user', id: liz.id },
    });
    expect(JSON.stringify(entry)).not.toMatch(/argon2/);
  });
});
