/**
 * Entity risk: each alert adds `points(severity) × confidence` to each of its entities (a grouped
 * repeat adds 10% of that), and scores decay with a half-life: a score `s` recorded at `t` is worth
 * `s × 0.5^(hours since t / half-life)` now. Closing an alert as a false positive takes back what it
 * added, decayed the same way.
 */
import { type Severity, severityPoints } from './severity.ts';

/** Share of an alert's contribution that each grouped repeat adds. */
export const REPEAT_SHARE = 0.1;

/**
 * The entities that carry risk: the users and systems (hosts, addresses) an analyst investigates,
 * as in risk-based alerting. Processes, hashes, URLs, domains and files stay on the alert (they
 * group, suppress and become observables) but do not rank on the leaderboard.
 */
export const RISK_ENTITY_TYPES: ReadonlySet<string> = new Set(['user', 'host', 'ip']);

/** What one detection adds to each entity of its alert: the alert's first, or a grouped repeat. */
export function riskContribution(severity: Severity, confidence: number, repeat: boolean): number {
  const base = severityPoints(severity) * clamp01(confidence);
  return repeat ? base * REPEAT_SHARE : base;
}

/** All an alert of `count` detections added to each of its entities (undecayed). */
export function alertRiskTotal(severity: Severity, confidence: number, count: number): number {
  const repeats = Math.max(0, Math.floor(count) - 1);
  return riskContribution(severity, confidence, false) * (1 + REPEAT_SHARE * repeats);
}

/**
 * The worth at `now` of `score` recorded at `at`. A time in the future of `now` (clock skew)
 * does not grow the score.
 */
export function decayedScore(score: number, at: string | Date, now: Date, halfLifeHours: number): number {
  const from = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(from) || !(score > 0)) return Math.max(0, score || 0);
  const hours = Math.max(0, now.getTime() - from) / 3_600_000;
  return score * 0.5 ** (hours / halfLifeHours);
}

/** A stored score after adding `points` at `now` (the old score decayed to `now` first). */
export function addedScore(
  stored: { score: number; scoredAt: string } | null,
  points: number,
  now: Date,
  halfLifeHours: number,
): number {
  const current = stored ? decayedScore(stored.score, stored.scoredAt, now, halfLifeHours) : 0;
  return current + points;
}

/**
 * A stored score after taking back what an alert added: its total, decayed from its creation, is
 * subtracted from the current score, never below 0.
 */
export function withdrawnScore(
  stored: { score: number; scoredAt: string },
  alert: { severity: Severity; confidence: number; count: number; createdAt: string },
  now: Date,
  halfLifeHours: number,
): number {
  const current = decayedScore(stored.score, stored.scoredAt, now, halfLifeHours);
  const added = decayedScore(
    alertRiskTotal(alert.severity, alert.confidence, alert.count),
    alert.createdAt,
    now,
    halfLifeHours,
  );
  return Math.max(0, current - added);
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
