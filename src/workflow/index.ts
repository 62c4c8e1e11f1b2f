export { createAlertIntake, type IntakeFinding, type IntakeResult } from './intake.ts';
export { type LiveChange, LiveFeed, type LiveListener, type LiveTopic } from './live.ts';
