/** Test helper: the audit entries of one action, oldest first (every tenant the tests use, and global ones). */
import { type AuditRecord, type StateDb, searchAudit } from '../../store/state/index.ts';
import { scopeOf } from '../../store/tenancy.ts';

export async function auditEntries(db: StateDb, action?: string): Promise<AuditRecord[]> {
  const rows = await searchAudit(db, {
    tenants: scopeOf(['default', 'globex', 'acme']),
    includeGlobal: true,
    limit: 10_000,
    ...(action ? { actionPrefix: action } : {}),
  });
  return rows.filter((r) => action === undefined || r.action === action).reverse();
}
