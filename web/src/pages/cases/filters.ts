/** The list view's filters, kept in the URL (`?status=open,resolved&severity=high&q=…`). */
import {
  CASE_STATUSES,
  type CaseFilter,
  type CaseStatus,
  SEVERITIES,
  type Severity,
} from '../../api/case-types.ts';

export interface ListFilters {
  status: CaseStatus[];
  severity: Severity[];
  assignee: string;
  tag: string;
  q: string;
}

const pick = <T extends string>(allowed: readonly T[], v: string | null): T[] =>
  (v ?? '').split(',').filter((x): x is T => (allowed as readonly string[]).includes(x));

export function filtersFrom(params: URLSearchParams): ListFilters {
  return {
    status: params.has('status') ? pick(CASE_STATUSES, params.get('status')) : ['open', 'resolved'],
    severity: pick(SEVERITIES, params.get('severity')),
    assignee: params.get('assignee') ?? '',
    tag: params.get('tag') ?? '',
    q: params.get('q') ?? '',
  };
}

/** The URL parameters of `f` (the view kept), leaving out what is empty. */
export function paramsOf(f: ListFilters, view: string): URLSearchParams {
  const p = new URLSearchParams({ view });
  p.set('status', f.status.join(','));
  if (f.severity.length) p.set('severity', f.severity.join(','));
  if (f.assignee) p.set('assignee', f.assignee);
  if (f.tag) p.set('tag', f.tag);
  if (f.q) p.set('q', f.q);
  return p;
}

export function apiFilterOf(f: ListFilters): CaseFilter {
  return {
    ...(f.status.length ? { status: f.status } : {}),
    ...(f.severity.length ? { severity: f.severity } : {}),
    ...(f.assignee ? { assignee: f.assignee } : {}),
    ...(f.tag ? { tag: f.tag } : {}),
    ...(f.q ? { q: f.q } : {}),
    limit: 50,
  };
}
