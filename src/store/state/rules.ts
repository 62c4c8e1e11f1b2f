/**
 * The rule library in the state store: Sigma rules, correlations and filters with their YAML,
 * their source, and an `enabled` flag; plus per-rule counters. Rules from configured folders are
 * global (`tenant` null) and synced from disk; imported rules belong to the importer's tenant and
 * take precedence over a global rule of the same id for that tenant. A tenant that turns a global
 * rule off (or on) gets its own copy with that flag (an override, kept in step with the folder by
 * `rules-system.ts`): the global rule stays as it is for every other tenant.
 *
 * Every function here takes the caller's `TenantScope`; the pipeline's cross-tenant reads and
 * writes are in `rules-system.ts` (exported through `system.ts` only).
 */
import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { BadRequestError, ForbiddenError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import type { StateDb } from './open.ts';
import { contentColumns, FOLDER_SOURCE_PREFIXES, likeEscape, sameContent } from './rules-rows.ts';
import type { RuleTable, StateDatabase } from './schema.ts';

type RulesEb = ExpressionBuilder<StateDatabase, 'rules'>;

export type RuleKind = RuleTable['kind'];

/** A rule document as read from a source. */
export interface RuleInput {
  id: string;
  kind: RuleKind;
  title: string;
  status: string | null;
  level: string | null;
  tags: string[];
  path: string;
  line: number;
  yaml: string;
}

export interface RuleRecord extends RuleInput {
  tenant: string | null;
  source: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RuleStats {
  hits: number;
  lastHitAt: string | null;
  timeMs: number;
}

export interface RuleWithStats extends RuleRecord {
  stats: RuleStats;
}

export interface RuleFilter {
  statuses?: string[];
  levels?: string[];
  kind?: RuleKind;
  enabled?: boolean;
  source?: string;
  /** Case-insensitive text in the title. */
  text?: string;
  tag?: string;
  limit: number;
  offset: number;
}

/** What the pipeline runs: enabled rules whose status and level pass the configured filters. */
export interface RuleToRun {
  tenant: string | null;
  id: string;
  kind: RuleKind;
  source: string;
  path: string;
  line: number;
  yaml: string;
}

/** Counters of one batch, per rule and tenant of the matching events. */
export interface RuleStatsDelta {
  ruleId: string;
  tenant: string;
  hits: number;
  ms: number;
  /** `@timestamp` of the last matching event of the batch. */
  lastHitAt: string | null;
}

export const LEVEL_ORDER = ['informational', 'low', 'medium', 'high', 'critical'] as const;

function fromRow(r: RuleTable): RuleRecord {
  return {
    tenant: r.tenant,
    id: r.id,
    kind: r.kind,
    title: r.title,
    status: r.status,
    level: r.level,
    tags: JSON.parse(r.tags) as string[],
    source: r.source,
    path: r.path,
    line: r.line,
    yaml: r.yaml,
    enabled: r.enabled === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface ImportOutcome {
  imported: string[];
  updated: string[];
  unchanged: string[];
}

/** Refuses a write into a tenant outside the caller's scope. */
function checkTarget(scope: TenantScope, tenant: string): void {
  if (!scope.includes(tenant))
    throw new ForbiddenError(`tenant "${tenant}" is not among the tenants of this request`);
}

/**
 * Imports rules into `tenant` (one of `scope`): new ids inserted (enabled), known ids updated when
 * their text or source changed (the `enabled` flag kept), the rest unchanged. With `dryRun`
 * nothing is written.
 */
export async function importRules(
  db: StateDb,
  scope: TenantScope,
  tenant: string,
  source: string,
  items: readonly RuleInput[],
  at: string,
  opts: { dryRun?: boolean } = {},
): Promise<ImportOutcome> {
  checkTarget(scope, tenant);
  const run = async (tx: StateDb): Promise<ImportOutcome> => {
    const out: ImportOutcome = { imported: [], updated: [], unchanged: [] };
    const ids = [...new Set(items.map((i) => i.id))];
    const rows = new Map<string, RuleTable>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      for (const r of await tx
        .selectFrom('rules')
        .selectAll()
        .where('tenant', '=', tenant)
        .where('id', 'in', chunk)
        .execute())
        rows.set(r.id, r);
    }
    for (const item of items) {
      const row = rows.get(item.id);
      if (!row) {
        out.imported.push(item.id);
        if (!opts.dryRun)
          await tx
            .insertInto('rules')
            .values({
              tenant,
              id: item.id,
              ...contentColumns(item, source),
              enabled: 1,
              created_at: at,
              updated_at: at,
            })
            .execute();
      } else if (sameContent(row, item, source)) out.unchanged.push(item.id);
      else {
        out.updated.push(item.id);
        if (!opts.dryRun)
          await tx
            .updateTable('rules')
            .set({ ...contentColumns(item, source), updated_at: at })
            .where('tenant', '=', tenant)
            .where('id', '=', item.id)
            .execute();
      }
    }
    return out;
  };
  return opts.dryRun ? run(db) : db.transaction().execute((tx) => run(tx));
}

/**
 * Visible to `scope`: its tenants' own rules, and the global ones that not every tenant of the
 * scope has replaced by its own copy. An empty scope sees nothing.
 */
function visible(scope: TenantScope) {
  return (eb: RulesEb): Expression<SqlBool> => {
    if (scope.length === 0) return sql<SqlBool>`0 = 1`;
    const tenants = [...scope];
    return eb.or([
      eb('tenant', 'in', tenants),
      eb.and([
        eb('tenant', 'is', null),
        sql<SqlBool>`(select count(distinct own.tenant) from rules as own where own.id = rules.id and own.tenant in (${sql.join(tenants)})) < ${tenants.length}`,
      ]),
    ]);
  };
}

async function statsOf(db: StateDb, scope: TenantScope, ids: readonly string[]) {
  const out = new Map<string, RuleStats>();
  if (ids.length === 0 || scope.length === 0) return out;
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('rule_stats')
      .select([
        'rule_id',
        sql<number>`sum(hits)`.as('hits'),
        sql<string | null>`max(last_hit_at)`.as('last_hit_at'),
        sql<number>`sum(time_ms)`.as('time_ms'),
      ])
      .where('tenant', 'in', [...scope])
      .where('rule_id', 'in', ids.slice(i, i + 500))
      .groupBy('rule_id')
      .execute();
    for (const r of rows)
      out.set(r.rule_id, { hits: Number(r.hits), lastHitAt: r.last_hit_at, timeMs: Number(r.time_ms) });
  }
  return out;
}

const NO_STATS: RuleStats = { hits: 0, lastHitAt: null, timeMs: 0 };

/** Rules visible to `scope`, by title, with their counters for its tenants. */
export async function listRules(
  db: StateDb,
  scope: TenantScope,
  f: RuleFilter,
): Promise<{ items: RuleWithStats[]; total: number }> {
  let q = db.selectFrom('rules').where(visible(scope));
  if (f.statuses && f.statuses.length > 0) q = q.where('status', 'in', f.statuses);
  if (f.levels && f.levels.length > 0) q = q.where('level', 'in', f.levels);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.enabled !== undefined) q = q.where('enabled', '=', f.enabled ? 1 : 0);
  if (f.source) q = q.where('source', '=', f.source);
  if (f.text)
    q = q.where(sql<SqlBool>`lower(title) like ${`%${likeEscape(f.text.toLowerCase())}%`} escape '\\'`);
  if (f.tag) q = q.where(sql<SqlBool>`tags like ${`%${likeEscape(JSON.stringify(f.tag))}%`} escape '\\'`);
  const total = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('title')
    .orderBy('id')
    .orderBy('tenant')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const stats = await statsOf(
    db,
    scope,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => ({ ...fromRow(r), stats: stats.get(r.id) ?? NO_STATS })),
    total: Number(total.n),
  };
}

/** The detection settings that decide which enabled rules run (`detect.statuses`, `detect.minLevel`). */
export interface RunSettings {
  statuses: readonly string[];
  minLevel: (typeof LEVEL_ORDER)[number];
}

/** Enabled, with a status and level the settings let run (no status or level runs). */
export function runs(opts: RunSettings) {
  const levels = LEVEL_ORDER.slice(LEVEL_ORDER.indexOf(opts.minLevel));
  return (eb: RulesEb): Expression<SqlBool> =>
    eb.and([
      eb('enabled', '=', 1),
      eb.or([
        eb('status', 'is', null),
        ...(opts.statuses.length > 0 ? [eb('status', 'in', [...opts.statuses])] : []),
      ]),
      eb.or([eb('level', 'is', null), eb('level', 'in', [...levels])]),
    ]);
}

/** In the order the pipeline loads documents (filters fold into a rule in that order). */
export function inLoadOrder<O>(q: SelectQueryBuilder<StateDatabase, 'rules', O>) {
  return q.orderBy('source').orderBy('path').orderBy('line').orderBy('id');
}

/**
 * Every version of rule `id` the scope's tenants run or see: the global rule and the tenants' own
 * copies (each tenant runs its own copy where it has one, else the global rule).
 */
export async function ruleVersions(db: StateDb, scope: TenantScope, id: string): Promise<RuleRecord[]> {
  if (scope.length === 0) return [];
  const rows = await db
    .selectFrom('rules')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => eb.or([eb('tenant', 'is', null), eb('tenant', 'in', [...scope])]))
    .orderBy('tenant')
    .execute();
  return rows.map(fromRow);
}

/**
 * The filters live detection folds into the rules of the scope's tenants: the global ones and the
 * tenants' own, those that run (enabled, status and level passing the settings).
 */
export async function runningFilters(
  db: StateDb,
  scope: TenantScope,
  opts: RunSettings,
): Promise<RuleRecord[]> {
  if (scope.length === 0) return [];
  const rows = await inLoadOrder(
    db
      .selectFrom('rules')
      .selectAll()
      .where('kind', '=', 'filter')
      .where((eb) => eb.or([eb('tenant', 'is', null), eb('tenant', 'in', [...scope])]))
      .where(runs(opts)),
  ).execute();
  return rows.map(fromRow);
}

/** The rule `id` as `scope` sees it: its own copy first, else the global rule. */
export async function getRule(
  db: StateDb,
  scope: TenantScope,
  id: string,
): Promise<RuleWithStats | undefined> {
  if (scope.length === 0) return undefined;
  const rows = await db
    .selectFrom('rules')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => eb.or([eb('tenant', 'is', null), eb('tenant', 'in', [...scope])]))
    .execute();
  const row = rows.find((r) => r.tenant !== null) ?? rows[0];
  if (!row) return undefined;
  const stats = await statsOf(db, scope, [id]);
  return { ...fromRow(row), stats: stats.get(id) ?? NO_STATS };
}

/**
 * Turns a rule on or off for the caller's tenant: its own copy when it has one; for a global rule,
 * a copy of it with that flag is made for the tenant (the global rule is shared by every tenant
 * and stays as it is). A caller holding several tenants must narrow the scope to one for that.
 */
export async function setRuleEnabled(
  db: StateDb,
  scope: TenantScope,
  id: string,
  enabled: boolean,
  at: string,
): Promise<RuleWithStats | undefined> {
  const current = await getRule(db, scope, id);
  if (!current) return undefined;
  if (current.tenant !== null) {
    await db
      .updateTable('rules')
      .set({ enabled: enabled ? 1 : 0, updated_at: at })
      .where('tenant', '=', current.tenant)
      .where('id', '=', id)
      .execute();
    return { ...current, enabled, updatedAt: at };
  }
  const [tenant, ...more] = scope;
  if (tenant === undefined || more.length > 0)
    throw new BadRequestError(
      `rule ${id} is shared by all tenants; name the one tenant to turn it ${enabled ? 'on' : 'off'} for (X-Vigil-Tenant header or ?tenant=)`,
      'tenant',
    );
  const { stats: _stats, tenant: _global, createdAt: _c, updatedAt: _u, enabled: _e, ...content } = current;
  await db
    .insertInto('rules')
    .values({
      tenant,
      id,
      ...contentColumns(content, current.source),
      enabled: enabled ? 1 : 0,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return { ...current, tenant, enabled, createdAt: at, updatedAt: at };
}

/**
 * Deletes the caller's own imported rule `id`. Global rules come from configured folders and are
 * not deleted here (they would come back at the next start), nor is a tenant's override of one
 * (turn it on again instead): `'global'` tells the caller so.
 */
export async function deleteRule(
  db: StateDb,
  scope: TenantScope,
  id: string,
): Promise<'deleted' | 'global' | 'missing'> {
  if (scope.length === 0) return 'missing';
  const r = await db
    .deleteFrom('rules')
    .where('tenant', 'in', [...scope])
    .where('id', '=', id)
    .where((eb) =>
      eb.and(FOLDER_SOURCE_PREFIXES.map((p) => sql<SqlBool>`substr(source, 1, ${p.length}) <> ${p}`)),
    )
    .executeTakeFirst();
  if (Number(r.numDeletedRows) > 0) return 'deleted';
  const global = await db
    .selectFrom('rules')
    .select('id')
    .where('tenant', 'is', null)
    .where('id', '=', id)
    .executeTakeFirst();
  return global ? 'global' : 'missing';
}
