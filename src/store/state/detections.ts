/** Detections: stored once per id (a journal replay re-delivers the same ids), listed per tenant. */
import { sql } from 'kysely';
import type { TenantScope } from '../tenancy.ts';
import type { StateDb } from './open.ts';
import type { DetectionTable } from './schema.ts';
import type { StateDbOrTx } from './transaction.ts';

export interface NewDetection {
  id: string;
  tenant: string;
  kind: string;
  ruleId: string;
  title: string;
  level: string | null;
  tags: string[];
  source: string;
  eventIds: string[];
  eventTime: string;
  matched: { field: string; value: unknown }[];
}

export interface Detection extends NewDetection {
  seq: number;
  createdAt: string;
}

/**
 * The pipeline's write (each detection keeps the tenant of the events it matched): exported
 * through `system.ts` only. Inserts detections in one transaction; ids already present are skipped. Returns how many were new. */
export async function insertDetections(db: StateDb, items: readonly NewDetection[]): Promise<number> {
  if (items.length === 0) return 0;
  return db.transaction().execute(async (tx) => (await insertNewDetections(tx, items)).length);
}

/**
 * Inserts detections inside the caller's transaction, skipping ids already stored (and repeats
 * within `items`). Returns the ones that were new, in order.
 */
export async function insertNewDetections<T extends NewDetection>(
  tx: StateDbOrTx,
  items: readonly T[],
): Promise<T[]> {
  if (items.length === 0) return [];
  const top = await tx
    .selectFrom('detections')
    .select(sql<number>`coalesce(max(seq), 0)`.as('seq'))
    .executeTakeFirstOrThrow();
  let seq = Number(top.seq);
  const now = new Date().toISOString();
  const added: T[] = [];
  for (const d of items) {
    const r = await tx
      .insertInto('detections')
      .values({
        id: d.id,
        seq: seq + 1,
        tenant: d.tenant,
        kind: d.kind,
        rule_id: d.ruleId,
        title: d.title,
        level: d.level,
        tags: JSON.stringify(d.tags),
        source: d.source,
        event_ids: JSON.stringify(d.eventIds),
        event_time: d.eventTime,
        matched: JSON.stringify(d.matched),
        created_at: now,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0n) > 0) {
      seq++;
      added.push(d);
    }
  }
  return added;
}

/** Newest first; `before` is the `seq` of the last item of the previous page. */
export async function listDetections(
  db: StateDb,
  scope: TenantScope,
  opts: { limit: number; before?: number; ruleId?: string },
): Promise<Detection[]> {
  if (scope.length === 0) return [];
  let q = db
    .selectFrom('detections')
    .selectAll()
    .where('tenant', 'in', [...scope]);
  if (opts.before !== undefined) q = q.where('seq', '<', opts.before);
  if (opts.ruleId) q = q.where('rule_id', '=', opts.ruleId);
  const rows = await q.orderBy('seq', 'desc').limit(opts.limit).execute();
  return rows.map(fromRow);
}

function fromRow(r: DetectionTable): Detection {
  return {
    id: r.id,
    seq: r.seq,
    tenant: r.tenant,
    kind: r.kind,
    ruleId: r.rule_id,
    title: r.title,
    level: r.level,
    tags: JSON.parse(r.tags) as string[],
    source: r.source,
    eventIds: JSON.parse(r.event_ids) as string[],
    eventTime: r.event_time,
    matched: JSON.parse(r.matched) as { field: string; value: unknown }[],
    createdAt: r.created_at,
  };
}
