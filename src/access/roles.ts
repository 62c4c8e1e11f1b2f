/**
 * Roles and permissions: the one permission matrix of Vigil, written as data. `docs/permissions.md`
 * shows the same table for people; `roles.test.ts` checks that the two agree.
 *
 * A permission is `area:action`. A role is a named set of permissions; a user holds one or more
 * roles, and a principal's permissions are the union of its roles' (an API key's are further
 * narrowed to its scopes).
 */

export const PERMISSIONS = [
  'events:read',
  'events:ingest',
  'detections:read',
  'rules:read',
  'rules:write',
  'alerts:read',
  'alerts:write',
  'cases:read',
  'cases:write',
  'playbooks:read',
  'playbooks:write',
  'playbooks:run',
  'intel:read',
  'intel:write',
  'sources:read',
  'sources:admin',
  'tokens:admin',
  'users:admin',
  'audit:read',
  'metrics:read',
  'settings:admin',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'viewer',
  'analyst',
  'responder',
  'detection_engineer',
  'intel_analyst',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** What a viewer may do: read everything an investigation needs, change nothing. */
const READ: readonly Permission[] = [
  'events:read',
  'detections:read',
  'rules:read',
  'alerts:read',
  'cases:read',
  'playbooks:read',
  'intel:read',
  'sources:read',
];

/** The matrix. Each role lists everything it holds (no inheritance to trace). */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: READ,
  analyst: [...READ, 'alerts:write', 'cases:write'],
  responder: [...READ, 'alerts:write', 'cases:write', 'playbooks:run'],
  detection_engineer: [...READ, 'rules:write', 'playbooks:write'],
  intel_analyst: [...READ, 'intel:write'],
  admin: PERMISSIONS,
};

export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  viewer: 'reads events, detections, alerts, cases, rules, playbooks and intel; changes nothing',
  analyst: 'triages alerts and works cases',
  responder: 'an analyst who also runs response playbooks',
  detection_engineer: 'writes detection rules and playbooks',
  intel_analyst: 'manages threat intelligence (indicators, feeds)',
  admin: 'everything, including users, tokens, sources, settings and the audit log',
};

/**
 * The scopes of API keys made before permissions existed. A legacy scope stands for a set of
 * permissions; routes always name a permission.
 */
export const LEGACY_SCOPES = ['read', 'ingest', 'admin', 'metrics'] as const;
export type LegacyScope = (typeof LEGACY_SCOPES)[number];

const LEGACY_SCOPE_PERMISSIONS: Readonly<Record<LegacyScope, readonly Permission[]>> = {
  read: READ,
  ingest: ['events:ingest'],
  admin: PERMISSIONS,
  metrics: ['metrics:read'],
};

export function isPermission(s: string): s is Permission {
  return (PERMISSIONS as readonly string[]).includes(s);
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

export function isLegacyScope(s: string): s is LegacyScope {
  return (LEGACY_SCOPES as readonly string[]).includes(s);
}

/** The union of the roles' permissions, in matrix order. Unknown role names grant nothing. */
export function permissionsOf(roles: readonly string[]): Permission[] {
  const held = new Set<Permission>();
  for (const r of roles) if (isRole(r)) for (const p of ROLE_PERMISSIONS[r]) held.add(p);
  return PERMISSIONS.filter((p) => held.has(p));
}

/**
 * What an API key's scopes allow: each scope is a permission or a legacy scope name. Unknown
 * scopes grant nothing.
 */
export function permissionsOfScopes(scopes: readonly string[]): Permission[] {
  const held = new Set<Permission>();
  for (const s of scopes) {
    if (isPermission(s)) held.add(s);
    else if (isLegacyScope(s)) for (const p of LEGACY_SCOPE_PERMISSIONS[s]) held.add(p);
  }
  return PERMISSIONS.filter((p) => held.has(p));
}
