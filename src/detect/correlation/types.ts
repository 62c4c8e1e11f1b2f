/**
 * The correlation engine's public types: the rule hits it observes, the matches it returns, its
 * options (memory caps) and counters, and why a correlation could not be compiled.
 */
import type { EventRecord } from '../engine/types.ts';
import type { CorrelationType, Level } from '../sigma/model.ts';

/** One Sigma rule hit, as the pipeline worker hands it over. */
export interface CorrelationHit {
  /** The compiled rule's id (`CompiledRule.id`: the Sigma id, else its name, else `file:line`). */
  ruleId: string;
  /** The rule's Sigma `name`, when known: references by name also resolve through it. */
  ruleName?: string;
  eventId: string;
  /** Event time in ms since the epoch (the event's `@timestamp`). */
  time: number;
  event: EventRecord;
  tenant: string;
}

/** A correlation that fired for one group. */
export interface CorrelationMatch {
  /** The correlation's id, else its name, else `file:line`. */
  correlationId: string;
  title: string;
  type: CorrelationType;
  level: Level | undefined;
  tags: string[];
  file: string;
  line: number;
  tenant: string;
  /** Group-by name (as the correlation writes it, aliases included) → the group's value. */
  group: Record<string, string>;
  /** The newest contributing event ids in the window (at most `maxEventIds`), oldest first. */
  eventIds: string[];
  /**
   * Event time of the oldest hit that `value` counts: the oldest hit of the window while the count
   * is exact (below its cap), else the oldest of the newest hits counted (README, "Match times").
   */
  firstTime: number;
  /** Event time of the window's end (the newest hit). */
  lastTime: number;
  /**
   * The aggregate the condition was checked on: the event count or distinct value count (exact
   * up to max(threshold + 1, maxEventIds), a lower bound past it), sum, average, percentile (or
   * share in %), or how many referenced rules (temporal) or steps (temporal_ordered) were seen.
   */
  value: number;
  /**
   * Whether to report this match as a detection: false when the correlation is only a step of
   * others that all say `generate: false` (it still feeds them).
   */
  report: boolean;
}

export interface CorrelationOptions {
  /** Live groups kept per tenant and correlation; past it the least recently hit is evicted. */
  maxGroups?: number;
  /**
   * Window entries kept per group: hits (event_count), distinct values (value_count), values
   * (value_sum/avg/percentile). A count threshold above it fails the correlation at compile time;
   * the value_* types drop their oldest values past it (counted in `evictedEntries`).
   */
  maxEntriesPerGroup?: number;
  /** Event ids kept per group and reported with a match. */
  maxEventIds?: number;
  /**
   * How far (ms) behind the newest hit of a correlation (per tenant) a hit may be and still count,
   * beyond the timespan; older hits are late and dropped.
   */
  allowedLatenessMs?: number;
}

export const DEFAULT_OPTIONS: Readonly<Required<CorrelationOptions>> = {
  maxGroups: 10_000,
  maxEntriesPerGroup: 10_000,
  maxEventIds: 100,
  allowedLatenessMs: 3_600_000,
};

/** A correlation that cannot run, with where it is and why. */
export interface CorrelationFailure {
  correlationId: string;
  file: string;
  line: number;
  reason: string;
}

export interface CorrelationStats {
  /** Hits given to observe() that some correlation references. */
  hits: number;
  /** Hits dropped as too late for a correlation (behind its window or its lateness bound). */
  late: number;
  /** Hits lacking a group-by or aggregated field (or with a non-numeric value for sums). */
  skipped: number;
  matches: number;
  /** Groups held now, over all tenants and correlations. */
  groups: number;
  /** Groups evicted because `maxGroups` was reached. */
  evictedGroups: number;
  /** Values dropped from a group because `maxEntriesPerGroup` was reached. */
  evictedEntries: number;
  /** Groups dropped once their window had passed. */
  expiredGroups: number;
}
