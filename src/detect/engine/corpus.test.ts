/**
 * The real SigmaHQ corpus (beside the project in ../shared/corpus/sigma; skipped when absent):
 * every parsed rule of rules/ compiled with the shipped pipelines. Prints the counts and the most
 * common failure reasons; every failure has a reason, file and line; the compile rate has a floor.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipelines } from '../pipelines/index.ts';
import { loadSigmaDirectory } from '../sigma/load.ts';
import { compileRules } from './compile.ts';
import { RuleSet } from './ruleset.ts';

const dir = resolve(import.meta.dirname, '../../../../shared/corpus/sigma');

/** A failure reason without its rule-specific parts (quoted text), for counting. */
function reasonKind(reason: string): string {
  return reason
    .replace(/^search "[^"]*": /, '')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\(routes: [^)]*\)/, '')
    .slice(0, 100);
}

describe.skipIf(!existsSync(dir))(`compiling the SigmaHQ corpus (${dir}; skipped when absent)`, () => {
  it('compiles at least 98% of rules/; every failure has a reason and a location', () => {
    const loaded = loadSigmaDirectory(join(dir, 'rules'));
    const { compiled, failed } = compileRules(loaded.rules, loadPipelines(), {
      placeholders: {},
    });
    const counts = new Map<string, number>();
    for (const f of failed) counts.set(reasonKind(f.reason), (counts.get(reasonKind(f.reason)) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8);
    const total = loaded.rules.length;
    const rate = (100 * compiled.length) / total;
    const indexed = compiled.filter((r) => r.required !== null).length;
    console.log(
      `sigma compile rules/: ${total} rules, ${compiled.length} compiled (${rate.toFixed(1)}%), ${failed.length} failed; ` +
        `${indexed} with a required literal (${((100 * indexed) / Math.max(1, compiled.length)).toFixed(1)}%)` +
        top.map(([k, n]) => `\n    ${n} × ${k}`).join(''),
    );
    for (const f of failed) {
      expect(f.reason.length).toBeGreaterThan(10);
      expect(f.file.startsWith(dir)).toBe(true);
      expect(f.line).toBeGreaterThan(0);
    }
    expect(failed.filter((f) => f.reason.startsWith('internal error'))).toEqual([]);
    expect(rate).toBeGreaterThanOrEqual(98);
    // the rule set builds over all of them and matches an event without throwing
    const set = new RuleSet(compiled);
    const stats = set.evaluate({
      'winlog.channel': 'Microsoft-Windows-Sysmon/Operational',
      'winlog.event_id': 1,
      'vigil.format': 'windows',
      'winlog.event_data.Image': 'C:\\Windows\\System32\\whoami.exe',
      'winlog.event_data.CommandLine': 'whoami /priv',
    });
    expect(stats.routed).toBeGreaterThan(100);
    expect(stats.candidates).toBeLessThan(stats.routed / 2);
    expect(stats.hits.length).toBeGreaterThan(0);
  });
});
