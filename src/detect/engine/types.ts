/**
 * The compile stage's public types: a Sigma rule compiled to a matcher over Vigil events, the
 * outcome of compiling (never a throw), and what a match reports for the detection record.
 */
import type { EventCondition } from '../pipelines/index.ts';
import type { Level } from '../sigma/model.ts';

/** A flat Vigil event as the parsers produce it (values are scalars or arrays of scalars). */
export type EventRecord = Readonly<Record<string, unknown>>;

/** One event field that made a rule match, with the event's value there. */
export interface MatchedField {
  field: string;
  value: unknown;
}

export interface MatchResult {
  /** The fields whose values satisfied the rule's (non-negated) searches, in evaluation order. */
  fields: MatchedField[];
}

/**
 * A requirement for the rule index: the rule can only match when at least one atom holds, i.e.
 * the lower-cased string form of `field` equals (`eq`), contains (`sub`), starts with (`prefix`)
 * or ends with (`suffix`) `literal`.
 */
export interface LiteralAtom {
  field: string;
  literal: string;
  kind: 'eq' | 'sub' | 'prefix' | 'suffix';
}

/**
 * A test the rule index can make exactly: the lower-cased string form of `field` (of one of its
 * elements) equals, contains, starts or ends with `literal`.
 */
export interface ExactAtom {
  field: string;
  literal: string;
  kind: 'eq' | 'sub' | 'prefix' | 'suffix';
}

export interface CompiledRule {
  id: string;
  title: string;
  level: Level | undefined;
  tags: string[];
  file: string;
  line: number;
  /** The events of the rule's logsource (from the pipelines). */
  logsourceCondition: EventCondition;
  /** Null when the rule does not match; does NOT check the logsource (the rule set does). */
  match(event: EventRecord): MatchResult | null;
  /** Atoms of which one must hold for the rule to match; null when no such literal was found. */
  required: LiteralAtom[] | null;
  /**
   * Requirements that must all hold for the rule to match (each: atoms of which one must hold),
   * most selective first; absent or empty when there is none (then `required` stands alone).
   */
  clauses?: LiteralAtom[][];
  /** Atoms of which any one holding means the rule does not match (absent or empty: none). */
  vetoes?: ExactAtom[];
}

export type CompileOutcome =
  | { ok: true; compiled: CompiledRule }
  | { ok: false; reason: string; file: string; line: number; ruleId?: string };

/** Values of `%placeholder%`s for the `expand` modifier: each name → its values (config `detect.placeholders`). */
export type Placeholders = Readonly<Record<string, readonly string[]>>;

export interface CompileOptions {
  /** Values of `%placeholder%`s for the `expand` modifier (each name → its list of values). */
  placeholders?: Placeholders;
  /**
   * Remember rules' and regular expressions' answers for the values they read (default true;
   * false to measure the engine on values it has never seen).
   */
  remember?: boolean;
}

/** A rule that matched an event. */
export interface RuleHit {
  rule: CompiledRule;
  fields: MatchedField[];
}
