/**
 * Sigma correlation rules, streaming: compile correlations over the detection rules, then feed
 * the engine every rule hit; it returns the correlations that fire. See README.md for the choices.
 */
export {
  type CompiledCorrelation,
  type CompiledCorrelations,
  compileCorrelations,
} from './compile.ts';
export { CorrelationEngine, createCorrelationEngine } from './engine.ts';
export { type CorrelationSnapshot, type RestoreOutcome, SNAPSHOT_VERSION } from './snapshot.ts';
export {
  type CorrelationFailure,
  type CorrelationHit,
  type CorrelationMatch,
  type CorrelationOptions,
  type CorrelationStats,
  DEFAULT_OPTIONS,
} from './types.ts';
