/**
 * API keys of people and service accounts. A key belongs to its owner: its scopes must be
 * permissions the owner holds (or legacy scope names standing for them), it may expire, it can be
 * revoked, and it stops working when the owner is disabled. The secret is shown once.
 */
import { BadRequestError, ForbiddenError, NotFoundError } from '../core/errors.ts';
import {
  appendAudit,
  type Credential,
  getUserById,
  listOwnedCredentials,
  revokeOwnedCredential,
  type StateDb,
  type UserRecord,
} from '../store/state/index.ts';
import type { AuditBy } from './audit.ts';
import { clientFields } from './client.ts';
import { parseScopes } from './principal-of.ts';
import { isLegacyScope, isPermission, permissionsOf, permissionsOfScopes } from './roles.ts';
import { type CreatedToken, createApiKey } from './tokens.ts';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export function apiKeyView(c: Credential): ApiKeyView {
  return {
    id: c.id,
    name: c.name,
    prefix: c.prefix,
    scopes: parseScopes(c.scopes),
    createdAt: c.created_at,
    expiresAt: c.expires_at,
    revokedAt: c.revoked_at,
    lastUsedAt: c.last_used_at,
  };
}

export interface NewApiKey {
  name: string;
  scopes: readonly string[];
  /** ISO time; null or omitted for no expiry (unless `maxDays` sets one). */
  expiresAt?: string | null | undefined;
}

export interface ApiKeyRules {
  /** Longest lifetime in days; 0 = no limit. */
  apiKeyMaxDays: number;
}

export async function createOwnedApiKey(
  db: StateDb,
  ownerId: string,
  input: NewApiKey,
  rules: ApiKeyRules,
  by: AuditBy,
  now = Date.now(),
): Promise<CreatedToken & { key: ApiKeyView }> {
  const owner = await getUserById(db, ownerId);
  if (!owner) throw new NotFoundError(`no user or service account ${ownerId}`);
  if (owner.disabled)
    throw new ForbiddenError(`"${owner.username}" is disabled; enable it before making keys`);
  const scopes = checkScopes(owner, input.scopes);
  const expiresAt = checkExpiry(input.expiresAt ?? null, rules, now);
  const name = input.name.trim();
  if (!name || name.length > 128) throw new BadRequestError('a key needs a name of 1-128 characters', 'name');
  const created = await db.transaction().execute(async (tx) => {
    const t = await createApiKey(tx, {
      tenant: owner.tenants[0] ?? 'default',
      name,
      scopes,
      expiresAt,
      ownerId: owner.id,
    });
    await appendAudit(tx, {
      tenant: owner.tenants[0] ?? null,
      actor: by.actor,
      action: 'api_key.create',
      target: { type: 'api_key', id: t.id },
      outcome: 'success',
      ...clientFields(by.client),
      after: { owner: owner.username, name, scopes, expiresAt, prefix: t.prefix },
    });
    return t;
  });
  const key = (await listOwnedCredentials(db, owner.id)).find((c) => c.id === created.id) as Credential;
  return { ...created, key: apiKeyView(key) };
}

export async function listOwnedApiKeys(db: StateDb, ownerId: string): Promise<ApiKeyView[]> {
  return (await listOwnedCredentials(db, ownerId)).map(apiKeyView);
}

export async function revokeOwnedApiKey(
  db: StateDb,
  ownerId: string,
  keyId: string,
  by: AuditBy,
): Promise<void> {
  const owner = await getUserById(db, ownerId);
  const revoked = await db.transaction().execute(async (tx) => {
    const ok = await revokeOwnedCredential(tx, ownerId, keyId, new Date().toISOString());
    if (ok)
      await appendAudit(tx, {
        tenant: owner?.tenants[0] ?? null,
        actor: by.actor,
        action: 'api_key.revoke',
        target: { type: 'api_key', id: keyId },
        outcome: 'success',
        ...clientFields(by.client),
        details: { owner: owner?.username ?? ownerId },
      });
    return ok;
  });
  if (!revoked) throw new NotFoundError(`no active API key ${keyId}`);
}

function checkScopes(owner: UserRecord, scopes: readonly string[]): string[] {
  const unique = [...new Set(scopes)];
  if (unique.length === 0) throw new BadRequestError('give the key at least one scope', 'scopes');
  const unknown = unique.filter((s) => !isPermission(s) && !isLegacyScope(s));
  if (unknown.length > 0)
    throw new BadRequestError(
      `unknown scope(s) ${unknown.join(', ')}; scopes are permissions such as events:read (see docs/permissions.md)`,
      'scopes',
    );
  const held = new Set(permissionsOf(owner.roles));
  const beyond = permissionsOfScopes(unique).filter((p) => !held.has(p));
  if (beyond.length > 0)
    throw new ForbiddenError(
      `"${owner.username}" does not hold ${beyond.join(', ')}; a key cannot have more than its owner`,
    );
  return unique;
}

function checkExpiry(expiresAt: string | null, rules: ApiKeyRules, now: number): string | null {
  const max = rules.apiKeyMaxDays > 0 ? now + rules.apiKeyMaxDays * 86_400_000 : null;
  if (expiresAt === null) return max === null ? null : new Date(max).toISOString();
  const t = Date.parse(expiresAt);
  if (Number.isNaN(t)) throw new BadRequestError('expiresAt must be an ISO 8601 time', 'expiresAt');
  if (t <= now) throw new BadRequestError('expiresAt must be in the future', 'expiresAt');
  if (max !== null && t > max)
    throw new BadRequestError(`API keys live at most ${rules.apiKeyMaxDays} days here`, 'expiresAt');
  return new Date(t).toISOString();
}
