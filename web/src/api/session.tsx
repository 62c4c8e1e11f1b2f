/**
 * Who is signed in: the session from `GET /api/v1/auth/session` (null when signed out), sign-in,
 * sign-out and the forced password change. Keeps the API client's CSRF token in step, and turns
 * any 401 into "signed out" so the app shows the sign-in page.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo } from 'react';
import { api, onUnauthorized, setCsrfToken } from './client.ts';
import { ApiError } from './problem.ts';
import type { Session } from './types.ts';

export const SESSION_KEY = ['session'] as const;

async function fetchSession(): Promise<Session | null> {
  try {
    return await api<Session>('/api/v1/auth/session');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export interface SessionContextValue {
  session: Session | null;
  loading: boolean;
  can(permission: string): boolean;
}

const SessionContext = createContext<SessionContextValue>({
  session: null,
  loading: true,
  can: () => false,
});

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, retry: false, staleTime: 60_000 });
  const session = query.data ?? null;
  useEffect(() => setCsrfToken(session?.csrfToken ?? null), [session]);
  useEffect(() => {
    onUnauthorized(() => {
      if (client.getQueryData(SESSION_KEY)) client.setQueryData(SESSION_KEY, null);
    });
    return () => onUnauthorized(null);
  }, [client]);
  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      loading: query.isPending,
      can: (p) => session?.permissions.includes(p) ?? false,
    }),
    [session, query.isPending],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  return useContext(SessionContext);
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) =>
      api<Session>('/api/v1/auth/login', { method: 'POST', json: body }),
    onSuccess: (s) => {
      setCsrfToken(s.csrfToken);
      client.setQueryData(SESSION_KEY, s);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/v1/auth/logout', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(SESSION_KEY, null);
    },
  });
}

export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api<void>('/api/v1/auth/password', { method: 'POST', json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: SESSION_KEY }),
  });
}
