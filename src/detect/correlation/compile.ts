/**
 * Compiling Sigma correlations for the streaming engine: every `rules` reference resolved to a
 * detection rule or another correlation (by id or name), reference cycles refused, and each
 * group-by and aggregated field resolved per referenced rule: through the correlation's `aliases`,
 * then through the pipelines for that rule's logsource (a referenced correlation offers its own
 * group-by names). Failures come back as values with file, line and reason; never throws.
 */
import { describeLogsource } from '../engine/compile.ts';
import { mapField, type Pipelines } from '../pipelines/index.ts';
import type { CompareOp, CorrelationType, SigmaCorrelation, SigmaRule } from '../sigma/model.ts';
import { type CorrelationFailure, type CorrelationOptions, DEFAULT_OPTIONS } from './types.ts';

/** A referenced rule or correlation, with where its hits find the correlation's fields. */
export interface CompiledRef {
  target: { kind: 'rule'; key: string } | { kind: 'correlation'; index: number };
  /** Its positions in the correlation's `rules` list (the order matters for temporal_ordered). */
  positions: number[];
  /** Per group-by name: the event fields holding it, tried in order. */
  group: string[][];
  /** Per aggregated (`condition.field`) name: the event fields holding it. */
  values: string[][];
}

export interface CompiledCorrelation {
  index: number;
  /** The id, else the name, else `file:line`. */
  key: string;
  source: SigmaCorrelation;
  type: CorrelationType;
  spanMs: number;
  groupBy: string[];
  /** The AND-ed comparisons; temporal types without a condition require every rule. */
  compare: { op: CompareOp; value: number }[];
  /** For value_percentile with a `percentile` (0-100): that percentile of the values. */
  percentile?: number;
  /** Window entries a group keeps: for counts, just enough to decide the condition exactly. */
  entryCap: number;
  /** The length of the `rules` list. */
  steps: number;
  refs: CompiledRef[];
  /** Whether its matches are reported (see CorrelationMatch.report). */
  report: boolean;
  /** Changes whenever the compiled meaning changes; snapshots of another meaning are not restored. */
  fingerprint: string;
}

/** Where a hit goes: correlation index and ref index within it. */
export interface Route {
  corr: number;
  ref: number;
}

export interface CompiledCorrelations {
  correlations: CompiledCorrelation[];
  failed: CorrelationFailure[];
  /** Rule key (`CompiledRule.id`) → the correlations referencing that rule. */
  byRuleKey: ReadonlyMap<string, Route[]>;
  /** Rule name → the same routes, for hits whose rule key is not its id. */
  byRuleName: ReadonlyMap<string, Route[]>;
  /** Correlation index → the correlations its matches feed. */
  byCorrelation: ReadonlyMap<number, Route[]>;
  /** Keys of rules whose own detections are not reported (every correlation using them has generate: false). */
  silentRules: ReadonlySet<string>;
}

type Target = { kind: 'rule'; i: number } | { kind: 'corr'; i: number };

export function metaKey(m: { id?: string; name?: string; file: string; line: number }): string {
  return m.id ?? m.name ?? `${m.file}:${m.line}`;
}

function describe(t: Target, rules: readonly SigmaRule[], corrs: readonly SigmaCorrelation[]): string {
  return t.kind === 'rule'
    ? `rule "${metaKey(rules[t.i] as SigmaRule)}"`
    : `correlation "${metaKey(corrs[t.i] as SigmaCorrelation)}"`;
}

/** 32-bit FNV-1a of a string, as 8 hex digits. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

class Failed {
  constructor(readonly reason: string) {}
}

interface Resolved {
  refs: { target: Target; positions: number[]; written: string[] }[];
  deps: number[];
}

function resolveRefs(
  c: SigmaCorrelation,
  index: ReadonlyMap<string, Target[]>,
  rules: readonly SigmaRule[],
  corrs: readonly SigmaCorrelation[],
): Resolved | Failed {
  const refs: Resolved['refs'] = [];
  for (const [p, ref] of c.rules.entries()) {
    const found = index.get(ref) ?? [];
    if (found.length === 0)
      return new Failed(`rule reference "${ref}" matches no rule or correlation id or name`);
    if (found.length > 1) {
      const what = found.map((t) => describe(t, rules, corrs)).join(' and ');
      return new Failed(`rule reference "${ref}" is ambiguous: it names ${what}`);
    }
    const t = found[0] as Target;
    const same = refs.find((r) => r.target.kind === t.kind && r.target.i === t.i);
    if (same === undefined) refs.push({ target: t, positions: [p], written: [ref] });
    else {
      same.positions.push(p);
      same.written.push(ref);
    }
  }
  const deps = refs.flatMap((r) => (r.target.kind === 'corr' ? [r.target.i] : []));
  return { refs, deps };
}

/** Indexes of correlations on a reference cycle (Tarjan's strongly connected components). */
function cyclic(deps: ReadonlyArray<readonly number[]>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const idx = new Array<number>(deps.length).fill(-1);
  const low = new Array<number>(deps.length).fill(0);
  const onStack = new Array<boolean>(deps.length).fill(false);
  const stack: number[] = [];
  let counter = 0;
  const visit = (v: number): void => {
    idx[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = true;
    for (const w of deps[v] ?? []) {
      if (idx[w] === -1) {
        visit(w);
        low[v] = Math.min(low[v] as number, low[w] as number);
      } else if (onStack[w]) low[v] = Math.min(low[v] as number, idx[w] as number);
    }
    if (low[v] === idx[v]) {
      const scc: number[] = [];
      let w: number;
      do {
        w = stack.pop() as number;
        onStack[w] = false;
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (deps[v] ?? []).includes(v)) {
        const cycle = [...scc].reverse();
        for (const x of scc) out.set(x, cycle);
      }
    }
  };
  for (let v = 0; v < deps.length; v++) if (idx[v] === -1) visit(v);
  return out;
}

interface FieldContext {
  c: SigmaCorrelation;
  ref: Resolved['refs'][number];
  rules: readonly SigmaRule[];
  corrs: readonly SigmaCorrelation[];
  pipelines: Pipelines;
}

/** The event fields holding correlation field `name` in the hits of one referenced rule. */
function fieldTargets(name: string, role: string, x: FieldContext): string[] | Failed {
  const { c, ref, rules, corrs } = x;
  let field = name;
  const alias = c.aliases.get(name);
  if (alias !== undefined) {
    const meta = ref.target.kind === 'rule' ? rules[ref.target.i] : corrs[ref.target.i];
    const keys = [...ref.written, meta?.name, meta?.id].filter((k): k is string => k !== undefined);
    const hit = keys.map((k) => alias.get(k)).find((f) => f !== undefined);
    if (hit === undefined) {
      return new Failed(
        `alias "${name}" gives no field for ${describe(ref.target, rules, corrs)} (aliases are keyed by rule name)`,
      );
    }
    field = hit;
  }
  const via = field === name ? '' : ` (alias "${name}")`;
  if (ref.target.kind === 'corr') {
    const inner = corrs[ref.target.i] as SigmaCorrelation;
    if (!inner.groupBy.includes(field)) {
      const has = inner.groupBy.length === 0 ? 'nothing' : inner.groupBy.join(', ');
      return new Failed(
        `${role} field "${field}"${via} is not a group-by field of correlation "${metaKey(inner)}", whose matches carry only ${has}`,
      );
    }
    return [field];
  }
  const rule = rules[ref.target.i] as SigmaRule;
  const mapped = mapField(x.pipelines, rule.logsource, field);
  if (mapped === null || mapped.length === 0) {
    return new Failed(
      `${role} field "${field}"${via} is not known for the logsource of rule "${metaKey(rule)}" (${describeLogsource(rule.logsource)})`,
    );
  }
  return mapped;
}

function compileOne(
  i: number,
  resolved: Resolved,
  rules: readonly SigmaRule[],
  corrs: readonly SigmaCorrelation[],
  pipelines: Pipelines,
  opts: Required<CorrelationOptions>,
): CompiledCorrelation | Failed {
  const c = corrs[i] as SigmaCorrelation;
  const fields = c.condition?.fields ?? [];
  const extra = c.condition as { percentile?: unknown } | undefined;
  const percentile = typeof extra?.percentile === 'number' ? extra.percentile : undefined;
  if (percentile !== undefined && (percentile < 0 || percentile > 100)) {
    return new Failed(`percentile ${percentile} is not between 0 and 100`);
  }
  const numeric = c.type === 'value_sum' || c.type === 'value_avg' || percentile !== undefined;
  if (numeric && fields.length > 1)
    return new Failed(`a ${c.type} correlation aggregates one field, not ${fields.length}`);
  const refs: CompiledRef[] = [];
  for (const ref of resolved.refs) {
    const x: FieldContext = { c, ref, rules, corrs, pipelines };
    const group: string[][] = [];
    for (const g of c.groupBy) {
      const t = fieldTargets(g, 'group-by', x);
      if (t instanceof Failed) return t;
      group.push(t);
    }
    const values: string[][] = [];
    for (const f of fields) {
      const t = fieldTargets(f, 'condition', x);
      if (t instanceof Failed) return t;
      values.push(t);
    }
    const target: CompiledRef['target'] =
      ref.target.kind === 'rule'
        ? { kind: 'rule', key: metaKey(rules[ref.target.i] as SigmaRule) }
        : { kind: 'correlation', index: ref.target.i };
    refs.push({ target, positions: ref.positions, group, values });
  }
  const temporal = c.type === 'temporal' || c.type === 'temporal_ordered';
  const needed = c.type === 'temporal' ? refs.length : c.rules.length;
  const compare = c.condition?.compare ?? (temporal ? [{ op: 'gte' as const, value: needed }] : []);
  let entryCap = opts.maxEntriesPerGroup;
  if (c.type === 'event_count' || c.type === 'value_count') {
    // min(count, need) decides every comparison exactly, so a group needs only `need` entries
    const need = Math.max(1, Math.floor(Math.max(...compare.map((x) => x.value))) + 1);
    if (need > opts.maxEntriesPerGroup) {
      return new Failed(
        `the condition needs up to ${need} ${c.type === 'event_count' ? 'events' : 'distinct values'} per group in the window, above maxEntriesPerGroup (${opts.maxEntriesPerGroup}); raise that option`,
      );
    }
    // keeping as many as the ids reported makes the reported count exact up to that too
    entryCap = Math.max(need, Math.min(opts.maxEventIds, opts.maxEntriesPerGroup));
  }
  const meaning = {
    type: c.type,
    spanMs: c.timespan.millis,
    groupBy: c.groupBy,
    compare,
    percentile,
    steps: c.rules.length,
    refs: refs.map((r) => ({
      target:
        r.target.kind === 'rule'
          ? `rule:${r.target.key}`
          : `corr:${metaKey(corrs[r.target.index] as SigmaCorrelation)}`,
      positions: r.positions,
      group: r.group,
      values: r.values,
    })),
  };
  const out: CompiledCorrelation = {
    index: i,
    key: metaKey(c),
    source: c,
    type: c.type,
    spanMs: c.timespan.millis,
    groupBy: c.groupBy,
    compare,
    entryCap,
    steps: c.rules.length,
    refs,
    report: true,
    fingerprint: fnv1a(JSON.stringify(meaning)),
  };
  if (percentile !== undefined) out.percentile = percentile;
  return out;
}

function addRoute(map: Map<string, Route[]> | Map<number, Route[]>, key: string | number, r: Route): void {
  const m = map as Map<string | number, Route[]>;
  const list = m.get(key);
  if (list === undefined) m.set(key, [r]);
  else list.push(r);
}

/** Compiles correlations over the given detection rules (their parsed form, before or after filters). */
export function compileCorrelations(
  correlations: readonly SigmaCorrelation[],
  rules: readonly SigmaRule[],
  pipelines: Pipelines,
  options: CorrelationOptions = {},
): CompiledCorrelations {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  const index = new Map<string, Target[]>();
  const add = (k: string | undefined, t: Target) => {
    if (k === undefined) return;
    const list = index.get(k) ?? [];
    if (!list.some((x) => x.kind === t.kind && x.i === t.i)) list.push(t);
    index.set(k, list);
  };
  rules.forEach((r, i) => {
    add(r.id, { kind: 'rule', i });
    add(r.name, { kind: 'rule', i });
  });
  correlations.forEach((c, i) => {
    add(c.id, { kind: 'corr', i });
    add(c.name, { kind: 'corr', i });
  });
  const reasons = new Map<number, string>();
  const resolved = correlations.map((c, i) => {
    const r = resolveRefs(c, index, rules, correlations);
    if (r instanceof Failed) {
      reasons.set(i, r.reason);
      return { refs: [], deps: [] };
    }
    return r;
  });
  for (const [i, scc] of cyclic(resolved.map((r) => r.deps))) {
    const path = [...scc, scc[0] as number].map((j) => `"${metaKey(correlations[j] as SigmaCorrelation)}"`);
    reasons.set(i, `correlations reference each other in a cycle: ${path.join(' → ')}`);
  }
  const compiled = new Map<number, CompiledCorrelation>();
  // compile in dependency order, so a correlation over a failed one fails too
  const state = new Array<0 | 1 | 2>(correlations.length).fill(0);
  const visit = (i: number): void => {
    if (state[i] !== 0) return;
    state[i] = 1;
    for (const d of resolved[i]?.deps ?? []) visit(d);
    state[i] = 2;
    if (reasons.has(i)) return;
    const broken = (resolved[i]?.deps ?? []).find((d) => !compiled.has(d));
    if (broken !== undefined) {
      const k = metaKey(correlations[broken] as SigmaCorrelation);
      reasons.set(i, `it references correlation "${k}", which cannot run`);
      return;
    }
    const r = compileOne(i, resolved[i] as Resolved, rules, correlations, pipelines, opts);
    if (r instanceof Failed) reasons.set(i, r.reason);
    else compiled.set(i, r);
  };
  for (let i = 0; i < correlations.length; i++) visit(i);

  // renumber the compiled ones densely, in input order
  const order = [...compiled.keys()].sort((a, b) => a - b);
  const dense = new Map(order.map((src, k) => [src, k]));
  const list: CompiledCorrelation[] = order.map((src, k) => {
    const c = compiled.get(src) as CompiledCorrelation;
    const refs = c.refs.map((r) =>
      r.target.kind === 'correlation'
        ? { ...r, target: { kind: 'correlation' as const, index: dense.get(r.target.index) as number } }
        : r,
    );
    return { ...c, index: k, refs };
  });
  const byRuleKey = new Map<string, Route[]>();
  const byRuleName = new Map<string, Route[]>();
  const byCorrelation = new Map<number, Route[]>();
  const generates = new Map<string, boolean>(); // target → some referencing correlation generates
  const ruleByKey = new Map(rules.map((r) => [metaKey(r), r]));
  for (const c of list) {
    c.refs.forEach((r, ref) => {
      const route = { corr: c.index, ref };
      const t = r.target;
      const tk = t.kind === 'rule' ? `rule:${t.key}` : `corr:${t.index}`;
      generates.set(tk, (generates.get(tk) ?? false) || c.source.generate);
      if (t.kind === 'correlation') addRoute(byCorrelation, t.index, route);
      else {
        addRoute(byRuleKey, t.key, route);
        const rule = ruleByKey.get(t.key);
        if (rule?.name !== undefined && rule.name !== t.key) addRoute(byRuleName, rule.name, route);
      }
    });
  }
  const silentRules = new Set<string>();
  for (const [tk, gen] of generates) {
    if (gen) continue;
    if (tk.startsWith('rule:')) silentRules.add(tk.slice(5));
    else (list[Number(tk.slice(5))] as CompiledCorrelation).report = false;
  }
  const failed: CorrelationFailure[] = [...reasons]
    .sort((a, b) => a[0] - b[0])
    .map(([i, reason]) => {
      const c = correlations[i] as SigmaCorrelation;
      return { correlationId: metaKey(c), file: c.file, line: c.line, reason };
    });
  return { correlations: list, failed, byRuleKey, byRuleName, byCorrelation, silentRules };
}
