/**
 * The tenant half of the authorization step: which tenants a request may see. They come from the
 * principal (the tenants granted to the user, service account or credential) and may be narrowed,
 * never widened, by an `X-Vigil-Tenant` header or a `?tenant=` parameter (comma-separated); a
 * tenant that is not granted is refused with 403. This is the only module of `src/api` that makes a
 * `TenantScope` (checked by `test/authz/tenancy.test.ts`); route handlers receive it in their
 * context and hand it to the store.
 */
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../access/index.ts';
import { BadRequestError, ForbiddenError } from '../core/errors.ts';
import { scopeOf, type TenantScope } from '../store/tenancy.ts';

export const TENANT_HEADER = 'x-vigil-tenant';
export const TENANT_PARAM = 'tenant';

export interface RequestTenancy {
  /** The principal with `tenants` narrowed to the scope (and `tenant`, its home, inside it). */
  principal: Principal;
  tenants: TenantScope;
}

/** The tenants named by the request's selector, or undefined when it names none. */
export function selectedTenants(request: FastifyRequest): string[] | undefined {
  const header = request.headers[TENANT_HEADER];
  const q = request.query as Record<string, unknown> | undefined;
  const param = q?.[TENANT_PARAM];
  const fromHeader = typeof header === 'string' ? header : undefined;
  const fromParam = typeof param === 'string' ? param : undefined;
  if (Array.isArray(header) || Array.isArray(param))
    throw new BadRequestError('name the tenants once, comma-separated (X-Vigil-Tenant: a,b)', 'tenant');
  if (fromHeader !== undefined && fromParam !== undefined && fromHeader !== fromParam)
    throw new BadRequestError('the X-Vigil-Tenant header and ?tenant= disagree; send one of them', 'tenant');
  const raw = fromHeader ?? fromParam;
  if (raw === undefined) return undefined;
  const names = raw
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new BadRequestError('X-Vigil-Tenant / ?tenant= is empty; name a tenant or leave it out', 'tenant');
  return names;
}

/**
 * The request's tenant scope: the principal's granted tenants, narrowed by the selector.
 * Throws ForbiddenError naming a selected tenant that is not granted.
 */
export function requestTenancy(principal: Principal, request: FastifyRequest): RequestTenancy {
  const granted = principal.tenants;
  const selected = selectedTenants(request);
  if (selected) {
    const denied = selected.filter((t) => !granted.includes(t));
    if (denied.length > 0)
      throw new ForbiddenError(
        `tenant ${denied.map((t) => `"${t.slice(0, 100)}"`).join(', ')} is not granted to this caller (granted: ${granted.join(', ') || 'none'})`,
      );
  }
  const tenants = scopeOf(selected ?? granted);
  const home = tenants.includes(principal.tenant) ? principal.tenant : (tenants[0] ?? '');
  return { principal: { ...principal, tenants: [...tenants], tenant: home }, tenants };
}

/** The one tenant a record created with this scope goes to. */
export function singleTenant(tenants: TenantScope): string {
  const [only, ...more] = tenants;
  if (only === undefined) throw new ForbiddenError('this caller holds no tenant');
  if (more.length > 0)
    throw new BadRequestError(
      `you hold several tenants (${tenants.join(', ')}); name the one this goes to with the X-Vigil-Tenant header or ?tenant=`,
      'tenant',
    );
  return only;
}

/** A store request whose tenants must be the request's scope (a route cannot pass a list of its own). */
export type Scoped<R extends { tenants: readonly string[] }> = Omit<R, 'tenants'> & { tenants: TenantScope };
