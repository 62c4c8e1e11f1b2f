/**
 * The shape of the state database (SQLite embedded, PostgreSQL at scale). Every query in
 * `src/store/state/` is checked against this interface; nothing outside this folder writes SQL.
 * Timestamps are ISO 8601 text in UTC so that both dialects store and compare them the same way.
 */
import type { Generated } from 'kysely';

export interface TenantTable {
  id: string;
  name: string;
  created_at: string;
}

export interface SourceTable {
  id: string;
  tenant: string;
  name: string;
  /** Default format hint for events from this source. */
  format: string;
  created_at: string;
}

/** Credentials: ingest tokens (one per source) and API keys. Only a SHA-256 of the secret is kept. */
export interface CredentialTable {
  id: string;
  kind: 'ingest' | 'api';
  tenant: string;
  /** For ingest tokens: the source name events are attributed to. */
  source: string | null;
  name: string;
  /** The first characters of the token, to recognize it in lists (never enough to use it). */
  prefix: string;
  hash: string;
  /** JSON array of scopes for API keys, e.g. ["admin"]. */
  scopes: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  /** For API keys: the user or service account whose permissions bound the key (null: legacy key). */
  owner_id: string | null;
}

/** A detection: a rule matched an event. `seq` orders them for consumers (alerting, the API). */
export interface DetectionTable {
  id: string;
  seq: number;
  tenant: string;
  kind: string;
  rule_id: string;
  title: string;
  level: string | null;
  /** JSON array of rule tags (ATT&CK techniques and tactics). */
  tags: string;
  source: string;
  /** JSON array of event ids in the event store. */
  event_ids: string;
  event_time: string;
  /** JSON array of { field, value } that made the rule match. */
  matched: string;
  created_at: string;
}

/** A Sigma rule, correlation or filter of the rule library. `tenant` null: every tenant. */
export interface RuleTable {
  tenant: string | null;
  id: string;
  kind: 'rule' | 'correlation' | 'filter';
  title: string;
  status: string | null;
  level: string | null;
  /** JSON array of tags. */
  tags: string;
  /** Where it came from: `builtin:rules/starter`, `folder:<path>`, `import:<name>`, `api`. */
  source: string;
  /** The file inside the source, and the line the document starts on. */
  path: string;
  line: number;
  yaml: string;
  /** 1 runs (subject to detect.statuses / detect.minLevel), 0 is off. */
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** Per-rule counters, per tenant of the matching events. */
export interface RuleStatsTable {
  rule_id: string;
  tenant: string;
  hits: number;
  /** `@timestamp` of the latest matching event. */
  last_hit_at: string | null;
  time_ms: number;
  updated_at: string;
}

export interface MigrationRow {
  seq: Generated<number>;
}

export interface StateDatabase {
  tenants: TenantTable;
  sources: SourceTable;
  credentials: CredentialTable;
  detections: DetectionTable;
  rules: RuleTable;
  rule_stats: RuleStatsTable;
}

/** A local user (`kind: 'user'`, signs in with a password) or a service account (API keys only). */
export interface UserTable {
  id: string;
  kind: 'user' | 'service';
  /** Lower case, unique. */
  username: string;
  display_name: string;
  /** argon2id (PHC string); null for service accounts. */
  password_hash: string | null;
  /** JSON array of role names. */
  roles: string;
  disabled: number;
  /** Consecutive failed logins since the last success or lock. */
  failed_count: number;
  locked_until: string | null;
  must_change_password: number;
  password_changed_at: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The tenants a user or service account may see (one row per grant). */
export interface UserTenantTable {
  user_id: string;
  tenant: string;
}

/** A console session; only the SHA-256 of its random id is stored. */
export interface SessionTable {
  id_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  /** Absolute end of the session, whatever its activity. */
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** Identity tables (migration 0004), merged into the database interface above. */
export interface StateDatabase {
  users: UserTable;
  user_tenants: UserTenantTable;
  sessions: SessionTable;
}

/**
 * The audit trail (migration 0005): one row per authentication event or change of state. Rows are
 * hash-chained: `hash` = SHA-256 of the row's canonical form (every column but `hash`), and
 * `prev_hash` is the previous row's `hash` (see `audit.ts`). JSON columns hold redacted values.
 */
export interface AuditLogTable {
  /** 1, 2, 3…: gapless, the order of the chain. */
  seq: number;
  time: string;
  /** null: a system-wide entry (visible to administrators only). */
  tenant: string | null;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  ip: string | null;
  user_agent: string | null;
  /** JSON (canonical, secrets redacted) or null. */
  before: string | null;
  after: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

/** Secrets encrypted at rest (`v1:<key id>:<nonce>:<ciphertext>`); `tenant` null: global. */
export interface SecretTable {
  name: string;
  tenant: string | null;
  ciphertext: string;
  key_id: string;
  updated_at: string;
}

/** Audit and secrets tables (migration 0005), merged into the database interface above. */
export interface StateDatabase {
  audit_log: AuditLogTable;
  secrets: SecretTable;
}

/** The account at an OpenID provider a user signs in with (migration 0006). */
export interface ExternalIdentityTable {
  /** The provider's issuer identifier, exactly as in the ID token's `iss`. */
  issuer: string;
  /** The ID token's `sub`: stable and unique per issuer. */
  subject: string;
  user_id: string;
  created_at: string;
}

/** Single sign-on links (migration 0006), merged into the database interface above. */
export interface StateDatabase {
  external_identities: ExternalIdentityTable;
}

// ---- The analyst's workflow (migration 0007): alerts, cases and what hangs off them ----------

/** Alert severities, lowest first (Sigma levels map onto them). */
export type SeverityName = 'informational' | 'low' | 'medium' | 'high' | 'critical';

/** An alert: repeats of one detection fingerprint within the grouping window, as one record. */
export interface AlertTable {
  id: string;
  tenant: string;
  /** Installation-wide change order (from `soc_seq`): bumped on creation and on every change. */
  seq: number;
  fingerprint: string;
  /** `sigma`, `correlation` (later `intel`, `anomaly`). */
  kind: string;
  rule_id: string;
  title: string;
  severity: SeverityName;
  /** 0..1: how sure the rule is (from the rule's status/level or the producer). */
  confidence: number;
  /** JSON array of ATT&CK tactic short names (`credential-access`). */
  tactics: string;
  /** JSON array of ATT&CK technique ids (`T1003.001`). */
  techniques: string;
  /** JSON array of { type, value } (types: user, host, ip, process, hash, url, domain, file). */
  entities: string;
  source: string;
  /** new → acknowledged → in_progress → escalated | closed. */
  status: string;
  /** true_positive | benign_true_positive | false_positive | duplicate; required when closed. */
  verdict: string | null;
  /** User id. */
  assignee: string | null;
  case_id: string | null;
  /** Detections grouped into it. */
  count: number;
  /** JSON array, the first 100 detection ids. */
  detection_ids: string;
  /** JSON array, the first 100 event ids. */
  event_ids: string;
  /** JSON array of { field, value } of the first detection. */
  matched: string;
  /** JSON { start, bucketMinutes, counts: number[] }: detections per bucket since first_seen. */
  sparkline: string;
  /** `@timestamp` of the first / last grouped event. */
  first_seen: string;
  last_seen: string;
  created_at: string;
  updated_at: string;
  acknowledged_at: string | null;
  escalated_at: string | null;
  closed_at: string | null;
  version: number;
  /** The original alert, when closed as `duplicate` (migration 0008). */
  duplicate_of: string | null;
}

export interface AlertEntityTable {
  alert_id: string;
  tenant: string;
  type: string;
  value: string;
}

/** Suppress a rule (optionally for one entity) until `expires_at`; matching detections make no alert. */
export interface SuppressionTable {
  id: string;
  tenant: string;
  rule_id: string;
  entity_type: string | null;
  entity_value: string | null;
  reason: string;
  /** Who answers for it (user name or team). */
  owner: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  hits: number;
  last_hit_at: string | null;
}

/** Risk of an entity: `score` as of `scored_at`; it decays from there (half-life in the config). */
export interface EntityRiskTable {
  tenant: string;
  type: string;
  value: string;
  score: number;
  scored_at: string;
  alerts: number;
  last_alert_at: string;
}

/** A comment on an alert or a case. */
export interface CommentTable {
  id: string;
  tenant: string;
  target_type: 'alert' | 'case';
  target_id: string;
  author_id: string | null;
  author_name: string;
  body: string;
  created_at: string;
}

/** A saved filter of the alert queue (`kind: 'alerts'`) or of search (`'events'`). */
export interface SavedViewTable {
  id: string;
  tenant: string;
  owner_id: string;
  kind: string;
  name: string;
  /** JSON of the filter. */
  query: string;
  /** 1: every user of the tenant sees it. */
  shared: number;
  created_at: string;
  updated_at: string;
}

export interface CaseTable {
  id: string;
  tenant: string;
  number: number;
  seq: number;
  title: string;
  description: string;
  severity: SeverityName;
  /** TLP 2.0: clear | green | amber | amber+strict | red. */
  tlp: string;
  /** Template key: phishing | malware | ransomware | account_compromise | data_exfiltration | insider | other. */
  incident_type: string | null;
  /** open | resolved | closed (a merged case is closed with merged_into set). */
  status: string;
  /** detection_analysis | containment | eradication | recovery | post_incident. */
  phase: string;
  /** true_positive | benign_true_positive | false_positive | duplicate, set when closed. */
  resolution: string | null;
  assignee: string | null;
  tags: string;
  /** 1: personal data involved, breach-notification clocks run. */
  personal_data: number;
  /** JSON array: gdpr, hipaa. */
  regulations: string;
  /** When the organisation became aware of the breach (the clocks' start). */
  aware_at: string | null;
  /** When the authority / individuals were notified (stops the clocks). */
  notified_at: string | null;
  merged_into: string | null;
  /** JSON post-incident review: { rootCause, wentWell, wentBadly, actions: [{ id, text, owner, dueAt, done }] }. */
  review: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  contained_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  version: number;
}

export interface CasePhaseTable {
  case_id: string;
  tenant: string;
  phase: string;
  entered_at: string;
  entered_by: string;
}

export interface CaseLinkTable {
  case_id: string;
  other_id: string;
  tenant: string;
  created_by: string;
  created_at: string;
}

export interface CaseTaskTable {
  id: string;
  case_id: string;
  tenant: string;
  position: number;
  phase: string;
  title: string;
  description: string;
  /** todo | in_progress | done | skipped. */
  status: string;
  assignee: string | null;
  due_at: string | null;
  /** The template it came from, if any. */
  template: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  version: number;
}

export interface ObservableTable {
  id: string;
  tenant: string;
  /** ip | domain | url | hash | email | user | host | file | process | other. */
  type: string;
  value: string;
  tlp: string;
  ioc: number;
  tags: string;
  description: string;
  first_seen: string;
  last_seen: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ObservableSightingTable {
  observable_id: string;
  tenant: string;
  target_type: 'alert' | 'case';
  target_id: string;
  seen_at: string;
}

export interface CaseTimelineTable {
  id: string;
  case_id: string;
  tenant: string;
  kind: 'auto' | 'note';
  /** Dotted verb of an automatic entry (`case.phase`, `alert.added`), `note` for notes. */
  action: string;
  title: string;
  body: string;
  event_time: string;
  recorded_at: string;
  author_id: string | null;
  author_name: string;
}

/** Evidence file metadata; the bytes live in `vigil-data/evidence/<sha256>` (read-only, never altered). */
export interface CaseEvidenceTable {
  id: string;
  case_id: string;
  tenant: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  description: string;
  uploaded_by: string;
  uploaded_at: string;
}

/** A tenant's SLA for one severity (defaults in code when a row is absent). */
export interface SlaPolicyTable {
  tenant: string;
  severity: SeverityName;
  acknowledge_minutes: number;
  contain_minutes: number;
  resolve_minutes: number;
  updated_at: string;
}

export interface SocSeqTable {
  id: number;
  seq: number;
}

/** Workflow tables (migration 0007), merged into the database interface above. */
export interface StateDatabase {
  alerts: AlertTable;
  alert_entities: AlertEntityTable;
  suppressions: SuppressionTable;
  entity_risk: EntityRiskTable;
  comments: CommentTable;
  saved_views: SavedViewTable;
  cases: CaseTable;
  case_phases: CasePhaseTable;
  case_links: CaseLinkTable;
  case_tasks: CaseTaskTable;
  observables: ObservableTable;
  observable_sightings: ObservableSightingTable;
  case_timeline: CaseTimelineTable;
  case_evidence: CaseEvidenceTable;
  sla_policies: SlaPolicyTable;
  soc_seq: SocSeqTable;
}
