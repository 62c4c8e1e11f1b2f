/**
 * Searches and the condition tree compiled to a tree of closures. `and`/`or` evaluate their
 * cheaper operands first (the result is the same; only the order of work changes); `not` hides
 * its operand's matched fields. Each node also carries the index requirement it implies: an `and`
 * takes its most selective operand's, an `or` the union of all of its operands' (or none).
 */
import type { ConditionNode, Search } from '../sigma/model.ts';
import { bestRequirement, compileItem, type ItemContext, type Matcher } from './item.ts';
import type { LiteralAtom } from './types.ts';

export type MatcherOutcome = { ok: true; matcher: Matcher } | { ok: false; reason: string; line: number };

function allOf(parts: Matcher[]): Matcher {
  const ops = [...parts].sort((a, b) => a.cost - b.cost);
  if (ops.length === 1) return ops[0] as Matcher;
  return {
    test(event, out) {
      const mark = out === null ? 0 : out.length;
      for (const m of ops) {
        if (!m.test(event, out)) {
          if (out !== null) out.length = mark;
          return false;
        }
      }
      return true;
    },
    cost: ops.reduce((n, m) => n + m.cost, 0),
    required: bestRequirement(ops.map((m) => m.required)),
  };
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
  return {
    test(event, out) {
      const mark = out === null ? 0 : out.length;
      for (const m of ops) {
        if (m.test(event, out)) return true;
        if (out !== null) out.length = mark;
      }
      return false;
    },
    cost: ops.reduce((n, m) => n + m.cost, 0),
    required: unionRequirement(ops),
  };
}

function notOf(m: Matcher): Matcher {
  return { test: (event) => !m.test(event, null), cost: m.cost, required: null };
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
      if (ops.length === 0) return { test: () => false, cost: 0, required: null };
      return node.quantifier === 'all' ? allOf(ops) : anyOf(ops);
    }
  }
}

/** The rule's conditions (several are OR-ed). */
export function compileConditions(nodes: ConditionNode[], searches: ReadonlyMap<string, Matcher>): Matcher {
  return anyOf(nodes.map((n) => compileCondition(n, searches)));
}
