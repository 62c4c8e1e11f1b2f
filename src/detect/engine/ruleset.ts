/**
 * A set of compiled rules ready to match a stream of events. Rules are grouped by logsource
 * condition, so each distinct condition is evaluated once per event. Within a group, each rule
 * is indexed under up to three of its clauses (requirements that must all hold for it to match,
 * each a set of literals of which one must occur): equality literals in a map per field, substring
 * literals in one Aho-Corasick automaton per field. For an event, only the rules all of whose
 * indexed clauses were found (plus the rules without one) are evaluated: the candidates. A rule's
 * best clause is always indexed; its further clauses only where they read fields some rule's best
 * clause reads anyway (a field read for one rule costs every event of the group a look-up). A rule
 * is also indexed by its vetoes where they read such fields: literals that make it fail when found
 * (`Image|startswith: 'C:\Windows\System32\'` under a `not`), tested exactly; a candidate with a
 * veto found is not evaluated (a rule without any clause, only negated searches, would be
 * evaluated for every event of its group otherwise).
 *
 * A substring literal longer than {@link WINDOW} characters is indexed by its last WINDOW
 * characters (a text holding the literal holds them too), and checked whole when they are found:
 * the automata stay small, the candidates are the same. Automata fold case themselves, so a value
 * is scanned without being lower-cased first. Long values (a whole raw event searched for
 * keywords) are searched by skipping ahead (`skip.ts`) where the field's literals are long enough.
 * What the index found in a value is remembered for the values each field repeats
 * (`value-cache.ts`): a repeated `Image` costs one hash look-up, not a walk through an automaton of
 * thousands of literals. The work of an event allocates nothing but the hits (and what a value
 * seen for the first time found).
 */
import type { EventCondition } from '../pipelines/index.ts';
import { AhoCorasick } from './aho.ts';
import { endsFolded, foldable, includesFolded, startsFolded, UNKNOWN } from './fold.ts';
import { FoldedTable } from './folded.ts';
import { requirementScore } from './item.ts';
import { compileEventCondition, type Predicate, RouteIndex } from './route.ts';
import { forgetLowered, lower, stringForm } from './scalar.ts';
import { type Skipping, SkipScan } from './skip.ts';
import type { CompiledRule, EventRecord, ExactAtom, LiteralAtom, RuleHit } from './types.ts';
import { CacheBudget, ValueCache } from './value-cache.ts';

/** The longest piece of a substring literal the automata index. */
export const WINDOW = 12;
/**
 * Index entries: rule × SLOTS + slot for a clause of the rule's (slot 0..2; 3 is unused, for bit
 * arithmetic), or −(id + 1) for a veto literal (one id per literal of a group's field, whatever
 * the number of rules it vetoes: found, it is noted once; candidates look up their own vetoes).
 */
const SLOTS = 4;
/**
 * The index remembers what it found in values of up to this many characters, and in values of
 * this many characters in all (for all fields of the set together).
 */
const CACHED_LENGTH = 512;
const CACHED_CHARACTERS = 4 * 2 ** 20;
/** Values per generation of a field's cache (the characters above bound them first, mostly). */
const CACHED_GENERATION = 8192;
/** What a value finds when it finds nothing (shared). */
const NOTHING = new Int32Array(0);
/** Values this long are searched by skipping, where the literals allow it. */
const LONG = 64;

/** How a literal found by its window is checked against the value (lower-cased). */
const CONTAINS = 0;
const STARTS = 1;
const ENDS = 2;

interface FieldIndex {
  field: string;
  /** Lower-cased whole values → the entries requiring them; null when there are none. */
  eq: FoldedTable<number[]> | null;
  /** Substring literals (their windows); null when there are none. */
  ac: AhoCorasick | null;
  /** The literals (the automaton's patterns, in order). */
  literals: string[];
  /**
   * The same literals for long values, when they allow skipping (null otherwise); built when the
   * field first holds a long value (most fields never do).
   */
  skip: Skipping | null | undefined;
  /** The entries of each of the automaton's patterns (the window is the literal, contained)... */
  subRules: number[][];
  /** ...and the literals ending with it that need a check, with their entries. */
  checks: (Checks | null)[];
  /** The entries found in values seen lately. */
  seen: ValueCache<Int32Array>;
}

/** Literals found by a window and checked (contained if longer, at the start, at the end). */
interface Checks {
  literals: string[];
  how: number[];
  entries: number[][];
}

interface Group {
  condition: EventCondition;
  test: Predicate;
  /** How many rules the group has. */
  size: number;
  /** The rules without a required literal: evaluated for every event of the group. */
  always: number[];
  fields: FieldIndex[];
}

export interface RuleSetOptions {
  /** Remember what the index found in repeated field values (default true; false for comparisons). */
  cacheValues?: boolean;
}

/** How the index's value caches did: look-ups, hits, and what they hold now. */
export interface ValueCacheStats {
  lookups: number;
  hits: number;
  values: number;
  characters: number;
}

export interface MatchStats {
  hits: RuleHit[];
  /** Rules whose logsource condition the event satisfies. */
  routed: number;
  /** Rules actually evaluated (routed, and not ruled out by the literal index). */
  candidates: number;
}

interface FieldBuild {
  eq: Map<string, number[]>;
  /** Window → entries whose literal is the window itself (contained), and checked literals. */
  sub: Map<string, { direct: number[]; checks: Map<string, number[]> | null }>;
}

function addEntry(map: Map<string, number[]>, key: string, entry: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [entry]);
  else if (list[list.length - 1] !== entry) list.push(entry);
}

/** A rule is indexed under at most this many of its clauses (all must be found). */
const MAX_CLAUSES = 3;
/**
 * A further clause is indexed when its score is at least this (`requirementScore`: its shortest
 * literal is 2 characters or more). Weak as such a clause is, it rules out events cheaply.
 */
const MIN_EXTRA_SCORE = 2000;
/** A rule's vetoes are indexed when it has at most this many. */
const MAX_VETOES = 64;

/** The clauses the index requires of a rule (empty: the rule is always evaluated). */
function indexClauses(rule: CompiledRule): LiteralAtom[][] {
  const all = rule.clauses ?? (rule.required === null ? [] : [rule.required]);
  const out: LiteralAtom[][] = [];
  for (const c of all) {
    if (c.length === 0) continue;
    if (out.length > 0 && (out.length >= MAX_CLAUSES || requirementScore(c) < MIN_EXTRA_SCORE)) break;
    out.push(c);
  }
  return out;
}

/** In `how`: the literal's characters are all below U+0100 (compared without lower-casing). */
const FOLDABLE = 4;

/** Whether the lower-cased `s` contains, starts or ends with `literal` (`how`). */
function holds(s: string, literal: string, how: number): boolean {
  const op = how & 3;
  if ((how & FOLDABLE) !== 0) {
    const r =
      op === CONTAINS
        ? includesFolded(s, literal)
        : op === STARTS
          ? startsFolded(s, literal)
          : endsFolded(s, literal);
    if (r !== UNKNOWN) return r === 1;
  }
  const l = lower(s);
  return op === CONTAINS ? l.includes(literal) : op === STARTS ? l.startsWith(literal) : l.endsWith(literal);
}

const HOW: Record<ExactAtom['kind'], number> = { eq: -1, sub: CONTAINS, prefix: STARTS, suffix: ENDS };

export class RuleSet {
  readonly rules: readonly CompiledRule[];
  private readonly groups: Group[] = [];
  private readonly routes: RouteIndex<Group>;
  private readonly stamp: Uint32Array;
  /** Per rule, the clauses found for the current event (bits), and those it needs. */
  private readonly have: Uint8Array;
  private readonly need: Uint8Array;
  /** Per rule, the ids of its veto literals (null: none indexed)... */
  private readonly vetoesOf: (Int32Array | null)[];
  /** ...and per veto literal, the event (epoch) where it was found. */
  private readonly vetoSeen: Uint32Array;
  private epoch = 0;
  /** Scratch state of one evaluation (one event at a time): the candidates (the first `count`). */
  private readonly found: Int32Array;
  private count = 0;
  private readonly patterns: number[] = [];
  private routed = 0;
  private readonly skips = new Map<string, Skipping | null>();

  constructor(rules: readonly CompiledRule[], options: RuleSetOptions = {}) {
    this.rules = rules;
    this.stamp = new Uint32Array(rules.length);
    this.have = new Uint8Array(rules.length);
    this.need = new Uint8Array(rules.length);
    this.vetoesOf = rules.map(() => null);
    let vetoCount = 0;
    this.found = new Int32Array(rules.length);
    type GroupBuild = { group: Group; fields: Map<string, FieldBuild>; vetoIds: Map<string, number> };
    const byCondition = new Map<string, GroupBuild>();
    const groupOf: GroupBuild[] = [];
    const add = (
      fields: Map<string, FieldBuild>,
      field: string,
      literal: string,
      kind: ExactAtom['kind'],
      entry: number,
    ) => {
      let fb = fields.get(field);
      if (fb === undefined) {
        fb = { eq: new Map(), sub: new Map() };
        fields.set(field, fb);
      }
      if (kind === 'eq') {
        addEntry(fb.eq, literal, entry);
        return;
      }
      const window = literal.length > WINDOW ? literal.slice(literal.length - WINDOW) : literal;
      let sub = fb.sub.get(window);
      if (sub === undefined) {
        sub = { direct: [], checks: null };
        fb.sub.set(window, sub);
      }
      if (kind === 'sub' && window === literal) {
        if (sub.direct[sub.direct.length - 1] !== entry) sub.direct.push(entry);
      } else {
        sub.checks ??= new Map();
        addEntry(sub.checks, `${HOW[kind]}${literal}`, entry);
      }
    };
    const clausesOf = rules.map((rule) => indexClauses(rule));
    // first each rule's best clause: the fields the index reads anyway
    rules.forEach((rule, i) => {
      const key = JSON.stringify(rule.logsourceCondition);
      let g = byCondition.get(key);
      if (g === undefined) {
        const group: Group = {
          condition: rule.logsourceCondition,
          test: compileEventCondition(rule.logsourceCondition),
          size: 0,
          always: [],
          fields: [],
        };
        g = { group, fields: new Map(), vetoIds: new Map() };
        byCondition.set(key, g);
        this.groups.push(group);
      }
      groupOf.push(g);
      g.group.size++;
      const best = (clausesOf[i] as LiteralAtom[][])[0];
      if (best === undefined) {
        g.group.always.push(i);
        return;
      }
      for (const atom of best) add(g.fields, atom.field, atom.literal, atom.kind, i * SLOTS);
    });
    // then further clauses, where they only read fields read anyway; and the rules' vetoes,
    // likewise (a rule without a clause would be evaluated for every event of its group, and a
    // rule whose clauses are common, `Image|endswith: '\svchost.exe'`, for most of them)
    rules.forEach((rule, i) => {
      const g = groupOf[i] as GroupBuild;
      const read = (atoms: readonly { field: string }[]) => atoms.every((a) => g.fields.has(a.field));
      const clauses = clausesOf[i] as LiteralAtom[][];
      let n = clauses.length === 0 ? 0 : 1;
      for (let c = 1; c < clauses.length; c++) {
        const clause = clauses[c] as LiteralAtom[];
        if (!read(clause)) continue;
        for (const atom of clause) add(g.fields, atom.field, atom.literal, atom.kind, i * SLOTS + n);
        n++;
      }
      this.need[i] = (1 << n) - 1;
      const vetoes = rule.vetoes ?? [];
      if (vetoes.length > 0 && vetoes.length <= MAX_VETOES && read(vetoes)) {
        const ids = new Set<number>();
        for (const a of vetoes) {
          const key = `${a.field}\u0000${a.kind}\u0000${a.literal}`;
          let id = g.vetoIds.get(key);
          if (id === undefined) {
            id = vetoCount++;
            g.vetoIds.set(key, id);
            add(g.fields, a.field, a.literal, a.kind, -(id + 1));
          }
          ids.add(id);
        }
        this.vetoesOf[i] = Int32Array.from(ids);
      }
    });
    const budget = new CacheBudget(CACHED_CHARACTERS);
    for (const { group, fields } of byCondition.values()) {
      for (const [field, fb] of fields) {
        const literals = [...fb.sub.keys()];
        const subs = [...fb.sub.values()];
        group.fields.push({
          field,
          eq: fb.eq.size === 0 ? null : new FoldedTable(fb.eq),
          ac: literals.length === 0 ? null : new AhoCorasick(literals, { foldCase: true }),
          literals,
          skip: undefined,
          subRules: subs.map((e) => e.direct),
          seen: new ValueCache(budget, {
            maxLength: options.cacheValues === false ? -1 : CACHED_LENGTH,
            generation: CACHED_GENERATION,
          }),
          checks: subs.map((e) =>
            e.checks === null
              ? null
              : {
                  literals: [...e.checks.keys()].map((k) => k.slice(1)),
                  how: [...e.checks.keys()].map((k) => Number(k[0]) | (foldable(k.slice(1)) ? FOLDABLE : 0)),
                  entries: [...e.checks.values()],
                },
          ),
        });
      }
    }
    this.vetoSeen = new Uint32Array(vetoCount);
    this.routes = new RouteIndex(this.groups.map((g) => ({ condition: g.condition, item: g })));
  }

  /** Totals of the value caches of all indexed fields. */
  cacheStats(): ValueCacheStats {
    const out = { lookups: 0, hits: 0, values: 0, characters: 0 };
    for (const g of this.groups) {
      for (const f of g.fields) {
        out.lookups += f.seen.totals.lookups;
        out.hits += f.seen.totals.hits;
        out.values += f.seen.size;
        out.characters += f.seen.characters;
      }
    }
    return out;
  }

  /** The rules matching `event`, in rule order. */
  match(event: EventRecord): RuleHit[] {
    return this.hitsOf(event, this.select(event));
  }

  /** The hits, and how many rules were routed to the event and evaluated. */
  evaluate(event: EventRecord): MatchStats {
    const n = this.select(event);
    const routed = this.routed;
    return { hits: this.hitsOf(event, n), routed, candidates: n };
  }

  /** Finds the candidate rules of an event: the first n of `found` (in no particular order). */
  private select(event: EventRecord): number {
    forgetLowered();
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.stamp.fill(0);
      this.vetoSeen.fill(0);
      this.epoch = 1;
    }
    const found = this.found;
    this.count = 0;
    let routed = 0;
    const routes = this.routes;
    const groups = routes.pick(event);
    for (let k = 0; k < groups; k++) {
      const g = routes.picked[k] as Group;
      if (!g.test(event)) continue;
      routed += g.size;
      // a rule is in one group, and not also indexed (but for its vetoes)
      for (const i of g.always) found[this.count++] = i;
      for (const fi of g.fields) {
        const v = event[fi.field];
        if (v === undefined || v === null) continue;
        if (Array.isArray(v)) for (const x of v) this.scan(fi, x);
        else this.scan(fi, v);
      }
    }
    this.routed = routed;
    // drop the rules a veto rules out
    const { vetoesOf, vetoSeen, epoch } = this;
    let n = 0;
    outer: for (let k = 0; k < this.count; k++) {
      const i = found[k] as number;
      const vetoes = vetoesOf[i];
      if (vetoes !== null && vetoes !== undefined) {
        for (let v = 0; v < vetoes.length; v++) if (vetoSeen[vetoes[v] as number] === epoch) continue outer;
      }
      found[n++] = i;
    }
    this.count = n;
    return n;
  }

  /**
   * Like `match`, and reports the time (ms) spent evaluating each candidate rule. Costs two clock
   * reads per candidate: callers time a sample of events.
   */
  matchTimed(event: EventRecord, spent: (rule: CompiledRule, ms: number) => void): RuleHit[] {
    const n = this.select(event);
    const hits: (RuleHit & { at: number })[] = [];
    for (let k = 0; k < n; k++) {
      const i = this.found[k] as number;
      const rule = this.rules[i] as CompiledRule;
      const started = performance.now();
      const m = rule.match(event);
      spent(rule, performance.now() - started);
      if (m !== null) hits.push({ rule, fields: m.fields, at: i });
    }
    if (hits.length > 1) hits.sort((a, b) => a.at - b.at);
    return hits.map(({ rule, fields }) => ({ rule, fields }));
  }

  private hitsOf(event: EventRecord, n: number): RuleHit[] {
    let hits: (RuleHit & { at: number })[] | null = null;
    for (let k = 0; k < n; k++) {
      const i = this.found[k] as number;
      const rule = this.rules[i] as CompiledRule;
      const m = rule.match(event);
      if (m === null) continue;
      if (hits === null) hits = [];
      hits.push({ rule, fields: m.fields, at: i });
    }
    if (hits === null) return [];
    if (hits.length > 1) hits.sort((a, b) => a.at - b.at);
    return hits.map(({ rule, fields }) => ({ rule, fields }));
  }

  /** The entries a value found (scratch: one value at a time). */
  private readonly entries: number[] = [];
  private entryCount = 0;

  /** Marks the entries value `x` of the field finds: remembered, or found now (and remembered). */
  private scan(fi: FieldIndex, x: unknown): void {
    const s = stringForm(x);
    if (s === null) return;
    const seen = fi.seen.get(s);
    if (seen !== undefined) {
      for (let k = 0; k < seen.length; k++) this.mark(seen[k] as number);
      return;
    }
    this.entryCount = 0;
    this.find(fi, s);
    const n = this.entryCount;
    const entries = this.entries;
    for (let k = 0; k < n; k++) this.mark(entries[k] as number);
    if (fi.seen.wants(s)) fi.seen.set(s, n === 0 ? NOTHING : Int32Array.from(new Set(entries.slice(0, n))));
  }

  /** Collects in `entries` what the field's index finds in `s`: whole values, literals, checks. */
  private find(fi: FieldIndex, s: string): void {
    if (fi.eq !== null) {
      const list = fi.eq.get(s);
      if (list !== undefined) for (const i of list) this.entries[this.entryCount++] = i;
    }
    if (fi.ac !== null) {
      const patterns = this.patterns;
      if (s.length >= LONG && fi.skip === undefined) fi.skip = this.skipFor(fi.literals);
      const n =
        s.length >= LONG && fi.skip ? fi.skip.collectAt(s, patterns, 0) : fi.ac.collectAt(s, patterns, 0);
      for (let k = 0; k < n; k++) {
        const p = patterns[k] as number;
        for (const i of fi.subRules[p] as number[]) this.entries[this.entryCount++] = i;
        const checks = fi.checks[p];
        if (checks === null || checks === undefined) continue;
        for (let c = 0; c < checks.literals.length; c++) {
          if (holds(s, checks.literals[c] as string, checks.how[c] as number)) {
            for (const i of checks.entries[c] as number[]) this.entries[this.entryCount++] = i;
          }
        }
      }
    }
  }

  /**
   * The skipping search over `literals`, built once per set of literals (the fields a keyword
   * search reads, `message` and `event.original`, share one: one table in the processor's cache).
   */
  private skipFor(literals: readonly string[]): Skipping | null {
    const key = literals.join('\u0000');
    let scan = this.skips.get(key);
    if (scan === undefined) {
      scan = SkipScan.build(literals);
      this.skips.set(key, scan);
    }
    return scan;
  }

  /** Notes that clause `entry % SLOTS` of rule `entry / SLOTS` holds (or veto −entry − 1 was found). */
  private mark(entry: number): void {
    if (entry < 0) {
      this.vetoSeen[-entry - 1] = this.epoch;
      return;
    }
    const i = entry >> 2; // SLOTS = 4
    const slot = entry & 3;
    const bit = 1 << slot;
    let have = 0;
    if (this.stamp[i] !== this.epoch) this.stamp[i] = this.epoch;
    else have = this.have[i] as number;
    if ((have & bit) !== 0) return;
    have |= bit;
    this.have[i] = have;
    if (have === this.need[i]) this.found[this.count++] = i;
  }
}
