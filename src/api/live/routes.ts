/** Live updates over server-sent events. */
import type { AnyRoute } from '../route.ts';
import type { WorkflowDeps } from '../workflow.ts';

export function liveRoutes(_deps: WorkflowDeps): AnyRoute[] {
  return [];
}
