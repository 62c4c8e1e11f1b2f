/**
 * The detection engine's public surface, in pySigma's three stages: parse (`sigma/`: YAML →
 * typed rules with located errors) → processing pipelines (`pipelines/`: logsource routing and
 * field mapping, as YAML data) → compile (`engine/`: rules → indexed matchers over events).
 */
export * from './engine/index.ts';
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
export type { SigmaRule } from './sigma/model.ts';
export { parseSigmaDocument } from './sigma/parse.ts';
export { tactics, techniques } from './sigma/tags.ts';
