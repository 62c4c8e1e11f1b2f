/**
 * Ingest tokens managed by administrators (API, CLI, first start): creation and revocation, each
 * committed together with its audit entry. (API keys of people: `api-keys.ts`.)
 */
import { NotFoundError } from '../core/errors.ts';
import {
  appendAudit,
  type Credential,
  inTransaction,
  listCredentials,
  revokeCredential,
  type StateDb,
} from '../store/state/index.ts';
import type { TenantScope } from '../store/tenancy.ts';
import type { AuditBy } from './audit.ts';
import { clientFields } from './client.ts';
import { type CreatedToken, createApiKey, createIngestToken } from './tokens.ts';

export async function createIngestTokenAudited(
  db: StateDb,
  opts: { tenant: string; source: string; name?: string; format?: string; expiresAt?: string | null },
  by: AuditBy,
): Promise<CreatedToken> {
  return inTransaction(db, async (tx) => {
    const t = await createIngestToken(tx, opts);
    await appendAudit(tx, {
      tenant: opts.tenant,
      actor: by.actor,
      action: 'token.create',
      target: { type: 'ingest_token', id: t.id },
      outcome: 'success',
      ...clientFields(by.client),
      after: {
        source: opts.source,
        name: opts.name ?? opts.source,
        format: opts.format ?? 'auto',
        prefix: t.prefix,
        expiresAt: opts.expiresAt ?? null,
      },
    });
    return t;
  });
}

/** An API key made by the system or an administrator (e.g. the local CLI's admin key on first start). */
export async function createApiKeyAudited(
  db: StateDb,
  opts: Parameters<typeof createApiKey>[1],
  by: AuditBy,
): Promise<CreatedToken> {
  return inTransaction(db, async (tx) => {
    const t = await createApiKey(tx, opts);
    await appendAudit(tx, {
      tenant: opts.tenant,
      actor: by.actor,
      action: 'api_key.create',
      target: { type: 'api_key', id: t.id },
      outcome: 'success',
      ...clientFields(by.client),
      after: { name: opts.name, scopes: opts.scopes, prefix: t.prefix, ownerId: opts.ownerId ?? null },
    });
    return t;
  });
}

/** Revokes an active ingest token of one of `tenants`; NotFoundError otherwise. */
export async function revokeIngestTokenAudited(
  db: StateDb,
  tenants: TenantScope,
  id: string,
  by: AuditBy,
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before: Credential | undefined = (await listCredentials(tx, tenants, 'ingest')).find(
      (c) => c.id === id,
    );
    const at = new Date().toISOString();
    if (!before || !(await revokeCredential(tx, tenants, id, at))) {
      throw new NotFoundError(`no active token ${id}`);
    }
    await appendAudit(tx, {
      tenant: before.tenant,
      actor: by.actor,
      action: 'token.revoke',
      target: { type: 'ingest_token', id },
      outcome: 'success',
      ...clientFields(by.client),
      before: { source: before.source, name: before.name, prefix: before.prefix, revokedAt: null },
      after: { revokedAt: at },
    });
  });
}
