/**
 * From the provider's claims to what Vigil grants: the groups claim read leniently (a list, one
 * string, a nested path), then roles and tenants from `roleMap` and `tenantMap`. Evaluated at
 * every sign-in, so a group removed at the provider removes its roles at the next sign-in.
 */
import { ROLES, type Role } from '../roles.ts';
import type { OidcSettings } from './settings.ts';

/** Most groups read from a claim (a token listing thousands is cut, not trusted to be small). */
const MAX_GROUPS = 1000;

/**
 * The value of a claim by name, or by a dotted path (`realm_access.roles`) when no claim has that
 * exact name.
 */
export function claimAt(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let node: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, part))
      return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** The user's groups: a list of strings, or a single string; anything else counts as none. */
export function groupsOf(claims: Readonly<Record<string, unknown>>, claimName: string): string[] {
  const v = claimAt(claims, claimName);
  const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
  const groups = list.filter((g): g is string => typeof g === 'string' && g.length > 0);
  return [...new Set(groups)].slice(0, MAX_GROUPS);
}

export type OidcGrant =
  | { ok: true; roles: Role[]; tenants: string[] }
  | { ok: false; reason: string; detail: string };

type MappingSettings = Pick<OidcSettings, 'roleMap' | 'tenantMap' | 'defaultRole' | 'defaultTenants'>;

/**
 * The roles and tenants `groups` grant. Refused (with the reason for the audit trail and a
 * message for the user) when no group maps to a role and there is no default role, or when no
 * tenant results.
 */
export function grantOf(groups: readonly string[], s: MappingSettings): OidcGrant {
  const roles = new Set<Role>();
  const tenants = new Set<string>();
  for (const g of groups) {
    for (const r of s.roleMap.get(g) ?? []) roles.add(r);
    for (const t of s.tenantMap.get(g) ?? []) tenants.add(t);
  }
  if (roles.size === 0 && s.defaultRole) roles.add(s.defaultRole);
  if (roles.size === 0)
    return {
      ok: false,
      reason: 'no group maps to a role',
      detail: 'none of your groups at the identity provider gives access to Vigil; ask an administrator',
    };
  if (tenants.size === 0) for (const t of s.defaultTenants) tenants.add(t);
  if (tenants.size === 0)
    return {
      ok: false,
      reason: 'no group maps to a tenant',
      detail: 'none of your groups at the identity provider gives access to a tenant; ask an administrator',
    };
  // In matrix and name order: the same groups give the same grant, whatever order they come in.
  return { ok: true, roles: ROLES.filter((r) => roles.has(r)), tenants: [...tenants].sort() };
}
