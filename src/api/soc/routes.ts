/** SOC metrics, SLAs, breach clocks and exports. */
import type { AnyRoute } from '../route.ts';
import type { WorkflowDeps } from '../workflow.ts';

export function socRoutes(_deps: WorkflowDeps): AnyRoute[] {
  return [];
}
