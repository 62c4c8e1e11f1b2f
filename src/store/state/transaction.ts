/** Runs work in a transaction, or inside the caller's when it already holds one (no nesting). */
import type { Kysely, Transaction } from 'kysely';
import type { StateDatabase } from './schema.ts';

export type StateDbOrTx = Kysely<StateDatabase> | Transaction<StateDatabase>;

export async function inTransaction<T>(
  db: StateDbOrTx,
  work: (tx: Kysely<StateDatabase>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute((tx) => work(tx));
}
