/**
 * A set of compiled rules ready to match a stream of events. Rules are grouped by logsource
 * condition, so each distinct condition is evaluated once per event. Within a group, each rule
 * with a required literal is indexed under it: equality literals in a map per field, substring
 * literals in one Aho-Corasick automaton per field. For an event, only the rules whose literal
 * occurs (plus the rules without one) are evaluated: the candidates.
 */
import type { EventCondition } from '../pipelines/index.ts';
import { AhoCorasick } from './aho.ts';
import { compileEventCondition, type Predicate, RouteIndex } from './route.ts';
import { forgetLowered, lower, stringForm } from './scalar.ts';
import type { CompiledRule, EventRecord, RuleHit } from './types.ts';

interface FieldIndex {
  eq: Map<string, number[]>;
  subLiterals: string[];
  subRules: number[][];
  ac: AhoCorasick | null;
}

interface Group {
  condition: EventCondition;
  test: Predicate;
  rules: number[];
  always: number[];
  fields: Map<string, FieldIndex>;
}

export interface MatchStats {
  hits: RuleHit[];
  /** Rules whose logsource condition the event satisfies. */
  routed: number;
  /** Rules actually evaluated (routed, and not ruled out by the literal index). */
  candidates: number;
}

export class RuleSet {
  readonly rules: readonly CompiledRule[];
  private readonly groups: Group[] = [];
  private readonly routes: RouteIndex<Group>;
  private readonly stamp: Uint32Array;
  private epoch = 0;
  /** Scratch state of `candidatesOf` (one event at a time). */
  private found: number[] = [];
  private fieldIndex: FieldIndex | null = null;

  constructor(rules: readonly CompiledRule[]) {
    this.rules = rules;
    this.stamp = new Uint32Array(rules.length);
    const byCondition = new Map<string, Group>();
    rules.forEach((rule, i) => {
      const key = JSON.stringify(rule.logsourceCondition);
      let g = byCondition.get(key);
      if (g === undefined) {
        g = {
          condition: rule.logsourceCondition,
          test: compileEventCondition(rule.logsourceCondition),
          rules: [],
          always: [],
          fields: new Map(),
        };
        byCondition.set(key, g);
        this.groups.push(g);
      }
      g.rules.push(i);
      if (rule.required === null || rule.required.length === 0) {
        g.always.push(i);
        return;
      }
      for (const atom of rule.required) {
        let fi = g.fields.get(atom.field);
        if (fi === undefined) {
          fi = { eq: new Map(), subLiterals: [], subRules: [], ac: null };
          g.fields.set(atom.field, fi);
        }
        if (atom.kind === 'eq') {
          const list = fi.eq.get(atom.literal);
          if (list === undefined) fi.eq.set(atom.literal, [i]);
          else if (list[list.length - 1] !== i) list.push(i);
        } else {
          let at = fi.subLiterals.indexOf(atom.literal);
          if (at < 0) {
            at = fi.subLiterals.length;
            fi.subLiterals.push(atom.literal);
            fi.subRules.push([]);
          }
          const list = fi.subRules[at] as number[];
          if (list[list.length - 1] !== i) list.push(i);
        }
      }
    });
    this.routes = new RouteIndex(this.groups.map((g) => ({ condition: g.condition, item: g })));
    for (const g of this.groups) {
      for (const fi of g.fields.values())
        if (fi.subLiterals.length > 0) fi.ac = new AhoCorasick(fi.subLiterals);
    }
  }

  /** The rules matching `event`, in rule order. */
  match(event: EventRecord): RuleHit[] {
    return this.evaluate(event).hits;
  }

  /** The hits, and how many rules were routed to the event and evaluated. */
  evaluate(event: EventRecord): MatchStats {
    forgetLowered();
    let hits: (RuleHit & { at: number })[] = [];
    let routed = 0;
    let candidates = 0;
    let groups = 0;
    for (const g of this.routes.candidates(event)) {
      if (!g.test(event)) continue;
      groups++;
      routed += g.rules.length;
      const list = this.candidatesOf(g, event);
      candidates += list.length;
      for (const i of list) {
        const rule = this.rules[i] as CompiledRule;
        const m = rule.match(event);
        if (m !== null) hits.push({ rule, fields: m.fields, at: i });
      }
    }
    if (groups > 1) hits = hits.sort((a, b) => a.at - b.at);
    return { hits: hits.map(({ rule, fields }) => ({ rule, fields })), routed, candidates };
  }

  private candidatesOf(g: Group, event: EventRecord): number[] {
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    const out = g.always.slice();
    for (const i of g.always) this.stamp[i] = this.epoch;
    this.found = out;
    for (const [field, fi] of g.fields) {
      const v = event[field];
      if (v === undefined || v === null) continue;
      this.fieldIndex = fi;
      if (Array.isArray(v)) for (const x of v) this.scan(fi, x);
      else this.scan(fi, v);
    }
    if (out.length > g.always.length) out.sort((a, b) => a - b);
    return out;
  }

  private scan(fi: FieldIndex, x: unknown): void {
    const s = stringForm(x);
    if (s === null) return;
    const l = lower(s);
    const eq = fi.eq.get(l);
    if (eq !== undefined) for (const i of eq) this.mark(i);
    fi.ac?.search(l, this.onPattern);
  }

  private mark(i: number): void {
    if (this.stamp[i] !== this.epoch) {
      this.stamp[i] = this.epoch;
      this.found.push(i);
    }
  }

  /** The Aho-Corasick callback: marks the rules of the literal found in the current field. */
  private readonly onPattern = (p: number): void => {
    for (const i of this.fieldIndex?.subRules[p] ?? []) this.mark(i);
  };
}
