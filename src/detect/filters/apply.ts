/**
 * Sigma filters (`filter:` documents) folded into the detection rules they name: a pure transform
 * of the parsed model, so the matcher and any later query compiler get filters for free.
 *
 * A filter applies to a rule when it names the rule (by id or name; `any`/`all` names every rule)
 * and its logsource covers the rule's: every key the filter sets (product, category, service) is
 * the rule's (pySigma's containment). Folding adds the filter's searches under fresh names and
 * makes the rule's condition `(original) and (filter condition)`. As in pySigma, the filter's own
 * condition says what to keep, so an exclusion is written `condition: not selection`; a filter
 * whose condition has no `not` narrows the rule to the events it selects, which is reported as a
 * warning because it is rarely meant. Never throws; problems carry the filter's file and line.
 */
import { describeLogsource } from '../engine/compile.ts';
import { mapField, type Pipelines } from '../pipelines/index.ts';
import type { ConditionNode, LogSource, Search, SigmaFilter, SigmaRule } from '../sigma/model.ts';

export interface FilterProblem {
  /** `error`: the filter (or part of it) is not applied; `warning`: applied, but check it. */
  severity: 'error' | 'warning';
  file: string;
  line: number;
  /** The filter's id, else its name, else its title. */
  filter: string;
  /** The rule concerned (its id, else name), when the problem is about one rule. */
  rule?: string;
  reason: string;
}

export interface AppliedFilter {
  /** The rule's id, else name, else `file:line` (the compiled rule's id). */
  rule: string;
  filter: string;
  /** Fresh search name → the filter's own search name. */
  searches: Record<string, string>;
}

export interface FiltersOutcome {
  /** The rules in their order; a rule with filters is a new object, the others are the same. */
  rules: SigmaRule[];
  applied: AppliedFilter[];
  problems: FilterProblem[];
}

const WILDCARDS = new Set(['any', 'all']);
const LS_KEYS = ['product', 'category', 'service'] as const;

function ruleKey(r: SigmaRule): string {
  return r.id ?? r.name ?? `${r.file}:${r.line}`;
}

function filterKey(f: SigmaFilter): string {
  return f.id ?? f.name ?? f.title;
}

function norm(v: string | undefined): string | undefined {
  const t = v?.trim().toLowerCase();
  return t === undefined || t === '' ? undefined : t;
}

/** Whether `outer` covers `inner`: every key `outer` sets has the same value in `inner`. */
export function logsourceCovers(outer: LogSource, inner: LogSource): boolean {
  return LS_KEYS.every((k) => norm(outer[k]) === undefined || norm(outer[k]) === norm(inner[k]));
}

function hasNot(node: ConditionNode): boolean {
  switch (node.kind) {
    case 'not':
      return true;
    case 'and':
    case 'or':
      return node.operands.some(hasNot);
    default:
      return false;
  }
}

function rename(node: ConditionNode, names: ReadonlyMap<string, string>): ConditionNode {
  const to = (n: string) => names.get(n) ?? n;
  switch (node.kind) {
    case 'search':
      return { kind: 'search', name: to(node.name) };
    case 'not':
      return { kind: 'not', operand: rename(node.operand, names) };
    case 'and':
    case 'or':
      return { kind: node.kind, operands: node.operands.map((o) => rename(o, names)) };
    default:
      return { ...node, matches: node.matches.map(to) };
  }
}

function anyOf(nodes: ConditionNode[]): ConditionNode {
  return nodes.length === 1 ? (nodes[0] as ConditionNode) : { kind: 'or', operands: nodes };
}

/** Fields the filter's searches name (plain fields and `fieldref` targets). */
function searchFields(search: Search): string[] {
  const items = search.kind === 'keywords' ? [search.item] : search.maps.flat();
  const out: string[] = [];
  for (const item of items) {
    if (item.field !== null) out.push(item.field);
    for (const v of item.values) if (v.kind === 'fieldref') out.push(v.field);
  }
  return out;
}

/** Folds one filter into one rule (the rule is not modified). */
export function foldFilter(
  rule: SigmaRule,
  filter: SigmaFilter,
): { rule: SigmaRule; searches: Record<string, string> } {
  const searches = new Map(rule.detection.searches);
  const names = new Map<string, string>();
  const record: Record<string, string> = {};
  let n = 1;
  for (const [name, search] of filter.detection.searches) {
    let fresh = `__filter${n}_${name}`;
    while (searches.has(fresh)) fresh = `__filter${++n}_${name}`;
    searches.set(fresh, search);
    names.set(name, fresh);
    record[fresh] = name;
  }
  const kept = anyOf(filter.detection.condition.map((c) => rename(c, names)));
  const condition: ConditionNode[] = [{ kind: 'and', operands: [anyOf(rule.detection.condition), kept] }];
  return { rule: { ...rule, detection: { ...rule.detection, searches, condition } }, searches: record };
}

/**
 * Applies every filter to the rules it names. With `pipelines`, a filter whose fields the rule's
 * logsource cannot map is not applied to that rule (an error problem) rather than making the
 * rule fail to compile.
 */
export function applyFilters(
  rules: readonly SigmaRule[],
  filters: readonly SigmaFilter[],
  pipelines?: Pipelines,
): FiltersOutcome {
  const out: SigmaRule[] = [...rules];
  const applied: AppliedFilter[] = [];
  const problems: FilterProblem[] = [];
  const byRef = new Map<string, number[]>();
  rules.forEach((r, i) => {
    for (const ref of new Set([r.id, r.name])) {
      if (ref === undefined) continue;
      const list = byRef.get(ref);
      if (list === undefined) byRef.set(ref, [i]);
      else list.push(i);
    }
  });
  for (const filter of filters) {
    const fkey = filterKey(filter);
    const problem = (severity: FilterProblem['severity'], reason: string, rule?: SigmaRule) => {
      const p: FilterProblem = { severity, file: filter.file, line: filter.line, filter: fkey, reason };
      if (rule !== undefined) p.rule = ruleKey(rule);
      problems.push(p);
    };
    const targets = new Set<number>();
    const named = new Set<number>();
    for (const ref of filter.rules) {
      const found = byRef.get(ref);
      if (found !== undefined) {
        for (const i of found) {
          targets.add(i);
          named.add(i);
        }
      } else if (WILDCARDS.has(ref.toLowerCase())) {
        rules.forEach((_, i) => {
          targets.add(i);
        });
      } else {
        problem('error', `the filter names rule "${ref}", but no loaded rule has that id or name`);
      }
    }
    const fields = [...filter.detection.searches.values()].flatMap(searchFields);
    let used = false;
    for (const i of [...targets].sort((a, b) => a - b)) {
      const rule = out[i] as SigmaRule;
      if (!logsourceCovers(filter.logsource, rule.logsource)) {
        if (named.has(i)) {
          problem(
            'error',
            `the filter's logsource (${describeLogsource(filter.logsource)}) does not cover the rule's (${describeLogsource(rule.logsource)}); not applied to it`,
            rule,
          );
        }
        continue;
      }
      if (pipelines !== undefined) {
        const unknown = fields.filter((f) => {
          const t = mapField(pipelines, rule.logsource, f);
          return t === null || t.length === 0;
        });
        if (unknown.length > 0) {
          problem(
            'error',
            `field ${unknown.map((f) => `"${f}"`).join(', ')} of the filter is not known for the rule's logsource (${describeLogsource(rule.logsource)}); not applied to it`,
            rule,
          );
          continue;
        }
      }
      const folded = foldFilter(rule, filter);
      out[i] = folded.rule;
      applied.push({ rule: ruleKey(rule), filter: fkey, searches: folded.searches });
      used = true;
    }
    if (used && !filter.detection.condition.some(hasNot)) {
      problem(
        'warning',
        'the filter condition has no "not", so it keeps only the events it selects; to exclude them write "condition: not selection"',
      );
    }
  }
  return { rules: out, applied, problems };
}
