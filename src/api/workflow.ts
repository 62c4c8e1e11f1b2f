/** What the workflow routes (alerts, cases, metrics, live updates) are built from. */
import type { VigilConfig } from '../config/index.ts';
import type { StateDb } from '../store/state/index.ts';
import type { LiveFeed } from '../workflow/live.ts';
import type { EventQueries } from './events/routes.ts';

export interface WorkflowDeps {
  db: StateDb;
  live: LiveFeed;
  /** The data directory (evidence files live in `<dataDir>/evidence`). */
  dataDir: string;
  alerts: VigilConfig['alerts'];
  cases: VigilConfig['cases'];
  /** The event store, to show an alert's matched events. */
  events: EventQueries;
}
