/**
 * Sigma processing pipelines as data: which Vigil events a Sigma logsource stands for, and which
 * event fields a Sigma field name means there. The pipelines are the YAML files of this folder
 * (`windows.yaml`, `linux.yaml`, `aws.yaml`, `zeek.yaml`, `network.yaml`...).
 */
export {
  type ConditionValue,
  conditionFields,
  type EventCondition,
  evaluateCondition,
  NEVER,
} from './condition.ts';
export {
  DEFAULT_PIPELINE_DIR,
  formatProblems,
  loadPipelines,
  type PipelineProblem,
  type PipelinesOutcome,
  parsePipelineText,
  readPipelines,
} from './load.ts';
export {
  EVENT_FIELD_ROOTS,
  keywordFields,
  mapField,
  mapFieldInRoute,
  type ResolvedLogsource,
  resolveLogsource,
  routesFor,
  type SigmaLogsource,
} from './resolve.ts';
export { DEFAULT_KEYWORD_FIELDS, type LogsourceRoute, type Pipelines } from './schema.ts';
