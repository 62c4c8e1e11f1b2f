/**
 * The built-in detect stage: the rule library's enabled rules (YAML sent by the main thread, which
 * reads them from the state store) parsed, compiled and matched against every event of every
 * batch. A new rule set is swapped in whole by `load` (the worker calls it between batches, never
 * during one). Documents whose text did not change since the last load are not parsed or compiled
 * again. Rules that do not load are reported (rule id, file, line, reason) and skipped; they never
 * stop the pipeline. A rule with a tenant fires only on that tenant's events; a global rule fires
 * on every tenant's events except those of tenants that have their own copy of it.
 * Correlations and filters are parsed and kept for their engines; they are not evaluated here.
 */
import { type CompiledRule, loadPipelines, type Pipelines, RuleSet } from '../detect/index.ts';
import { type LoadedDocument, loadRuleDocument } from '../detect/library/index.ts';
import type { SigmaCorrelation, SigmaFilter } from '../detect/sigma/model.ts';
import type { Finding, PipelineHooks } from './hooks.ts';
import type { RuleDoc, RuleLoadFailure, RuleStat, RulesLoaded, RulesPayload } from './messages.ts';

interface Scope {
  ruleId: string;
  tenant: string | null;
  except: ReadonlySet<string> | null;
}

interface Cached {
  text: string;
  file: string;
  line: number;
  outcome: LoadedDocument;
}

export interface ScopedDoc<T> {
  ruleId: string;
  tenant: string | null;
  value: T;
}

export class DetectStage {
  private ruleSet = new RuleSet([]);
  private scopes = new Map<CompiledRule, Scope>();
  private cache = new Map<string, Cached>();
  private stats = new Map<string, RuleStat>();
  /** Parsed correlations and filters of the current version, for their engines. */
  correlations: ScopedDoc<SigmaCorrelation>[] = [];
  filters: ScopedDoc<SigmaFilter>[] = [];
  version = 0;

  constructor(private readonly pipelines: Pipelines = loadPipelines()) {}

  /** Parses and compiles `payload` (reusing unchanged documents) and makes it the running set. */
  load(payload: RulesPayload): RulesLoaded {
    const started = performance.now();
    const cache = new Map<string, Cached>();
    const compiled: CompiledRule[] = [];
    const scopes = new Map<CompiledRule, Scope>();
    const failed: RuleLoadFailure[] = [];
    const correlations: ScopedDoc<SigmaCorrelation>[] = [];
    const filters: ScopedDoc<SigmaFilter>[] = [];
    for (const doc of payload.docs) {
      const key = `${doc.tenant ?? ''}\0${doc.id}`;
      const outcome = this.outcomeOf(key, doc);
      cache.set(key, { text: doc.text, file: doc.file, line: doc.line, outcome });
      if (!outcome.ok) {
        const { file, id: ruleId, tenant } = doc;
        failed.push({
          ruleId,
          tenant,
          file,
          line: outcome.line,
          column: outcome.column,
          reason: outcome.reason,
        });
      } else if (outcome.kind === 'rule') {
        compiled.push(outcome.rule);
        const except = doc.tenant === null && doc.exceptTenants?.length ? new Set(doc.exceptTenants) : null;
        scopes.set(outcome.rule, { ruleId: doc.id, tenant: doc.tenant, except });
      } else if (outcome.kind === 'correlation') {
        correlations.push({ ruleId: doc.id, tenant: doc.tenant, value: outcome.correlation });
      } else filters.push({ ruleId: doc.id, tenant: doc.tenant, value: outcome.filter });
    }
    this.ruleSet = new RuleSet(compiled);
    this.scopes = scopes;
    this.cache = cache;
    this.correlations = correlations;
    this.filters = filters;
    this.version = payload.version;
    return {
      version: payload.version,
      loaded: compiled.length,
      failed,
      correlations: correlations.length,
      filters: filters.length,
      ms: Math.round(performance.now() - started),
    };
  }

  private outcomeOf(key: string, doc: RuleDoc): LoadedDocument {
    const hit = this.cache.get(key);
    if (hit && hit.text === doc.text && hit.file === doc.file && hit.line === doc.line) return hit.outcome;
    return loadRuleDocument({ file: doc.file, line: doc.line, text: doc.text }, this.pipelines);
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
        for (const hit of ruleSet.match(stored.event)) {
          const scope = this.scopes.get(hit.rule);
          if (!scope) continue;
          if (scope.tenant !== null ? scope.tenant !== tenant : scope.except?.has(tenant)) continue;
          const finding: Finding = {
            id: `${scope.ruleId}|${stored.id}`,
            kind: 'sigma',
            tenant,
            ruleId: scope.ruleId,
            title: hit.rule.title,
            level: hit.rule.level ?? null,
            tags: [...hit.rule.tags],
            source: String(stored.event['vigil.source']),
            eventIds: [stored.id],
            eventTime: String(stored.event['@timestamp']),
            matched: hit.fields.map((f) => ({ field: f.field, value: f.value })),
          };
          this.count(scope.ruleId, tenant, finding.eventTime);
          report(finding);
        }
      }
    },
  };

  private count(ruleId: string, tenant: string, eventTime: string): void {
    const key = `${ruleId}\0${tenant}`;
    let s = this.stats.get(key);
    if (!s) {
      s = { ruleId, tenant, hits: 0, ms: 0, lastHitAt: null }; // lead: wire RuleSet timing
      this.stats.set(key, s);
    }
    s.hits++;
    if (s.lastHitAt === null || eventTime > s.lastHitAt) s.lastHitAt = eventTime;
  }
}
