import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CASE_PHASES,
  type CasePhase,
  type PhaseState,
  phaseEntryTime,
  planClose,
  planPhaseMove,
  planReopen,
  stricterTlp,
} from './phases.ts';

const open = (phase: CasePhase = 'detection_analysis'): PhaseState => ({
  number: 7,
  phase,
  status: phase === 'post_incident' ? 'resolved' : 'open',
  containedAt: null,
  resolvedAt: null,
});
const T = (iso: string) => new Date(iso);

describe('IR phases (NIST SP 800-61)', () => {
  it('enters a phase at now, or at the previous entry when the clock stepped back', () => {
    expect(phaseEntryTime(T('2024-05-01T10:00:00Z'), null)).toBe('2024-05-01T10:00:00.000Z');
    expect(phaseEntryTime(T('2024-05-01T10:00:00Z'), '2024-05-01T09:00:00.000Z')).toBe(
      '2024-05-01T10:00:00.000Z',
    );
    expect(phaseEntryTime(T('2024-05-01T08:00:00Z'), '2024-05-01T09:00:00.000Z')).toBe(
      '2024-05-01T09:00:00.000Z',
    );
  });

  it('sets contained_at on the first entry into eradication or later, and keeps it', () => {
    const toContainment = planPhaseMove(open(), 'containment', T('2024-05-01T10:00:00Z'), null);
    expect(toContainment).toMatchObject({ direction: 'forward', containedAt: null, status: 'open' });
    const toEradication = planPhaseMove(
      open('containment'),
      'eradication',
      T('2024-05-01T11:00:00Z'),
      toContainment.enteredAt,
    );
    expect(toEradication.containedAt).toBe('2024-05-01T11:00:00.000Z');
    const back = planPhaseMove(
      { ...open('eradication'), containedAt: toEradication.containedAt },
      'containment',
      T('2024-05-01T12:00:00Z'),
      toEradication.enteredAt,
    );
    expect(back).toMatchObject({ direction: 'back', containedAt: '2024-05-01T11:00:00.000Z' });
  });

  it('a jump straight to recovery counts as contained', () => {
    const m = planPhaseMove(open(), 'recovery', T('2024-05-01T10:00:00Z'), null);
    expect(m.containedAt).toBe('2024-05-01T10:00:00.000Z');
    expect(m.resolvedAt).toBeNull();
  });

  it('resolves the case on the first entry into post-incident; a move back reopens but keeps resolved_at', () => {
    const m = planPhaseMove(open('recovery'), 'post_incident', T('2024-05-02T10:00:00Z'), null);
    expect(m).toMatchObject({ status: 'resolved', resolvedAt: '2024-05-02T10:00:00.000Z' });
    const back = planPhaseMove(
      { ...open('post_incident'), containedAt: m.containedAt, resolvedAt: m.resolvedAt },
      'recovery',
      T('2024-05-03T10:00:00Z'),
      m.enteredAt,
    );
    expect(back).toMatchObject({ status: 'open', resolvedAt: '2024-05-02T10:00:00.000Z' });
  });

  it('refuses a move to the current phase and any move of a closed case', () => {
    expect(() => planPhaseMove(open(), 'detection_analysis', new Date(), null)).toThrow(
      'case #7 is already in Detection & analysis',
    );
    expect(() => planPhaseMove({ ...open(), status: 'closed' }, 'containment', new Date(), null)).toThrow(
      'case #7 is closed; reopen it to change its phase',
    );
  });

  it('keeps entry times non-decreasing and contained/resolved times fixed, whatever the moves and clocks', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            to: fc.constantFrom(...CASE_PHASES),
            at: fc.integer({ min: 0, max: 10_000_000 }),
          }),
          { maxLength: 30 },
        ),
        (moves) => {
          let state = open();
          let last: string | null = null;
          const entries: string[] = [];
          for (const { to, at } of moves) {
            if (to === state.phase) continue;
            const m = planPhaseMove(state, to, new Date(1_700_000_000_000 + at), last);
            if (state.containedAt) expect(m.containedAt).toBe(state.containedAt);
            if (state.resolvedAt) expect(m.resolvedAt).toBe(state.resolvedAt);
            entries.push(m.enteredAt);
            last = m.enteredAt;
            state = {
              ...state,
              phase: to,
              status: m.status,
              containedAt: m.containedAt,
              resolvedAt: m.resolvedAt,
            };
          }
          expect([...entries].sort()).toEqual(entries);
          if (state.resolvedAt) expect(state.containedAt! <= state.resolvedAt).toBe(true);
        },
      ),
    );
  });
});

describe('closing and reopening', () => {
  it('needs a resolution that is one of the verdicts', () => {
    expect(planClose(open(), 'false_positive')).toBe('false_positive');
    expect(() => planClose(open(), 'fixed')).toThrow(
      'closing a case needs a resolution: one of true_positive, benign_true_positive, false_positive, duplicate',
    );
    expect(() => planClose({ ...open(), status: 'closed' }, 'duplicate')).toThrow('already closed');
  });

  it('reopens to the status of the phase; a merged case is reopened through its target', () => {
    expect(planReopen({ number: 7, status: 'closed', phase: 'recovery', mergedIntoNumber: null })).toBe(
      'open',
    );
    expect(planReopen({ number: 7, status: 'closed', phase: 'post_incident', mergedIntoNumber: null })).toBe(
      'resolved',
    );
    expect(() =>
      planReopen({ number: 7, status: 'open', phase: 'recovery', mergedIntoNumber: null }),
    ).toThrow('case #7 is not closed');
    expect(() => planReopen({ number: 7, status: 'closed', phase: 'recovery', mergedIntoNumber: 3 })).toThrow(
      'was merged into #3',
    );
  });
});

it('the stricter TLP wins', () => {
  expect(stricterTlp('green', 'amber')).toBe('amber');
  expect(stricterTlp('red', 'clear')).toBe('red');
  expect(stricterTlp('amber+strict', 'amber')).toBe('amber+strict');
});
