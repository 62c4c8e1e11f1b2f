/**
 * Extension points of the pipeline. Enrichment (assets, IoCs, geo) and detection (Sigma,
 * correlation, anomalies) plug in here. Hooks run in the pipeline worker, in order, on each batch
 * of parsed events before they are stored; they may add fields to events (enrich) and report
 * findings (detect) but never drop events.
 */
import type { Entity } from '../alerts/entities.ts';
import type { StoredEvent } from '../store/events/index.ts';

export interface PipelineHooks {
  /** Adds context to events in place (e.g. `source.geo.*`, `threat.indicator.*`). */
  enrich?: (events: StoredEvent[]) => void | Promise<void>;
  /** Looks at enriched events; findings go to `report`. */
  detect?: (events: StoredEvent[], report: (finding: Finding) => void) => void | Promise<void>;
  close?: () => void | Promise<void>;
}

/**
 * A detection handed from the pipeline to the alerting layer: which rule matched which event(s)
 * and on which fields. Its `id` is derived from the rule and the event ids, so a journal replay
 * reports the same finding again under the same id (stored once).
 */
export interface Finding {
  id: string;
  kind: string;
  tenant: string;
  ruleId: string;
  title: string;
  level: string | null;
  tags: string[];
  source: string;
  eventIds: string[];
  /** `@timestamp` of the (last) matching event. */
  eventTime: string;
  matched: { field: string; value: unknown }[];
  /** Who and what the matching event is about (ECS user, host, ip, process, hash, url, domain, file). */
  entities: Entity[];
}

/** A module that provides hooks, named in the config or by a later issue's wiring. */
export type HookFactory = (opts: { dataDir: string }) => PipelineHooks | Promise<PipelineHooks>;
