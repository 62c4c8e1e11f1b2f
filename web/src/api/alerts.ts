/**
 * Alerts through the API: the queue (paged, with counts per status), one alert with its matched
 * events, triage actions (each names the version read; a stale one is a 409 with the current
 * version), bulk triage, comments, similar alerts, saved views, escalation into a case,
 * suppressions, entity risk, per-rule tuning figures and the SOC metrics.
 *
 * Query keys start with the area (`alerts`, `views`, `entities`, `suppressions`, `tuning`, `soc`,
 * `cases`): the live feed (`live.ts`) invalidates them by area.
 */
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  Alert,
  AlertComment,
  AlertDetail,
  AlertList,
  AlertSort,
  BulkResult,
  CaseCounts,
  EntityDetail,
  EntityRisk,
  EscalateResult,
  NewSuppression,
  RuleFigures,
  SavedView,
  SimilarAlert,
  SlaBreaches,
  SocMetrics,
  Suppression,
  Verdict,
} from './alert-types.ts';
import { api } from './client.ts';

/** The query of `GET /api/v1/alerts` (lists comma-separated). */
export interface AlertQuery {
  status?: string;
  severity?: string;
  rule?: string;
  /** A user id, `me`, or `none`. */
  assignee?: string;
  /** `type:value`. */
  entity?: string;
  tactic?: string;
  technique?: string;
  case?: string;
  q?: string;
  since?: string;
  until?: string;
  sort?: AlertSort;
  limit?: number;
}

export const alertKeys = {
  all: ['alerts'] as const,
  list: (q: AlertQuery) => ['alerts', 'list', q] as const,
  one: (id: string) => ['alerts', 'one', id] as const,
  comments: (id: string) => ['alerts', 'comments', id] as const,
  similar: (id: string) => ['alerts', 'similar', id] as const,
};

const enc = encodeURIComponent;

/** The queue, page by page (`fetchNextPage` follows `nextCursor`). */
export function useAlertQueue(query: AlertQuery) {
  return useInfiniteQuery({
    queryKey: alertKeys.list(query),
    queryFn: ({ signal, pageParam }) =>
      api<AlertList>('/api/v1/alerts', {
        query: { limit: 100, ...query, cursor: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** A list of alerts in one request (no paging): for charts and small tables. */
export function useAlertList(query: AlertQuery, enabled = true) {
  return useQuery({
    queryKey: alertKeys.list(query),
    queryFn: ({ signal }) => api<AlertList>('/api/v1/alerts', { query: { ...query }, signal }),
    enabled,
  });
}

export function useAlert(id: string) {
  return useQuery({
    queryKey: alertKeys.one(id),
    queryFn: ({ signal }) => api<AlertDetail>(`/api/v1/alerts/${enc(id)}`, { signal }),
  });
}

/** One triage action as the API takes it. */
export type TriageRequest =
  | { action: 'acknowledge' | 'start' | 'reopen' }
  | { action: 'close'; verdict: Verdict; duplicateOf?: string | null }
  | { action: 'assign'; assignee: string | null };

function triageBody(r: TriageRequest): Record<string, unknown> {
  switch (r.action) {
    case 'close':
      return { verdict: r.verdict, duplicateOf: r.duplicateOf ?? null };
    case 'assign':
      return { assignee: r.assignee };
    default:
      return {};
  }
}

/** One action on one alert, at the version read. */
export function useTriage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; version: number; request: TriageRequest }) =>
      api<Alert>(`/api/v1/alerts/${enc(v.id)}/${v.request.action}`, {
        method: 'POST',
        json: { version: v.version, ...triageBody(v.request) },
      }),
    onSettled: () => client.invalidateQueries({ queryKey: alertKeys.all }),
  });
}

/** One action on many alerts: a result per alert. */
export function useBulkTriage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (v: { items: { id: string; version: number }[]; request: TriageRequest }) =>
      (
        await api<{ results: BulkResult[] }>('/api/v1/alerts/bulk', {
          method: 'POST',
          json: { action: v.request.action, items: v.items, ...triageBody(v.request) },
        })
      ).results,
    onSettled: () => client.invalidateQueries({ queryKey: alertKeys.all }),
  });
}

export function useAlertComments(id: string) {
  return useQuery({
    queryKey: alertKeys.comments(id),
    queryFn: ({ signal }) => api<{ items: AlertComment[] }>(`/api/v1/alerts/${enc(id)}/comments`, { signal }),
  });
}

export function useAddComment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      api<AlertComment>(`/api/v1/alerts/${enc(id)}/comments`, { method: 'POST', json: { body } }),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.comments(id) }),
  });
}

export function useSimilarAlerts(id: string) {
  return useQuery({
    queryKey: alertKeys.similar(id),
    queryFn: ({ signal }) =>
      api<{ items: SimilarAlert[] }>(`/api/v1/alerts/${enc(id)}/similar`, { query: { limit: 10 }, signal }),
  });
}

// ---- saved views ------------------------------------------------------------------------------

export function useSavedViews() {
  return useQuery({
    queryKey: ['views', 'alerts'],
    queryFn: ({ signal }) =>
      api<{ items: SavedView[] }>('/api/v1/views', { query: { kind: 'alerts' }, signal }),
  });
}

export function useSaveView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { name: string; query: Record<string, string>; shared: boolean }) =>
      api<SavedView>('/api/v1/views', { method: 'POST', json: { kind: 'alerts', ...v } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['views'] }),
  });
}

export function useDeleteView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/views/${enc(id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['views'] }),
  });
}

// ---- cases (escalation, and the counts the overview shows) --------------------------------------

/** Open cases to escalate into (newest first). */
export function useOpenCases(enabled: boolean) {
  return useQuery({
    queryKey: ['cases', 'open-for-escalation'],
    queryFn: ({ signal }) =>
      api<CaseCounts>('/api/v1/cases', { query: { status: 'open', limit: 200 }, signal }),
    enabled,
  });
}

/** Open cases: how many, and how many per IR phase. */
export function useOpenCaseCounts(enabled: boolean) {
  return useQuery({
    queryKey: ['cases', 'open-counts'],
    queryFn: ({ signal }) =>
      api<CaseCounts>('/api/v1/cases', { query: { status: 'open', limit: 1 }, signal }),
    enabled,
  });
}

export type EscalateRequest =
  | { alerts: { id: string; version: number }[]; caseId: string }
  | { alerts: { id: string; version: number }[]; case: { title?: string; severity?: string } };

export function useEscalate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: EscalateRequest) =>
      api<EscalateResult>('/api/v1/cases/escalate', { method: 'POST', json: body }),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: alertKeys.all });
      void client.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}

// ---- tuning: suppressions, entity risk, per-rule figures --------------------------------------

export function useSuppressions(ruleId?: string) {
  return useQuery({
    queryKey: ['suppressions', ruleId ?? null],
    queryFn: ({ signal }) =>
      api<{ items: Suppression[] }>('/api/v1/suppressions', { query: { ruleId }, signal }),
  });
}

export function useCreateSuppression() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewSuppression) =>
      api<Suppression>('/api/v1/suppressions', { method: 'POST', json: body }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['suppressions'] });
      void client.invalidateQueries({ queryKey: ['tuning'] });
    },
  });
}

export function useRiskLeaderboard(limit = 10, enabled = true) {
  return useQuery({
    queryKey: ['entities', 'risk', limit],
    queryFn: ({ signal }) =>
      api<{ items: EntityRisk[] }>('/api/v1/entities/risk', { query: { limit }, signal }),
    enabled,
  });
}

export const entityPath = (type: string, value: string) => `/api/v1/entities/${enc(type)}/${enc(value)}`;

export function useEntity(type: string, value: string) {
  return useQuery({
    queryKey: ['entities', 'one', type, value],
    queryFn: ({ signal }) => api<EntityDetail>(entityPath(type, value), { signal }),
  });
}

export function useRuleTuning(enabled = true) {
  return useQuery({
    queryKey: ['tuning', 'rules'],
    queryFn: ({ signal }) =>
      api<{ items: RuleFigures[] }>('/api/v1/tuning/rules', { query: { limit: 1000 }, signal }),
    enabled,
  });
}

// ---- SOC metrics and SLAs -----------------------------------------------------------------------

export function useSocMetrics(since = 'now-30d', enabled = true) {
  return useQuery({
    queryKey: ['soc', 'metrics', since],
    queryFn: ({ signal }) =>
      api<SocMetrics>('/api/v1/metrics/soc', { query: { since, groupBy: 'severity,day' }, signal }),
    enabled,
  });
}

export function useSlaBreaches(enabled = true) {
  return useQuery({
    queryKey: ['soc', 'sla-breaches'],
    queryFn: ({ signal }) => api<SlaBreaches>('/api/v1/sla/breaches', { query: { limit: 500 }, signal }),
    enabled,
  });
}
