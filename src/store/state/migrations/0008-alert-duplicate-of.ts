import type { Kysely } from 'kysely';

/** The original of an alert closed as a duplicate (shown on the alert; cleared on reopen). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('alerts').addColumn('duplicate_of', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('alerts').dropColumn('duplicate_of').execute();
}
