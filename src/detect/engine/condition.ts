/**
 * Searches and the condition tree compiled for matching. `and`/`or` evaluate their
 * cheaper operands first (the result is the same; only the order of work changes); `not` hides
 * its operand's matched fields. Each node also carries the index requirement it implies: an `and`
 * takes its most selective operand's, an `or` the union of all of its operands' (or none); and
 * its clauses, all the requirements it implies at once (an `and` all of its operands', an `or` the
 * unions of one clause of each operand). The matchers keep their tree, for `codegen.ts`.
 */
import type { ConditionNode, Search } from '../sigma/model.ts';
import type { FieldsOut } from './fields.ts';
import {
  bestRequirement,
  compileItem,
  type ItemContext,
  type Matcher,
  makeMatcher,
  rankClauses,
  type Test,
} from './item.ts';
import type { EventRecord, LiteralAtom } from './types.ts';

export type MatcherOutcome = { ok: true; matcher: Matcher } | { ok: false; reason: string; line: number };

/**
 * The condition tree as data, run by one function ({@link run}): its recursion is one call site
 * whatever the rule, so only the calls into the items vary from rule to rule (closures of many
 * kinds called from one place make a call site the engine cannot specialize). All nodes have one
 * shape.
 */
interface Node {
  /** 0: an item's test, 1: and, 2: or, 3: not. */
  kind: 0 | 1 | 2 | 3;
  test: Test | null;
  ops: Node[];
}

const nodes = new WeakMap<Matcher, Node>();

function nodeOf(m: Matcher): Node {
  return nodes.get(m) ?? { kind: 0, test: m.run, ops: [] };
}

function run(n: Node, event: EventRecord, out: FieldsOut | null): boolean {
  switch (n.kind) {
    case 0:
      return (n.test as Test)(event, out);
    case 1: {
      const mark = out === null ? 0 : out.n;
      for (const m of n.ops) {
        if (!run(m, event, out)) {
          if (out !== null) out.n = mark;
          return false;
        }
      }
      return true;
    }
    case 2: {
      const mark = out === null ? 0 : out.n;
      for (const m of n.ops) {
        if (run(m, event, out)) return true;
        if (out !== null) out.n = mark;
      }
      return false;
    }
    default:
      return !run(n.ops[0] as Node, event, null);
  }
}

function combined(
  kind: 1 | 2 | 3,
  ops: Matcher[],
  cost: number,
  required: LiteralAtom[] | null,
  clauses: LiteralAtom[][],
): Matcher {
  const node: Node = { kind, test: null, ops: ops.map(nodeOf) };
  const m = makeMatcher((event, out) => run(node, event, out), {
    cost,
    required,
    clauses,
    tree: { kind, ops },
    reads: readsOf(ops),
  });
  nodes.set(m, node);
  return m;
}

/** The fields some operand reads (null when one of them does not say). */
function readsOf(ops: readonly Matcher[]): readonly string[] | null {
  const out = new Set<string>();
  for (const m of ops) {
    if (m.reads === null || m.reads === undefined) return null;
    for (const f of m.reads) out.add(f);
  }
  return [...out];
}

function allOf(parts: Matcher[]): Matcher {
  const ops = [...parts].sort((a, b) => a.cost - b.cost);
  if (ops.length === 1) return ops[0] as Matcher;
  const cost = ops.reduce((n, m) => n + m.cost, 0);
  const clauses: LiteralAtom[][] = [];
  const seen = new Set<LiteralAtom[]>(); // a search used twice gives the same clauses
  for (const m of ops) {
    for (const c of m.clauses) {
      if (seen.has(c)) continue;
      seen.add(c);
      clauses.push(c);
    }
  }
  return combined(1, ops, cost, bestRequirement(ops.map((m) => m.required)), rankClauses(clauses));
}

/** How many clauses an OR keeps: the j-th of each operand's, joined, for j below this. */
const OR_CLAUSES = 2;

/**
 * What an OR of operands implies: for each operand one of its clauses holds, so the union of one
 * clause per operand holds (the j-th of each, or its last when it has fewer, for the first few j).
 */
function unionClauses(parts: Matcher[]): LiteralAtom[][] {
  let n = 0;
  for (const p of parts) {
    if (p.clauses.length === 0) return [];
    n = Math.max(n, Math.min(OR_CLAUSES, p.clauses.length));
  }
  const out: LiteralAtom[][] = [];
  for (let j = 0; j < n; j++) {
    // an operand with fewer clauses gives its last one again (when all do, the union is the last)
    if (j > 0 && parts.every((p) => p.clauses.length <= j)) break;
    const union: LiteralAtom[] = [];
    for (const p of parts) union.push(...(p.clauses[Math.min(j, p.clauses.length - 1)] as LiteralAtom[]));
    out.push(union);
  }
  return rankClauses(out);
}

function unionRequirement(parts: Matcher[]): LiteralAtom[] | null {
  const out: LiteralAtom[] = [];
  for (const p of parts) {
    if (p.required === null) return null;
    out.push(...p.required);
  }
  return out.length === 0 ? null : out;
}

function anyOf(parts: Matcher[]): Matcher {
  const ops = [...parts].sort((a, b) => a.cost - b.cost);
  if (ops.length === 1) return ops[0] as Matcher;
  const cost = ops.reduce((n, m) => n + m.cost, 0);
  return combined(2, ops, cost, unionRequirement(ops), unionClauses(ops));
}

function notOf(m: Matcher): Matcher {
  return combined(3, [m], m.cost, null, []);
}

/** Compiles a named search: maps OR-ed, items within a map AND-ed. */
export function compileSearch(search: Search, ctx: ItemContext): MatcherOutcome {
  if (search.kind === 'keywords') {
    const r = compileItem(search.item, ctx);
    return r.ok ? r : { ok: false, reason: r.reason, line: search.item.line };
  }
  const maps: Matcher[] = [];
  for (const map of search.maps) {
    const items: Matcher[] = [];
    for (const item of map) {
      const r = compileItem(item, ctx);
      if (!r.ok) return { ok: false, reason: r.reason, line: item.line };
      items.push(r.matcher);
    }
    maps.push(allOf(items));
  }
  return { ok: true, matcher: anyOf(maps) };
}

/** Compiles a condition over already compiled searches (every name is known: the parser checked). */
export function compileCondition(node: ConditionNode, searches: ReadonlyMap<string, Matcher>): Matcher {
  const get = (name: string): Matcher => {
    const m = searches.get(name);
    if (m === undefined) throw new Error(`condition names unknown search "${name}"`);
    return m;
  };
  switch (node.kind) {
    case 'search':
      return get(node.name);
    case 'not':
      return notOf(compileCondition(node.operand, searches));
    case 'and':
      return allOf(node.operands.map((o) => compileCondition(o, searches)));
    case 'or':
      return anyOf(node.operands.map((o) => compileCondition(o, searches)));
    default: {
      const ops = node.matches.map(get);
      if (ops.length === 0) {
        return makeMatcher(() => false, { cost: 0, required: null, clauses: [], reads: [] });
      }
      return node.quantifier === 'all' ? allOf(ops) : anyOf(ops);
    }
  }
}

/** The rule's conditions (several are OR-ed). */
export function compileConditions(nodes: ConditionNode[], searches: ReadonlyMap<string, Matcher>): Matcher {
  return anyOf(nodes.map((n) => compileCondition(n, searches)));
}
