/**
 * The pipeline's owner on the main thread. It is the `IngestSink` every listener hands batches to:
 * a batch is acknowledged once the journal has it on disk; the worker thread takes it from there.
 * It refuses new batches (OverloadedError → HTTP 503 / TCP pause) while the backlog of journal
 * bytes not yet stored is above the limit, so memory stays bounded whatever the input rate.
 */
import { Worker } from 'node:worker_threads';
import { OverloadedError, VigilError } from '../core/errors.ts';
import type { Placeholders } from '../detect/index.ts';
import type { Logger } from '../ops/index.ts';
import type { Metrics } from '../ops/metrics.ts';
import { encodeBatch, encodeRejection } from './entry.ts';
import type { Finding } from './hooks.ts';
import { comparePositions, distance, type JournalPosition, JournalWriter } from './journal.ts';
import type {
  FromWorker,
  RuleDoc,
  RuleStat,
  RulesLoaded,
  RulesPayload,
  StoreMethod,
  ToWorker,
  WorkerOptions,
} from './messages.ts';
import type { IngestSink, RawBatch, RawRejection } from './sink.ts';

export interface PipelineOptions extends Omit<WorkerOptions, 'end'> {
  /** Stores findings durably; the worker commits their batch only after this resolves. */
  onFindings: (findings: Finding[]) => Promise<void>;
  /** Per-rule counters of each committed batch (hits, last hit, time). */
  onRuleStats?: (stats: RuleStat[]) => void;
  /** Each rule set the worker loaded (also at every worker start). */
  onRulesLoaded?: (loaded: RulesLoaded) => void;
  segmentBytes: number;
  maxBacklogBytes: number;
  logger: Logger;
  metrics: Metrics;
}

interface PendingCall {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class Pipeline implements IngestSink {
  private worker: Worker | null = null;
  private stored: JournalPosition = { segment: 0, offset: 0 };
  private readonly accepting$ = new Set<() => void>();
  private readonly calls = new Map<number, PendingCall>();
  private readonly waiters: { until: JournalPosition; resolve: () => void }[] = [];
  private nextCall = 1;
  private wasAccepting = true;
  private stopping = false;
  private workerExit: Promise<void> = Promise.resolve();
  /** The latest rule set; a restarted worker starts with it. */
  private rules: RulesPayload | null;
  private readonly rulesWaiters: { version: number; resolve: (r: RulesLoaded) => void }[] = [];

  private constructor(
    private readonly opts: PipelineOptions,
    private readonly journal: JournalWriter,
  ) {
    this.rules = opts.detect;
  }

  static async start(opts: PipelineOptions): Promise<Pipeline> {
    const journal = await JournalWriter.open(opts.journalDir, opts.segmentBytes);
    const p = new Pipeline(opts, journal);
    await p.spawn();
    return p;
  }

  get accepting(): boolean {
    return this.backlogBytes < this.opts.maxBacklogBytes && !this.stopping;
  }

  /** Journal bytes acknowledged but not yet stored. */
  get backlogBytes(): number {
    return distance(this.stored, this.journal.end, this.opts.segmentBytes);
  }

  get storedPosition(): JournalPosition {
    return this.stored;
  }

  onAccepting(listener: () => void): () => void {
    this.accepting$.add(listener);
    return () => this.accepting$.delete(listener);
  }

  async submit(batch: RawBatch): Promise<void> {
    if (this.stopping)
      throw new VigilError('unavailable', 'Vigil is shutting down; retry shortly', { retryAfter: 5 });
    if (!this.accepting) {
      this.wasAccepting = false;
      this.opts.metrics.requestsRefused.inc({ reason: 'backlog' });
      throw new OverloadedError(
        `the pipeline is ${Math.round(this.backlogBytes / 1048576)} MiB behind; retry after a few seconds`,
        5,
      );
    }
    const end = await this.journal.append(encodeBatch(batch));
    this.opts.metrics.eventsIn.inc(
      { source: batch.source, transport: String(batch.meta?.['observer.ingress.transport'] ?? 'http') },
      batch.events.length,
    );
    this.notify(end);
  }

  async reject(rejection: RawRejection): Promise<void> {
    const end = await this.journal.append(encodeRejection(rejection));
    this.notify(end);
  }

  /** Resolves once everything acknowledged so far is stored (or the pipeline stops). */
  drained(): Promise<void> {
    const until = this.journal.end;
    if (comparePositions(this.stored, until) >= 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ until, resolve }));
  }

  /** Calls a read-only event store method in the worker. */
  call<T>(method: StoreMethod, ...args: unknown[]): Promise<T> {
    const worker = this.worker;
    if (!worker)
      return Promise.reject(new VigilError('unavailable', 'the event store is restarting; retry shortly'));
    const id = this.nextCall++;
    return new Promise<T>((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ type: 'rpc', id, method, args } satisfies ToWorker);
    });
  }

  /** Whether the detect stage runs (`detect.enabled`). */
  get detecting(): boolean {
    return this.rules !== null;
  }

  /**
   * Replaces the running rule set (the worker swaps it between batches) and resolves with what
   * the worker loaded. A worker that restarts meanwhile starts with this set and answers for it.
   * The rules compile with `placeholders` (default: the values of the set running now).
   */
  loadRules(docs: RuleDoc[], placeholders?: Placeholders): Promise<RulesLoaded> {
    if (!this.rules)
      return Promise.reject(new VigilError('conflict', 'detection is turned off (detect.enabled: false)'));
    const version = this.rules.version + 1;
    const values = placeholders ?? this.rules.placeholders;
    this.rules = { version, docs, ...(values ? { placeholders: values } : {}) };
    const loaded = new Promise<RulesLoaded>((resolve) => this.rulesWaiters.push({ version, resolve }));
    this.worker?.postMessage({ type: 'rules', ...this.rules } satisfies ToWorker);
    return loaded;
  }

  /** Stops taking input, lets the worker store everything acknowledged, then stops it. */
  async close(): Promise<void> {
    this.stopping = true;
    await this.journal.close();
    this.worker?.postMessage({ type: 'end', end: this.journal.end } satisfies ToWorker);
    this.worker?.postMessage({ type: 'stop' } satisfies ToWorker);
    await this.workerExit;
  }

  private notify(end: JournalPosition): void {
    this.worker?.postMessage({ type: 'end', end } satisfies ToWorker);
    this.opts.metrics.backlogBytes.set(this.backlogBytes);
  }

  private spawn(): Promise<void> {
    const { logger } = this.opts;
    const workerOpts: WorkerOptions = {
      ...workerOptionsOf(this.opts),
      detect: this.rules,
      end: this.journal.end,
    };
    const worker = new Worker(new URL('./worker-bootstrap.js', import.meta.url), { workerData: workerOpts });
    this.worker = worker;
    let ready!: () => void;
    let failed!: (e: Error) => void;
    const readyP = new Promise<void>((res, rej) => {
      ready = res;
      failed = rej;
    });
    let resolveExit!: () => void;
    this.workerExit = new Promise<void>((r) => {
      resolveExit = r;
    });
    worker.on('message', (m: FromWorker) => {
      switch (m.type) {
        case 'ready':
          this.stored = m.position;
          ready();
          break;
        case 'progress':
          this.onProgress(m);
          break;
        case 'rpc-result': {
          const call = this.calls.get(m.id);
          this.calls.delete(m.id);
          if (!call) break;
          if (m.ok) call.resolve(m.value);
          else
            call.reject(
              new VigilError(
                m.error.code,
                m.error.message,
                m.error.location ? { location: m.error.location } : {},
              ),
            );
          break;
        }
        case 'fatal':
          logger.error({ err: m.message }, 'pipeline worker failed');
          failed(new Error(`pipeline worker failed: ${m.message}`));
          break;
        case 'findings': {
          this.opts.onFindings(m.findings).then(
            () => worker.postMessage({ type: 'findings-ack', id: m.id } satisfies ToWorker),
            (e: unknown) => {
              logger.error({ err: e }, 'storing findings failed; the batch will be replayed');
              worker.postMessage({ type: 'findings-ack', id: m.id, error: String(e) } satisfies ToWorker);
            },
          );
          break;
        }
        case 'batch-failed':
          logger.error(
            { err: m.message, retryInMs: m.retryInMs },
            'a pipeline batch failed; nothing of it was stored, retrying from the last stored position',
          );
          break;
        case 'rules-loaded':
          this.onRulesLoaded(m);
          break;
      }
    });
    worker.on('error', (e) => {
      logger.error({ err: e }, 'pipeline worker error');
      failed(e);
    });
    worker.on('exit', (code) => {
      this.worker = null;
      for (const call of this.calls.values())
        call.reject(new VigilError('unavailable', 'the event store restarted; retry'));
      this.calls.clear();
      resolveExit();
      if (!this.stopping) {
        logger.error({ code }, 'pipeline worker exited; restarting in 1 s (no acknowledged event is lost)');
        setTimeout(
          () => void this.spawn().catch((e) => logger.error({ err: e }, 'pipeline restart failed')),
          1000,
        );
      } else {
        for (const w of this.waiters.splice(0)) w.resolve();
      }
    });
    return readyP;
  }

  private onRulesLoaded(m: RulesLoaded): void {
    const { logger } = this.opts;
    const { version, loaded, failed, correlations, filters, ms } = m;
    logger.info(
      { version, rulesLoaded: loaded, rulesFailed: failed.length, correlations, filters, ms },
      'detection rules loaded',
    );
    for (const f of failed.slice(0, 50))
      logger.warn(
        { problem: `${f.file}:${f.line}:${f.column}: ${f.reason}`, ruleId: f.ruleId },
        'detection rule skipped',
      );
    if (failed.length > 50) logger.warn({ more: failed.length - 50 }, 'more detection rules skipped');
    for (let i = this.rulesWaiters.length - 1; i >= 0; i--) {
      const w = this.rulesWaiters[i]!;
      if (w.version <= m.version) {
        this.rulesWaiters.splice(i, 1);
        w.resolve(m);
      }
    }
    this.opts.onRulesLoaded?.(m);
  }

  private onProgress(m: Extract<FromWorker, { type: 'progress' }>): void {
    this.stored = m.position;
    if (m.ruleStats.length > 0) this.opts.onRuleStats?.(m.ruleStats);
    const { metrics } = this.opts;
    for (const [source, c] of Object.entries(m.counts)) {
      if (c.stored) metrics.eventsStored.inc({ source }, c.stored);
      if (c.rejected) metrics.eventsRejected.inc({ source }, c.rejected);
    }
    metrics.batchLatency.observe(m.seconds);
    metrics.batchEvents.observe(m.events);
    metrics.backlogBytes.set(this.backlogBytes);
    this.journal.deleteBefore(m.position);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i]!;
      if (comparePositions(this.stored, w.until) >= 0) {
        this.waiters.splice(i, 1);
        w.resolve();
      }
    }
    if (!this.wasAccepting && this.accepting) {
      this.wasAccepting = true;
      for (const l of this.accepting$) l();
    }
  }
}

function workerOptionsOf(o: PipelineOptions): Omit<WorkerOptions, 'end'> {
  return {
    journalDir: o.journalDir,
    storePath: o.storePath,
    retentionDays: o.retentionDays,
    maxScanRows: o.maxScanRows,
    queryTimeoutMs: o.queryTimeoutMs,
    assumeTimeZone: o.assumeTimeZone,
    batchMaxRecords: o.batchMaxRecords,
    batchMaxBytes: o.batchMaxBytes,
    hookModules: o.hookModules,
    dataDir: o.dataDir,
    detect: o.detect,
  };
}
