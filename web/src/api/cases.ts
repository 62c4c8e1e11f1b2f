/**
 * Cases through the API: the list (board and table), one case with everything hanging off it,
 * and every change (edit with `version`, phase, close/reopen, merge, links, tasks, observables,
 * notes, evidence upload, review, comments). Each change refreshes the case and the lists.
 */
import {
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import {
  type CaseAlert,
  type CaseComment,
  type CaseDetail,
  type CaseFilter,
  type CasePage,
  type CasePatch,
  type CasePhase,
  type CaseRecord,
  type CaseResolution,
  type CaseReview,
  type CaseTask,
  type CaseTemplate,
  DEFAULT_SLA_POLICIES,
  type Evidence,
  type NewCaseInput,
  type ObservableType,
  type QueueAlert,
  type ReviewInput,
  type Severity,
  type SlaMinutes,
  type SlaPolicyView,
  type TaskStatus,
  type TimelineEntry,
} from './case-types.ts';
import { api } from './client.ts';

export const CASES_KEY = ['cases'] as const;
const path = (id: string, rest = '') => `/api/v1/cases/${encodeURIComponent(id)}${rest}`;

const listParams = (f: CaseFilter, cursor: string | null) => ({
  status: f.status?.join(','),
  phase: f.phase?.join(','),
  severity: f.severity?.join(','),
  assignee: f.assignee,
  tag: f.tag,
  q: f.q,
  limit: f.limit ?? 50,
  cursor,
});

/** One page of cases (the board asks for the first 200 open ones). */
export function fetchCases(filter: CaseFilter, cursor: string | null = null, signal?: AbortSignal) {
  return api<CasePage>('/api/v1/cases', { query: listParams(filter, cursor), ...(signal ? { signal } : {}) });
}

export function useCases(filter: CaseFilter, enabled = true) {
  return useQuery({
    queryKey: [...CASES_KEY, 'list', filter],
    enabled,
    queryFn: ({ signal }) => fetchCases(filter, null, signal),
    placeholderData: (prev) => prev,
  });
}

/** The table: pages of cases, newest first, "load more" by the API's cursor. */
export function useCasePages(filter: CaseFilter) {
  return useInfiniteQuery({
    queryKey: [...CASES_KEY, 'pages', filter],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => fetchCases(filter, pageParam, signal),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: [...CASES_KEY, 'one', id],
    queryFn: ({ signal }) => api<CaseDetail>(path(id), { signal }),
  });
}

export function useCaseComments(id: string) {
  return useQuery({
    queryKey: [...CASES_KEY, 'comments', id],
    queryFn: ({ signal }) => api<{ items: CaseComment[] }>(path(id, '/comments'), { signal }),
  });
}

export function useCaseTemplates() {
  return useQuery({
    queryKey: ['case-templates'],
    queryFn: ({ signal }) => api<{ items: CaseTemplate[] }>('/api/v1/case-templates', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The SLA policies of each of the caller's tenants (severity → minutes). */
export function useSlaPolicies(enabled: boolean) {
  return useQuery({
    queryKey: ['sla-policies'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const r = await api<{ tenants: { tenant: string; policies: SlaPolicyView[] }[] }>(
        '/api/v1/sla/policies',
        { signal },
      );
      const out = new Map<string, Record<Severity, SlaMinutes>>();
      for (const t of r.tenants)
        out.set(
          t.tenant,
          Object.assign(
            { ...DEFAULT_SLA_POLICIES },
            ...t.policies.map((p) => ({ [p.severity]: p })),
          ) as Record<Severity, SlaMinutes>,
        );
      return out;
    },
  });
}

/** The alerts of a case as the queue has them (with `acknowledgedAt`, for the acknowledge clock). */
export function useCaseQueueAlerts(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['alerts', 'of-case', caseId],
    enabled,
    queryFn: ({ signal }) =>
      api<{ items: QueueAlert[] }>('/api/v1/alerts', {
        query: {
          case: caseId,
          status: 'new,acknowledged,in_progress,escalated,closed',
          limit: 200,
        },
        signal,
      }),
  });
}

/** Where an evidence file downloads from (a plain link: the session cookie authenticates it). */
export function evidenceUrl(c: { id: string; tenant: string }, evidenceId: string): string {
  return `${path(c.id, `/evidence/${encodeURIComponent(evidenceId)}`)}?tenant=${encodeURIComponent(c.tenant)}`;
}

export function reportUrl(c: { id: string; tenant: string }, format: 'markdown' | 'html'): string {
  return `${path(c.id, '/report')}?format=${format}&tenant=${encodeURIComponent(c.tenant)}`;
}

// ---- changes ------------------------------------------------------------------------------------

/** The calls behind the mutations, plain so that tests can check what they send. */
export const caseCalls = {
  create: (input: NewCaseInput) => api<CaseRecord>('/api/v1/cases', { method: 'POST', json: input }),
  update: (id: string, version: number, patch: CasePatch) =>
    api<CaseRecord>(path(id), { method: 'PATCH', json: { version, ...patch } }),
  phase: (id: string, version: number, phase: CasePhase) =>
    api<CaseRecord>(path(id, '/phase'), { method: 'POST', json: { version, phase } }),
  close: (id: string, version: number, resolution: CaseResolution) =>
    api<{ case: CaseRecord; alerts: CaseAlert[] }>(path(id, '/close'), {
      method: 'POST',
      json: { version, resolution },
    }),
  reopen: (id: string, version: number) =>
    api<CaseRecord>(path(id, '/reopen'), { method: 'POST', json: { version } }),
  merge: (id: string, version: number, targetId: string) =>
    api<{ source: CaseRecord; target: CaseRecord }>(path(id, '/merge'), {
      method: 'POST',
      json: { version, targetId },
    }),
  link: (id: string, otherId: string) =>
    api<{ cases: CaseRecord[] }>(path(id, `/links/${encodeURIComponent(otherId)}`), { method: 'POST' }),
  unlink: (id: string, otherId: string) =>
    api<{ cases: CaseRecord[] }>(path(id, `/links/${encodeURIComponent(otherId)}`), { method: 'DELETE' }),
  addTask: (
    id: string,
    task: { title: string; phase?: CasePhase; description?: string; dueAt?: string | null },
  ) => api<{ tasks: CaseTask[] }>(path(id, '/tasks'), { method: 'POST', json: task }),
  addTemplateTasks: (id: string, template: string) =>
    api<{ tasks: CaseTask[] }>(path(id, '/tasks'), { method: 'POST', json: { template } }),
  updateTask: (
    id: string,
    taskId: string,
    version: number,
    patch: { status?: TaskStatus; title?: string; phase?: CasePhase },
  ) =>
    api<CaseTask>(path(id, `/tasks/${encodeURIComponent(taskId)}`), {
      method: 'PATCH',
      json: { version, ...patch },
    }),
  addObservable: (
    id: string,
    o: { type: ObservableType; value: string; ioc?: boolean; description?: string },
  ) => api<{ created: boolean }>(path(id, '/observables'), { method: 'POST', json: o }),
  addNote: (id: string, note: { body: string; title?: string; eventTime?: string }) =>
    api<TimelineEntry>(path(id, '/notes'), { method: 'POST', json: note }),
  /** The file as the raw body, its name and description in the query. */
  uploadEvidence: (id: string, file: Blob & { name: string }, description?: string) =>
    api<Evidence>(path(id, '/evidence'), {
      method: 'POST',
      query: { name: file.name.slice(0, 255) || 'evidence.bin', description },
      raw: { body: file, contentType: 'application/octet-stream' },
    }),
  saveReview: (id: string, version: number, review: ReviewInput) =>
    api<CaseReview>(path(id, '/review'), { method: 'PUT', json: { version, ...review } }),
  addComment: (id: string, body: string) =>
    api<CaseComment>(path(id, '/comments'), { method: 'POST', json: { body } }),
};

/**
 * Refreshes the cases (and their alerts) after a change. The mutation stays pending until the
 * case is read again, so what it changed shows as soon as it stops spinning.
 */
const refresh = (client: QueryClient) => () =>
  Promise.all([
    client.invalidateQueries({ queryKey: CASES_KEY }),
    client.invalidateQueries({ queryKey: ['alerts'] }),
  ]);

/** A mutation of `caseCalls` that refreshes the cases (and their alerts) when it settles. */
function useCaseChange<V, R>(fn: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: refresh(client) });
}

export const useCreateCase = () => useCaseChange((v: NewCaseInput) => caseCalls.create(v));
export const useUpdateCase = () =>
  useCaseChange((v: { id: string; version: number; patch: CasePatch }) =>
    caseCalls.update(v.id, v.version, v.patch),
  );
export const useCloseCase = () =>
  useCaseChange((v: { id: string; version: number; resolution: CaseResolution }) =>
    caseCalls.close(v.id, v.version, v.resolution),
  );
export const useReopenCase = () =>
  useCaseChange((v: { id: string; version: number }) => caseCalls.reopen(v.id, v.version));
export const useMergeCase = () =>
  useCaseChange((v: { id: string; version: number; targetId: string }) =>
    caseCalls.merge(v.id, v.version, v.targetId),
  );
export const useLinkCase = () =>
  useCaseChange((v: { id: string; otherId: string; unlink?: boolean }) =>
    v.unlink ? caseCalls.unlink(v.id, v.otherId) : caseCalls.link(v.id, v.otherId),
  );
export const useAddTask = () =>
  useCaseChange((v: { id: string; title: string; phase: CasePhase }) =>
    caseCalls.addTask(v.id, { title: v.title, phase: v.phase }),
  );
export const useAddTemplateTasks = () =>
  useCaseChange((v: { id: string; template: string }) => caseCalls.addTemplateTasks(v.id, v.template));
export const useUpdateTask = () =>
  useCaseChange((v: { id: string; taskId: string; version: number; status: TaskStatus }) =>
    caseCalls.updateTask(v.id, v.taskId, v.version, { status: v.status }),
  );
export const useAddObservable = () =>
  useCaseChange((v: { id: string; type: ObservableType; value: string; ioc: boolean }) =>
    caseCalls.addObservable(v.id, { type: v.type, value: v.value, ioc: v.ioc }),
  );
export const useAddNote = () =>
  useCaseChange((v: { id: string; body: string; title?: string; eventTime?: string }) =>
    caseCalls.addNote(v.id, {
      body: v.body,
      ...(v.title ? { title: v.title } : {}),
      ...(v.eventTime ? { eventTime: v.eventTime } : {}),
    }),
  );
export const useUploadEvidence = () =>
  useCaseChange((v: { id: string; file: File; description?: string }) =>
    caseCalls.uploadEvidence(v.id, v.file, v.description),
  );
export const useSaveReview = () =>
  useCaseChange((v: { id: string; version: number; review: ReviewInput }) =>
    caseCalls.saveReview(v.id, v.version, v.review),
  );
export const useAddComment = () =>
  useCaseChange((v: { id: string; body: string }) => caseCalls.addComment(v.id, v.body));

/**
 * Moves a case to another phase. The board shows the move at once (every cached list has the card
 * in its new column) and puts it back if the server refuses.
 */
export function useMovePhase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; version: number; phase: CasePhase }) =>
      caseCalls.phase(v.id, v.version, v.phase),
    onMutate: async (v) => {
      await client.cancelQueries({ queryKey: [...CASES_KEY, 'list'] });
      const before = client.getQueriesData<CasePage>({ queryKey: [...CASES_KEY, 'list'] });
      for (const [key, page] of before) {
        if (!page) continue;
        client.setQueryData<CasePage>(key, {
          ...page,
          items: page.items.map((c) => (c.id === v.id ? { ...c, phase: v.phase } : c)),
        });
      }
      return { before };
    },
    onError: (_e, _v, context) => {
      for (const [key, page] of context?.before ?? []) client.setQueryData(key, page);
    },
    onSettled: refresh(client),
  });
}
