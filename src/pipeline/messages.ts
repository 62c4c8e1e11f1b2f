/** Messages between the pipeline's owner (main thread) and its worker. Plain, structured-cloneable. */
import type { ErrorCode } from '../core/errors.ts';
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
  /** Folders of Sigma rules for the built-in detect stage; null turns it off. */
  detectRuleDirs: string[] | null;
}

/** Read-only store calls the API makes through the worker (which owns the event store). */
export type StoreMethod =
  | 'search'
  | 'count'
  | 'topValues'
  | 'histogram'
  | 'deadLetters'
  | 'stats'
  | 'applyRetention';

export type ToWorker =
  | { type: 'end'; end: JournalPosition }
  | { type: 'rpc'; id: number; method: StoreMethod; args: unknown[] }
  | { type: 'findings-ack'; id: number; error?: string }
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
    }
  | { type: 'rpc-result'; id: number; ok: true; value: unknown }
  | { type: 'rpc-result'; id: number; ok: false; error: WireError }
  | { type: 'findings'; id: number; findings: Finding[] }
  | { type: 'detect-ready'; rulesLoaded: number; rulesFailed: number; problems: string[] }
  | { type: 'batch-failed'; message: string; retryInMs: number }
  | { type: 'fatal'; message: string };
