/**
 * Tenants as records: the scope's tenants with what they hold (accounts, sources, open alerts and
 * cases), and the creation of a new one by an administrator, audited (`tenant.create`) in its
 * transaction. Tenants are otherwise made implicitly (`ensureTenant`) when a user, token or key
 * names one.
 */
import { BadRequestError, ConflictError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import { appendAudit, type ChangeBy } from './audit.ts';
import { inTransaction, type StateDbOrTx } from './transaction.ts';

/** A tenant and what it holds now. */
export interface TenantSummary {
  id: string;
  name: string;
  createdAt: string;
  /** People (accounts of kind `user`) granted the tenant. */
  users: number;
  serviceAccounts: number;
  sources: number;
  /** Alerts not closed. */
  openAlerts: number;
  /** Cases not closed (open or resolved). */
  openCases: number;
}

export interface NewTenant {
  id: string;
  /** For people; the id when left out. */
  name?: string | undefined;
}

/** Tenant ids: what user and token tenants accept (src/access/users.ts). */
export const TENANT_ID_RE = /^[A-Za-z0-9_.:-]{1,128}$/;
const NAME_MAX = 128;

/** The scope's tenants that exist as records, by id, each with its counts. */
export async function listTenants(db: StateDbOrTx, scope: TenantScope): Promise<TenantSummary[]> {
  if (scope.length === 0) return [];
  const rows = await db
    .selectFrom('tenants as t')
    .select(['t.id', 't.name', 't.created_at'])
    .select((eb) => [
      eb
        .selectFrom('user_tenants as g')
        .innerJoin('users as u', 'u.id', 'g.user_id')
        .whereRef('g.tenant', '=', 't.id')
        .where('u.kind', '=', 'user')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('users'),
      eb
        .selectFrom('user_tenants as g')
        .innerJoin('users as u', 'u.id', 'g.user_id')
        .whereRef('g.tenant', '=', 't.id')
        .where('u.kind', '=', 'service')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('service_accounts'),
      eb
        .selectFrom('sources as s')
        .whereRef('s.tenant', '=', 't.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('sources'),
      eb
        .selectFrom('alerts as a')
        .whereRef('a.tenant', '=', 't.id')
        .where('a.status', '!=', 'closed')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('open_alerts'),
      eb
        .selectFrom('cases as c')
        .whereRef('c.tenant', '=', 't.id')
        .where('c.status', '!=', 'closed')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('open_cases'),
    ])
    .where('t.id', 'in', [...scope])
    .orderBy('t.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    users: Number(r.users ?? 0),
    serviceAccounts: Number(r.service_accounts ?? 0),
    sources: Number(r.sources ?? 0),
    openAlerts: Number(r.open_alerts ?? 0),
    openCases: Number(r.open_cases ?? 0),
  }));
}

/**
 * Creates a tenant for an administrator and audits it (`tenant.create`, in the new tenant).
 * The id must be unused: not a tenant already, and named by no account, credential, source,
 * rule, detection, alert or case (records made before tenants were records would otherwise be
 * handed to whoever creates their tenant). ConflictError when it is taken.
 */
export async function createTenant(db: StateDbOrTx, input: NewTenant, by: ChangeBy): Promise<TenantSummary> {
  const id = input.id.trim();
  if (!TENANT_ID_RE.test(id))
    throw new BadRequestError(
      `tenant "${id.slice(0, 130)}": letters, digits and _ . : - only (at most 128)`,
      'id',
    );
  const name = (input.name ?? '').trim() || id;
  if (name.length > NAME_MAX)
    throw new BadRequestError(`a tenant's name is at most ${NAME_MAX} characters`, 'name');
  return inTransaction(db, async (tx) => {
    if (await tenantIdInUse(tx, id))
      throw new ConflictError(`tenant "${id}" already exists; choose another id`);
    const at = new Date().toISOString();
    await tx.insertInto('tenants').values({ id, name, created_at: at }).execute();
    await appendAudit(tx, {
      tenant: id,
      actor: by.actor,
      action: 'tenant.create',
      target: { type: 'tenant', id },
      outcome: 'success',
      ip: by.client.ip,
      userAgent: by.client.userAgent,
      after: { id, name },
    });
    return {
      id,
      name,
      createdAt: at,
      users: 0,
      serviceAccounts: 0,
      sources: 0,
      openAlerts: 0,
      openCases: 0,
    };
  });
}

/** Whether any record names `id` as its tenant. */
async function tenantIdInUse(db: StateDbOrTx, id: string): Promise<boolean> {
  const tables = [
    'tenants',
    'user_tenants',
    'credentials',
    'sources',
    'rules',
    'detections',
    'alerts',
    'cases',
  ] as const;
  for (const table of tables) {
    const found =
      table === 'tenants'
        ? await db.selectFrom('tenants').select('id').where('id', '=', id).executeTakeFirst()
        : await db.selectFrom(table).select('tenant').where('tenant', '=', id).limit(1).executeTakeFirst();
    if (found) return true;
  }
  return false;
}
