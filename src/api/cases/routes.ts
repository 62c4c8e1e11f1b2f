/** Cases. */
import type { AnyRoute } from '../route.ts';
import type { WorkflowDeps } from '../workflow.ts';

export function caseRoutes(_deps: WorkflowDeps): AnyRoute[] {
  return [];
}
