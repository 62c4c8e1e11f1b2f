/**
 * The Vigil user behind a verified provider account. First sign-in: a user is made (no local
 * password) and linked to the account's issuer + subject. Every sign-in: roles, tenants and the
 * display name are set again from the claims, so what the provider's groups say is what the user
 * holds. A disabled user stays refused; a user whose groups no longer grant anything loses its
 * roles and sessions. Every outcome is audited as `auth.oidc.login` (never with a token).
 */
import { createHash, randomUUID } from 'node:crypto';
import { ForbiddenError } from '../../core/errors.ts';
import {
  type AuditActor,
  type AuditOutcome,
  appendAudit,
  deleteUserSessions,
  ensureTenant,
  getExternalIdentity,
  getUserById,
  getUserByUsername,
  insertExternalIdentity,
  insertUser,
  type StateDb,
  type UserRecord,
  updateUser,
} from '../../store/state/index.ts';
import { type ClientInfo, clientFields } from '../client.ts';
import { claimAt, grantOf, groupsOf } from './mapping.ts';
import type { VerifiedIdentity } from './relying-party.ts';
import type { OidcSettings } from './settings.ts';

export type ProvisionSettings = Pick<
  OidcSettings,
  'groupsClaim' | 'usernameClaim' | 'roleMap' | 'tenantMap' | 'defaultRole' | 'defaultTenants'
>;

/** Who made the accounts of first sign-ins, in the audit trail. */
export const SSO_ACTOR: AuditActor = { kind: 'system', id: null, name: 'single sign-on' };

/** Most groups copied into one audit entry. */
const AUDIT_GROUPS = 50;

/** Appends one `auth.oidc.login` entry. */
export async function auditOidcLogin(
  on: StateDb,
  client: ClientInfo,
  e: {
    outcome: AuditOutcome;
    user?: UserRecord | undefined;
    claimedName?: string | null;
    details: Record<string, unknown>;
    before?: unknown;
    after?: unknown;
  },
): Promise<void> {
  await appendAudit(on, {
    tenant: e.user?.tenants[0] ?? null,
    actor: e.user
      ? { kind: 'user', id: e.user.id, name: e.user.username }
      : { kind: 'anonymous', id: null, name: e.claimedName ?? null },
    action: 'auth.oidc.login',
    target: e.user ? { type: 'user', id: e.user.id } : null,
    outcome: e.outcome,
    ...clientFields(client),
    ...(e.before !== undefined ? { before: e.before } : {}),
    ...(e.after !== undefined ? { after: e.after } : {}),
    details: e.details,
  });
}

/**
 * The signed-in user for `identity`, made or updated from its claims. Throws ForbiddenError
 * (audited) when the user is disabled or its groups grant no role or tenant.
 */
export async function provisionUser(
  db: StateDb,
  s: ProvisionSettings,
  identity: VerifiedIdentity,
  client: ClientInfo,
  now = Date.now(),
): Promise<UserRecord> {
  const { issuer, subject, claims } = identity;
  const groups = groupsOf(claims, s.groupsClaim);
  const grant = grantOf(groups, s);
  const displayName = displayNameOf(claims, s.usernameClaim);
  const at = new Date(now).toISOString();
  const base = { issuer, subject, groups: groups.slice(0, AUDIT_GROUPS) };

  // A refusal is returned, not thrown, so that its audit entry (and the withdrawn grant) commit.
  const result = await db.transaction().execute(async (tx): Promise<UserRecord | ForbiddenError> => {
    const link = await getExternalIdentity(tx, issuer, subject);
    const existing = link ? await getUserById(tx, link.userId) : undefined;
    const refuse = async (reason: string, message: string) => {
      await auditOidcLogin(tx, client, {
        outcome: 'denied',
        user: existing,
        claimedName: displayName,
        details: { ...base, reason },
      });
      return new ForbiddenError(message);
    };

    if (existing && (existing.disabled || existing.kind !== 'user'))
      return refuse('account disabled', 'your Vigil account is disabled; ask an administrator');
    if (!grant.ok) {
      if (existing) {
        // The provider no longer vouches for any access: nothing of the old grant may linger
        // (sessions end; API keys, bounded by their owner's roles, hold nothing).
        await updateUser(tx, existing.id, { roles: [] }, at);
        await deleteUserSessions(tx, existing.id);
      }
      return refuse(grant.reason, grant.detail);
    }

    for (const t of grant.tenants) await ensureTenant(tx, t, at);
    if (existing) {
      const before = { roles: existing.roles, tenants: existing.tenants };
      await updateUser(
        tx,
        existing.id,
        {
          roles: grant.roles,
          tenants: grant.tenants,
          displayName: displayName ?? existing.username,
          lastLoginAt: at,
          failedCount: 0,
        },
        at,
      );
      const user = (await getUserById(tx, existing.id)) as UserRecord;
      const after = { roles: user.roles, tenants: user.tenants };
      const changed = JSON.stringify(before) !== JSON.stringify(after);
      await auditOidcLogin(tx, client, {
        outcome: 'success',
        user,
        details: { ...base, created: false },
        ...(changed ? { before, after } : {}),
      });
      return user;
    }

    const username = await freeUsername(tx, claims, s.usernameClaim, issuer, subject);
    if (username === null)
      return refuse(
        'user name taken',
        'cannot make your Vigil account: its user name is taken by another account; ask an administrator',
      );
    const id = randomUUID();
    await insertUser(tx, {
      id,
      kind: 'user',
      username,
      displayName: displayName ?? username,
      passwordHash: null,
      roles: grant.roles,
      tenants: grant.tenants,
      mustChangePassword: false,
      createdAt: at,
    });
    await insertExternalIdentity(tx, { issuer, subject, userId: id, createdAt: at });
    await updateUser(tx, id, { lastLoginAt: at }, at);
    const user = (await getUserById(tx, id)) as UserRecord;
    await appendAudit(tx, {
      tenant: user.tenants[0] ?? null,
      actor: SSO_ACTOR,
      action: 'user.create',
      target: { type: 'user', id },
      outcome: 'success',
      ...clientFields(client),
      after: { username, kind: 'user', roles: user.roles, tenants: user.tenants, disabled: false, issuer },
    });
    await auditOidcLogin(tx, client, { outcome: 'success', user, details: { ...base, created: true } });
    return user;
  });
  if (result instanceof ForbiddenError) throw result;
  return result;
}

function displayNameOf(claims: Record<string, unknown>, usernameClaim: string): string | null {
  for (const v of [claims.name, claimAt(claims, usernameClaim), claims.email]) {
    if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 128);
  }
  return null;
}

/** A valid Vigil user name from a claim value, or '' when nothing usable is left. */
export function usernameFromClaim(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents off: José → jose
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._@-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
}

/**
 * The user name of an account made at first sign-in: from the username claim, else the email,
 * else the subject. An existing account is never taken over: a name already in use gets a suffix
 * derived from the provider account (`ana-3f9a0c12`); null when that is taken too.
 */
async function freeUsername(
  db: StateDb,
  claims: Record<string, unknown>,
  usernameClaim: string,
  issuer: string,
  subject: string,
): Promise<string | null> {
  const suffix = createHash('sha256').update(`${issuer}\u0000${subject}`).digest('hex').slice(0, 8);
  const wanted =
    [claimAt(claims, usernameClaim), claims.email, subject]
      .map((v) => (typeof v === 'string' ? usernameFromClaim(v) : ''))
      .find((u) => u.length > 0) ?? `sso-${suffix}`;
  for (const candidate of [wanted, `${wanted.slice(0, 55)}-${suffix}`]) {
    if (!(await getUserByUsername(db, candidate))) return candidate;
  }
  return null;
}
