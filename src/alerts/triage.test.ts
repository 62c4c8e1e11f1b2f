import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALERT_STATUSES,
  type AlertStatus,
  type TriageAction,
  type TriageState,
  triage,
  VERDICTS,
  type Verdict,
} from './triage.ts';

const T0 = '2026-11-22T10:00:00.000Z';
const NOW = '2026-11-22T10:05:00.000Z';

const alert = (status: AlertStatus, more: Partial<TriageState> = {}): TriageState => ({
  id: 'a1',
  status,
  verdict: status === 'closed' ? 'true_positive' : null,
  assignee: null,
  caseId: status === 'escalated' ? 'c1' : null,
  acknowledgedAt: status === 'new' ? null : T0,
  closedAt: status === 'closed' ? T0 : null,
  ...more,
});

const close = (verdict: Verdict | null, duplicateOf?: string | null): TriageAction => ({
  kind: 'close',
  verdict,
  duplicateOf: duplicateOf ?? null,
});

/** Which status each action leads to from each status; null: refused. */
const MOVES: Record<string, Record<AlertStatus, AlertStatus | null>> = {
  acknowledge: { new: 'acknowledged', acknowledged: null, in_progress: null, escalated: null, closed: null },
  start: {
    new: 'in_progress',
    acknowledged: 'in_progress',
    in_progress: null,
    escalated: null,
    closed: null,
  },
  close: {
    new: 'closed',
    acknowledged: 'closed',
    in_progress: 'closed',
    escalated: 'closed',
    closed: null,
  },
  reopen: { new: null, acknowledged: null, in_progress: null, escalated: null, closed: 'in_progress' },
};

const ACTIONS: Record<string, TriageAction> = {
  acknowledge: { kind: 'acknowledge' },
  start: { kind: 'start' },
  close: close('true_positive'),
  reopen: { kind: 'reopen' },
};

describe('the triage state machine', () => {
  for (const [name, row] of Object.entries(MOVES)) {
    for (const from of ALERT_STATUSES) {
      const to = row[from];
      it(`${name} from ${from}: ${to ? `→ ${to}` : 'refused'}`, () => {
        const r = triage(alert(from), ACTIONS[name]!, NOW);
        if (to === null) {
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.refusal.reason).toBe('invalid_transition');
        } else {
          expect(r).toMatchObject({ ok: true, next: { status: to } });
        }
      });
    }
  }

  it('sets acknowledgedAt on the first move out of new (acknowledge, start or close), and keeps it after', () => {
    for (const action of [ACTIONS.acknowledge!, ACTIONS.start!, ACTIONS.close!]) {
      const r = triage(alert('new'), action, NOW);
      expect(r).toMatchObject({ ok: true, next: { acknowledgedAt: NOW } });
    }
    expect(triage(alert('acknowledged'), ACTIONS.start!, NOW)).toMatchObject({
      ok: true,
      next: { acknowledgedAt: T0 },
    });
    expect(triage(alert('closed'), ACTIONS.reopen!, NOW)).toMatchObject({
      ok: true,
      next: { acknowledgedAt: T0 },
    });
  });

  it('closes only with a verdict, and stamps closedAt', () => {
    const r = triage(alert('in_progress'), close(null), NOW);
    expect(r).toEqual({
      ok: false,
      refusal: {
        reason: 'verdict_required',
        field: 'verdict',
        message: expect.stringMatching(/needs a verdict: true_positive, benign_true_positive/),
      },
    });
    expect(triage(alert('in_progress'), close('false_positive'), NOW)).toEqual({
      ok: true,
      next: {
        status: 'closed',
        verdict: 'false_positive',
        assignee: null,
        acknowledgedAt: T0,
        closedAt: NOW,
      },
    });
  });

  it('a duplicate names its original, which is another alert; only duplicates name one', () => {
    expect(triage(alert('new'), close('duplicate'), NOW)).toMatchObject({
      ok: false,
      refusal: {
        reason: 'bad_duplicate',
        field: 'duplicateOf',
        message: expect.stringMatching(/give duplicateOf/),
      },
    });
    expect(triage(alert('new'), close('duplicate', 'a1'), NOW)).toMatchObject({
      ok: false,
      refusal: { reason: 'bad_duplicate', message: 'an alert cannot be a duplicate of itself' },
    });
    expect(triage(alert('new'), close('true_positive', 'a0'), NOW)).toMatchObject({
      ok: false,
      refusal: { reason: 'bad_duplicate', message: expect.stringMatching(/goes with the verdict duplicate/) },
    });
    expect(triage(alert('new'), close('duplicate', 'a0'), NOW)).toMatchObject({
      ok: true,
      next: { status: 'closed', verdict: 'duplicate' },
    });
  });

  it('reopening clears the verdict and closedAt and resumes work', () => {
    expect(triage(alert('closed', { assignee: 'u1' }), { kind: 'reopen' }, NOW)).toEqual({
      ok: true,
      next: { status: 'in_progress', verdict: null, assignee: 'u1', acknowledgedAt: T0, closedAt: null },
    });
  });

  it('refusals say what to do instead', () => {
    const msg = (s: TriageState, a: TriageAction) => {
      const r = triage(s, a, NOW);
      return r.ok ? '' : r.refusal.message;
    };
    expect(msg(alert('closed'), { kind: 'start' })).toBe(
      'alert a1 is closed (true_positive); reopen it to work on it again',
    );
    expect(msg(alert('escalated'), { kind: 'start' })).toBe(
      'alert a1 is escalated to case c1; work on it in the case',
    );
    expect(msg(alert('closed'), close('false_positive'))).toMatch(/reopen it first/);
    expect(msg(alert('in_progress'), { kind: 'reopen' })).toMatch(/only closed alerts can be reopened/);
  });

  it('assigns and unassigns in any open status; not a closed alert, nor to whom it already has', () => {
    for (const s of ['new', 'acknowledged', 'in_progress', 'escalated'] as const) {
      expect(triage(alert(s), { kind: 'assign', assignee: 'u1' }, NOW)).toMatchObject({
        ok: true,
        next: { status: s, assignee: 'u1' },
      });
      expect(triage(alert(s, { assignee: 'u1' }), { kind: 'assign', assignee: null }, NOW)).toMatchObject({
        ok: true,
        next: { status: s, assignee: null },
      });
    }
    expect(triage(alert('new', { assignee: 'u1' }), { kind: 'assign', assignee: 'u1' }, NOW)).toMatchObject({
      ok: false,
      refusal: { reason: 'unchanged' },
    });
    expect(triage(alert('new'), { kind: 'assign', assignee: null }, NOW)).toMatchObject({
      ok: false,
      refusal: { reason: 'unchanged', message: 'alert a1 is not assigned to anyone' },
    });
    expect(triage(alert('closed'), { kind: 'assign', assignee: 'u1' }, NOW)).toMatchObject({
      ok: false,
      refusal: { reason: 'invalid_transition', message: expect.stringMatching(/reopen it before/) },
    });
  });

  it('over any sequence of actions: closed ⇔ verdict and closedAt; acknowledgedAt, once set, never changes', () => {
    const action = fc.oneof(
      fc.constant<TriageAction>({ kind: 'acknowledge' }),
      fc.constant<TriageAction>({ kind: 'start' }),
      fc.constant<TriageAction>({ kind: 'reopen' }),
      fc.constantFrom<TriageAction>(...VERDICTS.map((v) => close(v, v === 'duplicate' ? 'a0' : null))),
      fc.constant<TriageAction>(close(null)),
      fc.constantFrom<TriageAction>(
        { kind: 'assign', assignee: 'u1' },
        { kind: 'assign', assignee: 'u2' },
        { kind: 'assign', assignee: null },
      ),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 30 }), (actions) => {
        let s = alert('new');
        let firstAck: string | null = null;
        actions.forEach((a, i) => {
          const at = new Date(Date.parse(NOW) + i * 1000).toISOString();
          const r = triage(s, a, at);
          if (!r.ok) return;
          s = { ...s, ...r.next };
          if (firstAck === null && s.acknowledgedAt !== null) firstAck = s.acknowledgedAt;
          expect(s.acknowledgedAt).toBe(firstAck);
          expect(s.status === 'closed').toBe(s.verdict !== null);
          expect(s.status === 'closed').toBe(s.closedAt !== null);
          if (s.status !== 'new') expect(s.acknowledgedAt).not.toBeNull();
        });
      }),
    );
  });
});
