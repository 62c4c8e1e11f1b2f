import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../core/errors.ts';
import { type Access, authorize, can, type Principal, requiredPermissions } from './principal.ts';
import { permissionsOf, type Role } from './roles.ts';

const user = (roles: Role[], extra: Partial<Principal> = {}): Principal => ({
  kind: 'user',
  id: 'u1',
  name: 'alice',
  roles,
  tenants: ['acme'],
  permissions: permissionsOf(roles),
  tenant: 'acme',
  source: null,
  credentialId: 'u1',
  userId: 'u1',
  mustChangePassword: false,
  ...extra,
});
const ingest: Principal = {
  ...user([]),
  kind: 'ingest',
  id: 't1',
  name: 'fw',
  permissions: ['events:ingest'],
  source: 'fw',
  userId: null,
};

const allowed = (access: Access, p: Principal) => {
  try {
    authorize(access, p);
    return true;
  } catch (e) {
    expect(e).toBeInstanceOf(ForbiddenError);
    return false;
  }
};

describe('authorize', () => {
  it('lets anyone call public routes', () => {
    expect(allowed({ kind: 'public' }, ingest)).toBe(true);
  });

  it('requires the permission a route names', () => {
    const access: Access = { kind: 'api', permission: 'cases:write' };
    expect(allowed(access, user(['analyst']))).toBe(true);
    expect(allowed(access, user(['viewer']))).toBe(false);
    expect(allowed(access, user(['detection_engineer']))).toBe(false);
    expect(allowed({ kind: 'api', permission: 'rules:write' }, user(['detection_engineer']))).toBe(true);
    expect(allowed({ kind: 'api', permission: 'users:admin' }, user(['analyst', 'responder']))).toBe(false);
    expect(() => authorize(access, user(['viewer']))).toThrow(
      /user "alice" lacks the permission cases:write/,
    );
  });

  it('names what each access rule requires', () => {
    expect(requiredPermissions({ kind: 'api', permission: 'metrics:read' })).toEqual(['metrics:read']);
    expect(requiredPermissions({ kind: 'ingest' })).toEqual(['events:ingest']);
    expect(requiredPermissions({ kind: 'authenticated' })).toEqual([]);
    expect(requiredPermissions({ kind: 'public' })).toEqual([]);
  });

  it('keeps ingest tokens to ingest routes, and lets principals holding events:ingest ingest', () => {
    expect(allowed({ kind: 'ingest' }, ingest)).toBe(true);
    expect(allowed({ kind: 'api', permission: 'events:read' }, ingest)).toBe(false);
    expect(allowed({ kind: 'authenticated' }, ingest)).toBe(false);
    expect(allowed({ kind: 'ingest' }, user(['admin']))).toBe(true);
    expect(allowed({ kind: 'ingest' }, user(['analyst']))).toBe(false);
  });

  it('lets a user with a pending password change reach only authenticated routes', () => {
    const pending = user(['admin'], { mustChangePassword: true });
    expect(allowed({ kind: 'authenticated' }, pending)).toBe(true);
    expect(allowed({ kind: 'api', permission: 'events:read' }, pending)).toBe(false);
    expect(allowed({ kind: 'ingest' }, pending)).toBe(false);
    expect(can(pending, 'events:read')).toBe(false);
    expect(() => authorize({ kind: 'api', permission: 'events:read' }, pending)).toThrow(
      /change your password first/,
    );
  });
});
