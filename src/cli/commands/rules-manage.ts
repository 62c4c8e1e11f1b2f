/**
 * `vigil rules import|list|show|enable|disable|delete|reload`: the rule library. With a running
 * server the CLI goes through its API (rules are read locally and uploaded, and the server applies
 * every change without a restart); without one it works on the data directory's state store, and
 * the next start runs the result.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type {
  ImportReport,
  ReloadReport,
  RuleDetail,
  RuleListFilter,
  RuleService,
  RuleSummary,
} from '../../api/rules/schemas.ts';
import { RULE_KINDS, RULE_LEVELS, RULE_STATUSES } from '../../api/rules/schemas.ts';
import { dataPaths } from '../../app/index.ts';
import { RuleManager } from '../../app/rules.ts';
import { BadRequestError, NotFoundError, VigilError } from '../../core/errors.ts';
import { readRuleFolder, readRuleSource, type SourceRead } from '../../detect/library/index.ts';
import { openStateDb } from '../../store/state/index.ts';
import { scopeOf } from '../../store/tenancy.ts';
import { commandContext, err, type GlobalFlags, out } from '../context.ts';
import { findRemote, type Remote } from '../remote.ts';

interface ImportFlags {
  dryRun?: boolean;
  strict?: boolean;
  name?: string;
  json?: boolean;
}

interface ListFlags {
  status?: string;
  level?: string;
  kind?: string;
  enabled?: boolean;
  disabled?: boolean;
  source?: string;
  search?: string;
  tag?: string;
  limit: number;
  offset: number;
  json?: boolean;
}

/** What a command does, whether through the server or on the data directory. */
interface Target {
  where: string;
  list(filter: RuleListFilter): Promise<{ items: RuleSummary[]; total: number }>;
  get(id: string): Promise<RuleDetail>;
  importPath(path: string, opts: { name: string; dryRun: boolean; strict: boolean }): Promise<ImportReport>;
  setEnabled(id: string, enabled: boolean): Promise<RuleSummary>;
  remove(id: string): Promise<void>;
  reload(): Promise<ReloadReport>;
  close(): Promise<void>;
}

const enc = encodeURIComponent;

function remoteTarget(remote: Remote): Target {
  return {
    where: `the running server at ${remote.url}`,
    list: (f) => {
      const p = new URLSearchParams({ limit: String(f.limit), offset: String(f.offset) });
      if (f.statuses) p.set('status', f.statuses.join(','));
      if (f.levels) p.set('level', f.levels.join(','));
      if (f.kind) p.set('kind', f.kind);
      if (f.enabled !== undefined) p.set('enabled', String(f.enabled));
      if (f.source) p.set('source', f.source);
      if (f.text) p.set('q', f.text);
      if (f.tag) p.set('tag', f.tag);
      return remote.request('GET', `/api/v1/rules?${p}`);
    },
    get: (id) => remote.request('GET', `/api/v1/rules/${enc(id)}`),
    async importPath(path, opts) {
      const q = (strict: boolean, dryRun: boolean) =>
        `/api/v1/rules/import?${new URLSearchParams({ name: opts.name, dryRun: String(dryRun), strict: String(strict) })}`;
      const send = async (strict: boolean, dryRun: boolean): Promise<ImportReport> => {
        if (statSync(path).isDirectory()) {
          const read = readRuleFolder(path);
          const report = await remote.request<ImportReport>(
            'POST',
            q(strict, dryRun),
            JSON.stringify({ files: read.files }),
            'application/json',
          );
          return withLocal(report, read);
        }
        if (/\.zip$/i.test(path))
          return remote.request('POST', q(strict, dryRun), readFileSync(path), 'application/zip');
        if (!/\.ya?ml$/i.test(path))
          throw new BadRequestError(`${path} is not a folder, a .zip or a .yml/.yaml file`);
        return remote.request('POST', q(strict, dryRun), readFileSync(path), 'application/yaml');
      };
      if (!opts.strict || opts.dryRun) return send(opts.strict, opts.dryRun);
      // Strict: the server's dry run reports every problem; only a clean one is imported.
      const check = await send(true, true);
      if (check.totals.errors + check.totals.unsupported > 0)
        return { ...check, dryRun: false, committed: false };
      return send(true, false);
    },
    setEnabled: (id, enabled) =>
      remote.request('PATCH', `/api/v1/rules/${enc(id)}`, JSON.stringify({ enabled }), 'application/json'),
    async remove(id) {
      await remote.request('DELETE', `/api/v1/rules/${enc(id)}`);
    },
    reload: () => remote.request('POST', '/api/v1/rules/reload'),
    close: async () => undefined,
  };
}

/** Problems of the local read (a folder is read here, then uploaded as files) join the server's. */
function withLocal(report: ImportReport, read: SourceRead): ImportReport {
  const problems = read.problems.map((p) => ({ file: p.path, reason: p.reason }));
  return {
    ...report,
    problems: [...problems, ...report.problems],
    ignored: report.ignored + read.ignored,
    totals: { ...report.totals, errors: report.totals.errors + problems.length },
  };
}

async function localTarget(flags: GlobalFlags): Promise<Target> {
  const { config, logger } = commandContext(flags);
  const db = await openStateDb({ path: dataPaths(config.dataDir).state });
  const service: RuleService = new RuleManager(db, config, logger);
  const tenants = scopeOf([config.tenant]);
  const found = <T>(v: T | undefined, id: string): T => {
    if (v === undefined) throw new NotFoundError(`no rule ${id}`);
    return v;
  };
  return {
    where: `the data directory ${config.dataDir}`,
    list: (f) => service.list(tenants, f),
    get: async (id) => found(await service.get(tenants, id), id),
    importPath: (path, opts) =>
      service.importFiles(tenants, config.tenant, readRuleSource(path), {
        source: `import:${opts.name}`,
        dryRun: opts.dryRun,
        strict: opts.strict,
      }),
    setEnabled: async (id, enabled) => found(await service.setEnabled(tenants, id, enabled), id),
    async remove(id) {
      const r = await service.remove(tenants, id);
      if (r === 'missing') throw new NotFoundError(`no rule ${id}`);
      if (r === 'global')
        throw new VigilError(
          'conflict',
          `rule ${id} is a built-in rule; disable it instead (or remove its file)`,
        );
    },
    reload: () => service.reload(),
    close: () => db.destroy(),
  };
}

async function withTarget<T>(rules: Command, run: (t: Target) => Promise<T>): Promise<T> {
  const flags = (rules.parent ?? rules).opts<GlobalFlags>();
  const { config } = commandContext(flags);
  const remote = findRemote(config.dataDir);
  const target = remote ? remoteTarget(remote) : await localTarget(flags);
  try {
    return await run(target);
  } finally {
    await target.close();
  }
}

function splitList<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const i of items)
    if (!(allowed as readonly string[]).includes(i))
      throw new BadRequestError(`${flag}: "${i}" is not one of ${allowed.join(', ')}`, flag);
  return items as T[];
}

function printImport(r: ImportReport, path: string): void {
  const mode = r.dryRun ? ' (dry run: nothing written)' : r.committed ? '' : ' (strict: nothing written)';
  for (const f of r.files) {
    for (const id of f.imported) out(`imported   ${f.path}  ${id}`);
    for (const id of f.updated) out(`updated    ${f.path}  ${id}`);
    for (const e of f.errors)
      err(`error: ${e.file}:${e.line}:${e.column}: ${e.reason}${e.ruleId ? ` [${e.ruleId}]` : ''}`);
    for (const e of f.unsupported)
      err(
        `unsupported (stored, will not run): ${e.file}:${e.line}: ${e.reason}${e.ruleId ? ` [${e.ruleId}]` : ''}`,
      );
  }
  for (const p of r.problems) err(`error: ${p.file}: ${p.reason}`);
  const t = r.totals;
  err(
    `${path} as ${r.source}: ${t.imported} imported, ${t.updated} updated, ${t.unchanged} unchanged, ${t.errors} errors, ${t.unsupported} unsupported, ${r.ignored} other files ignored${mode}`,
  );
  if (r.reload?.detecting)
    err(
      r.reload.pending
        ? 'the pipeline has not loaded the new rules yet; they apply when it does'
        : `running ${r.reload.loaded} rules (${r.reload.failed.length} could not load)`,
    );
}

function printList(items: RuleSummary[], total: number, offset: number): void {
  out(
    [
      'ID'.padEnd(38),
      'ON ',
      'STATUS      ',
      'LEVEL        ',
      'HITS'.padStart(7),
      '  LAST HIT                ',
      'TITLE',
    ].join(' '),
  );
  for (const r of items) {
    out(
      [
        r.id.padEnd(38),
        r.enabled ? 'on ' : 'off',
        (r.status ?? '-').padEnd(12),
        (r.level ?? '-').padEnd(13),
        String(r.stats.hits).padStart(7),
        ` ${(r.stats.lastHitAt ?? '-').padEnd(25)}`,
        r.kind === 'rule' ? r.title : `${r.title} (${r.kind})`,
      ].join(' '),
    );
  }
  err(`${items.length} of ${total} rules${offset > 0 ? ` from ${offset}` : ''}`);
}

function printRule(r: RuleDetail): void {
  const lines: [string, string][] = [
    ['id', r.id],
    ['title', r.title],
    ['kind', r.kind],
    ['status', r.status ?? '-'],
    ['level', r.level ?? '-'],
    ['tags', r.tags.join(', ') || '-'],
    ['enabled', String(r.enabled)],
    ['running', String(r.running)],
    ['scope', r.scope],
    ['source', `${r.source} ${r.path}:${r.line}`],
    ['hits', String(r.stats.hits)],
    ['last hit', r.stats.lastHitAt ?? '-'],
    ['time', `${r.stats.timeMs} ms`],
    ['updated', r.updatedAt],
  ];
  if (r.loadError)
    lines.push(['load error', `${r.loadError.file}:${r.loadError.line}: ${r.loadError.reason}`]);
  for (const [k, v] of lines) out(`${`${k}:`.padEnd(12)}${v}`);
  out('');
  out(r.yaml.trimEnd());
}

export function registerRulesManage(rules: Command): void {
  rules
    .command('import <path>')
    .description('import rules from a folder, a .zip or a .yml/.yaml file (applied without a restart)')
    .option('--dry-run', 'check and classify only; nothing is written')
    .option('--strict', 'import nothing when any document has an error or cannot run')
    .option('--name <name>', 'name of the import (its source becomes import:<name>; default: the file name)')
    .option('--json', 'print the full result as JSON')
    .action(async (path: string, flags: ImportFlags) => {
      const name = flags.name ?? (basename(path.replace(/[/\\]+$/, '')) || 'rules');
      const { r, where } = await withTarget(rules, async (t) => ({
        r: await t.importPath(path, { name, dryRun: flags.dryRun ?? false, strict: flags.strict ?? false }),
        where: t.where,
      }));
      if (flags.json) out(JSON.stringify(r));
      else printImport(r, `${path} into ${where}`);
      if (r.totals.errors > 0 || (!r.committed && !r.dryRun)) process.exitCode = 1;
    });

  rules
    .command('list')
    .description('list rules with their hits and last hit')
    .option('--status <list>', `comma-separated: ${RULE_STATUSES.join(', ')}`)
    .option('--level <list>', `comma-separated: ${RULE_LEVELS.join(', ')}`)
    .option('--kind <kind>', RULE_KINDS.join(', '))
    .option('--enabled', 'only enabled rules')
    .option('--disabled', 'only disabled rules')
    .option('--source <source>', 'e.g. builtin:rules/starter or import:team.zip')
    .option('--search <text>', 'text in the title')
    .option('--tag <tag>', 'an exact tag, e.g. attack.t1059.001')
    .option('--limit <n>', 'most rules to print', Number, 100)
    .option('--offset <n>', 'skip this many', Number, 0)
    .option('--json', 'one JSON object per rule')
    .action(async (flags: ListFlags) => {
      if (flags.enabled && flags.disabled)
        throw new BadRequestError('--enabled and --disabled exclude each other');
      const kind = splitList(flags.kind, RULE_KINDS, '--kind')?.[0];
      const statuses = splitList(flags.status, RULE_STATUSES, '--status');
      const levels = splitList(flags.level, RULE_LEVELS, '--level');
      const filter: RuleListFilter = {
        limit: flags.limit,
        offset: flags.offset,
        ...(statuses ? { statuses } : {}),
        ...(levels ? { levels } : {}),
        ...(kind ? { kind } : {}),
        ...(flags.enabled ? { enabled: true } : flags.disabled ? { enabled: false } : {}),
        ...(flags.source ? { source: flags.source } : {}),
        ...(flags.search ? { text: flags.search } : {}),
        ...(flags.tag ? { tag: flags.tag } : {}),
      };
      const r = await withTarget(rules, (t) => t.list(filter));
      if (flags.json) for (const item of r.items) out(JSON.stringify(item));
      else printList(r.items, r.total, flags.offset);
    });

  rules
    .command('show <id>')
    .description('show a rule: metadata, counters, load error, YAML')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { json?: boolean }) => {
      const r = await withTarget(rules, (t) => t.get(id));
      if (flags.json) out(JSON.stringify(r));
      else printRule(r);
    });

  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    rules
      .command(`${name} <id>`)
      .description(`${name} a rule (applied without a restart)`)
      .action(async (id: string) => {
        const r = await withTarget(rules, (t) => t.setEnabled(id, enabled));
        out(`${enabled ? 'enabled' : 'disabled'} ${r.id}  ${r.title}`);
      });
  }

  rules
    .command('delete <id>')
    .description('delete an imported rule (built-in rules can only be disabled)')
    .action(async (id: string) => {
      await withTarget(rules, (t) => t.remove(id));
      out(`deleted ${id}`);
    });

  rules
    .command('reload')
    .description('reload the running rule set from the rule library')
    .action(async () => {
      const r = await withTarget(rules, (t) => t.reload());
      if (!r.detecting) out('no running server with detection on; the next start loads the library');
      else
        out(
          `running ${r.loaded} rules, ${r.correlations} correlations, ${r.filters} filters; ${r.failed.length} could not load`,
        );
      for (const f of r.failed) err(`skipped: ${f.file}:${f.line}:${f.column}: ${f.reason} [${f.ruleId}]`);
    });
}
