/**
 * The real SigmaHQ corpus (beside the project in ../shared/corpus/sigma): every folder parses, the
 * rules/ folder at 99% or better, and every failure has a located reason. Prints a summary.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LoadResult, loadSigmaDirectory } from './load.ts';

const dir = resolve(import.meta.dirname, '../../../../shared/corpus/sigma');

/** A failure reason without the rule-specific parts (quoted text, columns), for counting. */
function reasonKind(reason: string): string {
  return reason
    .replace(/^condition "(?:[^"\\]|\\.)*", column \d+: /, 'condition: ')
    .replace(/"[^"]*"/g, '"…"')
    .slice(0, 110);
}

function summarize(name: string, r: LoadResult): { name: string; files: number; failedFiles: number } {
  const failedFiles = new Set(r.errors.map((e) => e.file)).size;
  const counts = new Map<string, number>();
  for (const e of r.errors) counts.set(reasonKind(e.reason), (counts.get(reasonKind(e.reason)) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const rate = r.files.length === 0 ? 100 : (100 * (r.files.length - failedFiles)) / r.files.length;
  console.log(
    `sigma corpus ${name}: ${r.files.length} files, ${r.files.length - failedFiles} parsed (${rate.toFixed(2)}%), ` +
      `${r.rules.length} rules, ${r.correlations.length} correlations, ${r.filters.length} filters, ${r.errors.length} errors` +
      top.map(([k, n]) => `\n    ${n} × ${k}`).join(''),
  );
  return { name, files: r.files.length, failedFiles };
}

describe.skipIf(!existsSync(dir))(`the SigmaHQ corpus (${dir}; skipped when absent)`, () => {
  const folders = existsSync(dir)
    ? readdirSync(dir).filter((n) => n.startsWith('rules') || n === 'deprecated' || n === 'unsupported')
    : [];

  it('loads every folder; rules/ parses at 99% or better; every failure is located and has a reason', () => {
    expect(folders).toContain('rules');
    for (const name of folders.sort()) {
      const r = loadSigmaDirectory(join(dir, name));
      const s = summarize(name, r);
      for (const e of r.errors) {
        expect(e.file.startsWith(join(dir, name))).toBe(true);
        expect(e.line).toBeGreaterThan(0);
        expect(e.column).toBeGreaterThan(0);
        expect(e.reason.length).toBeGreaterThan(5);
      }
      if (name === 'rules') {
        expect(s.files).toBeGreaterThan(1000);
        expect(s.failedFiles / s.files).toBeLessThanOrEqual(0.01);
        expect(r.rules.length).toBeGreaterThanOrEqual(s.files - s.failedFiles);
      }
    }
  });

  it('rejects the obsolete aggregation syntax of unsupported/ with its reason', () => {
    const r = loadSigmaDirectory(join(dir, 'unsupported'));
    expect(r.errors.some((e) => e.reason.includes('obsolete Sigma 1.0 syntax'))).toBe(true);
  });
});
