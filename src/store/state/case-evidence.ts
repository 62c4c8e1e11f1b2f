/**
 * Evidence metadata of a case: name, type, size and SHA-256 of a file whose bytes live in
 * `<dataDir>/evidence/<sha256>` (written by `src/workflow/evidence.ts`; identical content is
 * stored once and may back several rows). Rows are never altered: the hash is the file's identity.
 */
import { randomUUID } from 'node:crypto';
import { assertOpen } from '../../cases/phases.ts';
import { BadRequestError, NotFoundError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import {
  actorName,
  type CaseRecord,
  type ChangeAudit,
  inScope,
  loadCase,
  recordChange,
} from './case-rows.ts';
import type { CaseEvidenceTable } from './schema.ts';
import { inTransaction, type StateDbOrTx } from './transaction.ts';

export interface Evidence {
  id: string;
  caseId: string;
  tenant: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  description: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface NewEvidence {
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  description?: string;
}

export function evidenceOf(r: CaseEvidenceTable): Evidence {
  return {
    id: r.id,
    caseId: r.case_id,
    tenant: r.tenant,
    name: r.name,
    contentType: r.content_type,
    size: Number(r.size),
    sha256: r.sha256,
    description: r.description,
    uploadedBy: r.uploaded_by,
    uploadedAt: r.uploaded_at,
  };
}

/** Records an evidence file (already stored under its hash) on a case that is not closed. */
export async function addEvidence(
  db: StateDbOrTx,
  scope: TenantScope,
  caseId: string,
  input: NewEvidence,
  by: ChangeAudit,
  now: Date,
): Promise<{ result: Evidence; case: CaseRecord }> {
  if (!/^[0-9a-f]{64}$/.test(input.sha256))
    throw new BadRequestError('sha256 must be 64 lower-case hex digits', 'sha256');
  if (input.name.trim() === '') throw new BadRequestError('evidence needs a file name', 'name');
  return inTransaction(db, async (tx) => {
    const c = await loadCase(tx, scope, caseId);
    assertOpen(c, 'add evidence');
    const at = now.toISOString();
    const row: CaseEvidenceTable = {
      id: randomUUID(),
      case_id: c.id,
      tenant: c.tenant,
      name: input.name,
      content_type: input.contentType,
      size: input.size,
      sha256: input.sha256,
      description: input.description ?? '',
      uploaded_by: actorName(by.actor),
      uploaded_at: at,
    };
    await tx.insertInto('case_evidence').values(row).execute();
    await recordChange(
      tx,
      c,
      {
        audit: 'evidence.upload',
        target: { type: 'case_evidence', id: row.id },
        timeline: {
          action: 'evidence.upload',
          title: `Evidence added: ${row.name} (${row.size} bytes)`,
          body: `SHA-256 ${row.sha256}${row.description ? `\n\n${row.description}` : ''}`,
        },
        after: {
          caseId: c.id,
          name: row.name,
          contentType: row.content_type,
          size: row.size,
          sha256: row.sha256,
        },
      },
      by,
      at,
    );
    return { result: evidenceOf(row), case: await loadCase(tx, scope, c.id) };
  });
}

export async function listEvidence(db: StateDbOrTx, scope: TenantScope, caseId: string): Promise<Evidence[]> {
  const rows = await db
    .selectFrom('case_evidence')
    .selectAll()
    .where('case_id', '=', caseId)
    .where(inScope(scope))
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
  return rows.map(evidenceOf);
}

/** One evidence row of a case of the caller's tenants; NotFoundError otherwise. */
export async function getEvidence(
  db: StateDbOrTx,
  scope: TenantScope,
  caseId: string,
  evidenceId: string,
): Promise<Evidence> {
  const row = await db
    .selectFrom('case_evidence')
    .selectAll()
    .where('id', '=', evidenceId)
    .where('case_id', '=', caseId)
    .where(inScope(scope))
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`case ${caseId} has no evidence ${evidenceId}`);
  return evidenceOf(row);
}

/** Moves a case's evidence to another case (a merge). */
export async function moveEvidence(tx: StateDbOrTx, fromCase: string, toCase: string): Promise<number> {
  const r = await tx
    .updateTable('case_evidence')
    .set({ case_id: toCase })
    .where('case_id', '=', fromCase)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
