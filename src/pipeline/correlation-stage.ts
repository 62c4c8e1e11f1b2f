/**
 * Sigma correlations in the pipeline: one correlation engine per scope (global correlations see
 * every tenant's rule hits; a tenant's own correlations see only that tenant's), fed with the
 * detect stage's hits, in event time. Its state is a snapshot the worker commits with each batch,
 * so a restart or a retried batch resumes from exactly the state of the last committed batch.
 */
import {
  type CorrelationEngine,
  type CorrelationMatch,
  createCorrelationEngine,
  type EventRecord,
  type Pipelines,
} from '../detect/index.ts';
import type { Finding } from './hooks.ts';
import type { RuleLoadFailure } from './messages.ts';
import type { CorrelationScope } from './rule-scopes.ts';

interface ScopedEngine {
  tenant: string | null;
  engine: CorrelationEngine;
}

interface Snapshot {
  version: 1;
  /** Scope ('' for global, else the tenant) → the engine's snapshot. */
  scopes: Record<string, unknown>;
}

export interface CorrelationInput {
  ruleId: string;
  ruleName: string | undefined;
  tenant: string;
  eventId: string;
  time: number;
  event: EventRecord;
  source: string;
}

export class CorrelationStage {
  private scopes: readonly CorrelationScope[] = [];
  private engines: ScopedEngine[] = [];
  private dirty = false;
  /** Newest hit time per tenant: windows expire by each tenant's own event time. */
  private newest = new Map<string, number>();

  constructor(private readonly pipelines: Pipelines) {}

  get size(): number {
    return this.engines.length;
  }

  /** Replaces the engines; the state of correlations that still exist is carried over. */
  load(scopes: readonly CorrelationScope[]): RuleLoadFailure[] {
    const previous = this.engines.length > 0 ? this.snapshotObject() : null;
    this.scopes = scopes;
    const failed = this.build();
    if (previous) this.restoreObject(previous);
    return failed;
  }

  private build(): RuleLoadFailure[] {
    const failed: RuleLoadFailure[] = [];
    this.engines = this.scopes.map((scope) => {
      const { engine, failed: f } = createCorrelationEngine(scope.correlations, scope.rules, this.pipelines);
      for (const x of f)
        failed.push({
          ruleId: x.correlationId,
          tenant: scope.tenant,
          file: x.file,
          line: x.line,
          column: 1,
          reason: x.reason,
        });
      return { tenant: scope.tenant, engine };
    });
    return failed;
  }

  /** Whether a rule's own detections are reported (not when its correlations say `generate: false`). */
  reportsRule(ruleId: string): boolean {
    return this.engines.every((e) => e.engine.reportsRule(ruleId));
  }

  /** Feeds one rule hit; correlation matches come back as findings. */
  observe(hit: CorrelationInput): Finding[] {
    if (this.engines.length === 0) return [];
    const out: Finding[] = [];
    for (const scoped of this.engines) {
      if (scoped.tenant !== null && scoped.tenant !== hit.tenant) continue;
      const matches = scoped.engine.observe({
        ruleId: hit.ruleId,
        ...(hit.ruleName !== undefined ? { ruleName: hit.ruleName } : {}),
        eventId: hit.eventId,
        time: hit.time,
        event: hit.event,
        tenant: hit.tenant,
      });
      this.dirty = true;
      for (const m of matches) if (m.report) out.push(findingOf(m, hit.source));
    }
    if (hit.time > (this.newest.get(hit.tenant) ?? Number.NEGATIVE_INFINITY))
      this.newest.set(hit.tenant, hit.time);
    return out;
  }

  /** Drops windows that have passed (by event time); called once per batch. */
  expire(): void {
    for (const [tenant, time] of this.newest)
      for (const e of this.engines)
        if (e.tenant === null || e.tenant === tenant) e.engine.expire(time, tenant);
  }

  /** The state to commit with the batch, or null when nothing changed since the last call. */
  takeSnapshot(): string | null {
    if (!this.dirty) return null;
    this.dirty = false;
    return JSON.stringify(this.snapshotObject());
  }

  /** Back to a committed state (null: empty). Unknown or changed correlations start empty. */
  restore(text: string | null): void {
    this.build();
    this.dirty = false;
    this.newest.clear();
    if (text === null) return;
    try {
      this.restoreObject(JSON.parse(text) as Snapshot);
    } catch {
      this.build();
    }
  }

  private snapshotObject(): Snapshot {
    const scopes: Record<string, unknown> = {};
    for (const e of this.engines) scopes[e.tenant ?? ''] = e.engine.snapshot();
    return { version: 1, scopes };
  }

  private restoreObject(s: Snapshot): void {
    if (s?.version !== 1 || typeof s.scopes !== 'object') return;
    for (const e of this.engines) {
      const snap = s.scopes[e.tenant ?? ''];
      if (snap !== undefined) e.engine.restore(snap);
    }
  }
}

function findingOf(m: CorrelationMatch, source: string): Finding {
  const group = Object.keys(m.group)
    .sort()
    .map((k) => [k, m.group[k]]);
  return {
    id: `${m.correlationId}|${m.tenant}|${JSON.stringify(group)}|${m.lastTime}`,
    kind: 'correlation',
    tenant: m.tenant,
    ruleId: m.correlationId,
    title: m.title,
    level: m.level ?? null,
    tags: [...m.tags],
    source,
    eventIds: [...m.eventIds],
    eventTime: new Date(m.lastTime).toISOString(),
    matched: [
      ...group.map(([field, value]) => ({ field: field as string, value })),
      { field: `correlation.${m.type}`, value: m.value },
      { field: 'correlation.first_time', value: new Date(m.firstTime).toISOString() },
    ],
    // Filled by the detect stage from the event that completed the correlation.
    entities: [],
  };
}
