/**
 * The shapes of the alert, triage, tuning, SOC-metrics and live-update answers the console reads
 * (see the zod schemas of src/api/alerts, src/api/soc, src/api/live).
 */
import type { EventRecord, MatchedField } from './types.ts';

export const ALERT_STATUSES = ['new', 'acknowledged', 'in_progress', 'escalated', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** The statuses of alerts still to work. */
export const OPEN_STATUSES: readonly AlertStatus[] = ['new', 'acknowledged', 'in_progress'];

export const VERDICTS = ['true_positive', 'benign_true_positive', 'false_positive', 'duplicate'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALERT_SORTS = ['newest', 'severity', 'count', 'last_seen'] as const;
export type AlertSort = (typeof ALERT_SORTS)[number];

export const ENTITY_TYPES = ['user', 'host', 'ip', 'process', 'hash', 'url', 'domain', 'file'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export type TriageActionName = 'acknowledge' | 'start' | 'close' | 'reopen' | 'assign';

export interface EntityRef {
  type: string;
  value: string;
}

export interface Sparkline {
  start: string;
  bucketMinutes: number;
  counts: number[];
}

export interface Alert {
  id: string;
  tenant: string;
  seq: number;
  fingerprint: string;
  kind: string;
  ruleId: string;
  title: string;
  severity: Severity;
  confidence: number;
  tactics: string[];
  techniques: string[];
  entities: EntityRef[];
  source: string;
  status: AlertStatus;
  verdict: Verdict | null;
  duplicateOf: string | null;
  assignee: string | null;
  assigneeName: string | null;
  caseId: string | null;
  count: number;
  detectionIds: string[];
  eventIds: string[];
  matched: MatchedField[];
  sparkline: Sparkline;
  firstSeen: string;
  lastSeen: string;
  createdAt: string;
  updatedAt: string;
  acknowledgedAt: string | null;
  escalatedAt: string | null;
  closedAt: string | null;
  version: number;
}

export interface AlertList {
  items: Alert[];
  nextCursor: string | null;
  counts: Record<AlertStatus, number>;
}

export interface AlertDetail {
  alert: Alert;
  /** The matched events still stored, oldest first. */
  events: EventRecord[];
  missingEventIds: string[];
  eventsError: string | null;
}

export interface BulkResult {
  id: string;
  outcome: 'ok' | 'conflict' | 'refused' | 'not_found';
  version?: number;
  status?: AlertStatus;
  currentVersion?: number;
  reason?: string;
  field?: string;
  message?: string;
}

export interface AlertComment {
  id: string;
  tenant: string;
  targetType: 'alert' | 'case';
  targetId: string;
  authorId: string | null;
  authorName: string;
  body: string;
  createdAt: string;
}

export interface SimilarAlert {
  alert: Alert;
  reasons: ('fingerprint' | 'rule_and_entity' | 'title_and_entity')[];
  sharedEntities: EntityRef[];
}

export interface SavedView {
  id: string;
  tenant: string;
  ownerId: string;
  kind: 'alerts' | 'events';
  name: string;
  query: Record<string, unknown>;
  shared: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Suppression {
  id: string;
  tenant: string;
  ruleId: string;
  entity: EntityRef | null;
  reason: string;
  owner: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  hits: number;
  lastHitAt: string | null;
  active: boolean;
}

export interface NewSuppression {
  ruleId: string;
  entity?: { type: EntityType; value: string };
  reason: string;
  owner: string;
  expiresAt: string;
}

export interface EntityRisk {
  tenant: string;
  type: string;
  value: string;
  /** Decayed to now. */
  score: number;
  alerts: number;
  lastAlertAt: string;
}

export interface EntityAlert {
  id: string;
  tenant: string;
  title: string;
  ruleId: string;
  severity: Severity;
  status: string;
  verdict: string | null;
  count: number;
  caseId: string | null;
  firstSeen: string;
  lastSeen: string;
  createdAt: string;
}

export interface EntityDetail {
  type: string;
  value: string;
  /** One row per tenant the entity has risk in. */
  risk: EntityRisk[];
  alerts: EntityAlert[];
  caseIds: string[];
}

export interface RuleFigures {
  ruleId: string;
  title: string;
  alerts: number;
  detections: number;
  closed: number;
  verdicts: Record<Verdict, number>;
  /** False positives / closed; null when none is closed. */
  falsePositiveRate: number | null;
  suppressedHits: number;
  lastAlertAt: string | null;
}

/** Durations in seconds. */
export interface DurationStats {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}

export interface MetricSet {
  mttd: DurationStats;
  mtta: DurationStats;
  mttc: DurationStats;
  mttr: DurationStats;
  alerts: number;
  cases: number;
}

export interface SocMetrics {
  since: string;
  until: string;
  overall: MetricSet;
  groups: Record<string, (MetricSet & { key: string })[]>;
  rules: {
    ruleId: string;
    title: string;
    alerts: number;
    detections: number;
    open: number;
    closed: number;
    verdicts: Record<string, number>;
    falsePositiveRate: number | null;
  }[];
}

export interface SlaClock {
  target: string;
  minutes: number;
  startedAt: string;
  dueAt: string;
  stoppedAt: string | null;
  status: string;
  breached: boolean;
  remainingMs: number;
}

export interface SlaBreaches {
  generatedAt: string;
  alerts: { alert: Record<string, unknown>; clock: SlaClock }[];
  cases: { case: Record<string, unknown>; clock: SlaClock }[];
  breachClocks: { case: Record<string, unknown>; clock: Record<string, unknown> }[];
  omitted: { alerts: number; cases: number; breachClocks: number };
}

/** The few fields of a case the alert pages show (the case pages have the full type). */
export interface CaseRef {
  id: string;
  tenant: string;
  number: number;
  title: string;
  severity: string;
  status: string;
  phase: string;
  version: number;
}

export interface CaseCounts {
  items: CaseRef[];
  nextCursor: string | null;
  total: number;
  /** Cases per IR phase (every filter but phase applied). */
  phases: Record<string, number>;
}

export interface EscalateResult {
  case: CaseRef;
  created: boolean;
  alerts: {
    id: string;
    status: string;
    verdict: string | null;
    caseId: string | null;
    seq: number;
    version: number;
  }[];
  observables: { created: number; addedToCase: number };
}

export const CASE_PHASES = [
  'detection_analysis',
  'containment',
  'eradication',
  'recovery',
  'post_incident',
] as const;

export const PHASE_LABELS: Readonly<Record<(typeof CASE_PHASES)[number], string>> = {
  detection_analysis: 'Detection & analysis',
  containment: 'Containment',
  eradication: 'Eradication',
  recovery: 'Recovery',
  post_incident: 'Post-incident activity',
};

/** One change of `GET /api/v1/live`. */
export interface LiveChange {
  topic: 'alert' | 'case' | 'suppression' | 'sla' | string;
  action: string;
  tenant: string;
  id: string;
  seq?: number;
  summary?: Record<string, unknown>;
  at: string;
}
