/**
 * Ingest tokens and API keys: creation (the secret is shown once), and the one place every
 * credential is checked. The access-control issue grows this into users, roles and sessions.
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
  insertCredential,
  type StateDb,
} from '../store/state/index.ts';

export type CredentialKind = Credential['kind'];

/** Who is calling, after authentication. */
export interface Principal {
  credentialId: string;
  kind: CredentialKind;
  tenant: string;
  /** Source name for ingest tokens. */
  source: string | null;
  scopes: string[];
}

const PREFIX: Record<CredentialKind, string> = { ingest: 'vgi_', api: 'vgk_' };

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

export async function createApiKey(
  db: StateDb,
  opts: { tenant: string; name: string; scopes: string[]; expiresAt?: string | null },
): Promise<CreatedToken> {
  await ensureTenant(db, opts.tenant, new Date().toISOString());
  return create(db, 'api', { ...opts, source: null });
}

async function create(
  db: StateDb,
  kind: CredentialKind,
  opts: { tenant: string; source: string | null; name?: string; scopes: string[]; expiresAt?: string | null },
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
  });
  return { id, token, prefix };
}

/**
 * Checks a presented secret. Throws `UnauthorizedError` for unknown, revoked or expired
 * credentials and for a credential of the wrong kind, with a message that never echoes the secret.
 */
export async function authenticateToken(
  db: StateDb,
  token: string | undefined,
  accept: readonly CredentialKind[],
  now = Date.now(),
): Promise<Principal> {
  if (!token || token.length > 256) throw new UnauthorizedError('missing or malformed token');
  const row = await findCredentialByHash(db, hashToken(token));
  if (!row) throw new UnauthorizedError('invalid token');
  if (row.revoked_at) throw new UnauthorizedError('token has been revoked');
  if (row.expires_at && Date.parse(row.expires_at) <= now) throw new UnauthorizedError('token has expired');
  if (!accept.includes(row.kind))
    throw new UnauthorizedError(
      `a${row.kind === 'api' ? 'n API key' : 'n ingest token'} is not accepted here`,
    );
  return {
    credentialId: row.id,
    kind: row.kind,
    tenant: row.tenant,
    source: row.source,
    scopes: JSON.parse(row.scopes) as string[],
  };
}
