/**
 * Who a verified provider account becomes in Vigil (real SQLite): the account made at first
 * sign-in, the grant set again at every sign-in, names never taken over, refusals audited.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../core/errors.ts';
import { externalIdentitiesOf, getUserByUsername, listUsers, type StateDb } from '../../store/state/index.ts';
import { scopeOf } from '../../store/tenancy.ts';
import { NO_CLIENT } from '../client.ts';
import { makeUser, POLICY, tempStateDb } from '../identity.fixture.ts';
import { createSession, resolveSession } from '../sessions.ts';
import { auditEntries } from './audit.fixture.ts';
import { provisionUser, usernameFromClaim } from './provision.ts';

const ISSUER = 'https://idp.example.org';
const settings = {
  groupsClaim: 'groups',
  usernameClaim: 'preferred_username',
  roleMap: new Map([
    ['soc', ['analyst'] as const],
    ['leads', ['admin'] as const],
  ]),
  tenantMap: new Map([['acme-soc', ['acme']]]),
  defaultRole: null,
  defaultTenants: ['default'],
};
const who = (subject: string, claims: Record<string, unknown>) => ({
  issuer: ISSUER,
  subject,
  claims: { sub: subject, iss: ISSUER, ...claims },
});

let db: StateDb;
beforeEach(async () => {
  db = await tempStateDb();
});

describe('first sign-in', () => {
  it('makes a user without a password, linked to the issuer and subject, with the mapped grant', async () => {
    const u = await provisionUser(
      db,
      settings,
      who('00u1', { preferred_username: 'Ana.Lopez', name: 'Ana López', groups: ['soc', 'acme-soc'] }),
      NO_CLIENT,
    );
    expect(u).toMatchObject({
      kind: 'user',
      username: 'ana.lopez',
      displayName: 'Ana López',
      passwordHash: null,
      mustChangePassword: false,
      roles: ['analyst'],
      tenants: ['acme'],
    });
    expect(u.lastLoginAt).not.toBeNull();
    expect(await externalIdentitiesOf(db, u.id)).toEqual([
      expect.objectContaining({ issuer: ISSUER, subject: '00u1' }),
    ]);
    const trail = await auditEntries(db);
    expect(trail.map((a) => [a.action, a.outcome])).toEqual([
      ['user.create', 'success'],
      ['auth.oidc.login', 'success'],
    ]);
  });

  it('never takes over an existing account of the same name: the new one gets a suffix', async () => {
    const local = await makeUser(db, 'dee', { tenants: ['acme'] });
    const u = await provisionUser(
      db,
      settings,
      who('00u2', { preferred_username: 'dee', groups: ['soc'] }),
      NO_CLIENT,
    );
    expect(u.id).not.toBe(local.id);
    expect(u.username).toMatch(/^dee-[0-9a-f]{8}$/);
    expect((await getUserByUsername(db, 'dee'))?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await externalIdentitiesOf(db, local.id)).toEqual([]);
  });

  it('falls back to the email, then the subject, for the user name', async () => {
    const a = await provisionUser(
      db,
      settings,
      who('00u3', { email: 'Bo@Example.org', groups: ['soc'] }),
      NO_CLIENT,
    );
    expect(a.username).toBe('bo@example.org');
    const b = await provisionUser(db, settings, who('auth0|64f1', { groups: ['soc'] }), NO_CLIENT);
    expect(b.username).toBe('auth0-64f1');
    expect(usernameFromClaim('  --José Müller ')).toBe('jose-muller');
    expect(usernameFromClaim('李')).toBe('');
  });
});

describe('later sign-ins', () => {
  it('sets roles and tenants from the groups again, recording before and after only when they change', async () => {
    const first = await provisionUser(
      db,
      settings,
      who('s1', { preferred_username: 'cy', groups: ['soc', 'leads'] }),
      NO_CLIENT,
    );
    expect(first.roles).toEqual(['analyst', 'admin']);
    const same = await provisionUser(
      db,
      settings,
      who('s1', { preferred_username: 'cy', groups: ['leads', 'soc'] }),
      NO_CLIENT,
    );
    expect(same.id).toBe(first.id);
    expect((await auditEntries(db, 'auth.oidc.login')).at(-1)?.before).toBeNull();
    const fewer = await provisionUser(
      db,
      settings,
      who('s1', { preferred_username: 'cy', groups: ['soc'] }),
      NO_CLIENT,
    );
    expect(fewer.roles).toEqual(['analyst']);
    expect((await auditEntries(db, 'auth.oidc.login')).at(-1)).toMatchObject({
      before: { roles: ['analyst', 'admin'] },
      after: { roles: ['analyst'] },
    });
    expect(await listUsers(db, scopeOf(['default']))).toHaveLength(1);
  });

  it('keeps the user name when the provider renames the account (the link is issuer + subject)', async () => {
    const first = await provisionUser(
      db,
      settings,
      who('s2', { preferred_username: 'old', groups: ['soc'] }),
      NO_CLIENT,
    );
    const again = await provisionUser(
      db,
      settings,
      who('s2', { preferred_username: 'new', groups: ['soc'] }),
      NO_CLIENT,
    );
    expect(again).toMatchObject({ id: first.id, username: 'old' });
  });

  it('withdraws roles and ends sessions when the groups grant nothing any more; the refusal is audited', async () => {
    const u = await provisionUser(
      db,
      settings,
      who('s3', { preferred_username: 'dan', groups: ['soc'] }),
      NO_CLIENT,
    );
    const session = await createSession(db, u.id, NO_CLIENT, POLICY);
    const refused = provisionUser(
      db,
      settings,
      who('s3', { preferred_username: 'dan', groups: ['sales'] }),
      NO_CLIENT,
    );
    await expect(refused).rejects.toThrow(ForbiddenError);
    await expect(resolveSession(db, session.id, POLICY)).rejects.toThrow(/sign in again/);
    expect((await getUserByUsername(db, 'dan'))?.roles).toEqual([]);
    expect((await auditEntries(db, 'auth.oidc.login')).at(-1)).toMatchObject({
      outcome: 'denied',
      actor: { kind: 'user', name: 'dan' },
      details: { reason: 'no group maps to a role', groups: ['sales'] },
    });
  });

  it('does not make an account for a first sign-in that is refused', async () => {
    await expect(
      provisionUser(db, settings, who('s4', { preferred_username: 'eve', groups: [] }), NO_CLIENT),
    ).rejects.toThrow(/none of your groups/);
    expect(await getUserByUsername(db, 'eve')).toBeUndefined();
    expect((await auditEntries(db, 'auth.oidc.login')).at(-1)).toMatchObject({
      outcome: 'denied',
      actor: { kind: 'anonymous', name: 'eve' },
    });
  });
});
