/**
 * Service-level agreements of the analyst's workflow: how long an alert may wait to be
 * acknowledged, and how long a case may take to be contained and resolved, per severity.
 * Defaults below (docs/workflow.md); a tenant overrides them per severity (`sla_policies`).
 *
 * A clock starts at the record's `created_at` and stops when its target is met (or made moot: a
 * case closed without containment stops its containment clock). A clock is `breached` once its due
 * time passes before it stopped, whether it is still running or was met late.
 */

/** Severities, lowest first (the same names as the alert and case records). */
export const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}

/** Minutes to acknowledge (alerts), contain and resolve (cases). */
export interface SlaMinutes {
  acknowledgeMinutes: number;
  containMinutes: number;
  resolveMinutes: number;
}

export interface SlaPolicy extends SlaMinutes {
  severity: Severity;
}

/** A tenant's policy for one severity, and whether it is the default or the tenant's own. */
export interface EffectiveSlaPolicy extends SlaPolicy {
  source: 'default' | 'tenant';
  /** When the tenant last changed it (null for a default). */
  updatedAt: string | null;
}

export const DEFAULT_SLA_POLICIES: Readonly<Record<Severity, SlaMinutes>> = {
  critical: { acknowledgeMinutes: 15, containMinutes: 240, resolveMinutes: 1_440 },
  high: { acknowledgeMinutes: 30, containMinutes: 480, resolveMinutes: 4_320 },
  medium: { acknowledgeMinutes: 240, containMinutes: 1_440, resolveMinutes: 10_080 },
  low: { acknowledgeMinutes: 1_440, containMinutes: 4_320, resolveMinutes: 43_200 },
  informational: { acknowledgeMinutes: 4_320, containMinutes: 10_080, resolveMinutes: 129_600 },
};

/** The longest target a policy may set: one year. */
export const MAX_SLA_MINUTES = 525_600;

/** A running clock with less than this share of its budget left is "at risk". */
export const AT_RISK_FRACTION = 0.25;

/**
 * Why `minutes` cannot be a policy, or null when it can: whole minutes from 1 to a year, and a
 * case contained no later than it is resolved.
 */
export function slaPolicyProblem(minutes: SlaMinutes): string | null {
  for (const key of ['acknowledgeMinutes', 'containMinutes', 'resolveMinutes'] as const) {
    const v = minutes[key];
    if (!Number.isInteger(v) || v < 1 || v > MAX_SLA_MINUTES)
      return `${key} must be a whole number of minutes from 1 to ${MAX_SLA_MINUTES} (a year)`;
  }
  if (minutes.containMinutes > minutes.resolveMinutes)
    return `containMinutes (${minutes.containMinutes}) must not exceed resolveMinutes (${minutes.resolveMinutes}): a case is contained before it is resolved`;
  return null;
}

/** Every severity's policy: the tenant's overrides over the defaults. */
export function effectivePolicies(
  overrides: readonly (SlaPolicy & { updatedAt?: string | null })[],
): Record<Severity, EffectiveSlaPolicy> {
  const out = {} as Record<Severity, EffectiveSlaPolicy>;
  for (const severity of SEVERITIES)
    out[severity] = { severity, ...DEFAULT_SLA_POLICIES[severity], source: 'default', updatedAt: null };
  for (const o of overrides) {
    if (!isSeverity(o.severity)) continue;
    out[o.severity] = {
      severity: o.severity,
      acknowledgeMinutes: o.acknowledgeMinutes,
      containMinutes: o.containMinutes,
      resolveMinutes: o.resolveMinutes,
      source: 'tenant',
      updatedAt: o.updatedAt ?? null,
    };
  }
  return out;
}

/** The policy of a severity name as stored (an unknown name gets medium's, as alerts default to medium). */
export function policyFor(policies: Record<Severity, SlaMinutes>, severity: string): SlaMinutes {
  return policies[isSeverity(severity) ? severity : 'medium'];
}

export type SlaTarget = 'acknowledge' | 'contain' | 'resolve';

/**
 * `running`: not met, time left; `at_risk`: running with less than a quarter of the budget left;
 * `breached`: the due time passed before the target was met (still running or met late);
 * `met`: stopped in time.
 */
export type SlaStatus = 'running' | 'at_risk' | 'breached' | 'met';

export interface SlaClock {
  target: SlaTarget;
  minutes: number;
  startedAt: string;
  dueAt: string;
  /** When it stopped (target met, or the record closed), null while running. */
  stoppedAt: string | null;
  status: SlaStatus;
  breached: boolean;
  /** Due time minus the stop time (or now): negative once overdue. */
  remainingMs: number;
}

/** One clock from `startedAt`, `minutes` long, stopped at `stoppedAt` if set. */
export function slaClock(
  target: SlaTarget,
  minutes: number,
  startedAt: string,
  stoppedAt: string | null,
  now: Date,
): SlaClock {
  const start = Date.parse(startedAt);
  const budget = minutes * 60_000;
  const due = start + budget;
  const end = stoppedAt !== null ? Date.parse(stoppedAt) : now.getTime();
  const remainingMs = due - end;
  const breached = remainingMs < 0;
  let status: SlaStatus;
  if (breached) status = 'breached';
  else if (stoppedAt !== null) status = 'met';
  else status = remainingMs < budget * AT_RISK_FRACTION ? 'at_risk' : 'running';
  return {
    target,
    minutes,
    startedAt,
    dueAt: new Date(due).toISOString(),
    stoppedAt,
    status,
    breached,
    remainingMs,
  };
}

/** What an alert's acknowledge clock reads. */
export interface AlertSlaInput {
  severity: string;
  createdAt: string;
  acknowledgedAt: string | null;
  closedAt: string | null;
}

/** An alert's acknowledge clock: stops at `acknowledged_at` (closing counts as acknowledging). */
export function alertSla(alert: AlertSlaInput, policies: Record<Severity, SlaMinutes>, now: Date): SlaClock {
  const p = policyFor(policies, alert.severity);
  return slaClock(
    'acknowledge',
    p.acknowledgeMinutes,
    alert.createdAt,
    alert.acknowledgedAt ?? alert.closedAt,
    now,
  );
}

/** What a case's clocks read. */
export interface CaseSlaInput {
  severity: string;
  createdAt: string;
  containedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
}

export interface CaseSla {
  contain: SlaClock;
  resolve: SlaClock;
}

/**
 * A case's contain and resolve clocks. Containment stops at `contained_at`, or when the case is
 * resolved or closed without it (a false positive needs no containment); resolution at
 * `resolved_at` or `closed_at`.
 */
export function caseSla(c: CaseSlaInput, policies: Record<Severity, SlaMinutes>, now: Date): CaseSla {
  const p = policyFor(policies, c.severity);
  return {
    contain: slaClock(
      'contain',
      p.containMinutes,
      c.createdAt,
      c.containedAt ?? c.resolvedAt ?? c.closedAt,
      now,
    ),
    resolve: slaClock('resolve', p.resolveMinutes, c.createdAt, c.resolvedAt ?? c.closedAt, now),
  };
}
