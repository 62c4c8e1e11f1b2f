/** The services of the analyst's workflow (see docs/workflow.md); routes and the CLI call these. */
export { type CaseBy, type CaseDeps, type CaseService, caseService } from './cases.ts';
export { createAlertIntake, type IntakeFinding, type IntakeResult } from './intake.ts';
export { type LiveChange, LiveFeed, type LiveListener, type LiveTopic } from './live.ts';
export { type SlaWatch, startSlaWatch } from './sla-watch.ts';
export { type ActingAs, tuningService } from './tuning.ts';
