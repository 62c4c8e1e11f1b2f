/**
 * The built-in detect stage: the rule library's enabled documents (YAML sent by the main thread,
 * which reads them from the state store) parsed, filters folded in, compiled and matched against
 * every event of every batch; rule hits feed the Sigma correlations. A new rule set is swapped in
 * whole by `load` (the worker calls it between batches, never during one). Rules compile with the
 * payload's placeholder values (`detect.placeholders`, for `expand`). Documents whose text did
 * not change since the last load are not parsed or compiled again. Documents that do not load are
 * reported (rule id, file, line, reason) and skipped; they never stop the pipeline. A rule with a
 * tenant fires only on that tenant's events; a global rule fires on every tenant's events except
 * those of tenants that have their own copy (or their own filtered variant) of it.
 */
import { entitiesOf } from '../alerts/entities.ts';
import { type CompiledRule, loadPipelines, type Pipelines, RuleSet } from '../detect/index.ts';
import { CorrelationStage } from './correlation-stage.ts';
import type { Finding, PipelineHooks } from './hooks.ts';
import type { RuleStat, RulesLoaded, RulesPayload } from './messages.ts';
import { RuleCompiler, type Scope } from './rule-scopes.ts';

/** One event in this many is timed rule by rule (per-rule time spent is an estimate from it). */
export const TIME_SAMPLE = 16;

export class DetectStage {
  private ruleSet = new RuleSet([]);
  private scopes = new Map<CompiledRule, Scope>();
  private stats = new Map<string, RuleStat>();
  private readonly compiler: RuleCompiler;
  readonly correlations: CorrelationStage;
  version = 0;
  private seen = 0;

  constructor(pipelines: Pipelines = loadPipelines()) {
    this.compiler = new RuleCompiler(pipelines);
    this.correlations = new CorrelationStage(pipelines);
  }

  /** Parses and compiles `payload` (reusing unchanged documents) and makes it the running set. */
  load(payload: RulesPayload): RulesLoaded {
    const started = performance.now();
    const built = this.compiler.build(payload.docs, payload.placeholders ?? {});
    const failed = [...built.failed, ...this.correlations.load(built.correlationScopes)];
    this.ruleSet = new RuleSet(built.rules.map((r) => r.compiled));
    this.scopes = new Map(built.rules.map((r) => [r.compiled, r.scope]));
    this.version = payload.version;
    return {
      version: payload.version,
      loaded: built.loadedDocs,
      failed,
      correlations: built.correlations,
      filters: built.filters,
      ms: Math.round(performance.now() - started),
    };
  }

  /** The counters gathered since the last call (one batch's worth). */
  takeStats(): RuleStat[] {
    const out = [...this.stats.values()];
    this.stats.clear();
    return out;
  }

  readonly hooks: PipelineHooks = {
    detect: (events, report) => {
      if (this.scopes.size === 0) return;
      const ruleSet = this.ruleSet;
      for (const stored of events) {
        const tenant = String(stored.event['vigil.tenant']);
        // One event in TIME_SAMPLE is timed rule by rule; the counters scale it up.
        const hits =
          ++this.seen % TIME_SAMPLE === 0
            ? ruleSet.matchTimed(stored.event, (rule, ms) => this.spend(rule, tenant, ms * TIME_SAMPLE))
            : ruleSet.match(stored.event);
        for (const hit of hits) {
          const scope = this.scopes.get(hit.rule);
          if (!scope) continue;
          if (scope.tenant !== null ? scope.tenant !== tenant : scope.except?.has(tenant)) continue;
          const eventTime = String(stored.event['@timestamp']);
          const source = String(stored.event['vigil.source']);
          this.count(scope.ruleId, tenant, eventTime);
          if (this.correlations.size > 0) {
            const time = Date.parse(eventTime);
            const hitInput = { ruleId: hit.rule.id, ruleName: scope.ruleName, tenant, eventId: stored.id };
            for (const f of this.correlations.observe({ ...hitInput, time, event: stored.event, source })) {
              this.count(f.ruleId, tenant, f.eventTime);
              // The event that completed the correlation shares its group's values.
              report({ ...f, entities: entitiesOf(stored.event) });
            }
            if (!this.correlations.reportsRule(hit.rule.id)) continue;
          }
          const finding: Finding = {
            id: `${scope.ruleId}|${stored.id}`,
            kind: 'sigma',
            tenant,
            ruleId: scope.ruleId,
            title: hit.rule.title,
            level: hit.rule.level ?? null,
            tags: [...hit.rule.tags],
            source,
            eventIds: [stored.id],
            eventTime,
            matched: hit.fields.map((f) => ({ field: f.field, value: f.value })),
            entities: entitiesOf(stored.event),
          };
          report(finding);
        }
      }
    },
  };

  private statOf(ruleId: string, tenant: string): RuleStat {
    const key = `${ruleId}\0${tenant}`;
    let s = this.stats.get(key);
    if (!s) {
      s = { ruleId, tenant, hits: 0, ms: 0, lastHitAt: null };
      this.stats.set(key, s);
    }
    return s;
  }

  private spend(rule: CompiledRule, tenant: string, ms: number): void {
    const scope = this.scopes.get(rule);
    if (scope) this.statOf(scope.ruleId, tenant).ms += ms;
  }

  private count(ruleId: string, tenant: string, eventTime: string): void {
    const s = this.statOf(ruleId, tenant);
    s.hits++;
    if (s.lastHitAt === null || eventTime > s.lastHitAt) s.lastHitAt = eventTime;
  }
}
