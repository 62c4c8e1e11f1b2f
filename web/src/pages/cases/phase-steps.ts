/**
 * The phase stepper's model: the five IR phases in NIST order, each with its state against the
 * case's current phase and the times the case entered it (a case moved back enters a phase again).
 */
import { CASE_PHASES, type CasePhase, PHASE_LABELS, type PhaseEntry } from '../../api/case-types.ts';

export interface PhaseStep {
  phase: CasePhase;
  label: string;
  /** 1 … 5. */
  number: number;
  /** Before the current phase, the current one, or after it. */
  state: 'done' | 'current' | 'upcoming';
  /** The latest time the case entered this phase (null: never). */
  enteredAt: string | null;
  /** Every entry into this phase, oldest first. */
  entries: string[];
}

export function phaseSteps(current: CasePhase, history: readonly PhaseEntry[]): PhaseStep[] {
  const at = CASE_PHASES.indexOf(current);
  // Entries in time order; equal times keep the order the API gave (it records them in order).
  const ordered = history
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.enteredAt.localeCompare(b.e.enteredAt) || a.i - b.i)
    .map((x) => x.e);
  return CASE_PHASES.map((phase, i) => {
    const entries = ordered.filter((e) => e.phase === phase).map((e) => e.enteredAt);
    return {
      phase,
      label: PHASE_LABELS[phase],
      number: i + 1,
      state: i < at ? 'done' : i === at ? 'current' : 'upcoming',
      enteredAt: entries.at(-1) ?? null,
      entries,
    };
  });
}

/** The phase after (`1`) or before (`-1`) `phase`, or null at either end. */
export function neighbourPhase(phase: CasePhase, step: 1 | -1): CasePhase | null {
  return CASE_PHASES[CASE_PHASES.indexOf(phase) + step] ?? null;
}
