/** Suppressions, entity risk and per-rule tuning figures. */
import type { AnyRoute } from '../route.ts';
import type { WorkflowDeps } from '../workflow.ts';

export function tuningRoutes(_deps: WorkflowDeps): AnyRoute[] {
  return [];
}
