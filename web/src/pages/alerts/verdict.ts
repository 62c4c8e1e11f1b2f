/**
 * Closing alerts: the verdict form's rules, the same as the server's state machine (a verdict is
 * required; `duplicate` names the original, which is none of the alerts being closed; the
 * original only goes with `duplicate`), checked before sending so the dialog can say what is missing.
 */

import { VERDICTS, type Verdict } from '../../api/alert-types.ts';
import type { TriageRequest } from '../../api/alerts.ts';

export interface CloseForm {
  verdict: string | null;
  /** The original alert: its id, or a link to its page. */
  duplicateOf: string;
}

export type CloseCheck =
  | { ok: true; request: Extract<TriageRequest, { action: 'close' }> }
  | { ok: false; errors: { verdict?: string; duplicateOf?: string } };

/** The alert id in `text`: an id, or a console link to an alert (`…/alerts/<id>`). */
export function alertIdOf(text: string): string {
  const t = text.trim();
  const m = /\/alerts\/([^/?#]+)/.exec(t);
  return m?.[1] ? decodeURIComponent(m[1]) : t;
}

export function checkClose(form: CloseForm, closing: readonly string[]): CloseCheck {
  if (form.verdict === null || !(VERDICTS as readonly string[]).includes(form.verdict))
    return { ok: false, errors: { verdict: 'Choose a verdict: every closed alert has one.' } };
  const verdict = form.verdict as Verdict;
  if (verdict !== 'duplicate') return { ok: true, request: { action: 'close', verdict, duplicateOf: null } };
  const original = alertIdOf(form.duplicateOf);
  if (original === '')
    return { ok: false, errors: { duplicateOf: 'Name the original alert (its id or its link).' } };
  if (closing.includes(original))
    return {
      ok: false,
      errors: {
        duplicateOf:
          closing.length === 1
            ? 'An alert cannot duplicate itself: name the other alert.'
            : 'The original is one of the alerts being closed: name another one.',
      },
    };
  return { ok: true, request: { action: 'close', verdict, duplicateOf: original } };
}
