/**
 * An alert as an OCSF 1.x Detection Finding (class 2004, category 2 "Findings"), for SIEMs and
 * data lakes that read OCSF (https://schema.ocsf.io/classes/detection_finding).
 *
 * - `activity_id`: 1 Create (never changed since creation), 2 Update, 3 Close (closed);
 *   `type_uid` = class_uid × 100 + activity_id.
 * - `status_id` from triage: new → 1 New; acknowledged, in_progress, escalated → 2 In Progress;
 *   closed as true positive → 4 Resolved; closed otherwise (benign, false positive, duplicate)
 *   → 3 Suppressed.
 * - Times are epoch milliseconds (`timestamp_t`). `time` is when the activity happened (creation,
 *   last change, or closing); `start_time`/`end_time` span the grouped events.
 * - Entities become `resources` (one per entity), `evidences` (typed OCSF objects) and
 *   `observables` (with the dictionary's observable type ids).
 * - ATT&CK tactics by their id and name (core/attack.ts).
 */
import { attackTactic } from '../core/attack.ts';

export const OCSF_VERSION = '1.4.0';
export const DETECTION_FINDING_CLASS_UID = 2004;
export const FINDINGS_CATEGORY_UID = 2;

/** What the mapping reads of an alert. */
export interface OcsfAlertInput {
  id: string;
  tenant: string;
  kind: string;
  ruleId: string;
  title: string;
  severity: string;
  confidence: number;
  tactics: readonly string[];
  techniques: readonly string[];
  entities: readonly { type: string; value: string }[];
  source: string;
  status: string;
  verdict: string | null;
  caseId: string | null;
  count: number;
  firstSeen: string;
  lastSeen: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface OcsfNamed {
  uid: string;
  name?: string;
}

export interface OcsfAttack {
  tactic?: OcsfNamed;
  technique?: OcsfNamed;
  sub_technique?: OcsfNamed;
}

export interface OcsfObservable {
  name: string;
  type_id: number;
  type: string;
  value: string;
}

export interface OcsfResource {
  uid: string;
  name: string;
  type: string;
}

export type OcsfEvidence = { name: string } & Record<string, unknown>;

export interface DetectionFinding {
  class_uid: 2004;
  class_name: 'Detection Finding';
  category_uid: 2;
  category_name: 'Findings';
  activity_id: 1 | 2 | 3;
  activity_name: 'Create' | 'Update' | 'Close';
  type_uid: number;
  type_name: string;
  time: number;
  start_time: number;
  end_time: number;
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  confidence_id: number;
  confidence: string;
  confidence_score: number;
  is_alert: true;
  count: number;
  message: string;
  finding_info: {
    uid: string;
    title: string;
    types: string[];
    created_time: number;
    modified_time: number;
    first_seen_time: number;
    last_seen_time: number;
    analytic: { uid: string; name: string; type_id: 1; type: 'Rule' };
    attacks: OcsfAttack[];
    related_events_count: number;
  };
  resources: OcsfResource[];
  evidences: OcsfEvidence[];
  observables: OcsfObservable[];
  metadata: {
    version: string;
    tenant_uid: string;
    product: { name: 'Vigil'; vendor_name: string };
    labels: string[];
  };
  unmapped: {
    triage_status: string;
    verdict: string | null;
    case_uid: string | null;
    kind: string;
    source: string;
  };
}

const SEVERITY_IDS: Readonly<Record<string, [number, string]>> = {
  informational: [1, 'Informational'],
  low: [2, 'Low'],
  medium: [3, 'Medium'],
  high: [4, 'High'],
  critical: [5, 'Critical'],
};

const ms = (iso: string) => Date.parse(iso);

export function severityId(severity: string): { id: number; name: string } {
  const s = SEVERITY_IDS[severity];
  return s ? { id: s[0], name: s[1] } : { id: 0, name: 'Unknown' };
}

export function statusId(status: string, verdict: string | null): { id: number; name: string } {
  switch (status) {
    case 'new':
      return { id: 1, name: 'New' };
    case 'acknowledged':
    case 'in_progress':
    case 'escalated':
      return { id: 2, name: 'In Progress' };
    case 'closed':
      return verdict === 'true_positive' ? { id: 4, name: 'Resolved' } : { id: 3, name: 'Suppressed' };
    default:
      return { id: 0, name: 'Unknown' };
  }
}

function confidenceOf(c: number): { id: number; name: string; score: number } {
  const score = Math.round(Math.min(1, Math.max(0, c)) * 100);
  if (c >= 0.85) return { id: 3, name: 'High', score };
  if (c >= 0.6) return { id: 2, name: 'Medium', score };
  return { id: 1, name: 'Low', score };
}

/** A tactic by its id and ATT&CK's name for it (a tactic without a known id by its short name). */
function tactic(name: string): OcsfNamed {
  const t = attackTactic(name);
  return t === undefined ? { uid: name, name } : { uid: t.id ?? t.name, name: t.title };
}

/** `T1003.001` → technique T1003 with sub-technique T1003.001. */
function technique(id: string): Pick<OcsfAttack, 'technique' | 'sub_technique'> {
  const dot = id.indexOf('.');
  return dot < 0
    ? { technique: { uid: id } }
    : { technique: { uid: id.slice(0, dot) }, sub_technique: { uid: id } };
}

/**
 * ATT&CK of the alert. A rule names its tactics and techniques apart, so pairs are only made when
 * there is one tactic; otherwise each technique and each tactic is its own entry.
 */
export function attacksOf(tactics: readonly string[], techniques: readonly string[]): OcsfAttack[] {
  if (tactics.length === 1) {
    const t = tactic(tactics[0] as string);
    return techniques.length === 0
      ? [{ tactic: t }]
      : techniques.map((id) => ({ tactic: t, ...technique(id) }));
  }
  return [...techniques.map(technique), ...tactics.map((name) => ({ tactic: tactic(name) }))];
}

/** Observable type ids of the OCSF dictionary (hostname_t 1, ip_t 2, username_t 4, url_t 6, …). */
const OBSERVABLE_TYPES: Readonly<Record<string, [number, string, string]>> = {
  host: [1, 'Hostname', 'device.hostname'],
  ip: [2, 'IP Address', 'src_endpoint.ip'],
  user: [4, 'User Name', 'user.name'],
  url: [6, 'URL String', 'url.url_string'],
  file: [7, 'File Name', 'file.name'],
  hash: [8, 'Hash', 'file.hashes.value'],
  process: [9, 'Process Name', 'process.name'],
  domain: [1, 'Hostname', 'dst_endpoint.domain'],
};

const basename = (p: string) => p.split(/[\\/]/).pop() || p;

function hashAlgorithm(h: string): number {
  if (/^[0-9a-f]{32}$/i.test(h)) return 1; // MD5
  if (/^[0-9a-f]{40}$/i.test(h)) return 2; // SHA-1
  if (/^[0-9a-f]{64}$/i.test(h)) return 3; // SHA-256
  if (/^[0-9a-f]{128}$/i.test(h)) return 4; // SHA-512
  return 0;
}

/**
 * An entity as an evidence artifact. Which side of a connection an IP was on is not kept with the
 * entity; OCSF's evidence has no neutral endpoint, so it goes in `src_endpoint`.
 */
function evidenceOf(e: { type: string; value: string }): OcsfEvidence {
  const v = e.value;
  switch (e.type) {
    case 'user':
      return { name: 'user', user: { name: v } };
    case 'host':
      return { name: 'host', device: { hostname: v, name: v, type_id: 0 } };
    case 'ip':
      return { name: 'ip', src_endpoint: { ip: v } };
    case 'process':
      return {
        name: 'process',
        process: {
          name: basename(v),
          ...(basename(v) !== v ? { file: { name: basename(v), path: v, type_id: 1 } } : {}),
        },
      };
    case 'hash':
      return {
        name: 'hash',
        file: { name: v, type_id: 0, hashes: [{ algorithm_id: hashAlgorithm(v), value: v }] },
      };
    case 'url':
      return { name: 'url', url: { url_string: v } };
    case 'domain':
      return { name: 'domain', dst_endpoint: { domain: v } };
    case 'file':
      return { name: 'file', file: { name: basename(v), path: v, type_id: 1 } };
    default:
      return { name: e.type, data: { value: v } };
  }
}

export function toDetectionFinding(a: OcsfAlertInput, opts: { vendorName?: string } = {}): DetectionFinding {
  const activity: [1 | 2 | 3, 'Create' | 'Update' | 'Close'] =
    a.status === 'closed' ? [3, 'Close'] : a.updatedAt === a.createdAt ? [1, 'Create'] : [2, 'Update'];
  const time =
    activity[0] === 1 ? a.createdAt : activity[0] === 3 ? (a.closedAt ?? a.updatedAt) : a.updatedAt;
  const sev = severityId(a.severity);
  const status = statusId(a.status, a.verdict);
  const conf = confidenceOf(a.confidence);
  return {
    class_uid: DETECTION_FINDING_CLASS_UID,
    class_name: 'Detection Finding',
    category_uid: FINDINGS_CATEGORY_UID,
    category_name: 'Findings',
    activity_id: activity[0],
    activity_name: activity[1],
    type_uid: DETECTION_FINDING_CLASS_UID * 100 + activity[0],
    type_name: `Detection Finding: ${activity[1]}`,
    time: ms(time),
    start_time: ms(a.firstSeen),
    end_time: ms(a.lastSeen),
    severity_id: sev.id,
    severity: sev.name,
    status_id: status.id,
    status: status.name,
    confidence_id: conf.id,
    confidence: conf.name,
    confidence_score: conf.score,
    is_alert: true,
    count: a.count,
    message: a.title,
    finding_info: {
      uid: a.id,
      title: a.title,
      types: [a.kind],
      created_time: ms(a.createdAt),
      modified_time: ms(a.updatedAt),
      first_seen_time: ms(a.firstSeen),
      last_seen_time: ms(a.lastSeen),
      analytic: { uid: a.ruleId, name: a.title, type_id: 1, type: 'Rule' },
      attacks: attacksOf(a.tactics, a.techniques),
      related_events_count: a.count,
    },
    resources: a.entities.map((e) => ({ uid: `${e.type}:${e.value}`, name: e.value, type: e.type })),
    evidences: a.entities.map(evidenceOf),
    observables: a.entities.flatMap((e) => {
      const t = OBSERVABLE_TYPES[e.type];
      return t ? [{ name: t[2], type_id: t[0], type: t[1], value: e.value }] : [];
    }),
    metadata: {
      version: OCSF_VERSION,
      tenant_uid: a.tenant,
      product: { name: 'Vigil', vendor_name: opts.vendorName ?? 'Vigil' },
      labels: [`tenant:${a.tenant}`],
    },
    unmapped: {
      triage_status: a.status,
      verdict: a.verdict,
      case_uid: a.caseId,
      kind: a.kind,
      source: a.source,
    },
  };
}
