/**
 * Who a case is assigned to, by name: the signed-in user is "me"; other users by name when the
 * caller may list users (administrators), else by id.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../api/client.ts';
import { useSession } from '../../api/session.tsx';
import type { UserView } from '../../api/types.ts';

export interface Assignees {
  /** The signed-in user's id. */
  me: string | null;
  /** Users the caller may pick from (empty unless the caller may list users). */
  options: { value: string; label: string }[];
  nameOf(id: string | null): string;
}

export function useAssignees(): Assignees {
  const { session, can } = useSession();
  const users = useUsersIfAllowed(can('users:admin'));
  const me = session?.kind === 'user' ? session.id : null;
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const u of users) names.set(u.id, u.displayName || u.username);
    return {
      me,
      options: users
        .filter((u) => !u.disabled)
        .map((u) => ({
          value: u.id,
          label: u.id === me ? `${u.displayName || u.username} (me)` : u.displayName || u.username,
        })),
      nameOf: (id) => {
        if (id === null) return 'Unassigned';
        if (id === me) return 'me';
        return names.get(id) ?? id;
      },
    };
  }, [users, me]);
}

const NO_USERS: UserView[] = [];

/** The users list (the admin pages' query), asked only of callers who may list users. */
function useUsersIfAllowed(allowed: boolean): UserView[] {
  const q = useQuery({
    queryKey: ['users', 'user'],
    queryFn: () => api<{ users: UserView[] }>('/api/v1/users', { query: { kind: 'user' } }),
    enabled: allowed,
  });
  return allowed ? (q.data?.users ?? NO_USERS) : NO_USERS;
}
