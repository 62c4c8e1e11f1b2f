/**
 * The tenant the console works in, for users granted several: all of them (null) or one, kept in
 * localStorage and sent as `X-Vigil-Tenant`. Changing it drops every cached answer.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { setTenant } from './client.ts';
import { SESSION_KEY, useSession } from './session.tsx';

const STORAGE_KEY = 'vigil.tenant';

interface TenantContextValue {
  tenant: string | null;
  tenants: string[];
  choose(tenant: string | null): void;
}

const TenantContext = createContext<TenantContextValue>({ tenant: null, tenants: [], choose: () => {} });

function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function TenantProvider({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const client = useQueryClient();
  const tenants = session?.tenants ?? [];
  const [chosen, setChosen] = useState<string | null>(stored);
  // A stored tenant the user no longer holds is dropped.
  const tenant = chosen !== null && tenants.includes(chosen) ? chosen : null;
  setTenant(tenant);
  useEffect(() => setTenant(tenant), [tenant]);
  const choose = useCallback(
    (t: string | null) => {
      try {
        if (t === null) localStorage.removeItem(STORAGE_KEY);
        else localStorage.setItem(STORAGE_KEY, t);
      } catch {
        // private mode: the choice lasts for this page only
      }
      setTenant(t);
      setChosen(t);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    },
    [client],
  );
  const value = useMemo(() => ({ tenant, tenants, choose }), [tenant, tenants, choose]);
  return <TenantContext.Provider value={value}>{children}</TenantContext.Provider>;
}

export function useTenant(): TenantContextValue {
  return useContext(TenantContext);
}
