/**
 * The permission matrix, read-only: every role with what it is for and the permissions it holds,
 * and what the caller holds. Open to any signed-in caller: it is the same for every tenant and no
 * secret to someone who already uses the console (docs/permissions.md shows the same table).
 */
import { z } from 'zod';
import { PERMISSIONS, ROLE_DESCRIPTIONS, ROLE_PERMISSIONS, ROLES } from '../../access/index.ts';
import { defineRoute } from '../route.ts';

const rolesAnswer = z.object({
  permissions: z.array(z.string()),
  roles: z.array(z.object({ id: z.string(), description: z.string(), permissions: z.array(z.string()) })),
  /** The caller's roles and the permissions it holds now (a key's are narrowed to its scopes). */
  caller: z.object({ roles: z.array(z.string()), permissions: z.array(z.string()) }),
});

export function rolesRoutes() {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/roles',
      summary: "The permission matrix: each role's description and permissions, and the caller's",
      tags: ['admin'],
      access: { kind: 'authenticated' },
      responses: { 200: rolesAnswer },
      handler: ({ principal }) => ({
        permissions: [...PERMISSIONS],
        roles: ROLES.map((id) => ({
          id,
          description: ROLE_DESCRIPTIONS[id],
          permissions: [...ROLE_PERMISSIONS[id]],
        })),
        caller: {
          roles: [...(principal?.roles ?? [])],
          permissions: principal?.mustChangePassword ? [] : [...(principal?.permissions ?? [])],
        },
      }),
    }),
  ];
}
