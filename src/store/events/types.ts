/**
 * The event store's contract: what the pipeline commits (events, dead letters and the journal
 * position, atomically) and what hunting asks of it (search, count, top values, histogram).
 */
import type { VigilEvent } from '../../core/event.ts';
import type { QueryNode } from '../../hunt/index.ts';
import type { HuntRequest, HuntResult } from './sigma/types.ts';

export type { HuntRequest, HuntResult };

export interface EventStoreOptions {
  /** The DuckDB database file (created if missing). */
  path: string;
  /** Whole days of events to keep; older day tables are dropped by applyRetention. */
  retentionDays: number;
  /** Rows a query without a selective field filter may scan. Default 50,000,000. */
  maxScanRows?: number;
  /** Longest a query may run. Default 30,000 ms. */
  queryTimeoutMs?: number;
  /** Read connections (queries running at once). Default 2. */
  readConnections?: number;
}

/** One event to store; `event` carries `@timestamp`, `vigil.tenant`, `vigil.source`, ... */
export interface StoredEvent {
  id: string;
  event: VigilEvent;
}

/** Input that could not be parsed, kept with the reason and the raw bytes. */
export interface DeadLetter {
  id: string;
  /** ISO 8601 UTC. */
  received: string;
  tenant: string;
  source: string;
  reason: string;
  raw: Uint8Array;
}

export interface JournalPosition {
  segment: number;
  offset: number;
}

/** What one pipeline step stores: all of it, or (on any error) none of it. */
export interface CommitBatch {
  events: StoredEvent[];
  deadLetters: DeadLetter[];
  position: JournalPosition;
  /** Pipeline state as of the end of this batch (key → text), committed with it (e.g. correlation windows). */
  state?: Record<string, string>;
}

/** Which events a query looks at: tenants (required) and the time range [from, to). */
export interface ScopeRequest {
  tenants: readonly string[];
  /** ISO 8601, inclusive. */
  from: string;
  /** ISO 8601, exclusive. */
  to: string;
  query: QueryNode;
}

export interface SearchRequest extends ScopeRequest {
  /** By `@timestamp` (then id). Default `desc`. */
  sort?: 'asc' | 'desc';
  /** Default 100, at most 10,000. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Only these fields of each event (plus `vigil.id`). */
  fields?: string[];
}

export interface SearchResult {
  /** Each with `vigil.id`. */
  events: VigilEvent[];
  nextCursor: string | null;
  tookMs: number;
}

export interface TopValue {
  value: string | number | boolean | null;
  count: number;
}

export interface Histogram {
  intervalMs: number;
  /** Every bucket from the one holding `from` to the one holding `to`, zeros included. */
  buckets: { start: string; count: number }[];
}

export interface DeadLetterPage {
  items: DeadLetter[];
  nextCursor: string | null;
}

export interface StoreStats {
  days: { day: string; events: number }[];
  totalEvents: number;
  /** Size of the database file and its write-ahead log. */
  bytes: number;
}

export interface EventStore {
  /** Events, dead letters and the position in one transaction: all or nothing. */
  commit(batch: CommitBatch): Promise<void>;
  /** The last committed journal position; null on a new store. */
  position(): Promise<JournalPosition | null>;
  /** Pipeline state committed with the last batch that set `key`; null if never set. */
  readState(key: string): Promise<string | null>;
  search(req: SearchRequest): Promise<SearchResult>;
  count(req: ScopeRequest): Promise<number>;
  /** Most frequent values of `field` (array elements counted one by one). Default limit 10. */
  topValues(req: ScopeRequest, field: string, limit?: number): Promise<TopValue[]>;
  /** Event counts over time in round intervals, about `buckets` of them (default 60). */
  histogram(req: ScopeRequest, buckets?: number): Promise<Histogram>;
  /** Events a Sigma rule matches (as the detection engine would), newest first, and their count. */
  huntSigma(req: HuntRequest): Promise<HuntResult>;
  /** Newest first. */
  deadLetters(opts: { tenants: readonly string[]; limit?: number; cursor?: string }): Promise<DeadLetterPage>;
  /** Drops day tables (and dead letters) older than `retentionDays` before `now`. */
  applyRetention(now?: number): Promise<{ droppedDays: string[] }>;
  /** Events per day in `tenants` (required) and the store's size on disk. */
  stats(tenants: readonly string[]): Promise<StoreStats>;
  close(): Promise<void>;
}
