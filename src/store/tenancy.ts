/**
 * Tenancy by construction: the tenants a store query may see travel as a `TenantScope`, a branded
 * read-only list that only `scopeOf` makes. Every tenant-scoped store function takes one as a
 * required argument and filters by it in SQL, so a caller cannot reach a record of a tenant it was
 * not given, nor hand over a list it assembled itself (from a request body, say): the type does not
 * accept a plain array.
 *
 * Who may call `scopeOf` is checked by `test/authz/tenancy.test.ts`: in `src/api` only the
 * authorization step (`src/api/tenancy.ts`) does, from the principal's granted tenants; the
 * composition root, the pipeline and the local CLI (which acts for the whole installation) may
 * too. Cross-tenant work of the system (the pipeline running every tenant's rules) lives in
 * `src/store/state/system.ts`, which no route may import.
 */
import { BadRequestError } from '../core/errors.ts';

declare const tenantScopeBrand: unique symbol;

/** Tenants a caller may see, as the authorization step decided them. Read-only and frozen. */
export type TenantScope = readonly string[] & { readonly [tenantScopeBrand]: true };

/** At most this many tenants in one scope (the SQL `IN` list stays small). */
export const MAX_SCOPE_TENANTS = 1000;

/**
 * The scope of exactly these tenants (duplicates dropped, order kept). An empty scope sees nothing.
 * Throws BadRequestError for an empty or non-string tenant name or a list that is too long.
 */
export function scopeOf(tenants: readonly string[]): TenantScope {
  if (!Array.isArray(tenants) || tenants.length > MAX_SCOPE_TENANTS)
    throw new BadRequestError(`a tenant scope lists at most ${MAX_SCOPE_TENANTS} tenants`, 'tenants');
  for (const t of tenants)
    if (typeof t !== 'string' || t === '')
      throw new BadRequestError('each tenant must be a non-empty string', 'tenants');
  return Object.freeze([...new Set(tenants)]) as unknown as TenantScope;
}

/** The scope that sees nothing (public routes). */
export const NO_TENANTS: TenantScope = scopeOf([]);
