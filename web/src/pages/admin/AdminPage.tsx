/**
 * Administration: the tabs the user may use (users, API keys, ingest tokens, sources, roles,
 * tenants, audit log, dead letters).
 */
import { Tabs, Title } from '@mantine/core';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../../api/session.tsx';
import { ApiKeysTab } from './ApiKeysTab.tsx';
import { AuditTab } from './AuditTab.tsx';
import { DeadLettersTab } from './DeadLettersTab.tsx';
import { RolesTab } from './RolesTab.tsx';
import { SourcesTab } from './SourcesTab.tsx';
import { TenantsTab } from './TenantsTab.tsx';
import { TokensTab } from './TokensTab.tsx';
import { UsersTab } from './UsersTab.tsx';

const TABS = [
  { path: 'users', label: 'Users', permission: 'users:admin', element: <UsersTab /> },
  { path: 'api-keys', label: 'API keys', permission: null, element: <ApiKeysTab /> },
  { path: 'tokens', label: 'Ingest tokens', permission: 'tokens:admin', element: <TokensTab /> },
  { path: 'sources', label: 'Sources', permission: 'sources:read', element: <SourcesTab /> },
  { path: 'roles', label: 'Roles', permission: null, element: <RolesTab /> },
  { path: 'tenants', label: 'Tenants', permission: null, element: <TenantsTab /> },
  { path: 'audit', label: 'Audit log', permission: 'audit:read', element: <AuditTab /> },
  { path: 'dead-letters', label: 'Dead letters', permission: 'events:read', element: <DeadLettersTab /> },
] as const;

export function AdminPage() {
  const { can } = useSession();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const tabs = TABS.filter((t) => t.permission === null || can(t.permission));
  const current = tabs.find((t) => pathname === `/admin/${t.path}`)?.path ?? tabs[0]?.path ?? 'api-keys';
  return (
    <>
      <Title order={2} mb="sm">
        Admin
      </Title>
      <Tabs value={current} onChange={(v) => v && navigate(`/admin/${v}`)} mb="md">
        <Tabs.List>
          {tabs.map((t) => (
            <Tabs.Tab key={t.path} value={t.path}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Routes>
        <Route index element={<Navigate to={current} replace />} />
        {tabs.map((t) => (
          <Route key={t.path} path={t.path} element={t.element} />
        ))}
        <Route path="*" element={<Navigate to={`/admin/${current}`} replace />} />
      </Routes>
    </>
  );
}
