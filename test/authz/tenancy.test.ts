/**
 * Tenancy by construction, checked on the source: routes reach the store only through its
 * tenant-scoped entry points, get their `TenantScope` from the authorization step (the only module
 * of `src/api` allowed to make one), and cannot import the system's cross-tenant functions.
 * See ARCHITECTURE.md ("Tenancy").
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as stateIndex from '../../src/store/state/index.ts';
import * as system from '../../src/store/state/system.ts';

const SRC = resolve(import.meta.dirname, '..', '..', 'src');
const API = join(SRC, 'api');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(name) ? [p] : [];
  });
}

const IMPORT_RE =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** The `src/`-relative modules a file imports. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT_RE)].map((m) =>
    relative(SRC, resolve(dirname(file), (m[1] ?? m[2]) as string)),
  );
}

/** The store modules routes may import: the state store's and event store's tenant-scoped surfaces. */
const STORE_ENTRIES = new Set(['store/state/index.ts', 'store/events/index.ts']);
/** The one module of `src/api` that makes a TenantScope: the authorization step. */
const SCOPE_MAKER = 'api/tenancy.ts';

/**
 * Store values routes may import: functions that take the request's TenantScope, the lookups of
 * authentication (the caller's own session and user), and constants. Id-addressed writes
 * (`updateUser`, `revokeOwnedCredential`, …) are reached through `src/access`, which checks the
 * manager's tenants first.
 */
const ROUTE_STORE_VALUES = new Set([
  'listCredentials',
  'listSources',
  'listTenants',
  'listDetections',
  'searchAudit',
  'getSessionByHash',
  'getUserById',
  'AUDIT_ACTOR_KINDS',
  'AUDIT_OUTCOMES',
  'NO_TENANTS',
]);

/** Names imported as values (not `type`) from a store module. */
function storeValueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const names: string[] = [];
  for (const m of text.matchAll(
    /import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"](\.[^'"]*\/store\/[^'"]+)['"]/g,
  )) {
    if (m[1]) continue;
    for (const part of (m[2] as string).split(',')) {
      const name = part.trim();
      if (name && !name.startsWith('type ')) names.push(name.split(/\s+as\s+/)[0] as string);
    }
  }
  return names;
}

const apiFiles = files(API).filter((f) => !f.endsWith('.test.ts') && !f.endsWith('.fixture.ts'));

describe('tenancy by construction', () => {
  it('routes reach the store only through its tenant-scoped entry points', () => {
    const wrong = apiFiles.flatMap((f) =>
      importsOf(f)
        .filter((m) => m.startsWith('store/') && !STORE_ENTRIES.has(m) && relative(SRC, f) !== SCOPE_MAKER)
        .map((m) => `${relative(SRC, f)} imports ${m}`),
    );
    expect(wrong).toEqual([]);
  });

  it('routes use only tenant-scoped store functions (and the lookups of authentication)', () => {
    const used = apiFiles.flatMap((f) =>
      storeValueImports(f).map((name) => ({ name, file: relative(SRC, f) })),
    );
    expect(used.length).toBeGreaterThan(0);
    const wrong = used
      .filter((u) => !ROUTE_STORE_VALUES.has(u.name) && !(u.file === SCOPE_MAKER && u.name === 'scopeOf'))
      .map((u) => `${u.file} imports ${u.name}`);
    expect(
      wrong,
      'a route may call only store functions that take the TenantScope; add one to ROUTE_STORE_VALUES only if it does',
    ).toEqual([]);
  });

  it('only the authorization step makes a TenantScope', () => {
    const makers = apiFiles
      .filter((f) => /\bscopeOf\b|store\/tenancy\.ts/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(makers).toEqual([SCOPE_MAKER]);
  });

  it("keeps the system's cross-tenant functions out of the store's route-facing surface", () => {
    const exported = new Set(Object.keys(stateIndex));
    const systemOnly = Object.keys(system);
    expect(systemOnly.length).toBeGreaterThan(0);
    expect(systemOnly.filter((name) => exported.has(name))).toEqual([]);
    expect(exported.has('scopeOf')).toBe(false);
  });

  it('the import checker sees relative imports', () => {
    const sample = join(API, 'x.ts');
    const text = "import { a } from '../store/state/system.ts';";
    const m = [...text.matchAll(IMPORT_RE)][0];
    expect(relative(SRC, resolve(dirname(sample), m?.[1] as string))).toBe('store/state/system.ts');
  });
});
