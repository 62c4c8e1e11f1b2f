/**
 * Administration through the API: users, service accounts, API keys, ingest tokens, sources, roles,
 * tenants, audit, dead letters.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { SESSION_KEY } from './session.tsx';
import type {
  ApiKeyInfo,
  AuditEntry,
  CreatedKey,
  DeadLetter,
  IngestToken,
  Source,
  UserView,
} from './types.ts';

const invalidate = (client: ReturnType<typeof useQueryClient>, key: string) => () =>
  void client.invalidateQueries({ queryKey: [key] });

export function useUsers(kind: 'user' | 'service') {
  return useQuery({
    queryKey: ['users', kind],
    queryFn: () => api<{ users: UserView[] }>('/api/v1/users', { query: { kind } }),
  });
}

export interface NewUser {
  username: string;
  displayName?: string;
  roles: string[];
  tenants?: string[];
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (u: NewUser & { service: boolean }) =>
      u.service
        ? api<UserView>('/api/v1/service-accounts', {
            method: 'POST',
            json: { ...u, service: undefined },
          }).then((user) => ({ user, oneTimePassword: null }))
        : api<{ user: UserView; oneTimePassword: string | null }>('/api/v1/users', {
            method: 'POST',
            json: { ...u, service: undefined },
          }),
    onSuccess: invalidate(client, 'users'),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; disabled?: boolean; roles?: string[] }) =>
      api<UserView>(`/api/v1/users/${v.id}`, {
        method: 'PATCH',
        json: { disabled: v.disabled, roles: v.roles },
      }),
    onSuccess: invalidate(client, 'users'),
  });
}

export function useResetPassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<{ oneTimePassword: string | null }>(`/api/v1/users/${id}/password`, { method: 'POST', json: {} }),
    onSuccess: invalidate(client, 'users'),
  });
}

export function useUnlockUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<UserView>(`/api/v1/users/${id}/unlock`, { method: 'POST' }),
    onSuccess: invalidate(client, 'users'),
  });
}

export function useApiKeys() {
  return useQuery({ queryKey: ['api-keys'], queryFn: () => api<{ keys: ApiKeyInfo[] }>('/api/v1/api-keys') });
}

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; scopes: string[]; expiresAt?: string }) =>
      api<CreatedKey>('/api/v1/api-keys', { method: 'POST', json: body }),
    onSuccess: invalidate(client, 'api-keys'),
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/api-keys/${id}`, { method: 'DELETE' }),
    onSuccess: invalidate(client, 'api-keys'),
  });
}

export function useIngestTokens() {
  return useQuery({ queryKey: ['tokens'], queryFn: () => api<{ tokens: IngestToken[] }>('/api/v1/tokens') });
}

export function useCreateIngestToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { source: string; name?: string; format: string }) =>
      api<{ id: string; token: string; prefix: string; source: string }>('/api/v1/tokens', {
        method: 'POST',
        json: body,
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['tokens'] });
      void client.invalidateQueries({ queryKey: ['sources'] });
    },
  });
}

export function useRevokeIngestToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/tokens/${id}`, { method: 'DELETE' }),
    onSuccess: invalidate(client, 'tokens'),
  });
}

export function useSources() {
  return useQuery({ queryKey: ['sources'], queryFn: () => api<{ sources: Source[] }>('/api/v1/sources') });
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

export function useAudit(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: ['audit', filter],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) =>
      api<{ items: AuditEntry[]; nextBefore: number | null }>('/api/v1/audit', {
        query: { ...filter, limit: 100, before: pageParam },
      }),
    getNextPageParam: (last) => last.nextBefore,
  });
}

export function useDeadLetters() {
  return useInfiniteQuery({
    queryKey: ['dead-letters'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<{ items: DeadLetter[]; nextCursor: string | null }>('/api/v1/dead-letters', {
        query: { limit: 100, cursor: pageParam },
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** The permission matrix (`GET /api/v1/roles`). */
export interface RoleMatrix {
  permissions: string[];
  roles: { id: string; description: string; permissions: string[] }[];
  caller: { roles: string[]; permissions: string[] };
}

export function useRoleMatrix() {
  return useQuery({
    queryKey: ['roles'],
    queryFn: () => api<RoleMatrix>('/api/v1/roles'),
    staleTime: 5 * 60_000,
  });
}

/** A tenant of the caller's and what it holds (`GET /api/v1/tenants`). */
export interface TenantInfo {
  id: string;
  name: string;
  createdAt: string;
  users: number;
  serviceAccounts: number;
  sources: number;
  openAlerts: number;
  openCases: number;
}

export function useTenants() {
  return useQuery({
    queryKey: ['tenants'],
    queryFn: () => api<{ tenants: TenantInfo[] }>('/api/v1/tenants'),
  });
}

export function useCreateTenant() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { id: string; name?: string }) =>
      api<{ tenant: TenantInfo; grantedTo: { id: string; username: string } | null }>('/api/v1/tenants', {
        method: 'POST',
        json: body,
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['tenants'] });
      // The new tenant is granted to the caller: the session's tenants (and the tenant picker) change.
      void client.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
}
