/**
 * The detection engine's public surface, in pySigma's three stages: parse (`sigma/`: YAML →
 * typed rules with located errors) → processing pipelines (`pipelines/`: logsource routing and
 * field mapping, as YAML data) → compile (`engine/`: rules → indexed matchers over events).
 */
export {
  type CompiledCorrelations,
  CorrelationEngine,
  type CorrelationFailure,
  type CorrelationHit,
  type CorrelationMatch,
  type CorrelationOptions,
  type CorrelationSnapshot,
  type CorrelationStats,
  compileCorrelations,
  createCorrelationEngine,
  DEFAULT_OPTIONS as DEFAULT_CORRELATION_OPTIONS,
  type RestoreOutcome,
} from './correlation/index.ts';
export * from './engine/index.ts';
export {
  type AppliedFilter,
  applyFilters,
  type FilterProblem,
  type FiltersOutcome,
} from './filters/index.ts';
export {
  DEFAULT_PIPELINE_DIR,
  type EventCondition,
  evaluateCondition,
  loadPipelines,
  mapField,
  type Pipelines,
  resolveLogsource,
} from './pipelines/index.ts';
export { loadSigmaDirectory } from './sigma/load.ts';
export type { SigmaCorrelation, SigmaFilter, SigmaRule } from './sigma/model.ts';
export { parseSigmaDocument } from './sigma/parse.ts';
export { tactics, techniques } from './sigma/tags.ts';
