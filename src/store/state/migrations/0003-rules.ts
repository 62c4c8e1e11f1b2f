import { type Kysely, sql } from 'kysely';

/**
 * The rule library: Sigma rules, correlations and filters with their YAML, where they came from,
 * and whether they run; and per-rule counters. `tenant` NULL means the rule applies to every
 * tenant (built-in folders); a rule id is unique per tenant scope.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rules')
    .addColumn('tenant', 'text')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('level', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('yaml', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index rules_scope_id on rules (coalesce(tenant, ''), id)`.execute(db);
  await db.schema.createIndex('rules_source').on('rules').columns(['source']).execute();
  await db.schema
    .createTable('rule_stats')
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('last_hit_at', 'text')
    .addColumn('time_ms', 'real', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rule_stats_pk', ['rule_id', 'tenant'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rule_stats').execute();
  await db.schema.dropTable('rules').execute();
}
