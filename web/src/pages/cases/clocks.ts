/**
 * SLA and breach-notification clocks as the case pages show them, computed in the browser by
 * Vigil's own clock logic (src/cases/sla.ts, breach-clock.ts) so they tick live: what is left,
 * or by how much a clock is overdue, met late or met with time to spare.
 */
import { useEffect, useState } from 'react';
import { type BreachClock, breachClocks } from '../../../../src/cases/breach-clock.ts';
import {
  alertSla,
  caseSla,
  DEFAULT_SLA_POLICIES,
  type SlaClock,
  type SlaMinutes,
} from '../../../../src/cases/sla.ts';
import type { CaseRecord, QueueAlert, Severity } from '../../api/case-types.ts';

export type { BreachClock, SlaClock };
export type Policies = Record<Severity, SlaMinutes>;
export { DEFAULT_SLA_POLICIES };

/** The current time, updated every `everyMs` (the clocks tick with it). */
export function useNow(everyMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A duration, two units at most: `42 s`, `12 min 05 s`, `3 h 07 min`, `2 d 4 h`. */
export function formatDuration(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${pad(s % 60)} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${pad(m % 60)} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/**
 * What a clock reads: running → `3 h 07 min left` or `overdue by 12 min 05 s`; stopped (target
 * met, or notified) → `met with 2 h 01 min to spare` or `met 5 min 00 s late`.
 */
export function remainingText(remainingMs: number, stopped: boolean): string {
  const d = formatDuration(remainingMs);
  if (!stopped) return remainingMs >= 0 ? `${d} left` : `overdue by ${d}`;
  return remainingMs >= 0 ? `met with ${d} to spare` : `met ${d} late`;
}

export type ClockTone = 'running' | 'at_risk' | 'breached' | 'met' | 'met_late';

export const TONE_COLOR: Readonly<Record<ClockTone, string>> = {
  running: 'blue',
  at_risk: 'yellow',
  breached: 'red',
  met: 'green',
  met_late: 'orange',
};

export const TONE_LABEL: Readonly<Record<ClockTone, string>> = {
  running: 'running',
  at_risk: 'at risk',
  breached: 'breached',
  met: 'met',
  met_late: 'met late',
};

export function slaTone(c: SlaClock): ClockTone {
  if (c.stoppedAt !== null) return c.breached ? 'met_late' : 'met';
  return c.status === 'met' ? 'met' : c.status;
}

export function breachTone(c: BreachClock): ClockTone {
  if (c.notifiedAt !== null) return c.status === 'overdue' ? 'met_late' : 'met';
  return c.status === 'overdue' ? 'breached' : 'running';
}

export interface CaseClocks {
  /** The first alert's acknowledge clock (null when the case has no alert the caller may read). */
  acknowledge: SlaClock | null;
  contain: SlaClock;
  resolve: SlaClock;
  breach: BreachClock[];
}

/** Every clock of a case at `now`. `alerts`: the case's alerts with their acknowledgement times. */
export function caseClocks(
  c: CaseRecord,
  policies: Policies,
  alerts: readonly QueueAlert[],
  now: Date,
): CaseClocks {
  const first = [...alerts].sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
  return {
    acknowledge: first ? alertSla(first, policies, now) : null,
    ...caseSla(c, policies, now),
    breach: breachClocks(c, now),
  };
}

/**
 * The clock a card shows: the running one with the least time left (a breached one first);
 * when none runs, a breached one if any, else null (nothing pressing).
 */
export function pressingClock(c: CaseRecord, policies: Policies, now: Date): SlaClock | null {
  const { contain, resolve } = caseSla(c, policies, now);
  const running = [contain, resolve].filter((k) => k.stoppedAt === null);
  if (running.length > 0) return running.sort((a, b) => a.remainingMs - b.remainingMs)[0] ?? null;
  return [contain, resolve].find((k) => k.breached) ?? null;
}

/** The breach-notification clocks of a case at `now` (none unless personal data is flagged). */
export function breachClocksOf(c: CaseRecord, now: Date): BreachClock[] {
  return breachClocks(c, now);
}
