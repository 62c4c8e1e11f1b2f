/**
 * Who is calling (after authentication) and the one authorization decision. Every route's access
 * rule is checked by `authorize`, which asks `can`; nothing else in Vigil decides permissions.
 */
import { ForbiddenError } from '../core/errors.ts';
import type { Permission, Role } from './roles.ts';

export type PrincipalKind = 'user' | 'service' | 'api_key' | 'ingest';

export interface Principal {
  /** `user`: a console session; `service`: a service account's API key; `api_key`: a user's personal key (or a legacy key); `ingest`: an ingest token. */
  kind: PrincipalKind;
  /** The user or service account id; for `api_key` and `ingest` the credential's id. */
  id: string;
  /** For people and logs: a user name, a service account name, `owner/key name`, or the token's name. */
  name: string;
  roles: Role[];
  /** Tenants granted; every store query takes them. */
  tenants: string[];
  permissions: Permission[];
  /** The home tenant (the first granted): where events sent by this principal, or things it creates, go. */
  tenant: string;
  /** Source name of an ingest token, else null. */
  source: string | null;
  /** The credential presented: key or token id, or the user id for a session. Rate limits key on it. */
  credentialId: string;
  /** The user or service account behind the call (null for ingest tokens and legacy keys). */
  userId: string | null;
  /** A session whose user must change the password first: it holds no permissions until then. */
  mustChangePassword: boolean;
}

/**
 * Who may call a route:
 * - `public`: anyone (health, OpenAPI, login, the console's static files);
 * - `ingest`: an ingest token, or any principal holding `events:ingest`;
 * - `authenticated`: any user, service account or API key (not an ingest token), whatever its
 *   permissions (own session, own password, own API keys);
 * - `api` + `permission`: a principal holding that permission.
 * (API keys may still carry the legacy scopes `read`, `ingest`, `metrics`, `admin`: they stand for
 * permissions, see `permissionsOfScopes`; routes always name a permission.)
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'ingest' }
  | { kind: 'authenticated' }
  | { kind: 'api'; permission: Permission };

/** Whether `principal` holds `permission` now (nothing while a password change is pending). */
export function can(principal: Principal, permission: Permission): boolean {
  return !principal.mustChangePassword && principal.permissions.includes(permission);
}

/** The permissions an access rule requires (empty for public, authenticated and ingest-token access). */
export function requiredPermissions(access: Access): readonly Permission[] {
  if (access.kind === 'ingest') return ['events:ingest'];
  if (access.kind !== 'api') return [];
  return [access.permission];
}

/** Throws ForbiddenError, with what is missing, when `principal` may not call a route declared with `access`. */
export function authorize(access: Access, principal: Principal): void {
  if (access.kind === 'public') return;
  if (access.kind === 'ingest') {
    if (principal.kind === 'ingest' || can(principal, 'events:ingest')) return;
    throw new ForbiddenError(
      `${describe(principal)} may not send events (needs the events:ingest permission)`,
    );
  }
  if (principal.kind === 'ingest')
    throw new ForbiddenError('ingest tokens may only send events; use an API key or sign in');
  if (access.kind === 'authenticated') return;
  if (principal.mustChangePassword)
    throw new ForbiddenError('change your password first (POST /api/v1/auth/password)');
  const missing = requiredPermissions(access).filter((p) => !can(principal, p));
  if (missing.length === 0) return;
  throw new ForbiddenError(`${describe(principal)} lacks the permission ${missing.join(', ')}`);
}

function describe(p: Principal): string {
  switch (p.kind) {
    case 'user':
      return `user "${p.name}"`;
    case 'service':
      return `service account "${p.name}"`;
    case 'api_key':
      return 'this API key';
    case 'ingest':
      return 'an ingest token';
  }
}
