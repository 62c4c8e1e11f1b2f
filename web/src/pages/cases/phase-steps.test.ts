/** The phase stepper: the five NIST phases in order, each with its state and when the case entered it. */
import { describe, expect, it } from 'vitest';
import type { PhaseEntry } from '../../api/case-types.ts';
import { neighbourPhase, phaseSteps } from './phase-steps.ts';

const entry = (phase: PhaseEntry['phase'], enteredAt: string): PhaseEntry => ({
  phase,
  enteredAt,
  enteredBy: 'alice',
});

describe('phaseSteps', () => {
  it('lists the phases in NIST order with done, current and upcoming, and the time each was entered', () => {
    const steps = phaseSteps('eradication', [
      // Out of order on purpose: the stepper sorts by time.
      entry('eradication', '2026-01-05T12:00:00.000Z'),
      entry('detection_analysis', '2026-01-05T09:00:00.000Z'),
      entry('containment', '2026-01-05T10:30:00.000Z'),
    ]);
    expect(steps.map((s) => [s.phase, s.number, s.state, s.enteredAt])).toEqual([
      ['detection_analysis', 1, 'done', '2026-01-05T09:00:00.000Z'],
      ['containment', 2, 'done', '2026-01-05T10:30:00.000Z'],
      ['eradication', 3, 'current', '2026-01-05T12:00:00.000Z'],
      ['recovery', 4, 'upcoming', null],
      ['post_incident', 5, 'upcoming', null],
    ]);
    expect(steps[4]?.label).toBe('Post-incident activity');
  });

  it('after a move back, shows the latest entry of each phase and keeps every entry', () => {
    const steps = phaseSteps('containment', [
      entry('detection_analysis', '2026-01-05T09:00:00.000Z'),
      entry('containment', '2026-01-05T10:00:00.000Z'),
      entry('eradication', '2026-01-05T11:00:00.000Z'),
      entry('recovery', '2026-01-05T12:00:00.000Z'),
      // Re-infection: back to containment.
      entry('containment', '2026-01-05T13:00:00.000Z'),
    ]);
    const containment = steps[1];
    expect(containment).toMatchObject({
      state: 'current',
      enteredAt: '2026-01-05T13:00:00.000Z',
      entries: ['2026-01-05T10:00:00.000Z', '2026-01-05T13:00:00.000Z'],
    });
    // Phases visited before the move back are upcoming again, with the time they were entered.
    expect(steps[2]).toMatchObject({ state: 'upcoming', enteredAt: '2026-01-05T11:00:00.000Z' });
    expect(steps[3]).toMatchObject({ state: 'upcoming', enteredAt: '2026-01-05T12:00:00.000Z' });
  });

  it('keeps the recorded order of entries made at the same instant', () => {
    const t = '2026-01-05T10:00:00.000Z';
    const steps = phaseSteps('containment', [
      entry('containment', t),
      entry('eradication', t),
      entry('containment', t),
    ]);
    expect(steps[1]?.entries).toEqual([t, t]);
    expect(steps[2]?.entries).toEqual([t]);
  });

  it('names the next and previous phase, none past either end', () => {
    expect(neighbourPhase('detection_analysis', 1)).toBe('containment');
    expect(neighbourPhase('detection_analysis', -1)).toBeNull();
    expect(neighbourPhase('recovery', 1)).toBe('post_incident');
    expect(neighbourPhase('post_incident', 1)).toBeNull();
    expect(neighbourPhase('post_incident', -1)).toBe('recovery');
  });
});
