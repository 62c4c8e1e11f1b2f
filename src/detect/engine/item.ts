/**
 * One detection item (`field|modifiers: values`, or a keyword list) compiled to a test over an
 * event: the mapped target fields (any of them may hold the value), the per-value scalar tests,
 * OR-ed or AND-ed (`all`), `neq` negating, `exists`, `null`, `fieldref`. Also what the rule index
 * may rely on: the literals of which one must occur in a target field for the item to hold (one
 * clause, or one per value with `all`), and those of which any one makes it hold, exactly (for the
 * vetoes of rules that negate it).
 */
import RE2 from 're2';
import { DEFAULT_KEYWORD_FIELDS } from '../pipelines/index.ts';
import type { DetectionItem, Modifier, SigmaValue } from '../sigma/model.ts';
import { anyValueOfTargets, anyValueTest, planValues, type Shapes, type ValuePlan } from './anyvalue.ts';
import { stringPatterns, type ValuePattern } from './encode.ts';
import { FieldsOut } from './fields.ts';
import { compilePattern, patternShape, requiredLiteral, type StringTest } from './glob.ts';
import { regexLiterals } from './regex-literals.ts';
import {
  anyElement,
  type CidrNetwork,
  cidrTest,
  lower,
  numberForm,
  stringForm,
  type TimePart,
  timePart,
  utf8,
} from './scalar.ts';
import type { EventRecord, ExactAtom, LiteralAtom, MatchedField } from './types.ts';
import { CacheBudget, ValueCache } from './value-cache.ts';

type ScalarTest = (x: unknown) => boolean;

/** A test of an event; `out` collects the fields that matched (null under `not`). */
export type Test = (event: EventRecord, out: FieldsOut | null) => boolean;

/** A compiled piece of a rule: its test, a rough cost, and its index requirement. */
export interface Matcher {
  run: Test;
  /** The same test, appending the fields that matched to a plain list. */
  test(event: EventRecord, out: MatchedField[] | null): boolean;
  cost: number;
  required: LiteralAtom[] | null;
  /**
   * Requirements that must all hold for a match (each: atoms of which one must hold), most
   * selective first; `required` is one of them (or, for an OR, what all of them imply). Empty
   * when there is none. The rule index may require several of them at once.
   */
  clauses: LiteralAtom[][];
  /** Atoms of which any one holding makes the test true (so far as the index can tell exactly). */
  exact(): ExactAtom[];
  /** Atoms of which any one holding makes the test false. */
  vetoes(): ExactAtom[];
  /** For code generation: an OR-ed item's targets and values (`run` is its test), or... */
  spec?: { targets: readonly string[]; plan: ValuePlan };
  /** ...an AND (1), OR (2) or NOT (3) of other matchers. */
  tree?: { kind: 1 | 2 | 3; ops: Matcher[] };
  /** The event fields the test reads (its answer depends on nothing else); null when unknown. */
  reads?: readonly string[] | null;
}

/** What a matcher is made of (its `test`, `exact` and `vetoes` follow). */
export type MatcherParts = Pick<Matcher, 'cost' | 'required' | 'clauses' | 'spec' | 'tree' | 'reads'>;

class CompiledMatcher implements Matcher {
  readonly cost: number;
  readonly required: LiteralAtom[] | null;
  readonly clauses: LiteralAtom[][];
  readonly spec: Matcher['spec'];
  readonly tree: Matcher['tree'];
  readonly reads: readonly string[] | null;

  constructor(
    readonly run: Test,
    parts: MatcherParts,
  ) {
    this.cost = parts.cost;
    this.required = parts.required;
    this.clauses = parts.clauses;
    this.spec = parts.spec;
    this.tree = parts.tree;
    this.reads = parts.reads ?? null;
  }

  test(event: EventRecord, out: MatchedField[] | null): boolean {
    if (out === null) return this.run(event, null);
    const fields = new FieldsOut();
    if (!this.run(event, fields)) return false;
    out.push(...fields.all());
    return true;
  }

  exact(): ExactAtom[] {
    if (this.spec !== undefined) return exactAtoms(this.spec.targets, this.spec.plan.folded);
    const t = this.tree;
    if (t === undefined || t.kind === 1) return [];
    // an OR holds when any operand does; a NOT when its operand fails
    return t.kind === 2 ? t.ops.flatMap((m) => m.exact()) : (t.ops[0] as Matcher).vetoes();
  }

  vetoes(): ExactAtom[] {
    const t = this.tree;
    if (t === undefined || t.kind === 2) return [];
    // an AND fails when any operand does; a NOT when its operand holds
    return t.kind === 1 ? t.ops.flatMap((m) => m.vetoes()) : (t.ops[0] as Matcher).exact();
  }
}

/** A matcher from its test and the rest. */
export function makeMatcher(run: Test, parts: MatcherParts): Matcher {
  return new CompiledMatcher(run, parts);
}

export interface ItemContext {
  /** The event fields of a Sigma field name, or the reason it cannot be mapped. */
  mapField(name: string): string[] | string;
  /** The event fields keyword searches look in (default: `DEFAULT_KEYWORD_FIELDS`). */
  keywordFields?: readonly string[];
  placeholders: Readonly<Record<string, readonly string[]>>;
  /** Remember regular expressions' answers per value (default true). */
  remember?: boolean;
}

export type ItemOutcome = { ok: true; matcher: Matcher } | { ok: false; reason: string };

interface ValueTest {
  test: ScalarTest;
  cost: number;
  /** Index atoms (literal + kind, no field yet); null when the value has no required literal. */
  literals: { literal: string; kind: LiteralAtom['kind'] }[] | null;
  /** The string patterns of a string value (what `test` runs), for merging the values of an item. */
  patterns?: ValuePattern[];
  /** The network of a `cidr` value, for the same. */
  cidr?: CidrNetwork;
}

const TIME_PARTS: readonly TimePart[] = ['minute', 'hour', 'day', 'week', 'month', 'year'];
const SHAPE_COST = { eq: 1, prefix: 2, suffix: 2, contains: 3, any: 1, glob: 6 } as const;

function present(v: unknown): boolean {
  return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
}

function patternsTest(patterns: ValuePattern[]): ValueTest {
  const cased = patterns.filter((p) => p.cased).map((p) => compilePattern(p.tokens));
  const folded = patterns.filter((p) => !p.cased).map((p) => compilePattern(p.tokens));
  const some = (tests: StringTest[], s: string) => {
    for (const t of tests) if (t(s)) return true;
    return false;
  };
  const test: ScalarTest = (x) => {
    const s = stringForm(x);
    if (s === null) return false;
    return (cased.length > 0 && some(cased, s)) || (folded.length > 0 && some(folded, lower(s)));
  };
  let literals: ValueTest['literals'] = [];
  for (const p of patterns) {
    const r = requiredLiteral(p.tokens);
    if (r === null || literals === null) literals = null;
    else literals.push({ literal: r.literal.toLowerCase(), kind: r.kind });
  }
  const cost = patterns.reduce((n, p) => n + SHAPE_COST[patternShape(p.tokens).op], 0);
  return { test, cost, literals, patterns };
}

function compareTest(mods: readonly Modifier[], wanted: number): ScalarTest {
  const part = TIME_PARTS.find((p) => mods.includes(p));
  const read = part === undefined ? numberForm : (x: unknown) => timePart(x, part);
  if (mods.includes('gt')) return (x) => (read(x) ?? Number.NaN) > wanted;
  if (mods.includes('gte')) return (x) => (read(x) ?? Number.NaN) >= wanted;
  if (mods.includes('lt')) return (x) => (read(x) ?? Number.NaN) < wanted;
  if (mods.includes('lte')) return (x) => (read(x) ?? Number.NaN) <= wanted;
  return (x) => read(x) === wanted;
}

/**
 * The answers of all regular expressions for values seen lately (a call into RE2 costs a
 * microsecond or two; the same command line comes back often): values of 4 Mi characters in all.
 */
const regexAnswers = new CacheBudget(4 * 2 ** 20);

function regexTest(pattern: string, mods: readonly Modifier[], remember: boolean): ValueTest | string {
  let flags = '';
  if (mods.includes('i')) flags += 'i';
  if (mods.includes('m')) flags += 'm';
  if (mods.includes('s')) flags += 's';
  let re: RE2;
  try {
    re = new RE2(pattern, flags);
  } catch (e) {
    return `regular expression ${JSON.stringify(pattern)} is not supported by the linear-time engine: ${e instanceof Error ? e.message : String(e)}`;
  }
  const answers = new ValueCache<boolean>(regexAnswers, { maxLength: remember ? 1024 : -1, generation: 256 });
  const ask = (s: string): boolean => {
    let yes = answers.get(s);
    if (yes === undefined) {
      yes = re.test(utf8(s));
      answers.set(s, yes);
    }
    return yes;
  };
  const needs = regexLiterals(pattern, mods.includes('i'));
  if (needs === null) {
    const test: ScalarTest = (x) => {
      const s = stringForm(x);
      return s !== null && ask(s);
    };
    return { test, cost: 12, literals: null };
  }
  // Every match contains one of `needs` (lower-cased): without one, RE2 is not asked.
  const test: ScalarTest = (x) => {
    const s = stringForm(x);
    if (s === null) return false;
    const l = lower(s);
    for (const n of needs) if (l.includes(n)) return ask(s);
    return false;
  };
  return { test, cost: 12, literals: needs.map((literal) => ({ literal, kind: 'sub' as const })) };
}

function valueTest(
  v: SigmaValue,
  mods: readonly Modifier[],
  keyword: boolean,
  ctx: ItemContext,
): ValueTest | string {
  switch (v.kind) {
    case 'string': {
      const r = stringPatterns(v.parts, mods, keyword, ctx.placeholders);
      return r.ok ? patternsTest(r.patterns) : r.reason;
    }
    case 'number': {
      if (
        mods.some(
          (m) => m === 'gt' || m === 'gte' || m === 'lt' || m === 'lte' || TIME_PARTS.includes(m as TimePart),
        )
      ) {
        return { test: compareTest(mods, v.value), cost: 2, literals: null };
      }
      const text = String(v.value);
      const test: ScalarTest = (x) =>
        typeof x === 'number' ? x === v.value : stringForm(x)?.toLowerCase() === text;
      // a matching element's lower-cased string form is the number's (String is a function of the value)
      return { test, cost: 1, literals: [{ literal: text.toLowerCase(), kind: 'eq' }] };
    }
    case 'boolean': {
      const text = String(v.value);
      const test: ScalarTest = (x) => x === v.value || (typeof x === 'string' && x.toLowerCase() === text);
      return { test, cost: 1, literals: [{ literal: text, kind: 'eq' }] };
    }
    case 're':
      return regexTest(v.pattern, mods, ctx.remember !== false);
    case 'cidr':
      return { test: cidrTest([v]), cost: 4, literals: null, cidr: v };
    default:
      return `a ${v.kind} value is not valid here`;
  }
}

/** The test for one Sigma field's value against another field's (`fieldref`). */
function fieldrefTest(targets: string[], refs: string[], mods: readonly Modifier[]): Test {
  const cased = mods.includes('cased');
  const norm = (x: unknown) => {
    const s = stringForm(x);
    return s === null || cased ? s : lower(s);
  };
  const cmp = mods.includes('contains')
    ? (a: string, b: string) => a.includes(b)
    : mods.includes('startswith')
      ? (a: string, b: string) => a.startsWith(b)
      : mods.includes('endswith')
        ? (a: string, b: string) => a.endsWith(b)
        : (a: string, b: string) => a === b;
  return (event, out) => {
    for (const t of targets) {
      const v = event[t];
      if (!present(v)) continue;
      for (const r of refs) {
        const rv = event[r];
        if (!present(rv)) continue;
        const hit = anyElement(v, (a) => {
          const na = norm(a);
          return (
            na !== null &&
            anyElement(rv, (b) => {
              const nb = norm(b);
              return nb !== null && cmp(na, nb);
            })
          );
        });
        if (hit) {
          out?.add(t, v);
          return true;
        }
      }
    }
    return false;
  };
}

function fieldTest(targets: string[], test: ScalarTest): Test {
  return (event, out) => {
    for (const t of targets) {
      const v = event[t];
      if (v === undefined || v === null) continue;
      if (anyElement(v, test)) {
        out?.add(t, v);
        return true;
      }
    }
    return false;
  };
}

/** Compiles one detection item. */
export function compileItem(item: DetectionItem, ctx: ItemContext): ItemOutcome {
  const mods = item.modifiers;
  const keyword = item.field === null;
  let targets: string[];
  if (item.field === null) targets = [...(ctx.keywordFields ?? DEFAULT_KEYWORD_FIELDS)];
  else {
    const m = ctx.mapField(item.field);
    if (typeof m === 'string') return { ok: false, reason: m };
    targets = m;
  }
  const where = keyword ? 'keyword' : `field "${item.field}"`;
  const fail = (reason: string): ItemOutcome => ({ ok: false, reason: `${where}: ${reason}` });
  const first = item.values[0];
  if (mods.includes('exists')) {
    const want = first?.kind === 'boolean' ? first.value : true;
    const test: Test = (event, out) => {
      for (const t of targets) {
        if (Object.hasOwn(event, t)) {
          if (want) out?.add(t, event[t]);
          return want;
        }
      }
      return !want;
    };
    return {
      ok: true,
      matcher: makeMatcher(test, { cost: 1, required: null, clauses: [], reads: targets }),
    };
  }
  if (first?.kind === 'null') {
    const test: Test = (event) => targets.every((t) => !present(event[t]));
    return {
      ok: true,
      matcher: makeMatcher(test, { cost: 1, required: null, clauses: [], reads: targets }),
    };
  }
  const tests: Test[] = [];
  const valueTests: ValueTest[] = [];
  const literalSets: ValueTest['literals'][] = [];
  let cost = 0;
  const reads = new Set(targets);
  for (const v of item.values) {
    if (v.kind === 'fieldref') {
      const refs = ctx.mapField(v.field);
      if (typeof refs === 'string') return fail(`fieldref: ${refs}`);
      for (const r of refs) reads.add(r);
      tests.push(fieldrefTest(targets, refs, mods));
      literalSets.push(null);
      cost += 4 * targets.length;
      continue;
    }
    const vt = valueTest(v, mods, keyword, ctx);
    if (typeof vt === 'string') return fail(vt);
    tests.push(fieldTest(targets, vt.test));
    valueTests.push(vt);
    literalSets.push(vt.literals);
    cost += vt.cost * targets.length;
  }
  const all = mods.includes('all');
  let test: Test;
  let spec: Matcher['spec'];
  if (!all && valueTests.length === tests.length) {
    // plain values OR-ed: one pass over each target's elements (same answer and matched field)
    const own = valueTests.map((vt) => vt.test);
    const plan = planValues(valueTests);
    test = anyValueOfTargets(targets, own, anyValueTest(valueTests, plan));
    if (!mods.includes('neq')) spec = { targets, plan };
  } else if (tests.length === 1) test = tests[0] as Test;
  else if (all) {
    test = (event, out) => {
      for (const t of tests) if (!t(event, out)) return false;
      return true;
    };
  } else {
    test = (event, out) => {
      for (const t of tests) if (t(event, out)) return true;
      return false;
    };
  }
  let required: LiteralAtom[] | null = null;
  let clauses: LiteralAtom[][] = [];
  if (mods.includes('neq')) {
    const positive = test;
    test = (event, out) => {
      const at = targets.find((t) => present(event[t]));
      if (at === undefined || positive(event, null)) return false;
      out?.add(at, event[at]);
      return true;
    };
  } else {
    const toAtoms = (ls: NonNullable<ValueTest['literals']>): LiteralAtom[] =>
      targets.flatMap((field) => ls.map((l) => ({ field, ...l })));
    if (all) {
      const sets = literalSets.filter((l): l is NonNullable<typeof l> => l !== null).map(toAtoms);
      required = bestRequirement(sets);
      clauses = rankClauses(sets);
    } else if (literalSets.every((l) => l !== null)) {
      required = literalSets.flatMap((l) => toAtoms(l as NonNullable<typeof l>));
      if (required.length > 0) clauses = [required];
    }
  }
  return { ok: true, matcher: makeMatcher(test, { cost, required, clauses, spec, reads: [...reads] }) };
}

/**
 * The atoms of an OR-ed item that each make it hold: the case-folded string patterns that are an
 * equality, prefix, suffix or substring test, on each target (one matching element of one target
 * is enough). Other values (cased, globs, numbers, regular expressions) give none.
 */
function exactAtoms(targets: readonly string[], folded: Shapes): ExactAtom[] {
  if (folded.all) return [];
  const out: ExactAtom[] = [];
  const add = (literals: Iterable<string>, kind: ExactAtom['kind']) => {
    for (const literal of literals)
      if (literal !== '') for (const field of targets) out.push({ field, literal, kind });
  };
  add(folded.eq, 'eq');
  add(folded.prefix, 'prefix');
  add(folded.suffix, 'suffix');
  add(folded.contains, 'sub');
  return out;
}

/** Whole values that half the events may hold: as weak as a 2-character literal. */
const TWO_VALUED = new Set(['true', 'false']);

/**
 * Texts that most Windows events hold somewhere (the system folders, Microsoft's own company
 * name, the system account): a literal inside one of them is as weak as a 2-character one, so
 * that a rule is indexed by something rarer when it has it. Only the choice of the index changes.
 */
const UBIQUITOUS = [
  'c:\\windows\\system32\\',
  'c:\\windows\\syswow64\\',
  'c:\\program files (x86)\\',
  'c:\\program files\\',
  'microsoft corporation',
  'nt authority\\system',
];

function weak(a: LiteralAtom): boolean {
  if (a.kind === 'eq' && TWO_VALUED.has(a.literal)) return true;
  return a.literal.length > 0 && UBIQUITOUS.some((u) => u.includes(a.literal));
}

/** How selective a requirement looks: long literals first, then few atoms, equality preferred. */
export function requirementScore(atoms: readonly LiteralAtom[]): number {
  if (atoms.length === 0) return Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  let eq = 0;
  for (const a of atoms) {
    const len = weak(a) ? 2 : a.kind === 'eq' ? Math.max(a.literal.length, 6) : a.literal.length;
    min = Math.min(min, len);
    if (a.kind === 'eq') eq++;
  }
  return Math.min(min, 12) * 1000 - atoms.length * 2 + eq;
}

/** The non-empty requirements, most selective first (stable). */
export function rankClauses(reqs: readonly LiteralAtom[][]): LiteralAtom[][] {
  return reqs
    .filter((r) => r.length > 0)
    .map((r, i) => ({ r, i, s: requirementScore(r) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.r);
}

/** The most selective of several requirements (null when there is none). */
export function bestRequirement(reqs: readonly (LiteralAtom[] | null)[]): LiteralAtom[] | null {
  let best: LiteralAtom[] | null = null;
  let score = Number.NEGATIVE_INFINITY;
  for (const r of reqs) {
    if (r === null || r.length === 0) continue;
    const s = requirementScore(r);
    if (s > score) {
      best = r;
      score = s;
    }
  }
  return best;
}
