/**
 * The alert queue's filter, kept in the URL (shareable; back and forward work) and saved as views:
 * `status` (default: the open ones; `any` for all), `severity`, `rule`, `assignee` (`me`/`none`),
 * `entity` (`type:value`), `tactic`, `technique`, `since` (`now-24h`), `q`, `sort`, `group`.
 * Defaults are left out of the URL. `alertQueryOf` turns it into the API's query.
 */

import {
  ALERT_SORTS,
  ALERT_STATUSES,
  type AlertSort,
  type AlertStatus,
  OPEN_STATUSES,
  SEVERITIES,
  type Severity,
} from '../../api/alert-types.ts';
import type { AlertQuery } from '../../api/alerts.ts';

export const GROUPS = ['none', 'rule', 'host', 'user', 'severity'] as const;
export type GroupBy = (typeof GROUPS)[number];

export type AssigneeFilter = '' | 'me' | 'none';

export interface QueueFilter {
  /** Empty: every status. */
  status: AlertStatus[];
  severity: Severity[];
  rule: string;
  assignee: AssigneeFilter;
  entity: string;
  tactic: string;
  technique: string;
  /** Last seen at or after: a time expression (`now-24h`); empty: any time. */
  since: string;
  q: string;
  sort: AlertSort;
  group: GroupBy;
}

export const DEFAULT_FILTER: QueueFilter = {
  status: [...OPEN_STATUSES],
  severity: [],
  rule: '',
  assignee: '',
  entity: '',
  tactic: '',
  technique: '',
  since: '',
  q: '',
  sort: 'newest',
  group: 'none',
};

export const TIME_RANGES = [
  { value: '', label: 'Any time' },
  { value: 'now-1h', label: 'Last hour' },
  { value: 'now-24h', label: 'Last 24 hours' },
  { value: 'now-7d', label: 'Last 7 days' },
  { value: 'now-30d', label: 'Last 30 days' },
] as const;

const ENTITY = /^[a-z]+:.+$/s;
const TECHNIQUE = /^[Tt]\d{4}(\.\d{3})?$/;
const TACTIC = /^[a-z-]{1,64}$/;

function listOf<T extends string>(raw: string | null, allowed: readonly T[]): T[] {
  if (!raw) return [];
  const items = raw.split(',').map((s) => s.trim());
  return allowed.filter((a) => items.includes(a));
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** The filter a URL's query names; values the API would refuse are dropped. */
export function filterFromParams(params: URLSearchParams): QueueFilter {
  const status = params.get('status');
  const assignee = params.get('assignee') ?? '';
  const entity = params.get('entity') ?? '';
  const technique = params.get('technique') ?? '';
  const tactic = params.get('tactic') ?? '';
  const sort = params.get('sort') ?? '';
  const group = params.get('group') ?? '';
  return {
    status:
      status === null ? [...DEFAULT_FILTER.status] : status === 'any' ? [] : listOf(status, ALERT_STATUSES),
    severity: listOf(params.get('severity'), SEVERITIES),
    rule: (params.get('rule') ?? '').trim(),
    assignee: assignee === 'me' || assignee === 'none' ? assignee : '',
    entity: ENTITY.test(entity) ? entity : '',
    tactic: TACTIC.test(tactic) ? tactic : '',
    technique: TECHNIQUE.test(technique) ? technique.toUpperCase() : '',
    since: (params.get('since') ?? '').trim(),
    q: params.get('q') ?? '',
    sort: (ALERT_SORTS as readonly string[]).includes(sort) ? (sort as AlertSort) : 'newest',
    group: (GROUPS as readonly string[]).includes(group) ? (group as GroupBy) : 'none',
  };
}

/** The URL query of a filter, in a fixed order, defaults left out. */
export function filterToParams(f: QueueFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (!sameList(f.status, DEFAULT_FILTER.status))
    p.set(
      'status',
      f.status.length === 0 ? 'any' : ALERT_STATUSES.filter((s) => f.status.includes(s)).join(','),
    );
  if (f.severity.length > 0) p.set('severity', SEVERITIES.filter((s) => f.severity.includes(s)).join(','));
  const text: [keyof QueueFilter, string][] = [
    ['rule', f.rule.trim()],
    ['assignee', f.assignee],
    ['entity', f.entity.trim()],
    ['tactic', f.tactic],
    ['technique', f.technique],
    ['since', f.since.trim()],
    ['q', f.q.trim()],
  ];
  for (const [k, v] of text) if (v) p.set(k, v);
  if (f.sort !== 'newest') p.set('sort', f.sort);
  if (f.group !== 'none') p.set('group', f.group);
  return p;
}

/** The query of `GET /api/v1/alerts` for a filter (grouping is the console's). */
export function alertQueryOf(f: QueueFilter): AlertQuery {
  const q: AlertQuery = { sort: f.sort };
  if (f.status.length > 0) q.status = ALERT_STATUSES.filter((s) => f.status.includes(s)).join(',');
  if (f.severity.length > 0) q.severity = SEVERITIES.filter((s) => f.severity.includes(s)).join(',');
  if (f.rule.trim()) q.rule = f.rule.trim();
  if (f.assignee) q.assignee = f.assignee;
  if (ENTITY.test(f.entity.trim())) q.entity = f.entity.trim();
  if (f.tactic) q.tactic = f.tactic;
  if (f.technique) q.technique = f.technique;
  if (f.since.trim()) q.since = f.since.trim();
  if (f.q.trim()) q.q = f.q.trim();
  return q;
}

/** Whether the filter narrows the queue beyond status, sort and grouping (the status counts ignore status). */
export function isNarrowed(f: QueueFilter): boolean {
  return (
    filterToParams({ ...f, status: DEFAULT_FILTER.status, sort: 'newest', group: 'none' }).toString() !== ''
  );
}

/** A filter as a saved view stores it: its URL query as an object. */
export function viewQueryOf(f: QueueFilter): Record<string, string> {
  return Object.fromEntries(filterToParams(f));
}

/** The filter a saved view holds (values that are not strings are ignored). */
export function filterFromView(query: Record<string, unknown>): QueueFilter {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string') p.set(k, v);
  return filterFromParams(p);
}

/** Whether two filters select the same alerts in the same order and grouping. */
export function sameFilter(a: QueueFilter, b: QueueFilter): boolean {
  return filterToParams(a).toString() === filterToParams(b).toString();
}
