/**
 * Links from accounts at OpenID providers (issuer + subject) to Vigil users. Looked up by the
 * ID token's `iss` and `sub` when someone signs in with single sign-on (an authentication lookup).
 */
import type { StateDb } from './open.ts';

export interface ExternalIdentity {
  issuer: string;
  subject: string;
  userId: string;
  createdAt: string;
}

export async function getExternalIdentity(
  db: StateDb,
  issuer: string,
  subject: string,
): Promise<ExternalIdentity | undefined> {
  const row = await db
    .selectFrom('external_identities')
    .selectAll()
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row
    ? { issuer: row.issuer, subject: row.subject, userId: row.user_id, createdAt: row.created_at }
    : undefined;
}

export async function insertExternalIdentity(db: StateDb, link: ExternalIdentity): Promise<void> {
  await db
    .insertInto('external_identities')
    .values({
      issuer: link.issuer,
      subject: link.subject,
      user_id: link.userId,
      created_at: link.createdAt,
    })
    .execute();
}

/** The provider accounts that sign in as `userId` (empty for a local-only user). */
export async function externalIdentitiesOf(db: StateDb, userId: string): Promise<ExternalIdentity[]> {
  const rows = await db
    .selectFrom('external_identities')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('issuer')
    .execute();
  return rows.map((r) => ({
    issuer: r.issuer,
    subject: r.subject,
    userId: r.user_id,
    createdAt: r.created_at,
  }));
}
