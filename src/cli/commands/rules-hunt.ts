/**
 * `vigil rules hunt RULE --since 7d`: run a Sigma rule file over the stored events, with the
 * meaning the detection engine gives it; `vigil rules hunt --id RULE_ID` runs a rule of the
 * library as live detection runs it (with the filters folded in that live detection folds in).
 * Through the running server (`POST /api/v1/rules/hunt`), or straight from the data directory's
 * stores when none runs. `expand` placeholders take the values of
 * `detect.placeholders`: the server's configuration through the server, else this command's.
 * Matches go to stdout (a line each, or NDJSON with `--json`), the summary to stderr.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type HuntBody, parseHuntRule } from '../../api/detections/hunt.ts';
import { dataPaths } from '../../app/index.ts';
import { RuleManager } from '../../app/rules.ts';
import type { VigilConfig } from '../../config/index.ts';
import { BadRequestError, NotFoundError } from '../../core/errors.ts';
import { resolveTimeRange } from '../../core/time-range.ts';
import { createLogger } from '../../ops/index.ts';
import { type HuntResult, openEventStore } from '../../store/events/index.ts';
import { openStateDb } from '../../store/state/index.ts';
import { scopeOf, type TenantScope } from '../../store/tenancy.ts';
import { commandContext, err, type GlobalFlags, out } from '../context.ts';
import { findRemote } from '../remote.ts';
import { summary } from './search.ts';

interface HuntFlags {
  id?: string;
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
    .argument('[rule]', 'a Sigma rule file (YAML, one detection rule); or give --id')
    .description('find the stored events a Sigma rule matches (as the detection engine would match them)')
    .option(
      '--id <ruleId>',
      'a rule of the library, hunted as live detection runs it (its filters folded in)',
    )
    .option('--since <time>', 'start: 7d, now-24h, ISO 8601, epoch', '24h')
    .option('--until <time>', 'end: now, ISO 8601, epoch', 'now')
    .option('--limit <n>', 'most events to print', Number, 20)
    .option('--cursor <c>', 'continue after a previous page')
    .option('--json', 'print events as NDJSON')
    .action(async (file: string | undefined, flags: HuntFlags) => {
      const { config } = commandContext((rules.parent ?? rules).opts<GlobalFlags>());
      if ((file === undefined) === (flags.id === undefined))
        throw new BadRequestError('give a rule file or --id RULE_ID, one of them', 'rule');
      const text = file === undefined ? undefined : readRule(file);
      const rule = text === undefined || file === undefined ? undefined : parseHuntRule(text, file);
      const page = {
        ...resolveTimeRange(flags.since, flags.until),
        limit: flags.limit,
        ...(flags.cursor ? { cursor: flags.cursor } : {}),
      };
      const remote = findRemote(config.dataDir);
      if (remote) {
        const body: Partial<HuntBody> = {
          ...(text === undefined || file === undefined ? { ruleId: flags.id } : { rule: text, file }),
          since: flags.since,
          to: flags.until,
          limit: flags.limit,
          ...(flags.cursor ? { cursor: flags.cursor } : {}),
        };
        print(await remote.request<HuntResult>('POST', '/api/v1/rules/hunt', JSON.stringify(body)), flags);
        return;
      }
      const tenants = scopeOf([config.tenant]);
      const hunted =
        rule !== undefined ? { rule, tenants } : await libraryVariant(config, tenants, flags.id as string);
      const store = await openEventStore({
        path: dataPaths(config.dataDir).events,
        retentionDays: config.store.retentionDays,
        maxScanRows: config.store.maxScanRows,
        queryTimeoutMs: config.store.queryTimeoutMs,
      });
      try {
        const result = await store.huntSigma({
          tenants: hunted.tenants,
          rule: hunted.rule,
          ...page,
          placeholders: config.detect.placeholders,
        });
        print(result, flags);
      } finally {
        await store.close();
      }
    });
}

/** The variant of library rule `id` this installation's tenant runs (read from the state store). */
async function libraryVariant(config: VigilConfig, tenants: TenantScope, id: string) {
  const db = await openStateDb({ path: dataPaths(config.dataDir).state });
  try {
    const variants = await new RuleManager(db, config, createLogger('silent')).ruleVariants(tenants, id);
    const [variant] = variants ?? [];
    if (variants === undefined) throw new NotFoundError(`no rule "${id}" in the library`);
    if (variant === undefined)
      throw new BadRequestError(`rule "${id}" does not run for tenant ${config.tenant}`, 'id');
    if (variant.filters.length > 0)
      err(`filters folded in, as live detection runs the rule: ${variant.filters.join(', ')}`);
    return variant;
  } finally {
    await db.destroy();
  }
}
