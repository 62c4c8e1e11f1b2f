/**
 * The SOC's reporting reads, all scoped to the caller's tenants: the alert and case records the
 * metrics are computed from (`src/cases/metrics.ts`), the records whose SLA clocks may be running,
 * alerts for the OCSF export, and the newest change number (for the live feed's resumption).
 */
import type { OcsfAlertInput } from '../../alerts/ocsf.ts';
import type { MetricAlert, MetricCase } from '../../cases/metrics.ts';
import type { TenantScope } from '../tenancy.ts';
import type { AlertTable } from './schema.ts';
import { type OpenSlaRecords, openSlaRecordsOf, parseJsonArray } from './sla-watch.ts';
import type { StateDbOrTx } from './transaction.ts';

export interface TimeWindow {
  /** ISO 8601, inclusive. */
  since: string;
  /** ISO 8601, exclusive. */
  until: string;
}

/** Alerts and cases created in the window, with the rules of each case's alerts. */
export async function metricRecords(
  db: StateDbOrTx,
  scope: TenantScope,
  window: TimeWindow,
): Promise<{ alerts: MetricAlert[]; cases: MetricCase[] }> {
  if (scope.length === 0) return { alerts: [], cases: [] };
  const tenants = [...scope];
  const alertRows = await db
    .selectFrom('alerts')
    .select([
      'id',
      'severity',
      'rule_id',
      'title',
      'assignee',
      'status',
      'verdict',
      'case_id',
      'count',
      'first_seen',
      'created_at',
      'acknowledged_at',
      'closed_at',
    ])
    .where('tenant', 'in', tenants)
    .where('created_at', '>=', window.since)
    .where('created_at', '<', window.until)
    .orderBy('created_at')
    .execute();
  const caseRows = await db
    .selectFrom('cases')
    .select(['id', 'severity', 'assignee', 'created_at', 'contained_at', 'resolved_at', 'merged_into'])
    .where('tenant', 'in', tenants)
    .where('created_at', '>=', window.since)
    .where('created_at', '<', window.until)
    .orderBy('created_at')
    .execute();
  const rulesOf = new Map<string, Set<string>>();
  const ids = caseRows.map((c) => c.id);
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('alerts')
      .select(['case_id', 'rule_id'])
      .where('tenant', 'in', tenants)
      .where('case_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      if (r.case_id === null) continue;
      const s = rulesOf.get(r.case_id) ?? new Set<string>();
      rulesOf.set(r.case_id, s);
      s.add(r.rule_id);
    }
  }
  return {
    alerts: alertRows.map((a) => ({
      id: a.id,
      severity: a.severity,
      ruleId: a.rule_id,
      title: a.title,
      assignee: a.assignee,
      status: a.status,
      verdict: a.verdict,
      caseId: a.case_id,
      count: a.count,
      firstSeen: a.first_seen,
      createdAt: a.created_at,
      acknowledgedAt: a.acknowledged_at,
      closedAt: a.closed_at,
    })),
    // A case merged into another is counted with the target (its alerts moved there).
    cases: caseRows
      .filter((c) => c.merged_into === null)
      .map((c) => ({
        id: c.id,
        severity: c.severity,
        assignee: c.assignee,
        createdAt: c.created_at,
        containedAt: c.contained_at,
        resolvedAt: c.resolved_at,
        ruleIds: [...(rulesOf.get(c.id) ?? [])].sort(),
      })),
  };
}

/** The scope's records whose SLA or breach-notification clocks may be running. */
export async function openSlaRecords(db: StateDbOrTx, scope: TenantScope): Promise<OpenSlaRecords> {
  return openSlaRecordsOf(db, scope);
}

type ExportRow = Pick<
  AlertTable,
  | 'id'
  | 'tenant'
  | 'kind'
  | 'rule_id'
  | 'title'
  | 'severity'
  | 'confidence'
  | 'tactics'
  | 'techniques'
  | 'entities'
  | 'source'
  | 'status'
  | 'verdict'
  | 'case_id'
  | 'count'
  | 'first_seen'
  | 'last_seen'
  | 'created_at'
  | 'updated_at'
  | 'closed_at'
>;

const EXPORT_COLUMNS = [
  'id',
  'tenant',
  'kind',
  'rule_id',
  'title',
  'severity',
  'confidence',
  'tactics',
  'techniques',
  'entities',
  'source',
  'status',
  'verdict',
  'case_id',
  'count',
  'first_seen',
  'last_seen',
  'created_at',
  'updated_at',
  'closed_at',
] as const;

function entitiesOf(text: string): { type: string; value: string }[] {
  try {
    const v: unknown = JSON.parse(text);
    if (!Array.isArray(v)) return [];
    return v.flatMap((e: unknown) => {
      const o = e as { type?: unknown; value?: unknown } | null;
      return o && typeof o.type === 'string' && typeof o.value === 'string'
        ? [{ type: o.type, value: o.value }]
        : [];
    });
  } catch {
    return [];
  }
}

function exportOf(r: ExportRow): OcsfAlertInput {
  return {
    id: r.id,
    tenant: r.tenant,
    kind: r.kind,
    ruleId: r.rule_id,
    title: r.title,
    severity: r.severity,
    confidence: r.confidence,
    tactics: parseJsonArray(r.tactics),
    techniques: parseJsonArray(r.techniques),
    entities: entitiesOf(r.entities),
    source: r.source,
    status: r.status,
    verdict: r.verdict,
    caseId: r.case_id,
    count: r.count,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  };
}

export interface AlertExportFilter extends TimeWindow {
  status?: string[];
  limit: number;
}

/** Alerts created or changed in the window (by `updated_at`), oldest change first. */
export async function alertsForExport(
  db: StateDbOrTx,
  scope: TenantScope,
  filter: AlertExportFilter,
): Promise<OcsfAlertInput[]> {
  if (scope.length === 0) return [];
  let q = db
    .selectFrom('alerts')
    .select([...EXPORT_COLUMNS])
    .where('tenant', 'in', [...scope])
    .where('updated_at', '>=', filter.since)
    .where('updated_at', '<', filter.until);
  if (filter.status && filter.status.length > 0) q = q.where('status', 'in', filter.status);
  const rows = await q.orderBy('updated_at').orderBy('id').limit(filter.limit).execute();
  return rows.map(exportOf);
}

/** One alert of the scope for the export, or null. */
export async function alertForExport(
  db: StateDbOrTx,
  scope: TenantScope,
  id: string,
): Promise<OcsfAlertInput | null> {
  if (scope.length === 0) return null;
  const r = await db
    .selectFrom('alerts')
    .select([...EXPORT_COLUMNS])
    .where('tenant', 'in', [...scope])
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? exportOf(r) : null;
}

/** The newest change number among the scope's alerts and cases (0 when there are none). */
export async function latestSocSeq(db: StateDbOrTx, scope: TenantScope): Promise<number> {
  if (scope.length === 0) return 0;
  const tenants = [...scope];
  const [a, c] = await Promise.all([
    db
      .selectFrom('alerts')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('tenant', 'in', tenants)
      .executeTakeFirst(),
    db
      .selectFrom('cases')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('tenant', 'in', tenants)
      .executeTakeFirst(),
  ]);
  return Math.max(Number(a?.seq ?? 0), Number(c?.seq ?? 0));
}
