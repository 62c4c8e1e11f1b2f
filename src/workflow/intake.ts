/**
 * Alert intake: the pipeline's findings become detections and alerts. (Stub: replaced by the
 * alerting work.)
 */
import type { VigilConfig } from '../config/index.ts';
import type { Finding } from '../pipeline/hooks.ts';
import type { StateDb } from '../store/state/index.ts';
import { insertDetections } from '../store/state/system.ts';
import type { LiveFeed } from './live.ts';

export interface IntakeResult {
  detections: number;
}

export function createAlertIntake(db: StateDb, _config: VigilConfig['alerts'], _live: LiveFeed | null) {
  return async (findings: Finding[]): Promise<IntakeResult> => {
    const detections = await insertDetections(db, findings);
    return { detections };
  };
}
