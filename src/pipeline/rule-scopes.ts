/**
 * The rule library's documents turned into what the detect stage runs, scope by scope. A scope is
 * "every tenant" (global documents) or one tenant (its own documents). Filters are folded into the
 * rules they name before compiling: a global filter applies to every rule it names; a tenant's
 * filter applies to that tenant's rules and, for that tenant only, to global rules (the tenant then
 * runs its own filtered variant and the global rule skips it). Rules compile with the values of
 * `expand`'s placeholders given to `build`. Parsing and compiling are cached by document text
 * (and the texts of the filters folded in), so a reload recompiles only what changed; new
 * placeholder values recompile every rule.
 */
import {
  applyFilters,
  type CompiledRule,
  type Pipelines,
  type Placeholders,
  type SigmaRule,
} from '../detect/index.ts';
import { compileParsedRule, type ParsedDocument, parseRuleDocument } from '../detect/library/index.ts';
import type { SigmaCorrelation, SigmaFilter } from '../detect/sigma/model.ts';
import type { RuleDoc, RuleLoadFailure } from './messages.ts';

/** Where a compiled rule fires: one tenant, or every tenant except some. */
export interface Scope {
  ruleId: string;
  /** The rule's Sigma name (correlations may reference it by name). */
  ruleName: string | undefined;
  tenant: string | null;
  except: ReadonlySet<string> | null;
}

export interface RunnableRule {
  compiled: CompiledRule;
  scope: Scope;
}

/** The correlations of one scope with the detection rules they may reference. */
export interface CorrelationScope {
  /** Null: global correlations (they see every tenant's hits). */
  tenant: string | null;
  correlations: SigmaCorrelation[];
  rules: SigmaRule[];
}

export interface Runnable {
  rules: RunnableRule[];
  /** Detection rule documents running in at least one scope. */
  loadedDocs: number;
  correlationScopes: CorrelationScope[];
  failed: RuleLoadFailure[];
  correlations: number;
  filters: number;
}

interface ParsedEntry {
  text: string;
  file: string;
  line: number;
  parsed: ParsedDocument;
}

interface RuleEntry {
  doc: RuleDoc;
  rule: SigmaRule;
  lineOffset: number;
}

const keyOf = (doc: { tenant: string | null; id: string }) => `${doc.tenant ?? ''}\0${doc.id}`;

export class RuleCompiler {
  private parsedCache = new Map<string, ParsedEntry>();
  private compiledCache = new Map<string, ReturnType<typeof compileParsedRule>>();
  /** The placeholder values the cached rules were compiled with. */
  private placeholdersKey = placeholdersKeyOf({});

  constructor(private readonly pipelines: Pipelines) {}

  /** The runnable rules of `docs`, compiled with `placeholders` (`detect.placeholders`). */
  build(docs: readonly RuleDoc[], placeholders: Placeholders = {}): Runnable {
    const placeholdersKey = placeholdersKeyOf(placeholders);
    if (placeholdersKey !== this.placeholdersKey) {
      this.compiledCache = new Map();
      this.placeholdersKey = placeholdersKey;
    }
    const compileOptions = { placeholders };
    const parsedCache = new Map<string, ParsedEntry>();
    const failed: RuleLoadFailure[] = [];
    const rules: RuleEntry[] = [];
    const filters: { doc: RuleDoc; filter: SigmaFilter }[] = [];
    const correlations: { doc: RuleDoc; correlation: SigmaCorrelation }[] = [];
    for (const doc of docs) {
      const key = keyOf(doc);
      const hit = this.parsedCache.get(key);
      const parsed =
        hit && hit.text === doc.text && hit.file === doc.file && hit.line === doc.line
          ? hit.parsed
          : parseRuleDocument({ file: doc.file, line: doc.line, text: doc.text });
      parsedCache.set(key, { text: doc.text, file: doc.file, line: doc.line, parsed });
      if (!parsed.ok) failed.push(failure(doc, parsed.line, parsed.column, parsed.reason));
      else if (parsed.kind === 'rule') rules.push({ doc, rule: parsed.rule, lineOffset: parsed.lineOffset });
      else if (parsed.kind === 'filter') filters.push({ doc, filter: parsed.filter });
      else correlations.push({ doc, correlation: parsed.correlation });
    }
    this.parsedCache = parsedCache;

    const compiledCache = new Map<string, ReturnType<typeof compileParsedRule>>();
    const out: RunnableRule[] = [];
    const loaded = new Set<RuleEntry>();
    const compile = (entry: RuleEntry, rule: SigmaRule, filterKey: string, scope: Scope): void => {
      const key = `${keyOf(entry.doc)}\0${scope.tenant ?? ''}\0${entry.doc.text}\0${filterKey}`;
      const c =
        compiledCache.get(key) ??
        this.compiledCache.get(key) ??
        compileParsedRule(rule, entry.lineOffset, this.pipelines, compileOptions);
      compiledCache.set(key, c);
      if (c.ok) {
        out.push({ compiled: c.rule, scope });
        loaded.add(entry);
      } else failed.push(failure(entry.doc, c.line, c.column, c.reason));
    };

    const globalRules = rules.filter((r) => r.doc.tenant === null);
    const globalFilters = filters.filter((f) => f.doc.tenant === null);
    const tenants = [...new Set([...rules, ...filters].map((e) => e.doc.tenant).filter((t) => t !== null))];
    const filterProblems = new Set<string>();
    const report = (doc: RuleDoc | undefined, file: string, line: number, reason: string) => {
      const text = `${file}:${line}: ${reason}`;
      if (filterProblems.has(text) || doc === undefined) return;
      filterProblems.add(text);
      failed.push(failure(doc, line, 1, reason));
    };

    // Tenants with their own filters on a global rule run a filtered variant of it instead.
    const variants = new Map<RuleEntry, string[]>();
    const tenantPasses = tenants.map((tenant) => {
      const own = rules.filter((r) => r.doc.tenant === tenant);
      const ownIds = new Set(own.map((r) => r.doc.id));
      const inherited = globalRules.filter(
        (r) => !ownIds.has(r.doc.id) && !r.doc.exceptTenants?.includes(tenant),
      );
      const tenantFilters = filters.filter((f) => f.doc.tenant === tenant);
      const scopeRules = [...own, ...inherited];
      const applied = fold(scopeRules, [...globalFilters, ...tenantFilters], this.pipelines);
      for (const p of applied.problems) {
        const doc = tenantFilters.find((f) => f.filter.file === p.file && f.filter.line === p.line)?.doc;
        if (p.severity === 'error') report(doc, p.file, p.line, `filter ${p.filter}: ${p.reason}`);
      }
      const tenantFilterIds = new Set(tenantFilters.map((f) => f.doc.id));
      return { tenant, own, inherited, applied, tenantFilterIds, tenantFilters };
    });
    for (const pass of tenantPasses) {
      for (const entry of pass.inherited) {
        const folded = pass.applied.byRule.get(entry);
        if (folded?.filterDocIds.some((id) => pass.tenantFilterIds.has(id))) {
          variants.set(entry, [...(variants.get(entry) ?? []), pass.tenant]);
        }
      }
    }

    const globalApplied = fold(globalRules, globalFilters, this.pipelines);
    for (const p of globalApplied.problems) {
      const doc = globalFilters.find((f) => f.filter.file === p.file && f.filter.line === p.line)?.doc;
      if (p.severity === 'error') report(doc, p.file, p.line, `filter ${p.filter}: ${p.reason}`);
    }
    for (const entry of globalRules) {
      const folded = globalApplied.byRule.get(entry);
      const skip = [...(entry.doc.exceptTenants ?? []), ...(variants.get(entry) ?? [])];
      compile(entry, folded?.rule ?? entry.rule, folded?.filterKey ?? '', {
        ruleId: entry.doc.id,
        ruleName: entry.rule.name,
        tenant: null,
        except: skip.length > 0 ? new Set(skip) : null,
      });
    }
    for (const pass of tenantPasses) {
      const mine = [...pass.own, ...pass.inherited.filter((e) => variants.get(e)?.includes(pass.tenant))];
      for (const entry of mine) {
        const folded = pass.applied.byRule.get(entry);
        compile(entry, folded?.rule ?? entry.rule, folded?.filterKey ?? '', {
          ruleId: entry.doc.id,
          ruleName: entry.rule.name,
          tenant: pass.tenant,
          except: null,
        });
      }
    }
    this.compiledCache = compiledCache;

    const correlationScopes: CorrelationScope[] = [];
    const globalCorrelations = correlations.filter((c) => c.doc.tenant === null).map((c) => c.correlation);
    if (globalCorrelations.length > 0)
      correlationScopes.push({
        tenant: null,
        correlations: globalCorrelations,
        rules: globalRules.map((r) => r.rule),
      });
    for (const tenant of new Set(correlations.map((c) => c.doc.tenant).filter((t) => t !== null))) {
      const own = rules.filter((r) => r.doc.tenant === tenant);
      const ownIds = new Set(own.map((r) => r.doc.id));
      correlationScopes.push({
        tenant,
        correlations: correlations.filter((c) => c.doc.tenant === tenant).map((c) => c.correlation),
        rules: [...own, ...globalRules.filter((r) => !ownIds.has(r.doc.id))].map((r) => r.rule),
      });
    }
    return {
      rules: out,
      loadedDocs: loaded.size,
      correlationScopes,
      failed,
      correlations: correlations.length,
      filters: filters.length,
    };
  }
}

interface Folded {
  rule: SigmaRule;
  filterDocIds: string[];
  /** Identifies the filters folded in (ids and texts), for the compile cache. */
  filterKey: string;
}

/** Applies `filters` to `entries`; returns the rules that changed, by entry. */
function fold(
  entries: readonly RuleEntry[],
  filters: readonly { doc: RuleDoc; filter: SigmaFilter }[],
  pipelines: Pipelines,
): { byRule: Map<RuleEntry, Folded>; problems: ReturnType<typeof applyFilters>['problems'] } {
  const byRule = new Map<RuleEntry, Folded>();
  if (filters.length === 0 || entries.length === 0) return { byRule, problems: [] };
  const outcome = applyFilters(
    entries.map((e) => e.rule),
    filters.map((f) => f.filter),
    pipelines,
  );
  const filterKeyOf = (f: SigmaFilter) => f.id ?? f.name ?? f.title;
  const docOfFilter = new Map(filters.map((f) => [filterKeyOf(f.filter), f.doc]));
  entries.forEach((entry, i) => {
    const rule = outcome.rules[i];
    if (rule === undefined || rule === entry.rule) return;
    const ruleKey = entry.rule.id ?? entry.rule.name ?? `${entry.rule.file}:${entry.rule.line}`;
    const docs = outcome.applied
      .filter((a) => a.rule === ruleKey)
      .map((a) => docOfFilter.get(a.filter))
      .filter((d) => d !== undefined);
    byRule.set(entry, {
      rule,
      filterDocIds: docs.map((d) => d.id),
      filterKey: docs.map((d) => `${d.tenant ?? ''}/${d.id}/${d.text}`).join('\0'),
    });
  });
  return { byRule, problems: outcome.problems };
}

/** The same text for the same names and values, whatever order the names come in. */
function placeholdersKeyOf(placeholders: Placeholders): string {
  return JSON.stringify(Object.entries(placeholders).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function failure(doc: RuleDoc, line: number, column: number, reason: string): RuleLoadFailure {
  return { ruleId: doc.id, tenant: doc.tenant, file: doc.file, line, column, reason };
}
