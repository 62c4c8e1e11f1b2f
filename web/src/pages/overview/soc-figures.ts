/** The overview's SOC arithmetic: open alerts, alerts per day by severity, SLA clocks breached and at risk. */
import {
  type Alert,
  type AlertStatus,
  OPEN_STATUSES,
  type Severity,
  type SlaBreaches,
} from '../../api/alert-types.ts';

const DAY = 86_400_000;
export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'informational'] as const;

export function openAlerts(counts: Record<AlertStatus, number> | undefined): number | null {
  return counts ? OPEN_STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0) : null;
}

export interface AlertSeries {
  /** Each day, `YYYY-MM-DD` (UTC). */
  days: string[];
  bySeverity: Record<Severity, number[]>;
  total: number;
}

/** Alerts per UTC day of their first event, over the `days` days ending with today, by severity. */
export function alertsByDay(
  alerts: readonly Pick<Alert, 'firstSeen' | 'severity'>[],
  now: number,
  days = 14,
): AlertSeries {
  const end = Math.floor(now / DAY) * DAY + DAY;
  const start = end - days * DAY;
  const empty = () => Array.from({ length: days }, () => 0);
  const bySeverity: Record<Severity, number[]> = {
    critical: empty(),
    high: empty(),
    medium: empty(),
    low: empty(),
    informational: empty(),
  };
  let total = 0;
  for (const a of alerts) {
    const t = new Date(a.firstSeen).getTime();
    if (!(t >= start && t < end)) continue;
    const row = bySeverity[a.severity] ?? bySeverity.medium;
    row[Math.floor((t - start) / DAY)]! += 1;
    total++;
  }
  const labels = Array.from({ length: days }, (_, i) => new Date(start + i * DAY).toISOString().slice(0, 10));
  return { days: labels, bySeverity, total };
}

/** SLA clocks of alerts and cases: how many are breached, how many at risk (running, not yet breached). */
export function slaCounts(b: SlaBreaches | undefined): { breached: number; atRisk: number } | null {
  if (!b) return null;
  const clocks = [...b.alerts.map((x) => x.clock), ...b.cases.map((x) => x.clock)];
  const breached = clocks.filter((c) => c.breached).length;
  return { breached, atRisk: clocks.filter((c) => !c.breached).length };
}
