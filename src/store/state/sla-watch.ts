/**
 * What the SLA watcher (`src/workflow/sla-watch.ts`) reads and writes: the records whose clocks
 * may still run, every tenant's SLA overrides, and the announcement of a breach (a case timeline
 * entry and an audit entry, in one transaction, once per record and clock).
 *
 * The functions taking `'all'` read across tenants: they are for the system (the watcher), like
 * `system.ts`; routes reach the same reads through the scoped `openSlaRecords` of `soc-metrics.ts`.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { TenantScope } from '../tenancy.ts';
import { type AuditActor, appendAudit } from './audit.ts';
import type { SlaPolicyOverride } from './sla-policies.ts';
import { inTransaction, type StateDbOrTx } from './transaction.ts';

export interface SlaAlertRecord {
  id: string;
  tenant: string;
  title: string;
  severity: string;
  ruleId: string;
  status: string;
  assignee: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  closedAt: string | null;
}

export interface SlaCaseRecord {
  id: string;
  tenant: string;
  number: number;
  title: string;
  severity: string;
  status: string;
  phase: string;
  assignee: string | null;
  createdAt: string;
  containedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  personalData: boolean;
  regulations: string[];
  awareAt: string | null;
  notifiedAt: string | null;
}

export interface OpenSlaRecords {
  /** Alerts not yet acknowledged (their acknowledge clock runs). */
  alerts: SlaAlertRecord[];
  /** Cases neither resolved nor closed (SLA clocks run), and every case flagged `personal_data`. */
  cases: SlaCaseRecord[];
}

const OPEN_ALERT_STATUSES = ['new', 'acknowledged', 'in_progress', 'escalated'];

export function parseJsonArray(text: string | null): string[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Records whose clocks may run, of `tenants` (a scope) or of every tenant (`'all'`, the system's). */
export async function openSlaRecordsOf(
  db: StateDbOrTx,
  tenants: TenantScope | 'all',
): Promise<OpenSlaRecords> {
  if (tenants !== 'all' && tenants.length === 0) return { alerts: [], cases: [] };
  let aq = db
    .selectFrom('alerts')
    .select([
      'id',
      'tenant',
      'title',
      'severity',
      'rule_id',
      'status',
      'assignee',
      'created_at',
      'acknowledged_at',
      'closed_at',
    ])
    .where('status', 'in', OPEN_ALERT_STATUSES)
    .where('acknowledged_at', 'is', null);
  if (tenants !== 'all') aq = aq.where('tenant', 'in', [...tenants]);
  let cq = db
    .selectFrom('cases')
    .select([
      'id',
      'tenant',
      'number',
      'title',
      'severity',
      'status',
      'phase',
      'assignee',
      'created_at',
      'contained_at',
      'resolved_at',
      'closed_at',
      'personal_data',
      'regulations',
      'aware_at',
      'notified_at',
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('resolved_at', 'is', null), eb('closed_at', 'is', null)]),
        eb('personal_data', '=', 1),
      ]),
    );
  if (tenants !== 'all') cq = cq.where('tenant', 'in', [...tenants]);
  const [alerts, cases] = await Promise.all([
    aq.orderBy('created_at').execute(),
    cq.orderBy('created_at').execute(),
  ]);
  return {
    alerts: alerts.map((a) => ({
      id: a.id,
      tenant: a.tenant,
      title: a.title,
      severity: a.severity,
      ruleId: a.rule_id,
      status: a.status,
      assignee: a.assignee,
      createdAt: a.created_at,
      acknowledgedAt: a.acknowledged_at,
      closedAt: a.closed_at,
    })),
    cases: cases.map((c) => ({
      id: c.id,
      tenant: c.tenant,
      number: c.number,
      title: c.title,
      severity: c.severity,
      status: c.status,
      phase: c.phase,
      assignee: c.assignee,
      createdAt: c.created_at,
      containedAt: c.contained_at,
      resolvedAt: c.resolved_at,
      closedAt: c.closed_at,
      personalData: c.personal_data === 1,
      regulations: parseJsonArray(c.regulations),
      awareAt: c.aware_at,
      notifiedAt: c.notified_at,
    })),
  };
}

/** Every tenant's SLA overrides (the system's read; routes use `listSlaPolicyOverrides`). */
export async function allSlaPolicyOverrides(db: StateDbOrTx): Promise<SlaPolicyOverride[]> {
  const rows = await db.selectFrom('sla_policies').selectAll().orderBy('tenant').execute();
  return rows.map((r) => ({
    tenant: r.tenant,
    severity: r.severity,
    acknowledgeMinutes: r.acknowledge_minutes,
    containMinutes: r.contain_minutes,
    resolveMinutes: r.resolve_minutes,
    updatedAt: r.updated_at,
  }));
}

export const SLA_BREACH_ACTIONS = ['sla.breached', 'breach_clock.overdue'] as const;
export type SlaBreachAction = (typeof SLA_BREACH_ACTIONS)[number];

/** A breach to announce: an SLA clock past due, or a breach-notification deadline passed. */
export interface SlaBreachNotice {
  action: SlaBreachAction;
  tenant: string;
  target: { type: 'alert' | 'case'; id: string };
  /** `acknowledge`, `contain`, `resolve`, or a regulation (`gdpr`, `hipaa`). */
  clock: string;
  dueAt: string;
  /** The timeline entry's title and text (cases only). */
  title: string;
  body: string;
  details: Record<string, unknown>;
}

/** The key a breach is announced under: one announcement per record and clock. */
export const breachKey = (n: { action: string; target: { type: string; id: string }; clock: string }) =>
  `${n.action}\u0000${n.target.type}\u0000${n.target.id}\u0000${n.clock}`;

/** Keys of the breaches already announced (from the audit trail), optionally only those since `sinceIso`. */
export async function announcedSlaBreaches(db: StateDbOrTx, sinceIso?: string): Promise<Set<string>> {
  let q = db
    .selectFrom('audit_log')
    .select(['action', 'target_type', 'target_id', 'details'])
    .where('action', 'in', [...SLA_BREACH_ACTIONS]);
  if (sinceIso) q = q.where('time', '>=', sinceIso);
  const rows = await q.execute();
  const keys = new Set<string>();
  for (const r of rows) {
    const clock = clockOf(r.details);
    if (r.target_type && r.target_id && clock)
      keys.add(breachKey({ action: r.action, target: { type: r.target_type, id: r.target_id }, clock }));
  }
  return keys;
}

function clockOf(details: string | null): string | null {
  if (!details) return null;
  try {
    const d = JSON.parse(details) as { clock?: unknown };
    return typeof d.clock === 'string' ? d.clock : null;
  } catch {
    return null;
  }
}

/** Vigil itself, as the author of automatic timeline entries and the actor of their audit entries. */
export const SLA_WATCH_ACTOR: AuditActor = { kind: 'system', id: null, name: 'vigil' };

/**
 * Announces a breach in the store: for a case a timeline entry (`kind: auto`, the notice's action,
 * dated at the due time), and an audit entry, in one transaction. Returns false, writing nothing,
 * when the same record and clock was announced before (checked inside the transaction, so two
 * watchers cannot both write it).
 */
export async function recordSlaBreach(
  db: StateDbOrTx,
  n: SlaBreachNotice,
  now = new Date(),
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    // Take the write lock before looking, so a second writer waits and then sees this one's entry.
    await sql`update soc_seq set seq = seq where 0`.execute(tx);
    const earlier = await tx
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', n.action)
      .where('target_type', '=', n.target.type)
      .where('target_id', '=', n.target.id)
      .execute();
    if (earlier.some((r) => clockOf(r.details) === n.clock)) return false;
    const recordedAt = now.toISOString();
    if (n.target.type === 'case') {
      await tx
        .insertInto('case_timeline')
        .values({
          id: randomUUID(),
          case_id: n.target.id,
          tenant: n.tenant,
          kind: 'auto',
          action: n.action,
          title: n.title,
          body: n.body,
          event_time: n.dueAt,
          recorded_at: recordedAt,
          author_id: null,
          author_name: SLA_WATCH_ACTOR.name ?? 'vigil',
        })
        .execute();
    }
    await appendAudit(tx, {
      tenant: n.tenant,
      actor: SLA_WATCH_ACTOR,
      action: n.action,
      target: n.target,
      outcome: 'success',
      details: { ...n.details, clock: n.clock, dueAt: n.dueAt },
    });
    return true;
  });
}
