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

export interface MigrationRow {
  seq: Generated<number>;
}

export interface StateDatabase {
  tenants: TenantTable;
  sources: SourceTable;
  credentials: CredentialTable;
  detections: DetectionTable;
}
