/**
 * The change counter of alerts and cases: every creation or change of one takes the next number
 * as its `seq`, inside the change's transaction. Consumers (the live feed, the console's
 * "changed since" reloads, pagination) order by it.
 */
import { sql } from 'kysely';
import type { StateDbOrTx } from './transaction.ts';

/** The next change number. Call it inside the transaction that writes the change. */
export async function nextSocSeq(db: StateDbOrTx): Promise<number> {
  const row = await db
    .updateTable('soc_seq')
    .set({ seq: sql<number>`seq + 1` })
    .where('id', '=', 1)
    .returning('seq')
    .executeTakeFirstOrThrow();
  return Number(row.seq);
}
