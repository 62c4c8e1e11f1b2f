/**
 * Cases as the console reads them (the shapes of src/api/cases/schemas.ts and src/api/soc), and
 * the names the API accepts. The lists that Vigil's pure case logic defines (phases, statuses,
 * resolutions, TLP, regulations, severities, incident types) come from `src/cases` itself, so the
 * console means exactly what the server means.
 */
import {
  CASE_PHASES,
  CASE_RESOLUTIONS,
  CASE_STATUSES,
  type CasePhase,
  type CaseResolution,
  type CaseStatus,
  PHASE_LABELS,
  REGULATIONS,
  type Regulation,
  TLP_LEVELS,
  type Tlp,
} from '../../../src/cases/phases.ts';
import { DEFAULT_SLA_POLICIES, SEVERITIES, type Severity, type SlaMinutes } from '../../../src/cases/sla.ts';
import { INCIDENT_TYPES, type IncidentType } from '../../../src/cases/templates.ts';

export type { CasePhase, CaseResolution, CaseStatus, IncidentType, Regulation, Severity, SlaMinutes, Tlp };
export {
  CASE_PHASES,
  CASE_RESOLUTIONS,
  CASE_STATUSES,
  DEFAULT_SLA_POLICIES,
  INCIDENT_TYPES,
  PHASE_LABELS,
  REGULATIONS,
  SEVERITIES,
  TLP_LEVELS,
};

/** Task statuses (src/store/state/case-tasks.ts). */
export const TASK_STATUSES = ['todo', 'in_progress', 'done', 'skipped'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Observable types (src/store/state/observables.ts). */
export const OBSERVABLE_TYPES = [
  'ip',
  'domain',
  'url',
  'hash',
  'email',
  'user',
  'host',
  'file',
  'process',
  'other',
] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];

export const RESOLUTION_LABELS: Readonly<Record<CaseResolution, string>> = {
  true_positive: 'True positive',
  benign_true_positive: 'Benign true positive',
  false_positive: 'False positive',
  duplicate: 'Duplicate',
};

export const INCIDENT_TYPE_LABELS: Readonly<Record<IncidentType, string>> = {
  phishing: 'Phishing',
  malware: 'Malware',
  ransomware: 'Ransomware',
  account_compromise: 'Account compromise',
  data_exfiltration: 'Data exfiltration',
  insider: 'Insider',
  other: 'Other',
};

export interface CaseRecord {
  id: string;
  tenant: string;
  number: number;
  seq: number;
  title: string;
  description: string;
  severity: Severity;
  tlp: Tlp;
  incidentType: IncidentType | null;
  status: CaseStatus;
  phase: CasePhase;
  resolution: CaseResolution | null;
  /** A user id. */
  assignee: string | null;
  tags: string[];
  personalData: boolean;
  regulations: string[];
  awareAt: string | null;
  notifiedAt: string | null;
  mergedInto: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  containedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  version: number;
}

export interface CaseSummary extends CaseRecord {
  alertCount: number;
  taskCount: number;
  tasksDone: number;
}

export interface CasePage {
  items: CaseSummary[];
  nextCursor: string | null;
  total: number;
  /** Cases per phase among those matching every filter but the phase (the board's columns). */
  phases: Partial<Record<CasePhase, number>>;
}

export interface CaseTask {
  id: string;
  caseId: string;
  position: number;
  phase: CasePhase;
  title: string;
  description: string;
  status: TaskStatus;
  assignee: string | null;
  dueAt: string | null;
  /** `<incident type>/<key>` for a task from a template. */
  template: string | null;
  completedAt: string | null;
  version: number;
}

export interface CaseObservable {
  id: string;
  type: string;
  value: string;
  tlp: string;
  ioc: boolean;
  tags: string[];
  description: string;
  firstSeen: string;
  lastSeen: string;
  version: number;
  /** Alerts and cases it was seen in, all told. */
  sightings: number;
}

export interface TimelineEntry {
  id: string;
  kind: 'auto' | 'note';
  action: string;
  title: string;
  body: string;
  /** When it happened. */
  eventTime: string;
  /** When it was written down. */
  recordedAt: string;
  author: { id: string | null; name: string };
}

export interface Evidence {
  id: string;
  caseId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  description: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface ReviewAction {
  id: string;
  text: string;
  owner: string;
  dueAt: string | null;
  done: boolean;
}

export interface CaseReview {
  rootCause: string;
  wentWell: string;
  wentBadly: string;
  actions: ReviewAction[];
  updatedAt: string;
  updatedBy: string;
}

export interface CaseAlert {
  id: string;
  title: string;
  ruleId?: string;
  severity: Severity;
  status: string;
  verdict: string | null;
  count?: number;
  firstSeen?: string;
  lastSeen?: string;
  createdAt?: string;
  escalatedAt?: string | null;
  closedAt?: string | null;
  version: number;
}

export interface LinkedCase {
  id: string;
  number: number;
  title: string;
  status: string;
  severity?: string;
}

export interface PhaseEntry {
  phase: CasePhase;
  enteredAt: string;
  enteredBy: string;
}

export interface CaseDetail extends CaseRecord {
  review: CaseReview | null;
  alerts: CaseAlert[];
  tasks: CaseTask[];
  observables: CaseObservable[];
  timeline: TimelineEntry[];
  evidence: Evidence[];
  links: LinkedCase[];
  phases: PhaseEntry[];
}

export interface CaseComment {
  id: string;
  authorId: string | null;
  authorName: string;
  body: string;
  createdAt: string;
}

export interface CaseTemplate {
  type: Exclude<IncidentType, 'other'>;
  name: string;
  summary: string;
  tasks: { key: string; title: string; phase: CasePhase; description: string }[];
}

/** An alert of the queue, as far as the case pages read it (acknowledge clocks). */
export interface QueueAlert {
  id: string;
  title: string;
  severity: Severity;
  status: string;
  verdict: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  closedAt: string | null;
  version: number;
}

export interface SlaPolicyView extends SlaMinutes {
  severity: Severity;
  source: 'default' | 'tenant';
  updatedAt: string | null;
}

export interface NewCaseInput {
  title: string;
  description?: string;
  severity?: Severity;
  tlp?: Tlp;
  incidentType?: IncidentType | null;
  assignee?: string | null;
  tags?: string[];
}

/** What PATCH /api/v1/cases/:id may change (with the version read). */
export interface CasePatch {
  title?: string;
  description?: string;
  severity?: Severity;
  tlp?: Tlp;
  incidentType?: IncidentType | null;
  assignee?: string | null;
  tags?: string[];
  personalData?: boolean;
  regulations?: Regulation[];
  awareAt?: string | null;
  notifiedAt?: string | null;
}

export interface CaseFilter {
  status?: CaseStatus[];
  phase?: CasePhase[];
  severity?: Severity[];
  assignee?: string;
  tag?: string;
  q?: string;
  limit?: number;
}

export interface ReviewInput {
  rootCause: string;
  wentWell: string;
  wentBadly: string;
  actions: { id?: string; text: string; owner: string; dueAt?: string | null; done?: boolean }[];
}
