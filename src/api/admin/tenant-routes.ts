/**
 * Tenants: the caller's own, with what each holds (any signed-in caller), and a new one
 * (administrators: `settings:admin`), granted to the caller's account so it can be administered.
 */
import { z } from 'zod';
import { createTenantAudited } from '../../access/tenant-admin.ts';
import { listTenants, type StateDb } from '../../store/state/index.ts';
import { auditBy } from '../audit/context.ts';
import { defineRoute } from '../route.ts';

const tenantInfo = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  users: z.number(),
  serviceAccounts: z.number(),
  sources: z.number(),
  openAlerts: z.number(),
  openCases: z.number(),
});

export function tenantRoutes(db: StateDb) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/tenants',
      summary: "The caller's tenants, each with its accounts, sources, open alerts and open cases",
      tags: ['admin'],
      access: { kind: 'authenticated' },
      responses: { 200: z.object({ tenants: z.array(tenantInfo) }) },
      handler: async ({ tenants }) => ({ tenants: await listTenants(db, tenants) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/tenants',
      summary: "Create a tenant (granted to the caller's account)",
      tags: ['admin'],
      access: { kind: 'api', permission: 'settings:admin' },
      body: z.object({
        id: z
          .string()
          .min(1)
          .max(128)
          .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'),
        name: z.string().max(128).optional(),
      }),
      responses: {
        201: z.object({
          tenant: tenantInfo,
          grantedTo: z.object({ id: z.string(), username: z.string() }).nullable(),
        }),
        409: 'problem',
      },
      handler: async ({ body, principal, request, reply }) => {
        const created = await createTenantAudited(
          db,
          { id: body.id, name: body.name },
          principal?.userId ?? null,
          auditBy(principal, request),
        );
        reply.code(201);
        return created;
      },
    }),
  ];
}
