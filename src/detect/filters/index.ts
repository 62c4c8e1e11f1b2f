/**
 * Sigma filters: `filter:` documents folded into the detection rules they name, before compiling.
 */
export {
  type AppliedFilter,
  applyFilters,
  type FilterProblem,
  type FiltersOutcome,
  foldFilter,
  logsourceCovers,
} from './apply.ts';
