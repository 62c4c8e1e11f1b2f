/**
 * The gate of every page but sign-in: a visitor without a session goes to /login (and comes back
 * afterwards); a user who must change the password first sees only that form.
 */
import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useSession } from '../api/session.tsx';
import { ChangePasswordPage } from '../pages/login/ChangePasswordPage.tsx';

export function RequireSession({ children }: { children: ReactNode }) {
  const { session, loading } = useSession();
  const location = useLocation();
  if (loading)
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  if (!session) {
    const back = location.pathname + location.search;
    return (
      <Navigate to={`/login${back && back !== '/' ? `?next=${encodeURIComponent(back)}` : ''}`} replace />
    );
  }
  if (session.mustChangePassword) return <ChangePasswordPage forced />;
  return <>{children}</>;
}
