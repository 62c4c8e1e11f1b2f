/**
 * Verifies the audit trail: walks every row in `seq` order, recomputes each hash and checks each
 * link, then compares the last row with a checkpoint kept outside the database (the caller reads
 * and authenticates it; see `access/audit.ts`). The first break is reported with its cause.
 *
 * What it detects: an edited row (content no longer matches its hash), an edited row whose hash
 * was recomputed (its successor still names the old hash), a deleted row (a gap in `seq`), two rows
 * swapped, rows removed from the end or a chain rebuilt from some row on (with a checkpoint: the
 * checkpointed row is gone or differs). What it cannot: rows appended after the last checkpoint
 * by someone able to write the file (they extend a valid chain), or anything done by someone who
 * also holds the master key (they can sign a new checkpoint). Without a checkpoint, truncation and
 * a rebuilt chain go unnoticed.
 */

import { type AuditHead, auditHead } from './audit.ts';
import { GENESIS_HASH, rowHash } from './audit-chain.ts';
import type { StateDb } from './open.ts';
import type { AuditLogTable } from './schema.ts';

export type AuditBreakReason = 'edited' | 'deleted' | 'reordered' | 'truncated' | 'rewritten';

export interface AuditBreak {
  seq: number;
  reason: AuditBreakReason;
  message: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  /** Rows whose hash and link were checked before the first break (all of them when ok). */
  checked: number;
  /** The last row of the table when verification started. */
  tip: AuditHead | null;
  firstBad?: AuditBreak;
}

const PAGE = 1000;

/** `head`: an authenticated checkpoint of an earlier tip; without it truncation cannot be seen. */
export async function verifyAudit(db: StateDb, head?: AuditHead | null): Promise<AuditVerifyResult> {
  let expected = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  const tip = await auditHead(db);
  const broken = (b: AuditBreak): AuditVerifyResult => ({ ok: false, checked, tip, firstBad: b });
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expected)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      if (row.seq !== expected) {
        const range = row.seq - 1 === expected ? `#${expected} is` : `#${expected}..#${row.seq - 1} are`;
        return broken({ seq: expected, reason: 'deleted', message: `entry ${range} missing` });
      }
      if (rowHash(row) !== row.hash) {
        if (row.prev_hash !== prevHash) {
          const moved = await findMovedRow(db, prevHash, row.seq);
          if (moved !== undefined) {
            return broken({
              seq: row.seq,
              reason: 'reordered',
              message: `entry #${row.seq} was moved: its original content is now at #${moved}`,
            });
          }
        }
        return broken({
          seq: row.seq,
          reason: 'edited',
          message: `entry #${row.seq} (${row.action}, ${row.time}) was changed: its content no longer matches its hash`,
        });
      }
      if (row.prev_hash !== prevHash) {
        if (row.seq === 1) {
          return broken({
            seq: 1,
            reason: 'deleted',
            message: 'the chain does not start at the first entry',
          });
        }
        return broken({
          seq: row.seq - 1,
          reason: 'edited',
          message: `entry #${row.seq - 1} was changed and its hash recomputed: entry #${row.seq} still names the original`,
        });
      }
      prevHash = row.hash;
      expected++;
      checked++;
    }
    if (rows.length < PAGE) break;
  }
  if (head && head.seq > 0) {
    const lastSeq = tip?.seq ?? 0;
    if (head.seq > lastSeq) {
      return broken({
        seq: lastSeq + 1,
        reason: 'truncated',
        message: `entries #${lastSeq + 1}..#${head.seq} were removed from the end (the checkpoint names #${head.seq})`,
      });
    }
    const at = await db.selectFrom('audit_log').select('hash').where('seq', '=', head.seq).executeTakeFirst();
    if (at?.hash !== head.hash) {
      return broken({
        seq: head.seq,
        reason: 'rewritten',
        message: `entry #${head.seq} differs from the signed checkpoint: the chain was rebuilt up to it`,
      });
    }
  }
  return { ok: true, checked, tip };
}

/** The seq of the row that originally followed `prevHash` and now sits elsewhere, if any. */
async function findMovedRow(db: StateDb, prevHash: string, originalSeq: number): Promise<number | undefined> {
  const candidates: AuditLogTable[] = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('prev_hash', '=', prevHash)
    .where('seq', '!=', originalSeq)
    .execute();
  return candidates.find((c) => rowHash({ ...c, seq: originalSeq }) === c.hash)?.seq;
}
