/** Messages between the pipeline's owner (main thread) and its worker. Plain, structured-cloneable. */
import type { ErrorCode } from '../core/errors.ts';
import type { Placeholders } from '../detect/index.ts';
import type { Finding } from './hooks.ts';
import type { JournalPosition } from './journal.ts';
import type { SourceCounts } from './processor.ts';

export interface WorkerOptions {
  journalDir: string;
  storePath: string;
  retentionDays: number;
  maxScanRows: number;
  queryTimeoutMs: number;
  assumeTimeZone: string;
  /** Most journal records (requests) per commit. */
  batchMaxRecords: number;
  batchMaxBytes: number;
  /** Durable end of the journal when the worker starts. */
  end: JournalPosition;
  /** Modules exporting `createHooks: HookFactory`, loaded in the worker (enrich/detect). */
  hookModules: string[];
  dataDir: string;
  /** The rules of the built-in detect stage (the worker reads no rule folder itself); null turns it off. */
  detect: RulesPayload | null;
}

/** A stored rule document as the worker receives it: its YAML, and whose events it applies to. */
export interface RuleDoc {
  /** The rule id in the library (findings and counters use it). */
  id: string;
  /** Null: every tenant. */
  tenant: string | null;
  kind: 'rule' | 'correlation' | 'filter';
  /** Where it came from, for errors: `<source>/<path>`. */
  file: string;
  /** Line of that file where `text` starts. */
  line: number;
  text: string;
  /** For a global rule: tenants that have their own copy of this id (it does not run for them). */
  exceptTenants?: string[];
}

/** One version of the whole rule set; the worker swaps to it between batches. */
export interface RulesPayload {
  version: number;
  docs: RuleDoc[];
  /**
   * Values of the `expand` modifier's `%placeholders%` the rules compile with (config
   * `detect.placeholders`); absent: none, so a rule using a placeholder does not load.
   */
  placeholders?: Placeholders;
}

/** A rule the worker could not load, with where and why. */
export interface RuleLoadFailure {
  ruleId: string;
  tenant: string | null;
  file: string;
  line: number;
  column: number;
  reason: string;
}

export interface RulesLoaded {
  version: number;
  /** Detection rules compiled and running. */
  loaded: number;
  failed: RuleLoadFailure[];
  /** Parsed and kept for their engines (not evaluated by the worker yet). */
  correlations: number;
  filters: number;
  ms: number;
}

/** Counters of one committed batch, per rule and tenant of the matching events. */
export interface RuleStat {
  ruleId: string;
  tenant: string;
  hits: number;
  /** Time spent evaluating the rule in the batch, estimated from a sample of events (`TIME_SAMPLE`). */
  ms: number;
  /** `@timestamp` of the last matching event. */
  lastHitAt: string | null;
}

/** Read-only store calls the API makes through the worker (which owns the event store). */
export type StoreMethod =
  | 'search'
  | 'count'
  | 'topValues'
  | 'histogram'
  | 'huntSigma'
  | 'deadLetters'
  | 'stats'
  | 'applyRetention';

export type ToWorker =
  | { type: 'end'; end: JournalPosition }
  | { type: 'rpc'; id: number; method: StoreMethod; args: unknown[] }
  | { type: 'findings-ack'; id: number; error?: string }
  | ({ type: 'rules' } & RulesPayload)
  | { type: 'stop' };

export interface WireError {
  code: ErrorCode;
  message: string;
  location?: string;
  retryAfter?: number;
}

export type FromWorker =
  | { type: 'ready'; position: JournalPosition }
  | {
      type: 'progress';
      position: JournalPosition;
      counts: Record<string, SourceCounts>;
      events: number;
      seconds: number;
      ruleStats: RuleStat[];
    }
  | { type: 'rpc-result'; id: number; ok: true; value: unknown }
  | { type: 'rpc-result'; id: number; ok: false; error: WireError }
  | { type: 'findings'; id: number; findings: Finding[] }
  | ({ type: 'rules-loaded' } & RulesLoaded)
  | { type: 'batch-failed'; message: string; retryInMs: number }
  | { type: 'fatal'; message: string };
