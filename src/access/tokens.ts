/**
 * Ingest tokens and API keys: creation (the secret is shown once), and `authenticateToken`, the
 * one check of a presented token. Sessions are checked in `sessions.ts`; `authenticate.ts` picks
 * which of the two a request presents.
 *
 * Tokens are 32 random bytes (base64url) behind a readable prefix (`vgi_` ingest, `vgk_` API).
 * At rest only their SHA-256 is stored: with 256 bits of entropy a fast hash is safe, and it
 * makes lookup a single indexed query.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { UnauthorizedError } from '../core/errors.ts';
import {
  type Credential,
  ensureSource,
  ensureTenant,
  findCredentialByHash,
  getUserById,
  insertCredential,
  type StateDb,
  touchCredential,
} from '../store/state/index.ts';
import type { Principal } from './principal.ts';
import { apiKeyPrincipal, ingestPrincipal } from './principal-of.ts';

export type CredentialKind = Credential['kind'];

const PREFIX: Record<CredentialKind, string> = { ingest: 'vgi_', api: 'vgk_' };
/** The shape of every token Vigil makes; anything else is refused without a database lookup. */
const TOKEN_RE = /^vg[ik]_[A-Za-z0-9_-]{43}$/;
/** `last_used_at` is written at most this often per credential (not on every ingest request). */
const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface CreatedToken {
  id: string;
  token: string;
  prefix: string;
}

export async function createIngestToken(
  db: StateDb,
  opts: { tenant: string; source: string; name?: string; format?: string; expiresAt?: string | null },
): Promise<CreatedToken> {
  const now = new Date().toISOString();
  await ensureTenant(db, opts.tenant, now);
  await ensureSource(db, {
    id: randomUUID(),
    tenant: opts.tenant,
    name: opts.source,
    format: opts.format ?? 'auto',
    created_at: now,
  });
  return create(db, 'ingest', { ...opts, scopes: ['ingest'] });
}

/**
 * An API key. With `ownerId` it is bound to that user or service account (its permissions are
 * its scopes that the owner holds); `api-keys.ts` checks scopes against the owner for people.
 */
export async function createApiKey(
  db: StateDb,
  opts: {
    tenant: string;
    name: string;
    scopes: string[];
    expiresAt?: string | null;
    ownerId?: string | null;
  },
): Promise<CreatedToken> {
  await ensureTenant(db, opts.tenant, new Date().toISOString());
  return create(db, 'api', { ...opts, source: null });
}

async function create(
  db: StateDb,
  kind: CredentialKind,
  opts: {
    tenant: string;
    source: string | null;
    name?: string;
    scopes: string[];
    expiresAt?: string | null;
    ownerId?: string | null;
  },
): Promise<CreatedToken> {
  const token = PREFIX[kind] + randomBytes(32).toString('base64url');
  const id = randomUUID();
  const prefix = token.slice(0, 10);
  await insertCredential(db, {
    id,
    kind,
    tenant: opts.tenant,
    source: opts.source,
    name: opts.name ?? opts.source ?? kind,
    prefix,
    hash: hashToken(token),
    scopes: JSON.stringify(opts.scopes),
    created_at: new Date().toISOString(),
    expires_at: opts.expiresAt ?? null,
    owner_id: opts.ownerId ?? null,
  });
  return { id, token, prefix };
}

/**
 * Checks a presented secret. Throws `UnauthorizedError` for unknown, revoked or expired
 * credentials, for an API key whose owner is disabled or gone, and for a credential of the wrong
 * kind, with a message that never echoes the secret.
 */
export async function authenticateToken(
  db: StateDb,
  token: string | undefined,
  accept: readonly CredentialKind[],
  now = Date.now(),
): Promise<Principal> {
  if (!token || token.length > 256) throw new UnauthorizedError('missing or malformed token');
  if (!TOKEN_RE.test(token)) throw new UnauthorizedError('invalid token');
  const row = await findCredentialByHash(db, hashToken(token));
  if (!row) throw new UnauthorizedError('invalid token');
  if (row.revoked_at) throw new UnauthorizedError('token has been revoked');
  if (row.expires_at && Date.parse(row.expires_at) <= now) throw new UnauthorizedError('token has expired');
  if (!accept.includes(row.kind))
    throw new UnauthorizedError(
      `a${row.kind === 'api' ? 'n API key' : 'n ingest token'} is not accepted here`,
    );
  let principal: Principal;
  if (row.kind === 'ingest') principal = ingestPrincipal(row);
  else if (!row.owner_id) principal = apiKeyPrincipal(row, null);
  else {
    const owner = await getUserById(db, row.owner_id);
    if (!owner) throw new UnauthorizedError('the owner of this API key no longer exists');
    if (owner.disabled) throw new UnauthorizedError('the owner of this API key is disabled');
    principal = apiKeyPrincipal(row, owner);
  }
  if (!row.last_used_at || now - Date.parse(row.last_used_at) >= TOUCH_EVERY_MS)
    await touchCredential(db, row.id, new Date(now).toISOString());
  return principal;
}
