import type { Kysely } from 'kysely';

/** Detections handed over by the pipeline (Sigma matches); the alerting layer builds on them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('detections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('level', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('event_ids', 'text', (c) => c.notNull())
    .addColumn('event_time', 'text', (c) => c.notNull())
    .addColumn('matched', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('detections_tenant_seq').on('detections').columns(['tenant', 'seq']).execute();
  await db.schema.createIndex('detections_rule').on('detections').columns(['tenant', 'rule_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('detections').execute();
}
