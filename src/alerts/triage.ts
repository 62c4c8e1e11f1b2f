/**
 * The triage state machine of an alert (docs/workflow.md, "Triage"), pure:
 *
 *   new ──► acknowledged ──► in_progress ──► escalated (in a case)
 *    └────────────┴───────────────┴──────────────┴──► closed (verdict required)
 *   closed ──reopen──► in_progress (verdict cleared)
 *
 * `triage(state, action, now)` gives the alert's new triage fields, or a refusal whose message
 * tells the analyst what to do instead. `acknowledgedAt` is set once, by the first move out of
 * `new` (MTTA). Escalation belongs to cases (it sets `escalated` and the case); an escalated alert
 * may still be closed directly, with a verdict.
 */

export const ALERT_STATUSES = ['new', 'acknowledged', 'in_progress', 'escalated', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const VERDICTS = ['true_positive', 'benign_true_positive', 'false_positive', 'duplicate'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const TRIAGE_ACTIONS = ['acknowledge', 'start', 'close', 'reopen', 'assign'] as const;
export type TriageActionName = (typeof TRIAGE_ACTIONS)[number];

export function isAlertStatus(s: string): s is AlertStatus {
  return (ALERT_STATUSES as readonly string[]).includes(s);
}

export function isVerdict(s: string): s is Verdict {
  return (VERDICTS as readonly string[]).includes(s);
}

export type TriageAction =
  | { kind: 'acknowledge' }
  | { kind: 'start' }
  /** `duplicateOf`: the alert this one repeats; required with (and only with) `duplicate`. */
  | { kind: 'close'; verdict: Verdict | null; duplicateOf?: string | null }
  | { kind: 'reopen' }
  /** `assignee`: a user id, or null to unassign. */
  | { kind: 'assign'; assignee: string | null };

/** The fields of an alert that triage reads and writes. */
export interface TriageState {
  id: string;
  status: AlertStatus;
  verdict: Verdict | null;
  assignee: string | null;
  caseId: string | null;
  acknowledgedAt: string | null;
  closedAt: string | null;
}

/** What triage may change: the new values of these fields. */
export type TriageFields = Pick<
  TriageState,
  'status' | 'verdict' | 'assignee' | 'acknowledgedAt' | 'closedAt'
>;

export type RefusalReason =
  /** The action does not apply to the alert's status. */
  | 'invalid_transition'
  /** Closing without a verdict. */
  | 'verdict_required'
  /** `duplicate` without the original, the original is the alert itself, or an original without `duplicate`. */
  | 'bad_duplicate'
  /** The action would change nothing (already assigned to that user, already unassigned). */
  | 'unchanged';

export interface TriageRefusal {
  reason: RefusalReason;
  /** Says what to do instead. */
  message: string;
  /** The input the refusal is about (`verdict`, `duplicateOf`, `assignee`, `status`). */
  field: string;
}

export type TriageOutcome = { ok: true; next: TriageFields } | { ok: false; refusal: TriageRefusal };

const refuse = (reason: RefusalReason, field: string, message: string): TriageOutcome => ({
  ok: false,
  refusal: { reason, field, message },
});

/** How an alert's status reads in a sentence. */
function describeStatus(s: TriageState): string {
  switch (s.status) {
    case 'new':
      return 'is new';
    case 'acknowledged':
      return 'is acknowledged';
    case 'in_progress':
      return 'is already in progress';
    case 'escalated':
      return s.caseId ? `is escalated to case ${s.caseId}` : 'is escalated';
    case 'closed':
      return s.verdict ? `is closed (${s.verdict})` : 'is closed';
  }
}

/** The triage fields after `action`, or why it is refused. `now` is an ISO-8601 time. */
export function triage(state: TriageState, action: TriageAction, now: string): TriageOutcome {
  const current: TriageFields = {
    status: state.status,
    verdict: state.verdict,
    assignee: state.assignee,
    acknowledgedAt: state.acknowledgedAt,
    closedAt: state.closedAt,
  };
  const ackAt = state.acknowledgedAt ?? now;
  switch (action.kind) {
    case 'acknowledge':
      if (state.status !== 'new')
        return refuse(
          'invalid_transition',
          'status',
          `alert ${state.id} ${describeStatus(state)}; only new alerts can be acknowledged`,
        );
      return { ok: true, next: { ...current, status: 'acknowledged', acknowledgedAt: ackAt } };

    case 'start':
      if (state.status === 'new' || state.status === 'acknowledged')
        return { ok: true, next: { ...current, status: 'in_progress', acknowledgedAt: ackAt } };
      return refuse(
        'invalid_transition',
        'status',
        state.status === 'closed'
          ? `alert ${state.id} ${describeStatus(state)}; reopen it to work on it again`
          : state.status === 'escalated'
            ? `alert ${state.id} ${describeStatus(state)}; work on it in the case`
            : `alert ${state.id} ${describeStatus(state)}`,
      );

    case 'close': {
      if (state.status === 'closed')
        return refuse(
          'invalid_transition',
          'status',
          `alert ${state.id} ${describeStatus(state)}; reopen it first to close it with another verdict`,
        );
      if (action.verdict === null)
        return refuse(
          'verdict_required',
          'verdict',
          'closing an alert needs a verdict: true_positive, benign_true_positive, false_positive or duplicate',
        );
      const original = action.duplicateOf ?? null;
      if (action.verdict === 'duplicate') {
        if (original === null || original === '')
          return refuse(
            'bad_duplicate',
            'duplicateOf',
            'a duplicate names the alert it repeats: give duplicateOf (the original alert id)',
          );
        if (original === state.id)
          return refuse('bad_duplicate', 'duplicateOf', 'an alert cannot be a duplicate of itself');
      } else if (original !== null) {
        return refuse(
          'bad_duplicate',
          'duplicateOf',
          `duplicateOf goes with the verdict duplicate, not ${action.verdict}; leave it out or choose duplicate`,
        );
      }
      return {
        ok: true,
        next: { ...current, status: 'closed', verdict: action.verdict, acknowledgedAt: ackAt, closedAt: now },
      };
    }

    case 'reopen':
      if (state.status !== 'closed')
        return refuse(
          'invalid_transition',
          'status',
          `alert ${state.id} ${describeStatus(state)}; only closed alerts can be reopened`,
        );
      return { ok: true, next: { ...current, status: 'in_progress', verdict: null, closedAt: null } };

    case 'assign':
      if (state.status === 'closed')
        return refuse(
          'invalid_transition',
          'status',
          `alert ${state.id} ${describeStatus(state)}; reopen it before changing its assignee`,
        );
      if (action.assignee === state.assignee)
        return refuse(
          'unchanged',
          'assignee',
          action.assignee === null
            ? `alert ${state.id} is not assigned to anyone`
            : `alert ${state.id} is already assigned to that user`,
        );
      return { ok: true, next: { ...current, assignee: action.assignee } };
  }
}
