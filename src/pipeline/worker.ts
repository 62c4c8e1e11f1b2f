/**
 * The pipeline worker thread: reads the journal from the last stored position, parses and
 * normalizes, runs the enrich and detect hooks, and commits events, dead letters and the new
 * position to the event store in one transaction. It also answers the API's store queries, so
 * the API's event loop never runs a parser or a query.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { VigilError } from '../core/errors.ts';
import { type EventStore, openEventStore } from '../store/events/index.ts';
import { DetectStage } from './detect-stage.ts';
import type { Finding, HookFactory, PipelineHooks } from './hooks.ts';
import { comparePositions, type JournalPosition, JournalReader, listSegments } from './journal.ts';
import type {
  FromWorker,
  RulesPayload,
  StoreMethod,
  ToWorker,
  WireError,
  WorkerOptions,
} from './messages.ts';
import { processRecords } from './processor.ts';

const opts = workerData as WorkerOptions;
const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

const send = (m: FromWorker) => port.postMessage(m);
let end: JournalPosition = opts.end;
let stopping = false;
let wake: (() => void) | null = null;
// Native work still running when the thread exits aborts the whole process, so a failing worker
// first lets an in-flight commit settle and closes the store (see `main().catch` below).
let openStore: EventStore | null = null;
const findingAcks = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
let nextFindings = 1;

/** Hands findings to the main thread and waits until they are stored (before the batch commits). */
function deliverFindings(findings: Finding[]): Promise<void> {
  if (findings.length === 0) return Promise.resolve();
  const id = nextFindings++;
  return new Promise((resolve, reject) => {
    findingAcks.set(id, { resolve, reject });
    send({ type: 'findings', id, findings });
  });
}
let pendingCommit: Promise<void> | null = null;
// The detect stage's rule set is swapped between batches only: a `rules` message waits here.
let detectStage: DetectStage | null = null;
let pendingRules: RulesPayload | null = null;

function applyPendingRules(): void {
  const payload = pendingRules;
  pendingRules = null;
  if (!payload) return;
  if (!detectStage) {
    send({
      type: 'rules-loaded',
      version: payload.version,
      loaded: 0,
      failed: [],
      correlations: 0,
      filters: 0,
      ms: 0,
    });
    return;
  }
  send({ type: 'rules-loaded', ...detectStage.load(payload) });
}

async function main(): Promise<void> {
  const store = await openEventStore({
    path: opts.storePath,
    retentionDays: opts.retentionDays,
    maxScanRows: opts.maxScanRows,
    queryTimeoutMs: opts.queryTimeoutMs,
  });
  openStore = store;
  const hooks = await loadHooks();
  const CORRELATION_STATE = 'correlations';
  // Correlation windows resume from the state committed with the last stored batch.
  detectStage?.correlations.restore(await store.readState(CORRELATION_STATE));
  port!.on('message', (m: ToWorker) => {
    if (m.type === 'end') {
      if (comparePositions(m.end, end) > 0) end = m.end;
      wake?.();
    } else if (m.type === 'rpc') {
      void answer(store, m.id, m.method, m.args);
    } else if (m.type === 'rules') {
      if (!pendingRules || m.version > pendingRules.version)
        pendingRules = {
          version: m.version,
          docs: m.docs,
          ...(m.placeholders ? { placeholders: m.placeholders } : {}),
        };
      wake?.();
    } else if (m.type === 'findings-ack') {
      const waiter = findingAcks.get(m.id);
      findingAcks.delete(m.id);
      if (m.error) waiter?.reject(new Error(`findings were not stored: ${m.error}`));
      else waiter?.resolve();
    } else if (m.type === 'stop') {
      stopping = true;
      wake?.();
    }
  });

  let position = (await store.position()) ?? { segment: listSegments(opts.journalDir)[0] ?? 1, offset: 0 };
  send({ type: 'ready', position });
  await store.applyRetention().catch(() => undefined);
  let lastRetention = Date.now();
  const reader = new JournalReader(opts.journalDir);
  // The commit of one batch runs on DuckDB's threads while this thread parses the next one;
  // commits stay strictly in order (one in flight at a time).
  let inflight: { done: Promise<void>; report: () => void } | null = null;
  const settle = async () => {
    if (!inflight) return;
    await inflight.done;
    inflight.report();
    inflight = null;
  };

  let failures = 0;
  for (;;) {
    applyPendingRules();
    if (comparePositions(position, end) >= 0) {
      if (inflight) {
        try {
          await settle();
        } catch (e) {
          position = await recover(e);
        }
        continue;
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 1000);
      });
      wake = null;
      if (Date.now() - lastRetention > 3_600_000) {
        lastRetention = Date.now();
        await store.applyRetention().catch(() => undefined);
      }
      continue;
    }
    try {
      position = await step(position);
      failures = 0;
    } catch (e) {
      position = await recover(e);
    }
    // Let queued queries run between batches.
    await new Promise((r) => setImmediate(r));
  }

  /** Parses, runs the hooks and starts the commit of the batch at `from`; returns where it ends. */
  async function step(from: JournalPosition): Promise<JournalPosition> {
    const started = performance.now();
    const records = reader.read(from, end, opts.batchMaxRecords, opts.batchMaxBytes);
    if (records.length === 0)
      throw new Error(`no journal record at ${from.segment}:${from.offset} before the durable end`);
    const processed = processRecords(records, { assumeTimeZone: opts.assumeTimeZone });
    detectStage?.takeStats(); // drops counts of a batch that failed after detecting (it is retried)
    for (const h of hooks) await h.enrich?.(processed.events);
    const findings: Finding[] = [];
    for (const h of hooks) await h.detect?.(processed.events, (finding) => findings.push(finding));
    // Counted once the batch commits (a failed batch is retried and counted then).
    const ruleStats = detectStage?.takeStats() ?? [];
    detectStage?.correlations.expire();
    const correlationState = detectStage?.correlations.takeSnapshot() ?? null;
    // Findings are stored before their events' batch commits: a failure in between retries the
    // batch, and the retried findings carry the same ids (stored once).
    await deliverFindings(findings);
    const next = records[records.length - 1]!.next;
    const parsedMs = performance.now() - started;
    await settle();
    const commitStarted = performance.now();
    const done = store.commit({
      events: processed.events,
      deadLetters: processed.deadLetters,
      position: next,
      ...(correlationState !== null ? { state: { [CORRELATION_STATE]: correlationState } } : {}),
    });
    done.catch(() => undefined); // surfaced by settle(), which retries from the stored position
    pendingCommit = done;
    inflight = {
      done,
      report: () =>
        send({
          type: 'progress',
          position: next,
          counts: processed.counts,
          events: processed.events.length + processed.deadLetters.length,
          seconds: (parsedMs + performance.now() - commitStarted) / 1000,
          ruleStats,
        }),
    };
    return next;
  }

  /**
   * A batch failed (a hook threw, a commit failed): nothing of it was stored. Report it, wait
   * (backing off up to 30 s), and go on from the last committed position, so the batch is retried
   * and no acknowledged event is skipped. The thread stays up: tearing it down with native work
   * in flight could abort the process.
   */
  async function recover(e: unknown): Promise<JournalPosition> {
    failures++;
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    const wait = Math.min(30_000, 500 * 2 ** Math.min(failures - 1, 6));
    send({ type: 'batch-failed', message, retryInMs: wait });
    await inflight?.done.catch(() => undefined);
    inflight = null;
    await new Promise((r) => setTimeout(r, wait));
    // The failed batches may have fed the correlations: back to the committed state.
    detectStage?.correlations.restore(await store.readState(CORRELATION_STATE));
    return (await store.position()) ?? { segment: listSegments(opts.journalDir)[0] ?? 1, offset: 0 };
  }
  reader.close();
  for (const h of hooks) await h.close?.();
  await store.close();
  process.exit(0);
}

async function loadHooks(): Promise<PipelineHooks[]> {
  const hooks: PipelineHooks[] = [];
  if (opts.detect) {
    // The first rule set is part of the worker's options, so no batch runs before it is loaded.
    detectStage = new DetectStage();
    send({ type: 'rules-loaded', ...detectStage.load(opts.detect) });
    hooks.push(detectStage.hooks);
  }
  for (const mod of opts.hookModules) {
    const { createHooks } = (await import(mod)) as { createHooks: HookFactory };
    hooks.push(await createHooks({ dataDir: opts.dataDir }));
  }
  return hooks;
}

async function answer(store: EventStore, id: number, method: StoreMethod, args: unknown[]): Promise<void> {
  try {
    const fn = store[method] as (...a: unknown[]) => Promise<unknown>;
    const value = await fn.apply(store, args);
    send({ type: 'rpc-result', id, ok: true, value });
  } catch (e) {
    const error: WireError =
      e instanceof VigilError
        ? { code: e.code, message: e.message, ...(e.location ? { location: e.location } : {}) }
        : { code: 'internal', message: e instanceof Error ? e.message : String(e) };
    send({ type: 'rpc-result', id, ok: false, error });
  }
}

main().catch(async (e: unknown) => {
  send({ type: 'fatal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  await pendingCommit?.catch(() => undefined);
  await openStore?.close().catch(() => undefined);
  process.exit(1);
});
