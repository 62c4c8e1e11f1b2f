/** The rule library through the API: list, one rule, enable/disable, import, test on events, hunt. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import type { RuleDetail, RuleSummary, RuleTestReport } from './types.ts';

export interface RuleFilter {
  q?: string;
  status?: string[];
  level?: string[];
  enabled?: boolean;
  kind?: 'rule' | 'correlation' | 'filter';
  limit?: number;
  offset?: number;
}

type RuleList = { items: RuleSummary[]; total: number };

const listParams = (f: RuleFilter) => ({
  q: f.q,
  status: f.status?.join(','),
  level: f.level?.join(','),
  enabled: f.enabled,
  kind: f.kind,
  limit: f.limit ?? 100,
  offset: f.offset ?? 0,
});

export function useRules(filter: RuleFilter) {
  return useQuery({
    queryKey: ['rules', 'list', filter],
    queryFn: ({ signal }) => api<RuleList>('/api/v1/rules', { query: listParams(filter), signal }),
    placeholderData: (prev) => prev,
  });
}

/** Every enabled rule (all pages), for the coverage matrix. */
export function useEnabledRules() {
  return useQuery({
    queryKey: ['rules', 'enabled-all'],
    queryFn: async ({ signal }) => {
      const items: RuleSummary[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await api<RuleList>('/api/v1/rules', {
          query: listParams({ enabled: true, limit: 1000, offset }),
          signal,
        });
        items.push(...page.items);
        if (page.items.length < 1000 || items.length >= page.total) return items;
      }
    },
  });
}

export function useRule(id: string | null) {
  return useQuery({
    queryKey: ['rules', 'one', id],
    queryFn: ({ signal }) => api<RuleDetail>(`/api/v1/rules/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== null,
  });
}

export function useSetRuleEnabled() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; enabled: boolean }) =>
      api<RuleSummary>(`/api/v1/rules/${encodeURIComponent(v.id)}`, {
        method: 'PATCH',
        json: { enabled: v.enabled },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['rules'] }),
  });
}

/** The content type the import route takes for a file, by its name. */
export function importContentType(name: string): string | null {
  const n = name.toLowerCase();
  if (n.endsWith('.zip')) return 'application/zip';
  if (n.endsWith('.yml') || n.endsWith('.yaml')) return 'application/yaml';
  if (n.endsWith('.json')) return 'application/json';
  return null;
}

export function useRuleTest() {
  return useMutation({
    mutationFn: (body: { yaml: string; events: string; format: string }) =>
      api<RuleTestReport>('/api/v1/rules/test', { method: 'POST', json: body }),
  });
}
