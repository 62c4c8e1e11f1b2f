/** Providers (theme, data, session, tenant, router, keyboard) and the route table. */
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ApiError } from '../api/problem.ts';
import { SessionProvider } from '../api/session.tsx';
import { TenantProvider } from '../api/tenant.tsx';
import { KeyboardProvider } from '../keyboard/KeyboardProvider.tsx';
import { AccountPage } from '../pages/account/AccountPage.tsx';
import { AdminPage } from '../pages/admin/AdminPage.tsx';
import { DetectionsPage } from '../pages/detections/DetectionsPage.tsx';
import { LoginPage } from '../pages/login/LoginPage.tsx';
import { OverviewPage } from '../pages/overview/OverviewPage.tsx';
import { ComingSoon } from '../pages/placeholder/ComingSoon.tsx';
import { SearchPage } from '../pages/search/SearchPage.tsx';
import { RequireSession } from './RequireSession.tsx';
import { Shell } from './Shell.tsx';
import { colorSchemeManager, cssVariablesResolver, theme } from './theme.ts';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // A refused or invalid request will not succeed by asking again.
      retry: (count, e) => !(e instanceof ApiError && e.status < 500) && count < 2,
    },
  },
});

export function App() {
  return (
    <MantineProvider
      theme={theme}
      defaultColorScheme="dark"
      colorSchemeManager={colorSchemeManager}
      cssVariablesResolver={cssVariablesResolver}
    >
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <TenantProvider>
            <BrowserRouter>
              <KeyboardProvider>
                <Routes>
                  <Route path="/login" element={<LoginPage />} />
                  <Route
                    element={
                      <RequireSession>
                        <Shell />
                      </RequireSession>
                    }
                  >
                    <Route index element={<Navigate to="/overview" replace />} />
                    <Route path="/overview" element={<OverviewPage />} />
                    <Route path="/alerts/*" element={<ComingSoon what="alerts" />} />
                    <Route path="/cases/*" element={<ComingSoon what="cases" />} />
                    <Route path="/search" element={<SearchPage />} />
                    <Route path="/detections/*" element={<DetectionsPage />} />
                    <Route path="/admin/*" element={<AdminPage />} />
                    <Route path="/account" element={<AccountPage />} />
                    <Route path="*" element={<Navigate to="/overview" replace />} />
                  </Route>
                </Routes>
              </KeyboardProvider>
            </BrowserRouter>
          </TenantProvider>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
