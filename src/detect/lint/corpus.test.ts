/**
 * The lint over real rule sets: the SigmaHQ corpus (beside the project in ../shared/corpus/sigma;
 * skipped when absent) and Vigil's starter pack. SigmaHQ's own CI keeps its rules/ folder valid,
 * so the spec checks must find nothing there; what Vigil cannot run (unrouted logsources, unmapped
 * fields) must agree with what the engine compiles. The starter pack must be free of errors.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileRules } from '../engine/compile.ts';
import { loadSigmaDirectory } from '../sigma/load.ts';
import { LINT_CODES, type LintCode } from './codes.ts';
import { collectRuleFiles, lintFiles } from './files.ts';
import { formatSummary } from './format.ts';
import { pipelines } from './lint.fixture.ts';
import type { LintReport } from './lint.ts';

const corpus = resolve(import.meta.dirname, '../../../../shared/corpus/sigma');
const starter = resolve(import.meta.dirname, '../../../rules/starter');

/** Codes about what Vigil runs and how fast, as opposed to the Sigma spec. */
const VIGIL_CODES: readonly LintCode[] = [
  'sigma/unknown-logsource',
  'sigma/unknown-field',
  'sigma/compile-failed',
  'sigma/no-index-literal',
  'sigma/leading-wildcard',
  'sigma/short-contains',
  'sigma/regex-no-literal',
];

function byCode(r: LintReport): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of r.findings) m.set(f.code, (m.get(f.code) ?? 0) + 1);
  return m;
}

function lint(dir: string): { report: LintReport; ms: number } {
  const started = performance.now();
  const report = lintFiles(collectRuleFiles([dir]).files, pipelines());
  const ms = performance.now() - started;
  console.log(
    `lint ${dir}: ${formatSummary(report)} in ${(ms / 1000).toFixed(1)} s`,
    Object.fromEntries(byCode(report)),
  );
  return { report, ms };
}

describe.skipIf(!existsSync(corpus))(
  `linting the SigmaHQ rules/ folder (${corpus}; skipped when absent)`,
  () => {
    const rulesDir = join(corpus, 'rules');
    let report: LintReport;
    let ms: number;
    beforeAll(() => {
      ({ report, ms } = lint(rulesDir));
    });

    it('reads every file quickly, and locates every finding', () => {
      expect(report.files).toBeGreaterThan(1000);
      expect(report.documents).toBeGreaterThanOrEqual(report.files);
      // About 5 s on an idle core (two YAML parses per file dominate); the bound leaves room for a busy machine.
      expect(ms).toBeLessThan(60_000);
      for (const f of report.findings) {
        expect(f.file.startsWith(rulesDir)).toBe(true);
        expect(f.line).toBeGreaterThan(0);
        expect(f.column).toBeGreaterThan(0);
        expect(Object.keys(LINT_CODES)).toContain(f.code);
        expect(f.message.length).toBeGreaterThan(10);
      }
    });

    it('finds no spec violation (SigmaHQ validates its rules), in particular no duplicate id', () => {
      expect(report.findings.filter((f) => f.code === 'sigma/duplicate-id')).toEqual([]);
      const spec = report.findings.filter((f) => !VIGIL_CODES.includes(f.code));
      expect(spec.map((f) => `${f.file}:${f.line}: ${f.code} ${f.message}`)).toEqual([]);
    });

    it('reports the logsources no pipeline routes (sources Vigil has no parser for), not the routed ones', () => {
      const unrouted = report.findings.filter((f) => f.code === 'sigma/unknown-logsource');
      expect(unrouted.length).toBeGreaterThan(5);
      for (const logsource of ['category: file_access', 'category: firewall']) {
        expect(
          unrouted.some((f) => f.message.includes(logsource)),
          logsource,
        ).toBe(true);
      }
      for (const folder of [['windows', 'process_creation'], ['cloud'], ['identity'], ['application']]) {
        const routed = join(rulesDir, ...folder);
        expect(unrouted.filter((f) => f.file.startsWith(routed))).toEqual([]);
      }
      expect(unrouted.every((f) => f.severity === 'warning')).toBe(true);
    });

    it('says a rule runs exactly when the engine compiles it', () => {
      const loaded = loadSigmaDirectory(rulesDir);
      const engine = compileRules(loaded.rules, pipelines());
      expect(report.compiled).toBe(engine.compiled.length);
      const refused = new Set(
        report.findings
          .filter((f) =>
            ['sigma/unknown-logsource', 'sigma/unknown-field', 'sigma/compile-failed'].includes(f.code),
          )
          .map((f) => f.ruleId),
      );
      expect(refused.size).toBe(engine.failed.length);
    });
  },
);

describe('linting the starter pack (rules/starter)', () => {
  let report: LintReport;
  beforeAll(() => {
    ({ report } = lint(starter));
  });

  it('has no errors, and every rule compiles', () => {
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.files).toBeGreaterThanOrEqual(20);
    expect(report.compiled).toBe(report.documents);
  });

  it('warns only about performance, never about the spec', () => {
    const spec = report.findings.filter((f) => !VIGIL_CODES.includes(f.code));
    expect(spec).toEqual([]);
  });
});
