// @vitest-environment happy-dom
/** The phase stepper as shown: the current step marked, entry times in UTC, and the move buttons. */
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test/render.tsx';
import { detail } from './fixtures.ts';
import { PhaseStepper } from './PhaseStepper.tsx';

afterEach(cleanup);

const c = detail({
  phase: 'containment',
  phases: [
    { phase: 'detection_analysis', enteredAt: '2026-01-05T09:00:00.000Z', enteredBy: 'alice' },
    { phase: 'containment', enteredAt: '2026-01-05T10:15:30.000Z', enteredBy: 'alice' },
  ],
});

describe('PhaseStepper', () => {
  it('marks the current phase and shows when each phase was entered', () => {
    renderWithApp(<PhaseStepper c={c} mayMove moving={false} onMove={() => {}} />);
    const steps = [...document.querySelectorAll('[data-step]')];
    expect(steps.map((s) => [s.getAttribute('data-step'), s.getAttribute('data-state')])).toEqual([
      ['detection_analysis', 'done'],
      ['containment', 'current'],
      ['eradication', 'upcoming'],
      ['recovery', 'upcoming'],
      ['post_incident', 'upcoming'],
    ]);
    expect(steps[1]?.getAttribute('aria-current')).toBe('step');
    expect(steps[0]?.textContent).toContain('entered 2026-01-05 09:00:00Z');
    expect(steps[1]?.textContent).toContain('entered 2026-01-05 10:15:30Z');
    expect(steps[2]?.textContent).toContain('not yet');
  });

  it('moves on and back with its buttons; offers none to a reader or on a closed case', () => {
    const onMove = vi.fn();
    const { unmount } = renderWithApp(<PhaseStepper c={c} mayMove moving={false} onMove={onMove} />);
    fireEvent.click(screen.getByRole('button', { name: 'Move to Eradication' }));
    fireEvent.click(screen.getByRole('button', { name: 'Back to Detection & analysis' }));
    expect(onMove.mock.calls).toEqual([['eradication'], ['detection_analysis']]);
    unmount();
    renderWithApp(<PhaseStepper c={{ ...c, status: 'closed' }} mayMove moving={false} onMove={onMove} />);
    expect(screen.queryByRole('button', { name: /Move to/ })).toBeNull();
  });
});
