/**
 * Compiling parsed Sigma rules for matching: the logsource resolved to its event condition, every
 * field mapped through the pipelines (an unknown field or logsource fails the rule, with its file
 * and line), searches and conditions compiled to closures. Never throws.
 */
import {
  keywordFields,
  mapField,
  type Pipelines,
  type ResolvedLogsource,
  resolveLogsource,
} from '../pipelines/index.ts';
import type { LogSource, SigmaRule } from '../sigma/model.ts';
import { generateTest } from './codegen.ts';
import { compileConditions, compileSearch } from './condition.ts';
import { FieldsOut } from './fields.ts';
import type { Matcher, Test } from './item.ts';
import type { CompiledRule, CompileOptions, CompileOutcome, EventRecord, MatchResult } from './types.ts';
import { CacheBudget, ValueCache } from './value-cache.ts';

export function describeLogsource(ls: LogSource): string {
  const parts = (['product', 'category', 'service'] as const)
    .filter((k) => ls[k] !== undefined)
    .map((k) => `${k}: ${ls[k]}`);
  return parts.length === 0 ? '(empty logsource)' : parts.join(', ');
}

const scratch = new FieldsOut();

/** A rule's test is generated as its own function at its this-many-th evaluation. */
const GENERATE_AFTER = 8;

/**
 * The answers of all rules for the values they read, remembered (`value-cache.ts`): a rule that
 * runs for every `svchost.exe` event answers the same for the same image, command line and parent
 * again and again. Keys of 8 Mi characters in all; a rule's keys are its fields' values.
 */
const ruleAnswers = new CacheBudget(8 * 2 ** 20);
/** Rules reading more fields than this are not remembered (their keys would rarely repeat). */
const MAX_REMEMBERED_FIELDS = 6;

/**
 * The values of `fields` in `event` as one string, each told apart from the others by its type
 * and length (so that two different projections never give the same key); null when a value is
 * not a scalar (a list, an object), which is not remembered.
 */
export function projectionKey(event: EventRecord, fields: readonly string[]): string | null {
  let key = '';
  for (const f of fields) {
    const v = Object.hasOwn(event, f) ? event[f] : undefined;
    if (v === undefined) key += 'u|';
    else if (v === null) key += 'z|';
    else if (typeof v === 'string') key += `s${v.length}:${v}|`;
    else if (typeof v === 'number' || typeof v === 'boolean')
      key += `${typeof v === 'number' ? 'n' : 'b'}${v}|`;
    else return null;
  }
  return key;
}

/** A logsource's resolution and its field mappings, computed once per pipelines and logsource. */
interface LogsourceMapping {
  resolved: ResolvedLogsource;
  fields: Map<string, string[] | null>;
  /** Where its keyword searches look. */
  keywords: readonly string[];
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
    m = {
      resolved: resolveLogsource(pipelines, ls),
      fields: new Map(),
      keywords: keywordFields(pipelines, ls),
    };
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
    remember: opts.remember !== false,
    keywordFields: mapping.keywords,
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
  const reads = root.reads ?? null;
  const answers =
    opts.remember !== false && reads !== null && reads.length > 0 && reads.length <= MAX_REMEMBERED_FIELDS
      ? new ValueCache<MatchResult | null>(ruleAnswers, { maxLength: 2048, generation: 256 })
      : null;
  const evaluate = (event: EventRecord): MatchResult | null => {
    // one scratch list for all rules (a rule's test never runs another rule)
    scratch.n = 0;
    return test(event, scratch) ? { fields: Object.freeze(scratch.result()) as MatchResult['fields'] } : null;
  };
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
      if (calls < GENERATE_AFTER && ++calls === GENERATE_AFTER) test = generateTest(root);
      if (answers === null || answers.sitsOut()) return evaluate(event);
      const key = projectionKey(event, reads as readonly string[]);
      if (key === null) return evaluate(event);
      const known = answers.get(key);
      if (known !== undefined) return known;
      const answer = evaluate(event);
      answers.set(key, answer);
      return answer;
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
