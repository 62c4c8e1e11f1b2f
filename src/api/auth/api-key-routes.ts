/**
 * Personal API keys: a signed-in user makes keys for scripts and tools, with scopes at most their
 * own permissions and an optional expiry, lists them, and revokes them.
 */
import { z } from 'zod';
import {
  actorOf,
  createOwnedApiKey,
  listOwnedApiKeys,
  type Principal,
  revokeOwnedApiKey,
} from '../../access/index.ts';
import { ForbiddenError } from '../../core/errors.ts';
import { authenticatedOf, clientOf } from '../auth.ts';
import { defineRoute } from '../route.ts';
import { apiKeyInfo, createdKey, newKeyBody } from './key-schemas.ts';
import type { AuthDeps } from './settings.ts';

/** The user whose keys these are; ingest tokens and legacy keys have none. */
function ownerOf(p: Principal): string {
  if (!p.userId || p.kind === 'service')
    throw new ForbiddenError(
      'personal API keys belong to people; service account keys are managed by an admin',
    );
  return p.userId;
}

export function apiKeyRoutes(deps: AuthDeps) {
  const { db } = deps;
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/api-keys',
      summary: 'Create a personal API key (the key is shown only in this response)',
      tags: ['auth'],
      access: { kind: 'authenticated' },
      body: newKeyBody,
      responses: { 201: createdKey, 403: 'problem' },
      handler: async ({ body, principal, request, reply }) => {
        const p = principal!;
        // A key made by a key could outlive it; a key made before the password change would skip it.
        if (!authenticatedOf(request)?.sessionId)
          throw new ForbiddenError('API keys are created from a console session');
        if (p.mustChangePassword)
          throw new ForbiddenError('change your password first (POST /api/v1/auth/password)');
        const created = await createOwnedApiKey(db, ownerOf(p), body, deps.apiKeys, {
          actor: actorOf(p),
          client: clientOf(request),
        });
        reply.code(201);
        return created;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/api-keys',
      summary: 'List your API keys (never the secrets)',
      tags: ['auth'],
      access: { kind: 'authenticated' },
      responses: { 200: z.object({ keys: z.array(apiKeyInfo) }) },
      handler: async ({ principal }) => ({ keys: await listOwnedApiKeys(db, ownerOf(principal!)) }),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/api-keys/:id',
      summary: 'Revoke one of your API keys',
      tags: ['auth'],
      access: { kind: 'authenticated' },
      params: z.object({ id: z.string().uuid() }),
      responses: { 204: 'revoked', 404: 'problem' },
      handler: async ({ params, principal, request, reply }) => {
        const p = principal!;
        await revokeOwnedApiKey(db, ownerOf(p), params.id, { actor: actorOf(p), client: clientOf(request) });
        return reply.code(204).send();
      },
    }),
  ];
}
