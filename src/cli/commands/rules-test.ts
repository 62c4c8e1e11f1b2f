/**
 * `vigil rules test PATH...`: every rule file under the paths with its `X.samples.json` run
 * through the real engine (parse → pipelines → compile → one RuleSet; samples through Vigil's
 * parsers). Prints PASS/FAIL per file and why a sample failed, or `--json`. Exits 1 when a sample
 * fails, a rule does not parse or compile, a samples file is invalid, or (with
 * `--require-samples`) a rule has no samples. `expand` placeholders take the configured values
 * (`detect.placeholders`), as the server's detection does.
 */
import type { Command } from 'commander';
import { BadRequestError } from '../../core/errors.ts';
import { loadPipelines } from '../../detect/index.ts';
import {
  type EventParser,
  formatResult,
  formatTestSummary,
  readRuleTestInputs,
  runRuleTests,
  SAMPLE_RECEIVED,
} from '../../detect/testing/index.ts';
import { parseEvent } from '../../ingest/index.ts';
import { commandContext, err, type GlobalFlags, out } from '../context.ts';

interface TestFlags {
  json?: boolean;
  requireSamples?: boolean;
  verbose?: boolean;
}

const parse: EventParser = (raw, format) =>
  parseEvent(raw, format, { received: SAMPLE_RECEIVED, assumeTimeZone: 'UTC' });

export function registerRulesTest(rules: Command): void {
  rules
    .command('test')
    .description('run each rule against its positive and negative samples (X.samples.json beside X.yml)')
    .argument('<paths...>', 'rule files or folders (searched recursively for *.yml, *.yaml)')
    .option('--json', 'print the whole report as JSON')
    .option('--require-samples', 'fail when a rule has no samples file')
    .option('--verbose', 'list every sample, not only the failed ones')
    .action((paths: string[], flags: TestFlags, cmd: Command) => {
      const read = readRuleTestInputs(paths);
      if (read.missing.length > 0) {
        throw new BadRequestError(`no such file or folder: ${read.missing.join(', ')}`, read.missing[0]);
      }
      if (read.inputs.length === 0 && read.unreadable.length === 0) {
        throw new BadRequestError(`no Sigma rule files (*.yml, *.yaml) under ${paths.join(', ')}`);
      }
      for (const u of read.unreadable) err(`cannot read ${u}`);
      const { config } = commandContext(cmd.optsWithGlobals<GlobalFlags>());
      const report = runRuleTests(read.inputs, {
        pipelines: loadPipelines(),
        parse,
        placeholders: config.detect.placeholders,
      });
      const s = report.summary;
      const failed =
        s.failed + s.broken + read.unreadable.length > 0 || (flags.requireSamples === true && s.untested > 0);
      if (flags.json) out(JSON.stringify({ ok: !failed, ...report }, null, 2));
      else {
        const cwd = process.cwd();
        for (const r of report.results)
          for (const line of formatResult(r, { verbose: flags.verbose === true, cwd })) out(line);
        out(formatTestSummary(report));
        if (flags.requireSamples && s.untested > 0)
          out(`${s.untested} rule file(s) without samples (--require-samples)`);
      }
      if (failed) process.exitCode = 1;
    });
}
