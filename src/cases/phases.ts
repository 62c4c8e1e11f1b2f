/**
 * The life of a case: the incident-response phases of NIST SP 800-61 (detection & analysis →
 * containment → eradication → recovery → post-incident activity), its status (open, resolved,
 * closed) and the rules of moving between them. Pure: the store applies what these functions
 * decide, inside the change's transaction.
 *
 * - Phase entry times never go backwards: a case's entries are ordered by time even when clocks
 *   step back (the new entry gets the later of now and the previous entry).
 * - Moving back (recovery → containment after a re-infection) is allowed and recorded like any move.
 * - `contained_at` is the first entry into eradication or a later phase; `resolved_at` the first
 *   entry into post-incident. Neither moves afterwards (metrics count the first time).
 * - A case in post-incident is `resolved`; otherwise `open` until it is closed with a resolution.
 */
import { BadRequestError } from '../core/errors.ts';

export const CASE_PHASES = [
  'detection_analysis',
  'containment',
  'eradication',
  'recovery',
  'post_incident',
] as const;
export type CasePhase = (typeof CASE_PHASES)[number];

export const PHASE_LABELS: Readonly<Record<CasePhase, string>> = {
  detection_analysis: 'Detection & analysis',
  containment: 'Containment',
  eradication: 'Eradication',
  recovery: 'Recovery',
  post_incident: 'Post-incident activity',
};

export const CASE_STATUSES = ['open', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** How a case (and its alerts) ended: the alert verdicts. */
export const CASE_RESOLUTIONS = [
  'true_positive',
  'benign_true_positive',
  'false_positive',
  'duplicate',
] as const;
export type CaseResolution = (typeof CASE_RESOLUTIONS)[number];

/** Traffic Light Protocol 2.0. */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

/** Regulations whose breach-notification clocks a case with personal data runs. */
export const REGULATIONS = ['gdpr', 'hipaa'] as const;
export type Regulation = (typeof REGULATIONS)[number];

export const isPhase = (s: string): s is CasePhase => (CASE_PHASES as readonly string[]).includes(s);
export const isResolution = (s: string): s is CaseResolution =>
  (CASE_RESOLUTIONS as readonly string[]).includes(s);
export const isTlp = (s: string): s is Tlp => (TLP_LEVELS as readonly string[]).includes(s);

/** 0 for detection & analysis … 4 for post-incident. */
export function phaseIndex(phase: CasePhase): number {
  return CASE_PHASES.indexOf(phase);
}

/** The stricter of two TLP levels (red is the strictest). */
export function stricterTlp(a: Tlp, b: Tlp): Tlp {
  return TLP_LEVELS.indexOf(a) >= TLP_LEVELS.indexOf(b) ? a : b;
}

/** The status a case that is not closed has in a phase. */
export function statusOfPhase(phase: CasePhase): Exclude<CaseStatus, 'closed'> {
  return phase === 'post_incident' ? 'resolved' : 'open';
}

/** What the phase rules need to know of a case. */
export interface PhaseState {
  number: number;
  phase: CasePhase;
  status: CaseStatus;
  containedAt: string | null;
  resolvedAt: string | null;
}

export interface PhaseMove {
  from: CasePhase;
  to: CasePhase;
  /** `back` when the case returns to an earlier phase. */
  direction: 'forward' | 'back';
  enteredAt: string;
  status: Exclude<CaseStatus, 'closed'>;
  containedAt: string | null;
  resolvedAt: string | null;
}

/** When an entry made at `now` is recorded: never before the case's previous entry. */
export function phaseEntryTime(now: Date, lastEnteredAt: string | null): string {
  const at = now.toISOString();
  return lastEnteredAt !== null && lastEnteredAt > at ? lastEnteredAt : at;
}

/**
 * The move of a case into `to` at `now` (`lastEnteredAt`: its latest phase entry). Refuses a
 * closed case (reopen it first) and a move to the phase it is already in.
 */
export function planPhaseMove(
  c: PhaseState,
  to: CasePhase,
  now: Date,
  lastEnteredAt: string | null,
): PhaseMove {
  assertOpen(c, 'change its phase');
  if (c.phase === to)
    throw new BadRequestError(`case #${c.number} is already in ${PHASE_LABELS[to]}`, 'phase');
  const enteredAt = phaseEntryTime(now, lastEnteredAt);
  const contained = phaseIndex(to) >= phaseIndex('eradication');
  return {
    from: c.phase,
    to,
    direction: phaseIndex(to) > phaseIndex(c.phase) ? 'forward' : 'back',
    enteredAt,
    status: statusOfPhase(to),
    containedAt: c.containedAt ?? (contained ? enteredAt : null),
    resolvedAt: c.resolvedAt ?? (to === 'post_incident' ? enteredAt : null),
  };
}

/** Refuses a change to a closed case, naming what the caller tried (`change its phase`). */
export function assertOpen(c: Pick<PhaseState, 'number' | 'status'>, what: string): void {
  if (c.status === 'closed') throw new BadRequestError(`case #${c.number} is closed; reopen it to ${what}`);
}

/** Checks a close: the case is not closed yet and the resolution is one of the four verdicts. */
export function planClose(c: Pick<PhaseState, 'number' | 'status'>, resolution: string): CaseResolution {
  if (c.status === 'closed') throw new BadRequestError(`case #${c.number} is already closed`);
  if (!isResolution(resolution))
    throw new BadRequestError(
      `closing a case needs a resolution: one of ${CASE_RESOLUTIONS.join(', ')}`,
      'resolution',
    );
  return resolution;
}

/**
 * The status a reopened case returns to. Refuses a case that is not closed, and a merged one
 * (its records live in the case it was merged into).
 */
export function planReopen(
  c: Pick<PhaseState, 'number' | 'status' | 'phase'> & { mergedIntoNumber: number | null },
): Exclude<CaseStatus, 'closed'> {
  if (c.status !== 'closed') throw new BadRequestError(`case #${c.number} is not closed`);
  if (c.mergedIntoNumber !== null)
    throw new BadRequestError(
      `case #${c.number} was merged into #${c.mergedIntoNumber}; its alerts, tasks and evidence are there — reopen #${c.mergedIntoNumber} instead`,
    );
  return statusOfPhase(c.phase);
}
