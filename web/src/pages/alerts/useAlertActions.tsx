/**
 * The triage actions of the queue and the detail page, with their dialogs: acknowledge, start and
 * reopen at once; close (verdict), escalate (case) and assign through a dialog. One alert goes
 * through its own route (a stale version is a 409 the page shows with a reload button); several
 * through the bulk route, whose per-alert outcomes are summed up in a notice.
 */
import { type ReactNode, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Alert, BulkResult } from '../../api/alert-types.ts';
import { type TriageRequest, useBulkTriage, useEscalate, useTriage } from '../../api/alerts.ts';
import { AssignDialog } from './AssignDialog.tsx';
import { caseHref } from './alert-format.ts';
import { CloseDialog } from './CloseDialog.tsx';
import { EscalateDialog, type EscalateTarget } from './EscalateDialog.tsx';

export type AlertAction = 'acknowledge' | 'start' | 'close' | 'escalate' | 'assign' | 'reopen';

/** Whether `action` applies to an alert in its status (the server's state machine). */
export function canDo(action: AlertAction, a: Pick<Alert, 'status'>): boolean {
  switch (action) {
    case 'acknowledge':
      return a.status === 'new';
    case 'start':
      return a.status === 'new' || a.status === 'acknowledged';
    case 'escalate':
      return a.status === 'new' || a.status === 'acknowledged' || a.status === 'in_progress';
    case 'close':
    case 'assign':
      return a.status !== 'closed';
    case 'reopen':
      return a.status === 'closed';
  }
}

const DONE: Record<AlertAction, string> = {
  acknowledge: 'acknowledged',
  start: 'started',
  close: 'closed',
  escalate: 'escalated',
  assign: 'assigned',
  reopen: 'reopened',
};

/** A bulk answer in a sentence or two: how many went through, and why the others did not. */
export function summarizeBulk(results: readonly BulkResult[], action: AlertAction): string {
  const ok = results.filter((r) => r.outcome === 'ok').length;
  const failed = results.filter((r) => r.outcome !== 'ok');
  const head = `${ok} of ${results.length} alerts ${DONE[action]}.`;
  if (failed.length === 0) return head;
  const why = failed
    .slice(0, 3)
    .map((r) =>
      r.outcome === 'conflict'
        ? `${r.id}: changed by someone else meanwhile (reload)`
        : `${r.id}: ${r.message ?? r.outcome}`,
    );
  return `${head} ${why.join('; ')}${failed.length > 3 ? `; and ${failed.length - 3} more` : ''}.`;
}

type Dialog = { kind: 'close' | 'escalate' | 'assign'; alerts: Alert[] };

export interface AlertActions {
  run(action: AlertAction, alerts: readonly Alert[]): void;
  dialogs: ReactNode;
  /** A dialog is open: page shortcuts should rest. */
  dialogOpen: boolean;
  busy: boolean;
  error: unknown;
  notice: string | null;
  dismiss(): void;
}

export function useAlertActions(opts: { onDone?: (action: AlertAction) => void } = {}): AlertActions {
  const triage = useTriage();
  const bulk = useBulkTriage();
  const escalate = useEscalate();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const apply = async (action: AlertAction, alerts: readonly Alert[], request: TriageRequest) => {
    setError(null);
    setNotice(null);
    try {
      const [only] = alerts;
      if (alerts.length === 1 && only) {
        await triage.mutateAsync({ id: only.id, version: only.version, request });
      } else {
        const results = await bulk.mutateAsync({
          items: alerts.map((a) => ({ id: a.id, version: a.version })),
          request,
        });
        setNotice(summarizeBulk(results, action));
      }
      opts.onDone?.(action);
    } catch (e) {
      setError(e);
    } finally {
      setDialog(null);
    }
  };

  const toCase = async (alerts: readonly Alert[], target: EscalateTarget) => {
    setError(null);
    setNotice(null);
    try {
      const items = alerts.map((a) => ({ id: a.id, version: a.version }));
      const r = await escalate.mutateAsync(
        'caseId' in target ? { alerts: items, caseId: target.caseId } : { alerts: items, case: target.case },
      );
      setDialog(null);
      opts.onDone?.('escalate');
      navigate(caseHref(r.case.id));
    } catch (e) {
      setDialog(null);
      setError(e);
    }
  };

  const run = (action: AlertAction, alerts: readonly Alert[]) => {
    if (dialog || alerts.length === 0) return;
    const able = alerts.filter((a) => canDo(action, a));
    if (able.length === 0) {
      setError(null);
      setNotice(
        alerts.length === 1
          ? `This alert is ${alerts[0]?.status.replace('_', ' ')}: it cannot be ${DONE[action]}.`
          : `None of the ${alerts.length} alerts can be ${DONE[action]} in its status.`,
      );
      return;
    }
    if (action === 'close' || action === 'escalate' || action === 'assign')
      return setDialog({ kind: action, alerts: able });
    void apply(action, able, { action });
  };

  const shown = dialog?.alerts ?? [];
  const dialogs = (
    <>
      <CloseDialog
        opened={dialog?.kind === 'close'}
        closing={shown.map((a) => a.id)}
        pending={triage.isPending || bulk.isPending}
        onClose={() => setDialog(null)}
        onSubmit={(request) => void apply('close', shown, request)}
      />
      <EscalateDialog
        opened={dialog?.kind === 'escalate'}
        alerts={shown}
        pending={escalate.isPending}
        onClose={() => setDialog(null)}
        onSubmit={(target) => void toCase(shown, target)}
      />
      <AssignDialog
        opened={dialog?.kind === 'assign'}
        count={shown.length}
        pending={triage.isPending || bulk.isPending}
        onClose={() => setDialog(null)}
        onSubmit={(assignee) => void apply('assign', shown, { action: 'assign', assignee })}
      />
    </>
  );

  return {
    run,
    dialogs,
    dialogOpen: dialog !== null,
    busy: triage.isPending || bulk.isPending || escalate.isPending,
    error,
    notice,
    dismiss: () => {
      setError(null);
      setNotice(null);
    },
  };
}
