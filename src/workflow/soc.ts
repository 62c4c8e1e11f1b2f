/**
 * SOC reporting services the `src/api/soc` routes call: metrics over a time window, the SLA
 * policies and their changes, the clocks that are breached or at risk, the case report, and the
 * OCSF export of alerts. Reads take the caller's scope; changes are audited by the store and
 * published to the live feed after they commit.
 */
import { type DetectionFinding, toDetectionFinding } from '../alerts/ocsf.ts';
import { type BreachClock, breachClocks } from '../cases/breach-clock.ts';
import { METRIC_GROUPS, type MetricGroup, type SocMetrics, socMetrics } from '../cases/metrics.ts';
import { caseReportHtml, caseReportMarkdown, REPORT_CSP } from '../cases/report.ts';
import {
  alertSla,
  caseSla,
  type EffectiveSlaPolicy,
  effectivePolicies,
  SEVERITIES,
  type Severity,
  type SlaClock,
  type SlaMinutes,
} from '../cases/sla.ts';
import { NotFoundError } from '../core/errors.ts';
import { caseReportData } from '../store/state/case-report-data.ts';
import type { StateDb } from '../store/state/index.ts';
import {
  listSlaPolicyOverrides,
  type SlaChangeBy,
  type SlaPolicyOverride,
  slaPoliciesOf,
  upsertSlaPolicy,
} from '../store/state/sla-policies.ts';
import type { OpenSlaRecords, SlaAlertRecord, SlaCaseRecord } from '../store/state/sla-watch.ts';
import {
  alertForExport,
  alertsForExport,
  latestSocSeq,
  metricRecords,
  openSlaRecords,
  type TimeWindow,
} from '../store/state/soc-metrics.ts';
import type { TenantScope } from '../store/tenancy.ts';
import type { LiveFeed } from './live.ts';

export type { DetectionFinding, EffectiveSlaPolicy, MetricGroup, SlaChangeBy, SocMetrics };
export { METRIC_GROUPS, SEVERITIES };

// ---- metrics ---------------------------------------------------------------------------------

export interface SocMetricsReport extends SocMetrics {
  since: string;
  until: string;
}

export async function socMetricsOf(
  db: StateDb,
  scope: TenantScope,
  window: TimeWindow,
  groupBy: readonly MetricGroup[] = METRIC_GROUPS,
): Promise<SocMetricsReport> {
  const { alerts, cases } = await metricRecords(db, scope, window);
  return { since: window.since, until: window.until, ...socMetrics(alerts, cases, groupBy) };
}

// ---- SLA policies ----------------------------------------------------------------------------

export interface TenantSlaPolicies {
  tenant: string;
  policies: EffectiveSlaPolicy[];
}

/** Each tenant of the scope with its policy per severity (most severe first). */
export async function slaPolicyList(db: StateDb, scope: TenantScope): Promise<TenantSlaPolicies[]> {
  const byTenant = await slaPoliciesOf(db, scope);
  return [...byTenant].map(([tenant, p]) => ({
    tenant,
    policies: [...SEVERITIES].reverse().map((s) => p[s]),
  }));
}

/** Sets `tenant`'s policy for `severity` (audited `sla.update`) and tells the live feed. */
export async function setSlaPolicy(
  deps: { db: StateDb; live: LiveFeed | null },
  scope: TenantScope,
  tenant: string,
  severity: string,
  minutes: SlaMinutes,
  by: SlaChangeBy,
): Promise<EffectiveSlaPolicy> {
  const policy = await upsertSlaPolicy(deps.db, scope, tenant, severity, minutes, by);
  deps.live?.publish({
    topic: 'sla',
    action: 'sla.policy',
    tenant,
    id: policy.severity,
    summary: {
      severity: policy.severity,
      acknowledgeMinutes: policy.acknowledgeMinutes,
      containMinutes: policy.containMinutes,
      resolveMinutes: policy.resolveMinutes,
    },
  });
  return policy;
}

// ---- clocks ----------------------------------------------------------------------------------

export interface AlertClock {
  alert: SlaAlertRecord;
  clock: SlaClock;
}

export interface CaseClock {
  case: SlaCaseRecord;
  clock: SlaClock;
}

export interface CaseBreachClock {
  case: SlaCaseRecord;
  clock: BreachClock;
}

export interface EvaluatedClocks {
  alerts: AlertClock[];
  cases: CaseClock[];
  breachClocks: CaseBreachClock[];
}

/** Every clock of the records, each read at `now` with its tenant's policies. */
export function evaluateClocks(
  records: OpenSlaRecords,
  overrides: readonly SlaPolicyOverride[],
  now: Date,
): EvaluatedClocks {
  const policies = new Map<string, Record<Severity, SlaMinutes>>();
  const policiesOf = (tenant: string) => {
    let p = policies.get(tenant);
    if (!p) {
      p = effectivePolicies(overrides.filter((o) => o.tenant === tenant));
      policies.set(tenant, p);
    }
    return p;
  };
  const out: EvaluatedClocks = { alerts: [], cases: [], breachClocks: [] };
  for (const alert of records.alerts)
    out.alerts.push({ alert, clock: alertSla(alert, policiesOf(alert.tenant), now) });
  for (const c of records.cases) {
    const sla = caseSla(c, policiesOf(c.tenant), now);
    out.cases.push({ case: c, clock: sla.contain }, { case: c, clock: sla.resolve });
    for (const clock of breachClocks(c, now)) out.breachClocks.push({ case: c, clock });
  }
  return out;
}

export interface SlaBreachReport {
  generatedAt: string;
  /** Running acknowledge clocks that are breached or at risk, most urgent first. */
  alerts: AlertClock[];
  /** Running contain and resolve clocks that are breached or at risk, most urgent first. */
  cases: CaseClock[];
  /** Breach-notification clocks not yet stopped by a notification (running or overdue), most urgent first. */
  breachClocks: CaseBreachClock[];
  /** How many of each were left out past `limit`. */
  omitted: { alerts: number; cases: number; breachClocks: number };
}

const urgent = (c: SlaClock) => c.stoppedAt === null && (c.status === 'breached' || c.status === 'at_risk');
const byRemaining = <T extends { clock: { remainingMs: number } }>(x: T, y: T) =>
  x.clock.remainingMs - y.clock.remainingMs;

/** The scope's clocks that need attention now. */
export async function slaBreaches(
  db: StateDb,
  scope: TenantScope,
  opts: { limit: number; now?: Date },
): Promise<SlaBreachReport> {
  const now = opts.now ?? new Date();
  const [records, overrides] = await Promise.all([
    openSlaRecords(db, scope),
    listSlaPolicyOverrides(db, scope),
  ]);
  const all = evaluateClocks(records, overrides, now);
  const alerts = all.alerts.filter((a) => urgent(a.clock)).sort(byRemaining);
  const cases = all.cases.filter((c) => urgent(c.clock)).sort(byRemaining);
  const clocks = all.breachClocks.filter((b) => b.clock.notifiedAt === null).sort(byRemaining);
  return {
    generatedAt: now.toISOString(),
    alerts: alerts.slice(0, opts.limit),
    cases: cases.slice(0, opts.limit),
    breachClocks: clocks.slice(0, opts.limit),
    omitted: {
      alerts: Math.max(0, alerts.length - opts.limit),
      cases: Math.max(0, cases.length - opts.limit),
      breachClocks: Math.max(0, clocks.length - opts.limit),
    },
  };
}

// ---- case report -----------------------------------------------------------------------------

export type ReportFormat = 'markdown' | 'html';

export interface RenderedReport {
  body: string;
  contentType: string;
  /** A file name for the download (`case-42-report.md`). */
  filename: string;
  /** The Content-Security-Policy the HTML report needs (null for Markdown). */
  csp: string | null;
}

/** Case `id`'s report; NotFoundError when the scope has no such case. */
export async function caseReport(
  db: StateDb,
  scope: TenantScope,
  id: string,
  format: ReportFormat,
  now = new Date(),
): Promise<RenderedReport> {
  const data = await caseReportData(db, scope, id);
  if (!data) throw new NotFoundError(`no case ${id}`);
  const policies = (await slaPoliciesOf(db, scope)).get(data.case.tenant) ?? effectivePolicies([]);
  const input = { data, policies, now };
  const base = `case-${data.case.number}-report`;
  return format === 'html'
    ? {
        body: caseReportHtml(input),
        contentType: 'text/html; charset=utf-8',
        filename: `${base}.html`,
        csp: REPORT_CSP,
      }
    : {
        body: caseReportMarkdown(input),
        contentType: 'text/markdown; charset=utf-8',
        filename: `${base}.md`,
        csp: null,
      };
}

// ---- OCSF export -----------------------------------------------------------------------------

export async function ocsfFindings(
  db: StateDb,
  scope: TenantScope,
  filter: TimeWindow & { status?: string[]; limit: number },
): Promise<DetectionFinding[]> {
  return (await alertsForExport(db, scope, filter)).map((a) => toDetectionFinding(a));
}

/** Alert `id` as a Detection Finding; NotFoundError when the scope has no such alert. */
export async function ocsfFinding(db: StateDb, scope: TenantScope, id: string): Promise<DetectionFinding> {
  const a = await alertForExport(db, scope, id);
  if (!a) throw new NotFoundError(`no alert ${id}`);
  return toDetectionFinding(a);
}

// ---- live feed -------------------------------------------------------------------------------

/** The newest change number of the scope's alerts and cases (a live client that saw less missed changes). */
export async function latestChange(db: StateDb, scope: TenantScope): Promise<number> {
  return latestSocSeq(db, scope);
}
