/**
 * The system's side of the rule library: what the pipeline and the start-up sync do across every
 * tenant (sync configured folders, the enabled rules of all tenants, per-tenant counters). Reached
 * only through `system.ts`, which routes may not import (`test/authz/tenancy.test.ts`); requests
 * use the tenant-scoped functions of `rules.ts`.
 */
import { type SqlBool, sql } from 'kysely';
import type { StateDb } from './open.ts';
import {
  inLoadOrder,
  type RuleInput,
  type RuleStatsDelta,
  type RuleToRun,
  type RunSettings,
  runs,
} from './rules.ts';
import { contentColumns, likeEscape, sameContent } from './rules-rows.ts';

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
 * Tenants' overrides of a global rule follow its text, and go with it.
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
          .where('id', '=', item.id)
          .where('source', '=', source) // the global rule and the tenants' overrides of it
          .execute();
        out.updated.push(item.id);
      }
    }
    for (const r of rows) {
      if (r.source !== source || keep.has(r.id)) continue;
      await tx.deleteFrom('rules').where('id', '=', r.id).where('source', '=', source).execute();
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
  // Global rules and the tenants' overrides of them: only these carry a folder's source name.
  let q = db.deleteFrom('rules');
  if (keep.length > 0) q = q.where('source', 'not in', [...keep]);
  q = q.where((eb) =>
    eb.or(prefixes.map((p) => sql<SqlBool>`source like ${`${likeEscape(p)}%`} escape '\\'`)),
  );
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Every enabled rule of every tenant whose status is in `statuses` and whose level is at least
 * `minLevel` (a rule that declares no status or no level passes that filter). The pipeline's
 * system-wide read: it runs rules for all tenants and scopes their findings itself.
 */
export async function rulesToRun(db: StateDb, opts: RunSettings): Promise<RuleToRun[]> {
  return inLoadOrder(
    db
      .selectFrom('rules')
      .select(['tenant', 'id', 'kind', 'source', 'path', 'line', 'yaml'])
      .where(runs(opts)),
  ).execute();
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
