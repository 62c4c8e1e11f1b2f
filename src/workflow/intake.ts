/**
 * Alert intake: the pipeline's findings become detections and alerts (grouped, suppressed, scored
 * for entity risk) in one transaction per batch (`store/state/alert-intake.ts`), and after the
 * commit every alert created or grown is published to the live feed.
 */

import type { Entity } from '../alerts/entities.ts';
import type { VigilConfig } from '../config/index.ts';
import { type AlertChange, intakeFindings } from '../store/state/alert-intake.ts';
import type { NewDetection, StateDb } from '../store/state/index.ts';
import type { LiveFeed } from './live.ts';

/** A pipeline `Finding` (structurally): a detection with the entities of its event. */
export type IntakeFinding = NewDetection & { entities: Entity[] };

export interface IntakeResult {
  /** New detections (a replayed finding is not counted). */
  detections: number;
  /** Alerts opened. */
  alertsCreated: number;
  /** Detections that joined an open alert. */
  alertsGrouped: number;
  /** Detections hidden by a suppression (stored, no alert). */
  suppressed: number;
  /** The alerts created or grown, as published. */
  changes: AlertChange[];
}

export function createAlertIntake(db: StateDb, config: VigilConfig['alerts'], live: LiveFeed | null) {
  return async (findings: readonly IntakeFinding[]): Promise<IntakeResult> => {
    const outcome = await intakeFindings(db, findings, {
      groupWindowMinutes: config.groupWindowMinutes,
      fingerprintEntities: config.fingerprintEntities,
      sparklineBucketMinutes: config.sparklineBucketMinutes,
      riskHalfLifeHours: config.riskHalfLifeHours,
    });
    if (live)
      for (const c of outcome.changes)
        live.publish({
          topic: 'alert',
          action: c.action,
          tenant: c.tenant,
          id: c.id,
          seq: c.seq,
          summary: c.summary,
        });
    return outcome;
  };
}
