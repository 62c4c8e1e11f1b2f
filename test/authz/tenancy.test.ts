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
