/**
 * Tenants created by administrators (API, later the CLI). A new tenant is in nobody's scope yet,
 * so this is not a tenant-scoped store write: it is reached here, after the route's permission
 * check (`settings:admin`). The account behind the caller (a user, a service account, or the
 * owner of a personal key) is granted the new tenant in the same transaction: an administrator
 * grants only tenants it holds (`users.ts`), so a tenant granted to nobody could only be handed
 * out from the command line.
 */
import {
  appendAudit,
  createTenant,
  getUserById,
  inTransaction,
  type NewTenant,
  type StateDb,
  type TenantSummary,
  updateUser,
} from '../store/state/index.ts';
import type { AuditBy } from './audit.ts';
import { clientFields } from './client.ts';

export interface CreatedTenant {
  tenant: TenantSummary;
  /** The account now holding the new tenant (null for a caller without one: a legacy key, the CLI). */
  grantedTo: { id: string; username: string } | null;
}

/**
 * Creates a tenant (`tenant.create`) and grants it to `grantTo`, an account id (audited as the
 * account's change). BadRequestError for an id that is not letters, digits and _ . : -, at most
 * 128; ConflictError when the id is taken.
 */
export async function createTenantAudited(
  db: StateDb,
  input: NewTenant,
  grantTo: string | null,
  by: AuditBy,
): Promise<CreatedTenant> {
  return inTransaction(db, async (tx) => {
    const created = await createTenant(tx, input, by);
    const account = grantTo === null ? undefined : await getUserById(tx, grantTo);
    if (!account) return { tenant: created, grantedTo: null };
    const tenants = [...new Set([...account.tenants, created.id])].sort();
    const now = new Date().toISOString();
    await updateUser(tx, account.id, { tenants }, now);
    const kind = account.kind === 'user' ? 'user' : 'service_account';
    await appendAudit(tx, {
      tenant: account.tenants[0] ?? created.id,
      actor: by.actor,
      action: `${kind}.update`,
      target: { type: kind, id: account.id },
      outcome: 'success',
      ...clientFields(by.client),
      before: { username: account.username, tenants: account.tenants },
      after: { username: account.username, tenants },
      details: { reason: `created tenant ${created.id}` },
    });
    return {
      tenant: account.kind === 'user' ? { ...created, users: 1 } : { ...created, serviceAccounts: 1 },
      grantedTo: { id: account.id, username: account.username },
    };
  });
}
