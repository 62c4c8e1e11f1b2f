/**
 * How serious and how sure an alert is, and what ATT&CK says about it, from its rule: the Sigma
 * level gives the severity, the rule's status the confidence, the tags the tactics and techniques.
 */
import { inKillChainOrder, tacticOfTag, techniqueOfTag } from '../core/attack.ts';

/** Alert severities, lowest first (the same names as Sigma levels). */
export const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}

/** The severity of a Sigma level; no level (or one Sigma does not define) is `medium`. */
export function severityOf(level: string | null | undefined): Severity {
  const l = level?.trim().toLowerCase() ?? '';
  return isSeverity(l) ? l : 'medium';
}

/** 0 (informational) … 4 (critical), for comparisons. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Risk points of one alert of this severity (before confidence). */
export const SEVERITY_POINTS: Readonly<Record<Severity, number>> = {
  informational: 1,
  low: 5,
  medium: 15,
  high: 40,
  critical: 80,
};

export function severityPoints(s: Severity): number {
  return SEVERITY_POINTS[s];
}

/**
 * Confidence by Sigma rule status; a status Sigma does not define counts as none. A deprecated
 * rule (replaced, no longer kept up) or an unsupported one (needs what the standard cannot
 * express) that runs anyway is trusted least, below an experimental one.
 */
export const STATUS_CONFIDENCE: Readonly<Record<string, number>> = {
  stable: 0.9,
  test: 0.75,
  experimental: 0.5,
  deprecated: 0.4,
  unsupported: 0.4,
};
export const NO_STATUS_CONFIDENCE = 0.6;
/** A correlation fires on several events that agree: as sure as a stable rule. */
export const CORRELATION_CONFIDENCE = 0.9;

/** How sure an alert is (0..1), from the kind of detection and the rule's status. */
export function confidenceOf(kind: string, status: string | null | undefined): number {
  if (kind === 'correlation') return CORRELATION_CONFIDENCE;
  const s = status?.trim().toLowerCase() ?? '';
  return STATUS_CONFIDENCE[s] ?? NO_STATUS_CONFIDENCE;
}

export interface Attack {
  /** Short names (core/attack.ts), in kill-chain order. */
  tactics: string[];
  techniques: string[];
}

/**
 * Tactics and techniques named by Sigma tags: `attack.t1003.001` → `T1003.001`,
 * `attack.credential_access` or `attack.credential-access` → `credential-access`. Other tags
 * (groups `attack.g0007`, software `attack.s0002`, `cve.*`, `car.*`) are ignored. Each once,
 * tactics in kill-chain order, techniques in tag order.
 */
export function attackOf(tags: readonly string[]): Attack {
  const tactics: string[] = [];
  const techniques: string[] = [];
  for (const tag of tags) {
    const id = techniqueOfTag(tag);
    if (id !== null) {
      if (!techniques.includes(id)) techniques.push(id);
      continue;
    }
    const name = tacticOfTag(tag);
    if (name !== null) tactics.push(name);
  }
  return { tactics: inKillChainOrder(tactics), techniques };
}
