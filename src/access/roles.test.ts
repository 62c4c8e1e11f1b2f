import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PERMISSIONS,
  permissionsOf,
  permissionsOfScopes,
  ROLE_DESCRIPTIONS,
  ROLE_PERMISSIONS,
  ROLES,
} from './roles.ts';

const DOC = resolve(import.meta.dirname, '..', '..', 'docs', 'permissions.md');

/** The matrix as docs/permissions.md shows it: role → permissions ticked in its column. */
function matrixFromDocs(): Record<string, string[]> {
  const lines = readFileSync(DOC, 'utf8').split('\n');
  const header = lines.find((l) => l.startsWith('| permission |'));
  if (!header) throw new Error('docs/permissions.md has no matrix table');
  const roles = header
    .split('|')
    .slice(2, -1)
    .map((s) => s.trim());
  const out: Record<string, string[]> = Object.fromEntries(roles.map((r) => [r, []]));
  for (const l of lines.filter((x) => /^\| `[a-z_]+:[a-z_]+` \|/.test(x))) {
    const cells = l
      .split('|')
      .slice(1, -1)
      .map((s) => s.trim());
    const permission = (cells[0] as string).replace(/`/g, '');
    cells.slice(1).forEach((c, i) => {
      if (c === '✓') out[roles[i] as string]?.push(permission);
    });
  }
  return out;
}

describe('the permission matrix', () => {
  it('is the same in docs/permissions.md as in the code', () => {
    const fromCode = Object.fromEntries(ROLES.map((r) => [r, [...ROLE_PERMISSIONS[r]].sort()]));
    const fromDocs = Object.fromEntries(Object.entries(matrixFromDocs()).map(([r, ps]) => [r, ps.sort()]));
    expect(fromDocs).toEqual(fromCode);
  });

  it('gives admin everything, viewers only reads, and every role at least what a viewer has', () => {
    expect(permissionsOf(['admin'])).toEqual([...PERMISSIONS]);
    expect(ROLE_PERMISSIONS.viewer.every((p) => p.endsWith(':read') && p !== 'audit:read')).toBe(true);
    for (const r of ROLES)
      expect(ROLE_PERMISSIONS[r]).toEqual(expect.arrayContaining([...ROLE_PERMISSIONS.viewer]));
    for (const r of ROLES) expect(ROLE_DESCRIPTIONS[r]).toBeTruthy();
  });

  it('keeps administration to admins', () => {
    for (const r of ROLES.filter((x) => x !== 'admin')) {
      expect(ROLE_PERMISSIONS[r].filter((p) => p.endsWith(':admin') || p === 'audit:read')).toEqual([]);
    }
  });

  it('unions roles, in matrix order, and ignores unknown role names', () => {
    expect(permissionsOf(['intel_analyst', 'responder'])).toEqual(
      PERMISSIONS.filter(
        (p) => ROLE_PERMISSIONS.intel_analyst.includes(p) || ROLE_PERMISSIONS.responder.includes(p),
      ),
    );
    expect(permissionsOf(['root', 'superuser'])).toEqual([]);
    expect(permissionsOf([])).toEqual([]);
  });

  it('reads API key scopes as permissions or legacy scope names', () => {
    expect(permissionsOfScopes(['events:read', 'cases:write'])).toEqual(['events:read', 'cases:write']);
    expect(permissionsOfScopes(['admin'])).toEqual([...PERMISSIONS]);
    expect(permissionsOfScopes(['ingest'])).toEqual(['events:ingest']);
    expect(permissionsOfScopes(['read'])).toEqual([...ROLE_PERMISSIONS.viewer]);
    expect(permissionsOfScopes(['*', 'events:*', 'users:admin '])).toEqual([]);
  });
});
