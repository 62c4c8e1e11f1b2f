import type { Kysely } from 'kysely';

/**
 * Single sign-on: the link from an OpenID provider's account (issuer + subject, stable for the
 * account's life) to the Vigil user it signs in as. A user has at most one link per issuer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('external_identities')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('external_identities_pk', ['issuer', 'subject'])
    .execute();
  await db.schema
    .createIndex('external_identities_user')
    .on('external_identities')
    .columns(['user_id', 'issuer'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('external_identities').execute();
}
