/**
 * Extension points of the pipeline. Enrichment (assets, IoCs, geo) and detection (Sigma,
 * correlation, anomalies) plug in here. Hooks run in the pipeline worker, in order, on each batch
 * of parsed events before they are stored; they may add fields to events (enrich) and report
 * findings (detect) but never drop events.
 */
import type { StoredEvent } from '../store/events/index.ts';

export interface PipelineHooks {
  /** Adds context to events in place (e.g. `source.geo.*`, `threat.indicator.*`). */
  enrich?: (events: StoredEvent[]) => void | Promise<void>;
  /** Looks at enriched events; findings go to `report`. */
  detect?: (events: StoredEvent[], report: (finding: Finding) => void) => void | Promise<void>;
  close?: () => void | Promise<void>;
}

/** A detection result handed from the pipeline to the alerting layer. */
export interface Finding {
  kind: string;
  eventIds: string[];
  data: Record<string, unknown>;
}

/** A module that provides hooks, named in the config or by a later issue's wiring. */
export type HookFactory = (opts: { dataDir: string }) => PipelineHooks | Promise<PipelineHooks>;
