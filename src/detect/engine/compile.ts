/**
 * Compiling parsed Sigma rules for matching: the logsource resolved to its event condition, every
 * field mapped through the pipelines (an unknown field or logsource fails the rule, with its file
 * and line), searches and conditions compiled to closures. Never throws.
 */
import { mapField, type Pipelines, type ResolvedLogsource, resolveLogsource } from '../pipelines/index.ts';
import type { LogSource, SigmaRule } from '../sigma/model.ts';
import { generateTest } from './codegen.ts';
import { compileConditions, compileSearch } from './condition.ts';
import { FieldsOut } from './fields.ts';
import type { Matcher, Test } from './item.ts';
import type { CompiledRule, CompileOptions, CompileOutcome, EventRecord } from './types.ts';

export function describeLogsource(ls: LogSource): string {
  const parts = (['product', 'category', 'service'] as const)
    .filter((k) => ls[k] !== undefined)
    .map((k) => `${k}: ${ls[k]}`);
  return parts.length === 0 ? '(empty logsource)' : parts.join(', ');
}

const scratch = new FieldsOut();

/** A rule's test is generated as its own function at its this-many-th evaluation. */
const GENERATE_AFTER = 8;

/** A logsource's resolution and its field mappings, computed once per pipelines and logsource. */
interface LogsourceMapping {
  resolved: ResolvedLogsource;
  fields: Map<string, string[] | null>;
}

const mappings = new WeakMap<Pipelines, Map<string, LogsourceMapping>>();

function mappingOf(pipelines: Pipelines, ls: LogSource): LogsourceMapping {
  let byLogsource = mappings.get(pipelines);
  if (byLogsource === undefined) {
    byLogsource = new Map();
    mappings.set(pipelines, byLogsource);
  }
  const key = `${ls.product ?? ''}\u0000${ls.category ?? ''}\u0000${ls.service ?? ''}`;
  let m = byLogsource.get(key);
  if (m === undefined) {
    m = { resolved: resolveLogsource(pipelines, ls), fields: new Map() };
    byLogsource.set(key, m);
  }
  return m;
}

function compileUnsafe(rule: SigmaRule, pipelines: Pipelines, opts: CompileOptions): CompileOutcome {
  const failure = (reason: string, line: number): CompileOutcome =>
    rule.id === undefined
      ? { ok: false, reason, file: rule.file, line }
      : { ok: false, reason, file: rule.file, line, ruleId: rule.id };
  const mapping = mappingOf(pipelines, rule.logsource);
  const resolved = mapping.resolved;
  if (!resolved.known) {
    return failure(`no pipeline routes the logsource ${describeLogsource(rule.logsource)}`, rule.line);
  }
  const ctx = {
    placeholders: opts.placeholders ?? {},
    mapField(name: string): string[] | string {
      let t = mapping.fields.get(name);
      if (t === undefined) {
        t = mapField(pipelines, rule.logsource, name);
        mapping.fields.set(name, t);
      }
      if (t !== null && t.length > 0) return t;
      return `field "${name}" is not known for logsource ${describeLogsource(rule.logsource)} (routes: ${resolved.routes.join(', ')})`;
    },
  };
  const searches = new Map<string, Matcher>();
  for (const [name, search] of rule.detection.searches) {
    const r = compileSearch(search, ctx);
    if (!r.ok) return failure(`search "${name}": ${r.reason}`, r.line);
    searches.set(name, r.matcher);
  }
  const root = compileConditions(rule.detection.condition, searches);
  // the rule's own function is generated once the rule has been evaluated a few times (most rules
  // of a large set rarely are: generating costs more than it saves for them, and at load time)
  let test: Test = root.run;
  let calls = 0;
  const compiled: CompiledRule = {
    id: rule.id ?? rule.name ?? `${rule.file}:${rule.line}`,
    title: rule.title,
    level: rule.level,
    tags: rule.tags,
    file: rule.file,
    line: rule.line,
    logsourceCondition: resolved.conditions,
    required: root.required,
    clauses: root.clauses,
    get vetoes() {
      return root.vetoes();
    },
    match(event: EventRecord) {
      // one scratch list for all rules (a rule's test never runs another rule)
      if (calls < GENERATE_AFTER && ++calls === GENERATE_AFTER) test = generateTest(root);
      scratch.n = 0;
      return test(event, scratch) ? { fields: scratch.result() } : null;
    },
  };
  return { ok: true, compiled };
}

/** Compiles one rule; a rule that cannot run here comes back with the reason, file and line. */
export function compileRule(
  rule: SigmaRule,
  pipelines: Pipelines,
  opts: CompileOptions = {},
): CompileOutcome {
  try {
    return compileUnsafe(rule, pipelines, opts);
  } catch (e) {
    const reason = `internal error while compiling: ${e instanceof Error ? e.message : String(e)}`;
    return rule.id === undefined
      ? { ok: false, reason, file: rule.file, line: rule.line }
      : { ok: false, reason, file: rule.file, line: rule.line, ruleId: rule.id };
  }
}

export interface CompileFailure {
  ruleId?: string;
  file: string;
  line: number;
  reason: string;
}

export interface CompiledRules {
  compiled: CompiledRule[];
  failed: CompileFailure[];
}

/** Compiles many rules, keeping the ones that compile and the reasons of the others. */
export function compileRules(
  rules: readonly SigmaRule[],
  pipelines: Pipelines,
  opts: CompileOptions = {},
): CompiledRules {
  const out: CompiledRules = { compiled: [], failed: [] };
  for (const rule of rules) {
    const r = compileRule(rule, pipelines, opts);
    if (r.ok) out.compiled.push(r.compiled);
    else {
      const { ok: _ok, ...failure } = r;
      out.failed.push(failure);
    }
  }
  return out;
}
