/**
 * `vigil rules hunt RULE --since 7d`: run a Sigma rule file over the stored events, with the
 * meaning the detection engine gives it. Through the running server (`POST /api/v1/rules/hunt`),
 * or straight from the event store file when none runs. `expand` placeholders take the values of
 * `detect.placeholders`: the server's configuration through the server, else this command's.
 * Matches go to stdout (a line each, or NDJSON with `--json`), the summary to stderr.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type HuntBody, parseHuntRule } from '../../api/detections/hunt.ts';
import { dataPaths } from '../../app/index.ts';
import { BadRequestError } from '../../core/errors.ts';
import { resolveTimeRange } from '../../core/time-range.ts';
import { type HuntResult, openEventStore } from '../../store/events/index.ts';
import { commandContext, err, type GlobalFlags, out } from '../context.ts';
import { findRemote } from '../remote.ts';
import { summary } from './search.ts';

interface HuntFlags {
  since: string;
  until: string;
  limit: number;
  cursor?: string;
  json?: boolean;
}

function readRule(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new BadRequestError(
      `cannot read the rule file ${file}: ${e instanceof Error ? e.message : String(e)}`,
      file,
    );
  }
}

function print(r: HuntResult, flags: HuntFlags): void {
  for (const e of r.events) out(flags.json ? JSON.stringify(e) : summary(e));
  const more = r.nextCursor ? `; more: --cursor ${r.nextCursor}` : '';
  err(
    `${r.count} events match "${r.rule.title}" (${r.rule.id}) from ${r.from} to ${r.to}; ` +
      `${r.events.length} shown, newest first, in ${r.tookMs} ms${more}`,
  );
}

export function registerRulesHunt(rules: Command): void {
  rules
    .command('hunt')
    .argument('<rule>', 'a Sigma rule file (YAML, one detection rule)')
    .description('find the stored events a Sigma rule matches (as the detection engine would match them)')
    .option('--since <time>', 'start: 7d, now-24h, ISO 8601, epoch', '24h')
    .option('--until <time>', 'end: now, ISO 8601, epoch', 'now')
    .option('--limit <n>', 'most events to print', Number, 20)
    .option('--cursor <c>', 'continue after a previous page')
    .option('--json', 'print events as NDJSON')
    .action(async (file: string, flags: HuntFlags) => {
      const { config } = commandContext((rules.parent ?? rules).opts<GlobalFlags>());
      const text = readRule(file);
      const rule = parseHuntRule(text, file);
      const remote = findRemote(config.dataDir);
      if (remote) {
        const body: Partial<HuntBody> = {
          rule: text,
          file,
          since: flags.since,
          to: flags.until,
          limit: flags.limit,
          ...(flags.cursor ? { cursor: flags.cursor } : {}),
        };
        print(await remote.request<HuntResult>('POST', '/api/v1/rules/hunt', JSON.stringify(body)), flags);
        return;
      }
      const store = await openEventStore({
        path: dataPaths(config.dataDir).events,
        retentionDays: config.store.retentionDays,
        maxScanRows: config.store.maxScanRows,
        queryTimeoutMs: config.store.queryTimeoutMs,
      });
      try {
        const result = await store.huntSigma({
          tenants: [config.tenant],
          rule,
          ...resolveTimeRange(flags.since, flags.until),
          limit: flags.limit,
          ...(flags.cursor ? { cursor: flags.cursor } : {}),
          placeholders: config.detect.placeholders,
        });
        print(result, flags);
      } finally {
        await store.close();
      }
    });
}
