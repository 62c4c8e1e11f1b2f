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
  collectRuleFiles,
  formatFinding as formatLintFinding,
  formatSummary as formatLintSummary,
  LINT_CODES,
  type LintCode,
  type LintFinding,
  type LintReport,
  type LintSource,
  lintFiles,
  lintSources,
  type Severity as LintSeverity,
} from './lint/index.ts';
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
export {
  type EventParser,
  formatResult as formatRuleTestResult,
  formatTestSummary as formatRuleTestSummary,
  parseSamples,
  type RuleFileInput,
  type RuleFileResult,
  type RuleTestReport,
  readRuleTestInputs,
  runRuleTests,
  SAMPLE_RECEIVED,
  type SampleResult,
  samplesPathFor,
} from './testing/index.ts';
