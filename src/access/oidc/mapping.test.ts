import { describe, expect, it } from 'vitest';
import { claimAt, grantOf, groupsOf } from './mapping.ts';

const settings = {
  roleMap: new Map([
    ['soc-analysts', ['analyst'] as const],
    ['soc-admins', ['admin'] as const],
    ['responders', ['responder', 'analyst'] as const],
  ]),
  tenantMap: new Map([
    ['soc-analysts', ['default']],
    ['globex-team', ['globex']],
  ]),
  defaultRole: null,
  defaultTenants: ['default'],
};

describe('the groups claim', () => {
  it('reads a list, or a single string, by name or by dotted path', () => {
    expect(groupsOf({ groups: ['a', 'b', 'a'] }, 'groups')).toEqual(['a', 'b']);
    expect(groupsOf({ groups: 'a' }, 'groups')).toEqual(['a']);
    expect(groupsOf({ realm_access: { roles: ['x', 'y'] } }, 'realm_access.roles')).toEqual(['x', 'y']);
    // A claim whose name has dots wins over the path.
    expect(groupsOf({ 'https://example.org/groups': ['z'] }, 'https://example.org/groups')).toEqual(['z']);
  });

  it('counts anything else as no groups (missing, numbers, objects, empty strings)', () => {
    expect(groupsOf({}, 'groups')).toEqual([]);
    expect(groupsOf({ groups: 7 }, 'groups')).toEqual([]);
    expect(groupsOf({ groups: [1, { a: 1 }, '', 'ok'] }, 'groups')).toEqual(['ok']);
    expect(groupsOf({ a: 'not an object' }, 'a.b')).toEqual([]);
    expect(claimAt({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(claimAt({}, 'constructor')).toBeUndefined();
  });
});

describe('groups to roles and tenants', () => {
  it('grants the union of the mapped groups, in matrix order, whatever the group order', () => {
    expect(grantOf(['soc-admins', 'responders', 'unknown'], settings)).toEqual({
      ok: true,
      roles: ['analyst', 'responder', 'admin'],
      tenants: ['default'],
    });
    expect(grantOf(['globex-team', 'soc-analysts'], settings)).toEqual({
      ok: true,
      roles: ['analyst'],
      tenants: ['default', 'globex'],
    });
  });

  it('refuses when no group maps to a role and there is no default role', () => {
    expect(grantOf(['marketing'], settings)).toMatchObject({ ok: false, reason: 'no group maps to a role' });
    expect(grantOf([], settings)).toMatchObject({ ok: false });
  });

  it('gives the default role instead, when one is configured', () => {
    expect(grantOf(['marketing'], { ...settings, defaultRole: 'viewer' })).toEqual({
      ok: true,
      roles: ['viewer'],
      tenants: ['default'],
    });
  });

  it('refuses when no tenant results (no tenantMap match and no default tenants)', () => {
    expect(grantOf(['soc-admins'], { ...settings, defaultTenants: [] })).toMatchObject({
      ok: false,
      reason: 'no group maps to a tenant',
    });
  });
});
