/** Providers (theme, data, session, tenant, router, keyboard), the live updates and the route table. */
import { Center, Loader, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { LiveUpdates } from '../api/live.ts';
import { ApiError } from '../api/problem.ts';
import { SessionProvider } from '../api/session.tsx';
import { TenantProvider } from '../api/tenant.tsx';
import { KeyboardProvider } from '../keyboard/KeyboardProvider.tsx';
import { AccountPage } from '../pages/account/AccountPage.tsx';
import { LoginPage } from '../pages/login/LoginPage.tsx';
import { RequireSession } from './RequireSession.tsx';
import { Shell } from './Shell.tsx';
import { colorSchemeManager, cssVariablesResolver, theme } from './theme.ts';

// Pages load on first visit: the sign-in page does not wait for charts and tables.
const OverviewPage = lazy(() =>
  import('../pages/overview/OverviewPage.tsx').then((m) => ({ default: m.OverviewPage })),
);
const SearchPage = lazy(() =>
  import('../pages/search/SearchPage.tsx').then((m) => ({ default: m.SearchPage })),
);
const DetectionsPage = lazy(() =>
  import('../pages/detections/DetectionsPage.tsx').then((m) => ({ default: m.DetectionsPage })),
);
const AdminPage = lazy(() => import('../pages/admin/AdminPage.tsx').then((m) => ({ default: m.AdminPage })));
const AlertsPage = lazy(() => import('../pages/alerts/AlertsPage.tsx'));
const AlertDetailPage = lazy(() => import('../pages/alerts/AlertDetailPage.tsx'));
const EntityPage = lazy(() => import('../pages/entities/EntityPage.tsx'));
const CasesPage = lazy(() => import('../pages/cases/CasesPage.tsx'));
const CaseDetailPage = lazy(() => import('../pages/cases/CaseDetailPage.tsx'));

const loading = (
  <Center h={200}>
    <Loader aria-label="Loading the page" />
  </Center>
);

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
                        <LiveUpdates />
                        <Suspense fallback={loading}>
                          <Shell />
                        </Suspense>
                      </RequireSession>
                    }
                  >
                    <Route index element={<Navigate to="/overview" replace />} />
                    <Route path="/overview" element={<OverviewPage />} />
                    <Route path="/alerts" element={<AlertsPage />} />
                    <Route path="/alerts/:id" element={<AlertDetailPage />} />
                    <Route path="/entities/:type/:value" element={<EntityPage />} />
                    <Route path="/cases" element={<CasesPage />} />
                    <Route path="/cases/:id" element={<CaseDetailPage />} />
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
