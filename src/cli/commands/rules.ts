/**
 * `vigil rules run`: evaluate Sigma rules over a file of events, for detection engineers and CI.
 * Rules that cannot load or compile are listed on stderr with their reason and skipped
 * (`--strict` makes that an error), so a whole rule repository can be pointed at as it is.
 * `expand` placeholders take the configured values (`detect.placeholders` of the config file,
 * `--config` or `<data>/vigil.yaml`, and `VIGIL_*`), as the server's detection does.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { BadRequestError, VigilError } from '../../core/errors.ts';
import { FORMATS, isFormat } from '../../core/event.ts';
import { compileRules, loadPipelines, loadSigmaDirectory, RuleSet } from '../../detect/index.ts';
import { parseEvent } from '../../ingest/index.ts';
import { commandContext, err, type GlobalFlags, out } from '../context.ts';
import { registerRulesHunt } from './rules-hunt.ts';
import { registerRulesLint } from './rules-lint.ts';
import { registerRulesManage } from './rules-manage.ts';
import { registerRulesTest } from './rules-test.ts';

interface RunFlags {
  rules: string;
  events: string;
  format: string;
  json?: boolean;
  strict?: boolean;
}

export function rulesCommand(program: Command): void {
  const rules = program.command('rules').description('detection rules (Sigma)');
  registerRulesManage(rules);
  registerRulesTest(rules);
  registerRulesLint(rules);
  registerRulesHunt(rules);
  rules
    .command('run')
    .description('evaluate Sigma rules over an events file (one event per line, any supported format)')
    .requiredOption('--rules <dir>', 'folder of Sigma rules (searched recursively)')
    .requiredOption('--events <file>', 'events, one per line')
    .option('--format <format>', `format of the lines: ${FORMATS.join(', ')}`, 'auto')
    .option('--json', 'one JSON line per match: {"rule_id","title","event_index"}')
    .option('--strict', 'fail when any rule cannot be loaded or compiled')
    .action(async (flags: RunFlags, cmd: Command) => {
      if (!isFormat(flags.format)) throw new BadRequestError(`unknown format "${flags.format}"`, '--format');
      const { config } = commandContext(cmd.optsWithGlobals<GlobalFlags>());
      const started = performance.now();
      const loaded = loadSigmaDirectory(flags.rules);
      const { compiled, failed } = compileRules(loaded.rules, loadPipelines(), {
        placeholders: config.detect.placeholders,
      });
      const problems = [
        ...loaded.errors.map((e) => e.message),
        ...failed.map((f) => `${f.file}:${f.line}: ${f.reason}`),
      ];
      for (const p of problems) err(`skipped: ${p}`);
      if (flags.strict && problems.length > 0) {
        throw new VigilError(
          'bad_request',
          `${problems.length} rule(s) could not be loaded or compiled (--strict)`,
        );
      }
      const ruleSet = new RuleSet(compiled);
      const lines = createInterface({
        input: createReadStream(flags.events),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      let index = -1;
      let matches = 0;
      let rejected = 0;
      const received = Date.now();
      for await (const line of lines) {
        index++;
        if (line.trim() === '') continue;
        const parsed = parseEvent(line, flags.format, { received, assumeTimeZone: 'UTC' });
        if (!parsed.ok) {
          rejected++;
          err(`line ${index + 1}: not parsed: ${parsed.reason}`);
          continue;
        }
        for (const hit of ruleSet.match(parsed.event)) {
          matches++;
          out(
            flags.json
              ? JSON.stringify({ rule_id: hit.rule.id, title: hit.rule.title, event_index: index })
              : `${index}\t${hit.rule.level ?? '-'}\t${hit.rule.title}\t${hit.fields.map((f) => `${f.field}=${String(f.value)}`).join(' ')}`,
          );
        }
      }
      const seconds = (performance.now() - started) / 1000;
      err(
        `${compiled.length} rules compiled, ${problems.length} skipped; ${index + 1} lines, ${rejected} not parsed; ${matches} matches in ${seconds.toFixed(2)} s`,
      );
    });
}
