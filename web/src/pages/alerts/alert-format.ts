/**
 * How alert pages name and color things: statuses, verdicts, durations, ATT&CK links, entities.
 * One place, so the queue, the detail page, the entity page and the overview agree.
 */
import type { AlertStatus, Verdict } from '../../api/alert-types.ts';
import { attackTactic } from '../../shared.ts';

export const STATUS_LABEL: Record<AlertStatus, string> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  in_progress: 'In progress',
  escalated: 'Escalated',
  closed: 'Closed',
};

export const STATUS_COLOR: Record<AlertStatus, string> = {
  new: 'blue',
  acknowledged: 'cyan',
  in_progress: 'violet',
  escalated: 'grape',
  closed: 'gray',
};

export const VERDICT_LABEL: Record<Verdict, string> = {
  true_positive: 'True positive',
  benign_true_positive: 'Benign true positive',
  false_positive: 'False positive',
  duplicate: 'Duplicate',
};

export const VERDICT_HELP: Record<Verdict, string> = {
  true_positive: 'Malicious activity: it happened and it matters.',
  benign_true_positive: 'The rule saw what it looks for, but it was expected (an admin, a test).',
  false_positive: 'The rule matched something it should not have: takes back the risk it added.',
  duplicate: 'Another alert already covers this: name the original.',
};

export const VERDICT_COLOR: Record<Verdict, string> = {
  true_positive: 'red',
  benign_true_positive: 'yellow',
  false_positive: 'teal',
  duplicate: 'gray',
};

export function statusLabel(s: string): string {
  return STATUS_LABEL[s as AlertStatus] ?? s;
}

export function verdictLabel(v: string | null): string {
  return v === null ? '—' : (VERDICT_LABEL[v as Verdict] ?? v);
}

/** `45 s`, `12 min`, `3.5 h`, `2.1 d`; null → `—`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, seconds);
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  const h = s / 3600;
  if (h < 48) return `${h < 10 ? h.toFixed(1) : Math.round(h)} h`;
  const d = h / 24;
  return `${d < 10 ? d.toFixed(1) : Math.round(d)} d`;
}

/** attack.mitre.org's page of a technique (`T1003.001` → `/techniques/T1003/001/`). */
export function techniqueUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.toUpperCase().replace('.', '/')}/`;
}

/** attack.mitre.org's page of a tactic by its short name, or null for tactics without an id. */
export function tacticUrl(name: string): string | null {
  const id = attackTactic(name)?.id;
  return id ? `https://attack.mitre.org/tactics/${id}/` : null;
}

/** The console path of an entity's page. */
export function entityHref(e: { type: string; value: string }): string {
  return `/entities/${encodeURIComponent(e.type)}/${encodeURIComponent(e.value)}`;
}

export function alertHref(id: string): string {
  return `/alerts/${encodeURIComponent(id)}`;
}

export function caseHref(id: string): string {
  return `/cases/${encodeURIComponent(id)}`;
}

/** A risk score as shown: whole numbers, one decimal below 10. */
export function formatScore(score: number): string {
  return score < 10 ? score.toFixed(1) : String(Math.round(score));
}
