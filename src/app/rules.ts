/**
 * The rule library, wired: the state store holds the rules; configured folders (the starter pack,
 * `<dataDir>/rules`, `detect.ruleDirs`) are synced into it at start as global built-in rules; the
 * enabled rules that pass `detect.statuses` / `detect.minLevel` are sent to the pipeline worker
 * with the values of `expand`'s placeholders (`detect.placeholders`, which imports are checked
 * with too; like the rest of the config, read at start), and every change (import,
 * enable/disable, delete, an explicit reload) sends the new set, which the worker swaps in
 * between batches. Per-rule counters come back with each committed batch.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type AuditBy, clientFields, NO_CLIENT, SYSTEM_ACTOR } from '../access/index.ts';
import type { HuntRuleVariant } from '../api/detections/hunt.ts';
import type {
  ImportError,
  ImportFile,
  ImportReport,
  ReloadReport,
  RuleDetail,
  RuleListFilter,
  RuleService,
  RuleSummary,
} from '../api/rules/schemas.ts';
import type { VigilConfig } from '../config/index.ts';
import { BadRequestError } from '../core/errors.ts';
import { loadPipelines, type Pipelines } from '../detect/index.ts';
import { loadRuleDocument, readRuleFolder, type SourceRead, splitRuleFile } from '../detect/library/index.ts';
import type { Logger, Metrics } from '../ops/index.ts';
import { Pipeline, type PipelineOptions } from '../pipeline/index.ts';
import type { RuleDoc, RuleLoadFailure, RuleStat, RulesLoaded } from '../pipeline/messages.ts';
import { ruleVariants } from '../pipeline/rule-variants.ts';
import {
  appendAudit,
  deleteRule,
  getRule,
  importRules,
  listRules,
  type RuleInput,
  type RuleToRun,
  type RuleWithStats,
  ruleVersions,
  runningFilters,
  type StateDb,
  setRuleEnabled,
  type TenantScope,
} from '../store/state/index.ts';
import {
  addRuleStats,
  removeGlobalSourcesExcept,
  rulesToRun,
  syncSourceRules,
  tenantRuleIds,
} from '../store/state/system.ts';
import { scopeOf } from '../store/tenancy.ts';

import { pipelineOptions, STARTER_RULES } from './pipeline-options.ts';

/** Changes made by Vigil itself (folder sync, the local CLI without a user). */
const SYSTEM_BY: AuditBy = { actor: SYSTEM_ACTOR, client: NO_CLIENT };

const STARTER_SOURCE = 'builtin:rules/starter';
const FOLDER_PREFIXES = ['builtin:', 'folder:'];
/** How long a change waits for the worker to load the new set before answering anyway. */
const RELOAD_WAIT_MS = 30_000;

/** The folders synced as built-in rules, with their source names. */
export function ruleFolders(config: VigilConfig): { source: string; dir: string }[] {
  return [
    ...(config.detect.starterRules ? [{ source: STARTER_SOURCE, dir: STARTER_RULES }] : []),
    { source: 'folder:<dataDir>/rules', dir: join(config.dataDir, 'rules') },
    ...config.detect.ruleDirs.map((dir) => ({ source: `folder:${dir}`, dir })),
  ];
}

const key = (tenant: string | null, id: string) => `${tenant ?? ''}\0${id}`;

/** Gives the event loop a turn now and then during long synchronous work (big imports). */
function yielder(everyMs = 20): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < everyMs) return;
    await new Promise((r) => setImmediate(r));
    last = performance.now();
  };
}

function toInput(doc: ReturnType<typeof splitRuleFile>['documents'][number]): RuleInput {
  return {
    id: doc.id,
    kind: doc.kind,
    title: doc.title,
    status: doc.status,
    level: doc.level,
    tags: doc.tags,
    path: doc.path,
    line: doc.line,
    yaml: doc.text,
  };
}

/** A library record as the pipeline's rule document. */
function toDoc(r: RuleToRun): RuleDoc {
  return {
    id: r.id,
    tenant: r.tenant,
    kind: r.kind,
    file: `${r.source}/${r.path}`,
    line: r.line,
    text: r.yaml,
  };
}

export class RuleManager implements RuleService {
  private pipeline: Pipeline | null = null;
  private readonly pipelines: Pipelines = loadPipelines();
  private loadErrors = new Map<string, RuleLoadFailure>();
  private running = new Set<string>();
  /** The documents last handed to the pipeline. */
  private sent: readonly RuleDoc[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: StateDb,
    private readonly config: VigilConfig,
    private readonly logger: Logger,
  ) {}

  /** Syncs the configured folders into the library (global rules); folders no longer configured are dropped. */
  async syncFolders(): Promise<void> {
    const at = new Date().toISOString();
    const folders = ruleFolders(this.config);
    for (const { source, dir } of folders) {
      let read: SourceRead = { files: [], ignored: 0, problems: [] };
      if (existsSync(dir)) {
        try {
          read = readRuleFolder(dir);
        } catch (e) {
          this.logger.error({ err: e, dir }, 'rule folder not synced; its rules stay as they were');
          continue;
        }
      }
      for (const p of read.problems)
        this.logger.warn({ problem: `${join(dir, p.path)}: ${p.reason}` }, 'detection rule skipped');
      const items: RuleInput[] = [];
      for (const file of read.files) {
        const split = splitRuleFile(file, source);
        for (const e of split.errors)
          this.logger.warn(
            { problem: `${join(dir, e.file)}:${e.line}:${e.column}: ${e.reason}` },
            'detection rule skipped',
          );
        items.push(...split.documents.map(toInput));
      }
      const r = await syncSourceRules(this.db, source, items, at);
      for (const c of r.conflicts)
        this.logger.warn(
          { ruleId: c.id, dir, keptFrom: c.source },
          'rule id defined twice; the first source keeps it',
        );
      if (r.added.length + r.updated.length + r.removed.length > 0)
        this.logger.info(
          { source, added: r.added.length, updated: r.updated.length, removed: r.removed.length },
          'rule folder synced',
        );
    }
    await removeGlobalSourcesExcept(
      this.db,
      folders.map((f) => f.source),
      FOLDER_PREFIXES,
    );
  }

  /** The documents the pipeline should run now (remembered as the ones sent). */
  async runningDocs(): Promise<RuleDoc[]> {
    const rows = await rulesToRun(this.db, {
      statuses: this.config.detect.statuses,
      minLevel: this.config.detect.minLevel,
    });
    const owners = new Map<string, string[]>();
    for (const r of await tenantRuleIds(this.db)) owners.set(r.id, [...(owners.get(r.id) ?? []), r.tenant]);
    const docs = rows.map((r): RuleDoc => {
      const except = r.tenant === null ? owners.get(r.id) : undefined;
      return { ...toDoc(r), ...(except ? { exceptTenants: except } : {}) };
    });
    this.sent = docs;
    return docs;
  }

  /**
   * The variants of library rule `id` that the scope's tenants run (`pipeline/rule-variants.ts`):
   * each tenant's own copy or the global rule, with the filters live detection folds in for it.
   * Undefined when the scope sees no rule of that id; a BadRequestError naming file and line when
   * its document is not a detection rule that parses.
   */
  async ruleVariants(tenants: TenantScope, id: string): Promise<HuntRuleVariant[] | undefined> {
    const versions = await ruleVersions(this.db, tenants, id);
    if (versions.length === 0) return undefined;
    const filters = await runningFilters(this.db, tenants, {
      statuses: this.config.detect.statuses,
      minLevel: this.config.detect.minLevel,
    });
    const r = ruleVariants(id, versions.map(toDoc), filters.map(toDoc), tenants, this.pipelines);
    if ('error' in r) {
      const at = `${r.error.doc.file}:${r.error.line}`;
      throw new BadRequestError(`${at}:${r.error.column}: ${r.error.reason}`, at);
    }
    // each variant's tenants are some of the scope's: its scope narrows the caller's
    return r.variants.map((v) => ({ rule: v.rule, filters: v.filters, tenants: scopeOf(v.tenants) }));
  }

  /** Connects the running pipeline: reloads go to it, its load results and counters come back here. */
  attach(pipeline: Pipeline): void {
    this.pipeline = pipeline;
  }

  /** What the worker loaded (at start, at each reload, after a restart): kept for `get`. */
  onRulesLoaded(loaded: RulesLoaded): void {
    this.loadErrors = new Map(loaded.failed.map((f) => [key(f.tenant, f.ruleId), f]));
    this.running = new Set(this.sent.map((d) => key(d.tenant, d.id)).filter((k) => !this.loadErrors.has(k)));
  }

  recordStats(stats: RuleStat[]): Promise<void> {
    return addRuleStats(this.db, stats, new Date().toISOString()).catch((e: unknown) =>
      this.logger.error({ err: e }, 'storing rule counters failed'),
    );
  }

  reload(): Promise<ReloadReport> {
    // One reload at a time, in order: the last one sends the newest state of the library.
    const next = this.chain.then(() => this.reloadNow());
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async reloadNow(): Promise<ReloadReport> {
    const idle = {
      detecting: false,
      version: 0,
      loaded: 0,
      correlations: 0,
      filters: 0,
      failed: [],
      ms: 0,
      pending: false,
    };
    const pipeline = this.pipeline;
    if (!pipeline?.detecting) return idle;
    const docs = await this.runningDocs();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((r) => {
      timer = setTimeout(() => r(null), RELOAD_WAIT_MS);
    });
    const loaded = await Promise.race([
      pipeline.loadRules(docs, this.config.detect.placeholders),
      timeout,
    ]).finally(() => clearTimeout(timer));
    if (!loaded) return { ...idle, detecting: true, pending: true };
    const { version, correlations, filters, ms } = loaded;
    const failed = loaded.failed.map(({ tenant: _t, ...f }) => f);
    return {
      detecting: true,
      version,
      loaded: loaded.loaded,
      correlations,
      filters,
      failed,
      ms,
      pending: false,
    };
  }

  private summary(r: RuleWithStats): RuleSummary {
    return {
      id: r.id,
      kind: r.kind,
      title: r.title,
      status: r.status,
      level: r.level,
      tags: r.tags,
      scope: r.tenant === null ? 'global' : 'tenant',
      source: r.source,
      path: r.path,
      enabled: r.enabled,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      stats: r.stats,
    };
  }

  async list(tenants: TenantScope, filter: RuleListFilter) {
    const r = await listRules(this.db, tenants, filter);
    return { items: r.items.map((x) => this.summary(x)), total: r.total };
  }

  async get(tenants: TenantScope, id: string): Promise<RuleDetail | undefined> {
    const r = await getRule(this.db, tenants, id);
    if (!r) return undefined;
    const k = key(r.tenant, r.id);
    const e = this.loadErrors.get(k);
    return {
      ...this.summary(r),
      line: r.line,
      yaml: r.yaml,
      running: this.running.has(k),
      loadError: e ? { file: e.file, line: e.line, column: e.column, reason: e.reason } : null,
    };
  }

  async setEnabled(
    tenants: TenantScope,
    id: string,
    enabled: boolean,
    by: AuditBy = SYSTEM_BY,
  ): Promise<RuleSummary | undefined> {
    const r = await setRuleEnabled(this.db, tenants, id, enabled, new Date().toISOString());
    if (!r) return undefined;
    await this.audit(by, tenants[0] ?? null, enabled ? 'rule.enable' : 'rule.disable', id, {
      before: { enabled: !enabled },
      after: { enabled },
    });
    await this.reload();
    return this.summary(r);
  }

  async remove(tenants: TenantScope, id: string, by: AuditBy = SYSTEM_BY) {
    const r = await deleteRule(this.db, tenants, id);
    if (r === 'deleted') {
      await this.audit(by, tenants[0] ?? null, 'rule.delete', id, {});
      await this.reload();
    }
    return r;
  }

  /** Appends the audit entry of a change to the library (after it is stored). */
  private async audit(
    by: AuditBy,
    tenant: string | null,
    action: string,
    id: string,
    change: { before?: unknown; after?: unknown; details?: unknown },
  ): Promise<void> {
    await appendAudit(this.db, {
      tenant,
      actor: by.actor,
      action,
      target: { type: 'rule', id },
      outcome: 'success',
      ...clientFields(by.client),
      ...change,
    });
  }

  async importFiles(
    tenants: TenantScope,
    tenant: string,
    read: SourceRead,
    opts: { source: string; dryRun: boolean; strict: boolean },
    by: AuditBy = SYSTEM_BY,
  ): Promise<ImportReport> {
    const pause = yielder();
    const files: ImportFile[] = [];
    const fileOf = new Map<string, ImportFile>();
    const seen = new Map<string, string>();
    const inputs: RuleInput[] = [];
    for (const file of read.files) {
      await pause();
      const result: ImportFile = {
        path: file.path,
        imported: [],
        updated: [],
        unchanged: [],
        errors: [],
        unsupported: [],
      };
      files.push(result);
      const split = splitRuleFile(file, opts.source);
      for (const e of split.errors)
        result.errors.push({
          file: e.file,
          line: e.line,
          column: e.column,
          reason: e.reason,
          ...(e.ruleId !== undefined ? { ruleId: e.ruleId } : {}),
        });
      for (const doc of split.documents) {
        const at = `${doc.path}:${doc.line}`;
        const first = seen.get(doc.id);
        if (first !== undefined) {
          result.errors.push({
            file: doc.path,
            line: doc.line,
            column: 1,
            reason: `rule id ${doc.id} is also defined at ${first}`,
            ruleId: doc.id,
          });
          continue;
        }
        seen.set(doc.id, at);
        const check = loadRuleDocument({ file: doc.path, line: doc.line, text: doc.text }, this.pipelines, {
          placeholders: this.config.detect.placeholders,
        });
        if (!check.ok) {
          const e: ImportError = {
            file: doc.path,
            line: check.line,
            column: check.column,
            reason: check.reason,
            ruleId: doc.id,
          };
          if (check.stage === 'parse') {
            result.errors.push(e);
            continue;
          }
          result.unsupported.push(e);
        }
        inputs.push(toInput(doc));
        fileOf.set(doc.id, result);
      }
    }
    const count = (f: (x: ImportFile) => unknown[]) => files.reduce((n, x) => n + f(x).length, 0);
    const errors = count((f) => f.errors) + read.problems.length;
    const unsupported = count((f) => f.unsupported);
    const commit = !opts.dryRun && !(opts.strict && errors + unsupported > 0);
    const outcome = await importRules(
      this.db,
      tenants,
      tenant,
      opts.source,
      inputs,
      new Date().toISOString(),
      {
        dryRun: !commit,
      },
    );
    for (const [list, ids] of [
      ['imported', outcome.imported],
      ['updated', outcome.updated],
      ['unchanged', outcome.unchanged],
    ] as const)
      for (const id of ids) fileOf.get(id)?.[list].push(id);
    const changed = outcome.imported.length + outcome.updated.length > 0;
    if (commit && changed)
      await this.audit(by, tenant, 'rule.import', opts.source, {
        after: { imported: outcome.imported, updated: outcome.updated },
        details: { source: opts.source, files: read.files.length },
      });
    return {
      source: opts.source,
      dryRun: opts.dryRun,
      strict: opts.strict,
      committed: commit,
      files,
      problems: read.problems.map((p) => ({ file: p.path, reason: p.reason })),
      ignored: read.ignored,
      totals: {
        imported: outcome.imported.length,
        updated: outcome.updated.length,
        unchanged: outcome.unchanged.length,
        errors,
        unsupported,
      },
      reload: commit && changed ? await this.reload() : null,
    };
  }
}

/**
 * Syncs the rule folders, starts the pipeline with the library's running rule set, and connects
 * the two. The server and the CLI's local ingest both start their pipeline this way.
 */
export async function startRulePipeline(
  db: StateDb,
  config: VigilConfig,
  logger: Logger,
  metrics: Metrics,
  onFindings: PipelineOptions['onFindings'],
  hookModules: string[] = [],
): Promise<{ pipeline: Pipeline; rules: RuleManager }> {
  const rules = new RuleManager(db, config, logger.child({ component: 'rules' }));
  await rules.syncFolders();
  const detect = config.detect.enabled
    ? { version: 1, docs: await rules.runningDocs(), placeholders: config.detect.placeholders }
    : null;
  const pipeline = await Pipeline.start({
    ...pipelineOptions(config, logger, metrics, onFindings, hookModules),
    detect,
    onRuleStats: (stats) => void rules.recordStats(stats),
    onRulesLoaded: (loaded) => rules.onRulesLoaded(loaded),
  });
  rules.attach(pipeline);
  return { pipeline, rules };
}
