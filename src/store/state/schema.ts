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
