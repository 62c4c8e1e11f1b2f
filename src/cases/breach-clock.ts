/**
 * Breach-notification clocks: a case flagged `personal_data` runs one clock per regulation it
 * names, from when the organisation became aware of the breach (`aware_at`; by default when the
 * case was flagged, i.e. its creation) until the authority was notified (`notified_at`).
 *
 * - GDPR art. 33: notify the supervisory authority within 72 hours of becoming aware.
 * - HIPAA breach notification rule (45 CFR 164.404): notify individuals without unreasonable delay
 *   and no later than 60 calendar days after discovery.
 */

export const REGULATIONS = ['gdpr', 'hipaa'] as const;
export type Regulation = (typeof REGULATIONS)[number];

export function isRegulation(s: string): s is Regulation {
  return (REGULATIONS as readonly string[]).includes(s);
}

/** How long each regulation allows, in hours, and what the deadline is for. */
export const BREACH_DEADLINES: Readonly<Record<Regulation, { hours: number; label: string }>> = {
  gdpr: { hours: 72, label: 'GDPR: notify the supervisory authority within 72 hours' },
  hipaa: { hours: 60 * 24, label: 'HIPAA: notify affected individuals within 60 days' },
};

/** `running`: not notified, before the deadline; `met`: notified in time; `overdue`: the deadline passed first. */
export type BreachClockStatus = 'running' | 'met' | 'overdue';

export interface BreachClock {
  regulation: Regulation;
  label: string;
  /** The clock's start: `aware_at`, or the case's creation when that is not set. */
  awareAt: string;
  deadline: string;
  notifiedAt: string | null;
  status: BreachClockStatus;
  /** Deadline minus the notification time (or now): negative once overdue. */
  remainingMs: number;
}

export interface BreachClockInput {
  personalData: boolean;
  /** Regulation names as stored; names Vigil does not know are ignored. */
  regulations: readonly string[];
  awareAt: string | null;
  createdAt: string;
  notifiedAt: string | null;
}

/** The clocks of a case (none unless it is flagged `personal_data`), in `REGULATIONS` order. */
export function breachClocks(c: BreachClockInput, now: Date): BreachClock[] {
  if (!c.personalData) return [];
  const named = new Set(c.regulations.map((r) => r.toLowerCase()));
  const awareAt = c.awareAt ?? c.createdAt;
  const start = Date.parse(awareAt);
  return REGULATIONS.filter((r) => named.has(r)).map((regulation) => {
    const { hours, label } = BREACH_DEADLINES[regulation];
    const deadline = start + hours * 3_600_000;
    const end = c.notifiedAt !== null ? Date.parse(c.notifiedAt) : now.getTime();
    const remainingMs = deadline - end;
    const status: BreachClockStatus = remainingMs < 0 ? 'overdue' : c.notifiedAt !== null ? 'met' : 'running';
    return {
      regulation,
      label,
      awareAt,
      deadline: new Date(deadline).toISOString(),
      notifiedAt: c.notifiedAt,
      status,
      remainingMs,
    };
  });
}
