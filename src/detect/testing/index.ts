/**
 * Detection as code, the tests: each rule file's positive and negative sample events
 * (`X.samples.json` beside `X.yml`) run through the real engine, with reports that say why a
 * sample failed.
 */
export type { Explanation, SearchOutcome, UnmatchedItem } from './explain.ts';
export { explainMatch } from './explain.ts';
export { type RuleTestInputs, readRuleTestInputs } from './files.ts';
export { formatResult, formatTestSummary, sampleLine } from './format.ts';
export {
  type EventParser,
  type FileStatus,
  type Outcome,
  type RuleFileInput,
  type RuleFileResult,
  type RuleTestOptions,
  type RuleTestReport,
  runRuleTests,
  SAMPLE_RECEIVED,
  type SampleResult,
} from './run.ts';
export {
  parseSamples,
  type Sample,
  type SampleKind,
  type SamplesOutcome,
  samplesPathFor,
} from './samples.ts';
