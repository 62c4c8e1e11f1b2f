/**
 * `vigil rules lint [PATH...]`: Sigma files checked against the spec, Vigil's pipelines and for
 * slow patterns (see `src/detect/lint`). Without paths, the configured rule folders (the starter
 * pack, `<data>/rules`, `detect.ruleDirs`). Rules compile with the configured values of `expand`'s
 * placeholders (`detect.placeholders`). Prints `file:line:col: severity code: message`, or
 * `--json`. Exits 1 on any error, or on more warnings than `--max-warnings`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { dataPaths } from '../../app/index.ts';
import { STARTER_RULES } from '../../app/pipeline-options.ts';
import type { VigilConfig } from '../../config/index.ts';
import { BadRequestError } from '../../core/errors.ts';
import { loadPipelines } from '../../detect/index.ts';
import { collectRuleFiles, formatFinding, formatSummary, lintFiles } from '../../detect/lint/index.ts';
import { commandContext, type GlobalFlags, out } from '../context.ts';

interface LintFlags {
  json?: boolean;
  maxWarnings?: string;
}

/** The folders Vigil loads rules from, per the configuration (those that exist). */
function configuredRuleDirs(config: VigilConfig): string[] {
  const dirs = [
    ...(config.detect.starterRules ? [STARTER_RULES] : []),
    join(dataPaths(config.dataDir).root, 'rules'),
    ...config.detect.ruleDirs,
  ];
  return dirs.filter((d) => existsSync(d));
}

function parseMaxWarnings(text: string | undefined): number {
  if (text === undefined) return Number.POSITIVE_INFINITY;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    throw new BadRequestError(
      `--max-warnings takes a whole number of 0 or more, not "${text}"`,
      '--max-warnings',
    );
  }
  return n;
}

export function registerRulesLint(rules: Command): void {
  rules
    .command('lint')
    .description(
      'check Sigma rules against the spec, the pipelines (logsources, fields) and for slow patterns',
    )
    .argument('[paths...]', 'rule files or folders (default: the configured rule folders)')
    .option('--json', 'print the findings as JSON')
    .option('--max-warnings <n>', 'fail when there are more warnings than this')
    .action((paths: string[], flags: LintFlags, cmd: Command) => {
      const maxWarnings = parseMaxWarnings(flags.maxWarnings);
      const { config } = commandContext(cmd.optsWithGlobals<GlobalFlags>());
      const targets = paths.length > 0 ? paths : configuredRuleDirs(config);
      const { files, missing } = collectRuleFiles(targets);
      if (missing.length > 0)
        throw new BadRequestError(`no such file or folder: ${missing.join(', ')}`, missing[0]);
      const report = lintFiles(files, loadPipelines(), { placeholders: config.detect.placeholders });
      const tooManyWarnings = report.counts.warning > maxWarnings;
      const ok = report.counts.error === 0 && !tooManyWarnings;
      if (flags.json) {
        out(JSON.stringify({ ok, paths: targets, ...report }, null, 2));
      } else {
        const cwd = process.cwd();
        for (const f of report.findings) out(formatFinding(f, cwd));
        out(formatSummary(report));
        if (tooManyWarnings)
          out(`too many warnings: ${report.counts.warning}, more than --max-warnings ${maxWarnings}`);
      }
      if (!ok) process.exitCode = 1;
    });
}
