/**
 * The detection engine's compile stage: Sigma rules (parsed by `detect/sigma`, routed and mapped
 * by `detect/pipelines`) compiled to matchers, and the rule set that matches a stream of events.
 */
export { AhoCorasick } from './aho.ts';
export { type CompiledRules, type CompileFailure, compileRule, compileRules } from './compile.ts';
export { type MatchStats, RuleSet, type RuleSetOptions, type ValueCacheStats } from './ruleset.ts';
export type {
  CompiledRule,
  CompileOptions,
  CompileOutcome,
  EventRecord,
  LiteralAtom,
  MatchedField,
  MatchResult,
  Placeholders,
  RuleHit,
} from './types.ts';
