/**
 * Alert intake: the pipeline's findings become detections and alerts. (Stub: replaced by the
 * alerting work.)
 */

import type { Entity } from '../alerts/entities.ts';
import type { VigilConfig } from '../config/index.ts';
import type { NewDetection, StateDb } from '../store/state/index.ts';
import { insertDetections } from '../store/state/system.ts';
import type { LiveFeed } from './live.ts';

/** A pipeline `Finding` (structurally): a detection with the entities of its event. */
export type IntakeFinding = NewDetection & { entities: Entity[] };

export interface IntakeResult {
  detections: number;
}

export function createAlertIntake(db: StateDb, _config: VigilConfig['alerts'], _live: LiveFeed | null) {
  return async (findings: readonly IntakeFinding[]): Promise<IntakeResult> => {
    const detections = await insertDetections(db, findings);
    return { detections };
  };
}
