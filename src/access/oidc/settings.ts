/**
 * The `auth.oidc` section checked once, at start: what the schema cannot say (issuer and client id
 * required when enabled, https unless the provider is on this machine, roles that exist, tenant
 * names Vigil accepts). Errors name the setting.
 */
import type { VigilConfig } from '../../config/index.ts';
import { ConfigError } from '../../core/errors.ts';
import { isRole, ROLES, type Role } from '../roles.ts';

export type OidcConfig = VigilConfig['auth']['oidc'];

export interface OidcSettings {
  issuer: URL;
  /** The issuer as configured (for messages and the audit trail). */
  issuerName: string;
  clientId: string;
  /** The secret, or a `secret:<name>` reference resolved when first needed; null: a public client. */
  clientSecret: string | null;
  /** null: derived from the request (`<proto>://<host>/api/v1/auth/oidc/callback`). */
  redirectUri: string | null;
  scopes: string[];
  groupsClaim: string;
  usernameClaim: string;
  roleMap: ReadonlyMap<string, readonly Role[]>;
  tenantMap: ReadonlyMap<string, readonly string[]>;
  defaultRole: Role | null;
  defaultTenants: string[];
  allowLocalLogin: boolean;
  label: string;
  /** Plain http is allowed (the issuer is on 127.0.0.1 or localhost): for tests and local trials only. */
  allowHttp: boolean;
}

export const CALLBACK_PATH = '/api/v1/auth/oidc/callback';
export const LOGIN_PATH = '/api/v1/auth/oidc/login';

const TENANT_RE = /^[A-Za-z0-9_.:-]{1,128}$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether `url` names this machine (where plain http cannot be intercepted on the network). */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK.has(url.hostname);
}

/** The checked settings, or null when single sign-on is off. Throws ConfigError naming the setting. */
export function oidcSettings(c: OidcConfig): OidcSettings | null {
  if (!c.enabled) return null;
  const at = (key: string) => `auth.oidc.${key}`;
  if (!c.issuer)
    throw new ConfigError('auth.oidc.enabled is true but auth.oidc.issuer is not set', at('issuer'));
  if (!c.clientId)
    throw new ConfigError('auth.oidc.enabled is true but auth.oidc.clientId is not set', at('clientId'));
  const issuer = new URL(c.issuer);
  const allowHttp = issuer.protocol === 'http:' && isLoopbackUrl(issuer);
  if (issuer.protocol !== 'https:' && !allowHttp)
    throw new ConfigError(
      `auth.oidc.issuer ${c.issuer} must use https (plain http is accepted only for a provider on 127.0.0.1 or localhost, for testing)`,
      at('issuer'),
    );
  if (issuer.search || issuer.hash)
    throw new ConfigError('auth.oidc.issuer must not have a query or fragment', at('issuer'));
  if (c.redirectUri) {
    const r = new URL(c.redirectUri);
    if (r.protocol !== 'https:' && r.protocol !== 'http:')
      throw new ConfigError('auth.oidc.redirectUri must be an http(s) URL', at('redirectUri'));
    if (r.hash || r.search)
      throw new ConfigError('auth.oidc.redirectUri must not have a query or fragment', at('redirectUri'));
  }
  if (!c.scopes.includes('openid'))
    throw new ConfigError('auth.oidc.scopes must include openid', at('scopes'));
  const roleMap = new Map<string, Role[]>();
  for (const [group, value] of Object.entries(c.roleMap)) {
    const roles = typeof value === 'string' ? [value] : value;
    roleMap.set(
      group,
      roles.map((r) => checkRole(r, at(`roleMap.${group}`))),
    );
  }
  const tenantMap = new Map<string, string[]>();
  for (const [group, tenants] of Object.entries(c.tenantMap))
    tenantMap.set(group, checkTenants(tenants, at(`tenantMap.${group}`)));
  return {
    issuer,
    issuerName: c.issuer,
    clientId: c.clientId,
    clientSecret: c.clientSecret ?? null,
    redirectUri: c.redirectUri ?? null,
    scopes: [...new Set(c.scopes)],
    groupsClaim: c.groupsClaim,
    usernameClaim: c.usernameClaim,
    roleMap,
    tenantMap,
    defaultRole: c.defaultRole === null ? null : checkRole(c.defaultRole, at('defaultRole')),
    defaultTenants: checkTenants(c.defaultTenants, at('defaultTenants')),
    allowLocalLogin: c.allowLocalLogin,
    label: c.label,
    allowHttp,
  };
}

function checkRole(role: string, where: string): Role {
  if (isRole(role)) return role;
  throw new ConfigError(`${where}: unknown role "${role}"; roles are ${ROLES.join(', ')}`, where);
}

function checkTenants(tenants: readonly string[], where: string): string[] {
  const bad = tenants.find((t) => !TENANT_RE.test(t));
  if (bad !== undefined)
    throw new ConfigError(`${where}: tenant "${bad}": letters, digits and _ . : - only (at most 128)`, where);
  return [...new Set(tenants)];
}
