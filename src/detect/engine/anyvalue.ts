/**
 * The values of one detection item OR-ed into one test of an event value's element: string
 * patterns sorted by shape (equalities in a set, then prefixes, suffixes, substrings, globs), the
 * case-folded ones compared with the element's lower-cased text (computed once), the CIDR networks
 * in one table, the other tests in turn. The answer is that of trying each value's own test; only
 * the order of the work changes.
 */

import { AhoCorasick } from './aho.ts';
import type { ValuePattern } from './encode.ts';
import type { FieldsOut } from './fields.ts';
import { compilePattern, patternShape, requiredLiteral, type StringTest } from './glob.ts';
import { anyElement, type CidrNetwork, cidrTest, lower, stringForm } from './scalar.ts';
import type { EventRecord } from './types.ts';

export type ScalarTest = (x: unknown) => boolean;

/** What the merge needs of a value: its own test, and its patterns or network when it has them. */
export interface MergeableValue {
  test: ScalarTest;
  patterns?: ValuePattern[];
  cidr?: CidrNetwork;
}

/** From this many substring and glob patterns on, one automaton finds which may hold. */
const MANY = 8;

/** The automaton over an item's substring literals, and what finding each one means. */
interface LiteralSearch {
  ac: AhoCorasick;
  /** Per literal: whether it is itself a substring pattern (found = holds)... */
  holds: boolean[];
  /** ...and the globs requiring it (to run when it is found). */
  globs: StringTest[][];
  /** Globs without a required literal: always run. */
  rest: StringTest[];
}

const found: number[] = [];

const NO_TEXTS: Set<string> = new Set();
const NONE: string[] = [];
const NO_TESTS: StringTest[] = [];
const NO_TOKENS: ValuePattern['tokens'][] = [];

/** An item's string patterns of one case-handling, sorted by shape. */
export class Shapes {
  // shared empty lists until a pattern of the shape comes (most items have one or two shapes)
  eq: Set<string> = NO_TEXTS;
  prefix: string[] = NONE;
  suffix: string[] = NONE;
  contains: string[] = NONE;
  other: StringTest[] = NO_TESTS;
  private otherTokens: ValuePattern['tokens'][] = NO_TOKENS;
  all = false;
  size = 0;
  /** Built on first use when there are {@link MANY} substring and glob patterns or more. */
  private search: LiteralSearch | null | undefined;

  add(p: ValuePattern): void {
    this.size++;
    const shape = patternShape(p.tokens);
    switch (shape.op) {
      case 'eq':
        if (this.eq === NO_TEXTS) this.eq = new Set();
        this.eq.add(shape.text);
        break;
      case 'prefix':
        if (this.prefix === NONE) this.prefix = [];
        this.prefix.push(shape.text);
        break;
      case 'suffix':
        if (this.suffix === NONE) this.suffix = [];
        this.suffix.push(shape.text);
        break;
      case 'contains':
        if (shape.text === '') this.all = true;
        if (this.contains === NONE) this.contains = [];
        this.contains.push(shape.text);
        break;
      case 'any':
        this.all = true;
        break;
      default:
        if (this.other === NO_TESTS) {
          this.other = [];
          this.otherTokens = [];
        }
        this.other.push(compilePattern(p.tokens));
        this.otherTokens.push(p.tokens);
    }
  }

  /** Whether one of the substring and glob patterns is looked for with an automaton. */
  get searched(): boolean {
    return this.contains.length + this.other.length >= MANY;
  }

  test(s: string): boolean {
    if (this.all || this.eq.has(s)) return true;
    for (const t of this.suffix) if (s.endsWith(t)) return true;
    for (const t of this.prefix) if (s.startsWith(t)) return true;
    if (this.search === undefined) this.search = this.buildSearch();
    if (this.search !== null) return this.searchTest(this.search, s);
    for (const t of this.contains) if (s.includes(t)) return true;
    for (const t of this.other) if (t(s)) return true;
    return false;
  }

  private buildSearch(): LiteralSearch | null {
    if (this.contains.length + this.other.length < MANY) return null;
    const index = new Map<string, number>();
    const search: LiteralSearch = { ac: null as unknown as AhoCorasick, holds: [], globs: [], rest: [] };
    const at = (literal: string): number => {
      let i = index.get(literal);
      if (i === undefined) {
        i = index.size;
        index.set(literal, i);
        search.holds.push(false);
        search.globs.push([]);
      }
      return i;
    };
    for (const t of this.contains) search.holds[at(t)] = true;
    this.other.forEach((test, k) => {
      const r = requiredLiteral(this.otherTokens[k] as ValuePattern['tokens']);
      if (r === null || r.literal === '') search.rest.push(test);
      else (search.globs[at(r.literal)] as StringTest[]).push(test);
    });
    search.ac = new AhoCorasick([...index.keys()]);
    return search;
  }

  private searchTest(search: LiteralSearch, s: string): boolean {
    const n = search.ac.collectAt(s, found, 0);
    for (let k = 0; k < n; k++) {
      const i = found[k] as number;
      if (search.holds[i]) return true;
      for (const g of search.globs[i] as StringTest[]) if (g(s)) return true;
    }
    for (const g of search.rest) if (g(s)) return true;
    return false;
  }
}

/**
 * An item's values sorted for testing an element: the case-folded string patterns (compared with
 * the element's lower-cased text), the cased ones, and the other tests (CIDR networks in one).
 */
export interface ValuePlan {
  folded: Shapes;
  cased: Shapes;
  rest: ScalarTest[];
}

export function planValues(values: readonly MergeableValue[]): ValuePlan {
  const cased = new Shapes();
  const folded = new Shapes();
  const networks: CidrNetwork[] = [];
  const rest: ScalarTest[] = [];
  for (const v of values) {
    if (v.patterns !== undefined) for (const p of v.patterns) (p.cased ? cased : folded).add(p);
    else if (v.cidr !== undefined) networks.push(v.cidr);
    else rest.push(v.test);
  }
  if (networks.length > 0) rest.unshift(cidrTest(networks));
  return { folded, cased, rest };
}

/** Whether any of `values` holds for an element (`plan`: theirs, when it is at hand). */
export function anyValueTest(values: readonly MergeableValue[], plan?: ValuePlan): ScalarTest {
  if (values.length === 1) return (values[0] as MergeableValue).test;
  const { folded, cased, rest } = plan ?? planValues(values);
  const hasCased = cased.size > 0;
  const hasFolded = folded.size > 0;
  return (x) => {
    const s = stringForm(x);
    if (s !== null) {
      if (hasFolded && folded.test(lower(s))) return true;
      if (hasCased && cased.test(s)) return true;
    }
    for (const t of rest) if (t(x)) return true;
    return false;
  };
}

/**
 * An item's OR over its values on its target fields: true when some value holds for some element
 * of some target. The matched field is the one trying each value over the targets in turn would
 * report: the first target of the first value that holds.
 */
export function anyValueOfTargets(
  targets: readonly string[],
  values: readonly ScalarTest[],
  any: ScalarTest,
): (event: EventRecord, out: FieldsOut | null) => boolean {
  if (targets.length === 1) {
    const t = targets[0] as string;
    return (event, out) => {
      const v = event[t];
      if (v === undefined || v === null || !anyElement(v, any)) return false;
      out?.add(t, v);
      return true;
    };
  }
  return (event, out) => {
    let only: string | undefined;
    let present = 0;
    for (const t of targets) {
      const v = event[t];
      if (v !== undefined && v !== null) {
        only = t;
        present++;
      }
    }
    if (present === 0) return false;
    if (present === 1) {
      const v = event[only as string];
      if (!anyElement(v, any)) return false;
      out?.add(only as string, v);
      return true;
    }
    for (const test of values) {
      for (const t of targets) {
        const v = event[t];
        if (v === undefined || v === null) continue;
        if (anyElement(v, test)) {
          out?.add(t, v);
          return true;
        }
      }
    }
    return false;
  };
}
