/** Sources and their ingest tokens. A new token is shown once, in the creation response. */
import { z } from 'zod';
import { createIngestTokenAudited, revokeIngestTokenAudited } from '../../access/index.ts';
import { FORMATS } from '../../core/event.ts';
import { listCredentials, listSources, type StateDb } from '../../store/state/index.ts';
import { auditBy } from '../audit/context.ts';
import { defineRoute } from '../route.ts';

const tokenInfo = z.object({
  id: z.string(),
  source: z.string().nullable(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export function adminRoutes(db: StateDb) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/tokens',
      summary: 'Create an ingest token for a source (the token is shown only in this response)',
      tags: ['admin'],
      access: { kind: 'api', permission: 'tokens:admin' },
      body: z.object({
        source: z
          .string()
          .min(1)
          .max(128)
          .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'),
        name: z.string().min(1).max(128).optional(),
        format: z.enum(FORMATS).default('auto'),
        expiresAt: z.string().datetime().optional(),
      }),
      responses: {
        201: z.object({ id: z.string(), token: z.string(), prefix: z.string(), source: z.string() }),
      },
      handler: async ({ body, tenant, principal, request, reply }) => {
        const created = await createIngestTokenAudited(
          db,
          {
            tenant: tenant(),
            source: body.source,
            format: body.format,
            ...(body.name ? { name: body.name } : {}),
            expiresAt: body.expiresAt ?? null,
          },
          auditBy(principal, request),
        );
        reply.code(201);
        return { ...created, source: body.source };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/tokens',
      summary: 'List ingest tokens (never the secrets)',
      tags: ['admin'],
      access: { kind: 'api', permission: 'tokens:admin' },
      responses: { 200: z.object({ tokens: z.array(tokenInfo) }) },
      handler: async ({ tenants }) => ({
        tokens: (await listCredentials(db, tenants, 'ingest')).map((c) => ({
          id: c.id,
          source: c.source,
          name: c.name,
          prefix: c.prefix,
          createdAt: c.created_at,
          expiresAt: c.expires_at,
          revokedAt: c.revoked_at,
        })),
      }),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/tokens/:id',
      summary: 'Revoke an ingest token',
      tags: ['admin'],
      access: { kind: 'api', permission: 'tokens:admin' },
      params: z.object({ id: z.string().uuid() }),
      responses: { 204: 'revoked', 404: 'problem' },
      handler: async ({ params, tenants, principal, request, reply }) => {
        await revokeIngestTokenAudited(db, tenants, params.id, auditBy(principal, request));
        return reply.code(204).send();
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/sources',
      summary: 'List event sources',
      tags: ['admin'],
      access: { kind: 'api', permission: 'sources:read' },
      responses: {
        200: z.object({
          sources: z.array(z.object({ name: z.string(), format: z.string(), createdAt: z.string() })),
        }),
      },
      handler: async ({ tenants }) => ({
        sources: (await listSources(db, tenants)).map((s) => ({
          name: s.name,
          format: s.format,
          createdAt: s.created_at,
        })),
      }),
    }),
  ];
}
