/** The SLA policies of a case's tenant: the tenant's own, or the defaults when the caller may not read them. */
import { useCallback } from 'react';
import { useSlaPolicies } from '../../api/cases.ts';
import { useSession } from '../../api/session.tsx';
import { DEFAULT_SLA_POLICIES, type Policies } from './clocks.ts';

export function usePoliciesOf(): (tenant: string) => Policies {
  const { can } = useSession();
  const policies = useSlaPolicies(can('alerts:read'));
  const data = policies.data;
  return useCallback((tenant: string) => data?.get(tenant) ?? DEFAULT_SLA_POLICIES, [data]);
}
