/** The alert queue and triage. */
import type { AnyRoute } from '../route.ts';
import type { WorkflowDeps } from '../workflow.ts';

export function alertRoutes(_deps: WorkflowDeps): AnyRoute[] {
  return [];
}
