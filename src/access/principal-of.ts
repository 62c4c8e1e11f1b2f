/** Principals built from what authentication found: a session's user, an API key (and its owner), an ingest token. */
import type { Credential, UserRecord } from '../store/state/index.ts';
import type { Principal } from './principal.ts';
import { isRole, type Permission, permissionsOf, permissionsOfScopes, type Role } from './roles.ts';

const rolesOf = (user: UserRecord): Role[] => user.roles.filter(isRole);

/** A signed-in user (console session). */
export function userPrincipal(user: UserRecord): Principal {
  return {
    kind: 'user',
    id: user.id,
    name: user.username,
    roles: rolesOf(user),
    tenants: user.tenants,
    permissions: permissionsOf(user.roles),
    tenant: user.tenants[0] ?? '',
    source: null,
    credentialId: user.id,
    userId: user.id,
    mustChangePassword: user.mustChangePassword,
  };
}

/**
 * An API key. An owned key holds its scopes' permissions that its owner still holds (demoting the
 * owner narrows the key) and sees the owner's tenants; a service account's key acts as the
 * service account. A legacy key (no owner) holds its scopes in its own tenant.
 */
export function apiKeyPrincipal(key: Credential, owner: UserRecord | null): Principal {
  const scoped = permissionsOfScopes(parseScopes(key.scopes));
  if (!owner) {
    return {
      kind: 'api_key',
      id: key.id,
      name: key.name,
      roles: [],
      tenants: [key.tenant],
      permissions: scoped,
      tenant: key.tenant,
      source: null,
      credentialId: key.id,
      userId: null,
      mustChangePassword: false,
    };
  }
  const held = new Set<Permission>(permissionsOf(owner.roles));
  const service = owner.kind === 'service';
  return {
    kind: service ? 'service' : 'api_key',
    id: service ? owner.id : key.id,
    name: service ? owner.username : `${owner.username}/${key.name}`,
    roles: rolesOf(owner),
    tenants: owner.tenants,
    permissions: scoped.filter((p) => held.has(p)),
    tenant: owner.tenants[0] ?? key.tenant,
    source: null,
    credentialId: key.id,
    userId: owner.id,
    mustChangePassword: false,
  };
}

export function ingestPrincipal(token: Credential): Principal {
  return {
    kind: 'ingest',
    id: token.id,
    name: token.name,
    roles: [],
    tenants: [token.tenant],
    permissions: ['events:ingest'],
    tenant: token.tenant,
    source: token.source,
    credentialId: token.id,
    userId: null,
    mustChangePassword: false,
  };
}

export function parseScopes(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}
