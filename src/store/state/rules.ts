/**
 * The rule library in the state store: Sigma rules, correlations and filters with their YAML,
 * their source, and an `enabled` flag; plus per-rule counters. Rules from configured folders are
 * global (`tenant` null) and synced from disk; imported rules belong to the importer's tenant and
 * take precedence over a global rule of the same id for that tenant.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { StateDb } from './open.ts';
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

function sameContent(row: RuleTable, item: RuleInput, source: string): boolean {
  return (
    row.yaml === item.yaml &&
    row.source === source &&
    row.path === item.path &&
    row.line === item.line &&
    row.kind === item.kind
  );
}

function contentColumns(item: RuleInput, source: string) {
  return {
    kind: item.kind,
    title: item.title,
    status: item.status,
    level: item.level,
    tags: JSON.stringify(item.tags),
    source,
    path: item.path,
    line: item.line,
    yaml: item.yaml,
  };
}

/** `tenant` equal to the given scope; null is the global scope. */
function inScope(tenant: string | null) {
  return (eb: RulesEb): Expression<SqlBool> =>
    tenant === null ? eb('tenant', 'is', null) : eb('tenant', '=', tenant);
}

export interface SyncResult {
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: number;
  /** Ids also defined by another global source; the first source keeps them. */
  conflicts: { id: string; source: string }[];
}

/**
 * Makes the global rules of `source` (a configured folder) equal to `items`: new ones inserted
 * (enabled), changed text updated (the `enabled` flag kept), the ones no longer there removed.
 */
export async function syncSourceRules(
  db: StateDb,
  source: string,
  items: readonly RuleInput[],
  at: string,
): Promise<SyncResult> {
  return db.transaction().execute(async (tx) => {
    const out: SyncResult = { added: [], updated: [], removed: [], unchanged: 0, conflicts: [] };
    const rows = await tx.selectFrom('rules').selectAll().where('tenant', 'is', null).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const keep = new Set<string>();
    for (const item of items) {
      const row = byId.get(item.id);
      if (keep.has(item.id) || (row && row.source !== source)) {
        out.conflicts.push({ id: item.id, source: row?.source ?? source });
        continue;
      }
      keep.add(item.id);
      if (!row) {
        await tx
          .insertInto('rules')
          .values({
            tenant: null,
            id: item.id,
            ...contentColumns(item, source),
            enabled: 1,
            created_at: at,
            updated_at: at,
          })
          .execute();
        out.added.push(item.id);
      } else if (sameContent(row, item, source)) out.unchanged++;
      else {
        await tx
          .updateTable('rules')
          .set({ ...contentColumns(item, source), updated_at: at })
          .where('tenant', 'is', null)
          .where('id', '=', item.id)
          .execute();
        out.updated.push(item.id);
      }
    }
    for (const r of rows) {
      if (r.source !== source || keep.has(r.id)) continue;
      await tx.deleteFrom('rules').where('tenant', 'is', null).where('id', '=', r.id).execute();
      out.removed.push(r.id);
    }
    return out;
  });
}

/** Removes the global rules of sources no longer configured; returns how many went. */
export async function removeGlobalSourcesExcept(
  db: StateDb,
  keep: readonly string[],
  prefixes: readonly string[],
): Promise<number> {
  let q = db.deleteFrom('rules').where('tenant', 'is', null);
  if (keep.length > 0) q = q.where('source', 'not in', [...keep]);
  q = q.where((eb) => eb.or(prefixes.map((p) => eb('source', 'like', `${likeEscape(p)}%`))));
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export interface ImportOutcome {
  imported: string[];
  updated: string[];
  unchanged: string[];
}

/**
 * Imports rules into a tenant: new ids inserted (enabled), known ids updated when their text or
 * source changed (the `enabled` flag kept), the rest unchanged. With `dryRun` nothing is written.
 */
export async function importRules(
  db: StateDb,
  tenant: string,
  source: string,
  items: readonly RuleInput[],
  at: string,
  opts: { dryRun?: boolean } = {},
): Promise<ImportOutcome> {
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

/** Visible to `tenants`: their own rules and the global ones. */
function visible(tenants: readonly string[]) {
  return (eb: RulesEb): Expression<SqlBool> =>
    tenants.length === 0
      ? eb('tenant', 'is', null)
      : eb.or([eb('tenant', 'is', null), eb('tenant', 'in', [...tenants])]);
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

async function statsOf(db: StateDb, tenants: readonly string[], ids: readonly string[]) {
  const out = new Map<string, RuleStats>();
  if (ids.length === 0 || tenants.length === 0) return out;
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('rule_stats')
      .select([
        'rule_id',
        sql<number>`sum(hits)`.as('hits'),
        sql<string | null>`max(last_hit_at)`.as('last_hit_at'),
        sql<number>`sum(time_ms)`.as('time_ms'),
      ])
      .where('tenant', 'in', [...tenants])
      .where('rule_id', 'in', ids.slice(i, i + 500))
      .groupBy('rule_id')
      .execute();
    for (const r of rows)
      out.set(r.rule_id, { hits: Number(r.hits), lastHitAt: r.last_hit_at, timeMs: Number(r.time_ms) });
  }
  return out;
}

const NO_STATS: RuleStats = { hits: 0, lastHitAt: null, timeMs: 0 };

/** Rules visible to `tenants`, by title, with their counters for those tenants. */
export async function listRules(
  db: StateDb,
  tenants: readonly string[],
  f: RuleFilter,
): Promise<{ items: RuleWithStats[]; total: number }> {
  let q = db.selectFrom('rules').where(visible(tenants));
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
    tenants,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => ({ ...fromRow(r), stats: stats.get(r.id) ?? NO_STATS })),
    total: Number(total.n),
  };
}

/** The rule `id` as `tenants` see it: their own copy first, else the global rule. */
export async function getRule(
  db: StateDb,
  tenants: readonly string[],
  id: string,
): Promise<RuleWithStats | undefined> {
  const rows = await db
    .selectFrom('rules')
    .selectAll()
    .where('id', '=', id)
    .where(visible(tenants))
    .execute();
  const row = rows.find((r) => r.tenant !== null) ?? rows[0];
  if (!row) return undefined;
  const stats = await statsOf(db, tenants, [id]);
  return { ...fromRow(row), stats: stats.get(id) ?? NO_STATS };
}

/** Turns a rule on or off (the caller's own copy first, else the global rule). */
export async function setRuleEnabled(
  db: StateDb,
  tenants: readonly string[],
  id: string,
  enabled: boolean,
  at: string,
): Promise<RuleWithStats | undefined> {
  const current = await getRule(db, tenants, id);
  if (!current) return undefined;
  await db
    .updateTable('rules')
    .set({ enabled: enabled ? 1 : 0, updated_at: at })
    .where(inScope(current.tenant))
    .where('id', '=', id)
    .execute();
  return { ...current, enabled, updatedAt: at };
}

/**
 * Deletes the caller's own rule `id`. Global rules come from configured folders and are not
 * deleted here (they would come back at the next start): `'global'` tells the caller so.
 */
export async function deleteRule(
  db: StateDb,
  tenants: readonly string[],
  id: string,
): Promise<'deleted' | 'global' | 'missing'> {
  if (tenants.length === 0) return 'missing';
  const r = await db
    .deleteFrom('rules')
    .where('tenant', 'in', [...tenants])
    .where('id', '=', id)
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

/**
 * Every enabled rule of every tenant whose status is in `statuses` and whose level is at least
 * `minLevel` (a rule that declares no status or no level passes that filter). The pipeline's
 * system-wide read: it runs rules for all tenants and scopes their findings itself.
 */
export async function rulesToRun(
  db: StateDb,
  opts: { statuses: readonly string[]; minLevel: (typeof LEVEL_ORDER)[number] },
): Promise<RuleToRun[]> {
  const levels = LEVEL_ORDER.slice(LEVEL_ORDER.indexOf(opts.minLevel));
  return db
    .selectFrom('rules')
    .select(['tenant', 'id', 'kind', 'source', 'path', 'line', 'yaml'])
    .where('enabled', '=', 1)
    .where((eb) =>
      eb.or([
        eb('status', 'is', null),
        ...(opts.statuses.length > 0 ? [eb('status', 'in', [...opts.statuses])] : []),
      ]),
    )
    .where((eb) => eb.or([eb('level', 'is', null), eb('level', 'in', [...levels])]))
    .orderBy('source')
    .orderBy('path')
    .orderBy('line')
    .orderBy('id')
    .execute();
}

/** Every tenant's own rule ids (a tenant's copy of a global rule replaces it for that tenant). */
export async function tenantRuleIds(db: StateDb): Promise<{ tenant: string; id: string }[]> {
  const rows = await db
    .selectFrom('rules')
    .select(['tenant', 'id'])
    .where('tenant', 'is not', null)
    .execute();
  return rows.map((r) => ({ tenant: r.tenant as string, id: r.id }));
}

/** Adds a batch's counters: hits and time summed, the last hit the latest event time seen. */
export async function addRuleStats(
  db: StateDb,
  deltas: readonly RuleStatsDelta[],
  at: string,
): Promise<void> {
  if (deltas.length === 0) return;
  await db.transaction().execute(async (tx) => {
    for (const d of deltas) {
      await tx
        .insertInto('rule_stats')
        .values({
          rule_id: d.ruleId,
          tenant: d.tenant,
          hits: d.hits,
          last_hit_at: d.lastHitAt,
          time_ms: d.ms,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.columns(['rule_id', 'tenant']).doUpdateSet({
            hits: sql`rule_stats.hits + excluded.hits`,
            time_ms: sql`rule_stats.time_ms + excluded.time_ms`,
            last_hit_at: sql`case when rule_stats.last_hit_at is null or excluded.last_hit_at > rule_stats.last_hit_at then excluded.last_hit_at else rule_stats.last_hit_at end`,
            updated_at: at,
          }),
        )
        .execute();
    }
  });
}
