// @vitest-environment happy-dom
/**
 * The board: cases in their phase's column; moving a card (its menu, or `]` / `[` while it has
 * focus) asks Vigil to move that case with the version the board read, and shows the move at once.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CasePage } from '../../api/case-types.ts';
import { useCases } from '../../api/cases.ts';
import { setCsrfToken } from '../../api/client.ts';
import { SessionProvider } from '../../api/session.tsx';
import { KeyboardProvider } from '../../keyboard/index.ts';
import { fakeFetch, renderWithApp } from '../../test/render.tsx';
import { CaseBoard } from './CaseBoard.tsx';
import { DEFAULT_SLA_POLICIES } from './clocks.ts';
import { ANALYST, summary } from './fixtures.ts';

const PAGE: CasePage = {
  items: [
    summary({ id: 'c1', number: 1, title: 'Phishing wave', phase: 'detection_analysis', version: 3 }),
    summary({ id: 'c2', number: 2, title: 'Miner on web-03', phase: 'eradication', version: 7 }),
  ],
  nextCursor: null,
  total: 2,
  phases: { detection_analysis: 1, eradication: 1 },
};

const assignees = { me: 'u-alice', options: [], nameOf: (id: string | null) => id ?? 'Unassigned' };

let fetched: ReturnType<typeof fakeFetch>;
let answers: Record<string, unknown>;
beforeEach(() => {
  answers = {
    '/api/v1/auth/session': ANALYST,
    '/api/v1/cases/c1/phase': { ...PAGE.items[0], phase: 'containment', version: 4 },
    '/api/v1/cases/c2/phase': { ...PAGE.items[1], phase: 'recovery', version: 8 },
    '/api/v1/cases': PAGE,
  };
  fetched = fakeFetch(answers);
  vi.stubGlobal('fetch', fetched.fn);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

/** The board as the cases page shows it: fed by the cached list, which a move updates at once. */
function Board() {
  const cases = useCases({ status: ['open', 'resolved'], limit: 200 });
  return cases.data ? (
    <CaseBoard page={cases.data} policiesOf={() => DEFAULT_SLA_POLICIES} assignees={assignees} />
  ) : null;
}

function renderBoard() {
  return renderWithApp(
    <SessionProvider>
      <KeyboardProvider>
        <Board />
      </KeyboardProvider>
    </SessionProvider>,
  );
}

const column = (phase: string) => document.querySelector(`[data-phase-column="${phase}"]`) as HTMLElement;
const phaseCalls = () =>
  fetched.calls
    .filter((c) => c.url.endsWith('/phase'))
    .map((c) => ({ url: c.url, method: c.init?.method, body: JSON.parse(String(c.init?.body)) }));

describe('CaseBoard', () => {
  it('shows each case in its phase column, with severity, SLA clock and task counts', async () => {
    renderBoard();
    await screen.findByRole('link', { name: '#1 Phishing wave' });
    expect(within(column('detection_analysis')).getByRole('link', { name: '#1 Phishing wave' })).toBeTruthy();
    expect(within(column('eradication')).getByRole('link', { name: '#2 Miner on web-03' })).toBeTruthy();
    expect(within(column('containment')).getByText('No cases in this phase')).toBeTruthy();
    const card = column('detection_analysis').querySelector('[data-case-id="c1"]') as HTMLElement;
    expect(card.textContent).toContain('high');
    expect(card.textContent).toMatch(/contain: 6 h \d\d min left/);
    expect(card.textContent).toContain('1/4 tasks · 2 alerts');
  });

  it('moves a card by its menu: POST …/phase with the version read, and the card changes column at once', async () => {
    renderBoard();
    fireEvent.click(await screen.findByRole('button', { name: 'Move case #1 to another phase' }));
    // Vigil answers the move late: the card is in its new column before it does.
    let answer = () => {};
    const late = new Promise<void>((r) => {
      answer = r;
    });
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith('/phase')) await late;
      return fetched.fn(input, init);
    });
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Containment' }));
    await waitFor(() =>
      expect(within(column('containment')).queryByRole('link', { name: '#1 Phishing wave' })).not.toBeNull(),
    );
    expect(within(column('detection_analysis')).queryByRole('link', { name: '#1 Phishing wave' })).toBeNull();
    answers['/api/v1/cases'] = {
      ...PAGE,
      items: [summary({ ...PAGE.items[0], phase: 'containment', version: 4 }), PAGE.items[1]],
    };
    answer();
    await waitFor(() => expect(phaseCalls()).toHaveLength(1));
    expect(phaseCalls()[0]).toEqual({
      url: '/api/v1/cases/c1/phase',
      method: 'POST',
      body: { version: 3, phase: 'containment' },
    });
    const headers = fetched.calls.find((c) => c.url.endsWith('/phase'))?.init?.headers as Record<
      string,
      string
    >;
    expect(headers['x-csrf-token']).toBe('csrf-1');
  });

  it('puts the card back and says why when Vigil refuses the move', async () => {
    delete answers['/api/v1/cases/c1/phase']; // the fake answers 404 no such path
    renderBoard();
    fireEvent.click(await screen.findByRole('button', { name: 'Move case #1 to another phase' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Recovery' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/The case was not moved/);
    expect(
      within(column('detection_analysis')).queryByRole('link', { name: '#1 Phishing wave' }),
    ).not.toBeNull();
    expect(within(column('recovery')).queryByRole('link', { name: '#1 Phishing wave' })).toBeNull();
  });

  it('moves the focused card with ] (next phase) and [ (previous phase)', async () => {
    renderBoard();
    await screen.findByRole('button', { name: 'Move case #2 to another phase' });
    const link = screen.getByRole('link', { name: '#2 Miner on web-03' });
    link.focus();
    fireEvent.keyDown(link, { key: ']' });
    await waitFor(() => expect(phaseCalls()).toHaveLength(1));
    expect(phaseCalls()[0]?.body).toEqual({ version: 7, phase: 'recovery' });
    screen.getByRole('link', { name: '#1 Phishing wave' }).focus();
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: '[' });
    // #1 is in the first phase: nothing before it.
    await new Promise((r) => setTimeout(r, 50));
    expect(phaseCalls()).toHaveLength(1);
  });
});
