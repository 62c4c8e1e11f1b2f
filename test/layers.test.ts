/**
 * The architecture, checked: each folder of `src/` sits in a layer and may import only from
 * lower layers (and from itself). A new folder must be given a layer here. See ARCHITECTURE.md.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');

const LAYERS: Record<string, number> = {
  core: 0,
  config: 1,
  ingest: 1,
  detect: 1,
  hunt: 1,
  demo: 1,
  ops: 1,
  alerts: 1,
  cases: 1,
  store: 2,
  access: 3,
  pipeline: 3,
  workflow: 3,
  listeners: 4,
  api: 4,
  app: 5,
  cli: 6,
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|js)$/.test(name) ? [p] : [];
  });
}

const IMPORT_RE =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function folderOf(file: string): string {
  return relative(SRC, file).split('/')[0] as string;
}

describe('layering', () => {
  const all = files(SRC);

  it('every folder of src/ has a layer', () => {
    const folders = new Set(all.map(folderOf));
    const missing = [...folders].filter((f) => !f.endsWith('.ts') && LAYERS[f] === undefined);
    expect(missing, 'add these folders to LAYERS in test/layers.test.ts and to ARCHITECTURE.md').toEqual([]);
  });

  it('imports only go down a layer (or stay in their own folder), never up or sideways', () => {
    const violations: string[] = [];
    for (const file of all) {
      // Tests and their fixtures may reach across layers (e.g. real parser output in detect tests).
      if (file.endsWith('.test.ts') || file.endsWith('.fixture.ts')) continue;
      const from = folderOf(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT_RE)) {
        const spec = (m[1] ?? m[2]) as string;
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(SRC)) continue;
        const to = folderOf(target);
        if (to === from) continue;
        const lf = LAYERS[from];
        const lt = LAYERS[to];
        if (lf === undefined || lt === undefined) continue;
        if (lt >= lf)
          violations.push(
            `${relative(SRC, file)} (${from}, layer ${lf}) imports ${spec} (${to}, layer ${lt})`,
          );
      }
    }
    expect(violations).toEqual([]);
  });

  it('the checker catches an upward import', () => {
    const sample = "import { x } from '../cli/main.ts';";
    const m = [...sample.matchAll(IMPORT_RE)][0];
    expect(m?.[1]).toBe('../cli/main.ts');
  });
});
