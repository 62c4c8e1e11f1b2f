/** The shapes of the API answers the console reads (see the zod schemas of src/api/**). */

export interface Session {
  kind: 'user' | 'service' | 'api_key' | 'ingest';
  id: string;
  name: string;
  displayName: string | null;
  roles: string[];
  permissions: string[];
  tenants: string[];
  mustChangePassword: boolean;
  csrfToken: string | null;
  expiresAt: string | null;
}

export interface AuthMethods {
  password: boolean;
  sso: { label: string; loginUrl: string } | null;
}

export type EventRecord = Record<string, unknown>;

export interface SearchResult {
  events: EventRecord[];
  nextCursor: string | null;
  tookMs: number;
}

export interface TopValues {
  field: string;
  values: { value: unknown; count: number }[];
}

export interface Histogram {
  intervalMs: number;
  buckets: { start: string; count: number }[];
}

export interface Stats {
  totalEvents: number;
  days: { day: string; events: number }[];
  bytes: number | null;
  backlogBytes: number | null;
}

export interface RuleStats {
  hits: number;
  lastHitAt: string | null;
  timeMs: number;
}

export interface RuleSummary {
  id: string;
  kind: 'rule' | 'correlation' | 'filter';
  title: string;
  status: string | null;
  level: string | null;
  tags: string[];
  scope: 'global' | 'tenant';
  source: string;
  path: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  stats: RuleStats;
}

export interface RuleDetail extends RuleSummary {
  line: number;
  yaml: string;
  running: boolean;
  loadError: { file: string; line: number; column: number; reason: string } | null;
}

export interface LocatedError {
  file: string;
  line: number;
  column: number;
  reason: string;
  ruleId?: string;
}

export interface ImportReport {
  source: string;
  dryRun: boolean;
  committed: boolean;
  files: {
    path: string;
    imported: string[];
    updated: string[];
    unchanged: string[];
    errors: LocatedError[];
    unsupported: LocatedError[];
  }[];
  problems: { file: string; reason: string }[];
  ignored: number;
  totals: { imported: number; updated: number; unchanged: number; errors: number; unsupported: number };
}

export interface MatchedField {
  field: string;
  value: unknown;
}

export interface Explanation {
  inLogsource: boolean;
  logsource: string;
  routedOn: string[];
  routingFields: MatchedField[];
  searches: { name: string; needed: boolean; matched: boolean; fields: MatchedField[] }[];
  firstUnmatched?: { search: string; item: string; values: string[]; eventFields: MatchedField[] };
}

export interface RuleTestReport {
  rules: { id: string; title: string; level: string | null }[];
  problems: { line: number; column: number; reason: string }[];
  events: {
    index: number;
    line: number | null;
    parsed: boolean;
    reason?: string;
    event?: EventRecord;
    matches: { ruleId: string; title: string; level: string | null; fields: MatchedField[] }[];
    explanation?: Explanation;
  }[];
  summary: { events: number; parsed: number; matched: number; matches: number };
}

export interface HuntResult {
  rule: { id: string; title: string; level: string | null };
  events: EventRecord[];
  count: number;
  from: string;
  to: string;
  nextCursor: string | null;
  tookMs: number;
}

export interface Detection {
  id: string;
  seq: number;
  kind: string;
  ruleId: string;
  title: string;
  level: string | null;
  tags: string[];
  source: string;
  eventIds: string[];
  eventTime: string;
  matched: MatchedField[];
  createdAt: string;
}

export interface UserView {
  id: string;
  kind: 'user' | 'service';
  username: string;
  displayName: string;
  roles: string[];
  tenants: string[];
  disabled: boolean;
  locked: boolean;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  passwordChangedAt: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface CreatedKey {
  id: string;
  token: string;
  prefix: string;
  key: ApiKeyInfo;
}

export interface IngestToken {
  id: string;
  source: string | null;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface Source {
  name: string;
  format: string;
  createdAt: string;
}

export interface AuditEntry {
  seq: number;
  time: string;
  tenant: string | null;
  actor: { kind: string; id: string | null; name: string | null };
  action: string;
  target: { type: string; id: string } | null;
  outcome: string;
  ip: string | null;
  userAgent: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
}

export interface DeadLetter {
  id: string;
  received: string;
  source: string;
  reason: string;
  raw: string;
}

export { FORMATS, ROLES } from '../shared.ts';
