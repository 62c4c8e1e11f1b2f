/**
 * The built-in detect hook: Sigma rules from the configured folders, compiled once when the
 * worker starts, matched against every event of every batch. Rules that do not load or compile
 * are reported (with file, line and reason) and skipped; they never stop the pipeline.
 */
import { existsSync } from 'node:fs';
import { compileRules, loadPipelines, loadSigmaDirectory, RuleSet, type SigmaRule } from '../detect/index.ts';
import type { Finding, PipelineHooks } from './hooks.ts';

export interface DetectStageReport {
  rulesLoaded: number;
  rulesFailed: number;
  problems: string[];
}

export function createDetectStage(ruleDirs: readonly string[]): {
  hooks: PipelineHooks;
  report: DetectStageReport;
} {
  const rules: SigmaRule[] = [];
  const problems: string[] = [];
  for (const dir of ruleDirs) {
    if (!existsSync(dir)) continue;
    const loaded = loadSigmaDirectory(dir);
    rules.push(...loaded.rules);
    for (const e of loaded.errors) problems.push(e.message);
  }
  const { compiled, failed } = compileRules(rules, loadPipelines());
  for (const f of failed) problems.push(`${f.file}:${f.line}: ${f.reason}`);
  const ruleSet = new RuleSet(compiled);
  const hooks: PipelineHooks = {
    detect: (events, report) => {
      if (compiled.length === 0) return;
      for (const stored of events) {
        const hits = ruleSet.match(stored.event);
        for (const hit of hits) {
          const finding: Finding = {
            id: `${hit.rule.id}|${stored.id}`,
            kind: 'sigma',
            tenant: String(stored.event['vigil.tenant']),
            ruleId: hit.rule.id,
            title: hit.rule.title,
            level: hit.rule.level ?? null,
            tags: [...hit.rule.tags],
            source: String(stored.event['vigil.source']),
            eventIds: [stored.id],
            eventTime: String(stored.event['@timestamp']),
            matched: hit.fields.map((f) => ({ field: f.field, value: f.value })),
          };
          report(finding);
        }
      }
    },
  };
  return { hooks, report: { rulesLoaded: compiled.length, rulesFailed: problems.length, problems } };
}
