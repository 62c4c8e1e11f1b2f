/**
 * Managing users and service accounts (`users:admin`): list, create, change roles, tenants and
 * disabled, reset a password, unlock; a service account's API keys. Managers act only within their
 * tenants (see `src/access/users.ts`).
 */
import { z } from 'zod';
import {
  createOwnedApiKey,
  createServiceAccount,
  createUser,
  listAccounts,
  listOwnedApiKeys,
  manageable,
  managerOf,
  resetPassword,
  revokeOwnedApiKey,
  unlockUser,
  updateAccount,
} from '../../access/index.ts';
import { BadRequestError } from '../../core/errors.ts';
import { clientOf } from '../auth.ts';
import { defineRoute } from '../route.ts';
import { apiKeyInfo, createdKey, newKeyBody } from './key-schemas.ts';
import type { AuthDeps } from './settings.ts';

export const userView = z.object({
  id: z.string(),
  kind: z.enum(['user', 'service']),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  tenants: z.array(z.string()),
  disabled: z.boolean(),
  locked: z.boolean(),
  lockedUntil: z.string().nullable(),
  mustChangePassword: z.boolean(),
  passwordChangedAt: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});

const ADMIN = { kind: 'api', permission: 'users:admin' } as const;
const idParams = z.object({ id: z.string().uuid() });
const account = {
  username: z.string().min(1).max(64).describe('letters, digits and . _ @ -'),
  displayName: z.string().max(128).optional(),
  roles: z.array(z.string()).min(1).max(6),
  tenants: z.array(z.string()).min(1).max(100).optional().describe("default: the caller's home tenant"),
};

export function userRoutes(deps: AuthDeps) {
  const { db } = deps;
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/users',
      summary: 'List users (and service accounts with kind=service) of your tenants',
      tags: ['users'],
      access: ADMIN,
      query: z.object({ kind: z.enum(['user', 'service']).default('user') }),
      responses: { 200: z.object({ users: z.array(userView) }) },
      handler: async ({ query, tenants }) => ({ users: await listAccounts(db, tenants, query.kind) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/users',
      summary: 'Create a user; without a password a one-time password is returned (shown only here)',
      tags: ['users'],
      access: ADMIN,
      body: z.object({
        ...account,
        password: z.string().min(1).max(1024).optional(),
        mustChangePassword: z.boolean().default(true),
      }),
      responses: {
        201: z.object({ user: userView, oneTimePassword: z.string().nullable() }),
        409: 'problem',
      },
      handler: async ({ body, principal, tenant, request, reply }) => {
        const p = principal!;
        const created = await createUser(
          db,
          managerOf(p, clientOf(request)),
          { ...body, tenants: body.tenants ?? [tenant()] },
          deps.login,
        );
        reply.code(201);
        return created;
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/users/:id',
      summary: 'Change roles, tenants, display name or disabled (disabling ends the sessions)',
      tags: ['users'],
      access: ADMIN,
      params: idParams,
      body: z.object({
        displayName: z.string().max(128).optional(),
        roles: account.roles.optional(),
        tenants: z.array(z.string()).min(1).max(100).optional(),
        disabled: z.boolean().optional(),
      }),
      responses: { 200: userView, 403: 'problem', 404: 'problem' },
      handler: async ({ params, body, principal, request }) =>
        updateAccount(db, managerOf(principal!, clientOf(request)), params.id, body),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/users/:id/password',
      summary: 'Reset a password (one-time if none given); unlocks, ends sessions, forces a change',
      tags: ['users'],
      access: ADMIN,
      params: idParams,
      body: z.object({ password: z.string().min(1).max(1024).optional() }),
      responses: { 200: z.object({ oneTimePassword: z.string().nullable() }) },
      handler: async ({ params, body, principal, request }) =>
        resetPassword(db, managerOf(principal!, clientOf(request)), params.id, body.password, deps.login),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/users/:id/unlock',
      summary: 'Lift a lockout after failed logins',
      tags: ['users'],
      access: ADMIN,
      params: idParams,
      responses: { 200: userView },
      handler: async ({ params, principal, request }) =>
        unlockUser(db, managerOf(principal!, clientOf(request)), params.id),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/service-accounts',
      summary: 'Create a service account (no password; give it API keys)',
      tags: ['users'],
      access: ADMIN,
      body: z.object(account),
      responses: { 201: userView, 409: 'problem' },
      handler: async ({ body, principal, tenant, request, reply }) => {
        const p = principal!;
        const created = await createServiceAccount(db, managerOf(p, clientOf(request)), {
          ...body,
          tenants: body.tenants ?? [tenant()],
        });
        reply.code(201);
        return created;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/users/:id/api-keys',
      summary: "List a user's or service account's API keys (never the secrets)",
      tags: ['users'],
      access: ADMIN,
      params: idParams,
      responses: { 200: z.object({ keys: z.array(apiKeyInfo) }) },
      handler: async ({ params, principal, request }) => {
        const owner = await manageable(db, managerOf(principal!, clientOf(request)), params.id);
        return { keys: await listOwnedApiKeys(db, owner.id) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/service-accounts/:id/api-keys',
      summary: 'Create an API key for a service account (the key is shown only in this response)',
      tags: ['users'],
      access: ADMIN,
      params: idParams,
      body: newKeyBody,
      responses: { 201: createdKey },
      handler: async ({ params, body, principal, request, reply }) => {
        const manager = managerOf(principal!, clientOf(request));
        const owner = await manageable(db, manager, params.id);
        if (owner.kind !== 'service')
          throw new BadRequestError(
            'people make their own keys (POST /api/v1/api-keys); this is for service accounts',
          );
        const created = await createOwnedApiKey(db, owner.id, body, deps.apiKeys, manager);
        reply.code(201);
        return created;
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/users/:id/api-keys/:keyId',
      summary: "Revoke a user's or service account's API key",
      tags: ['users'],
      access: ADMIN,
      params: z.object({ id: z.string().uuid(), keyId: z.string().uuid() }),
      responses: { 204: 'revoked', 404: 'problem' },
      handler: async ({ params, principal, request, reply }) => {
        const manager = managerOf(principal!, clientOf(request));
        const owner = await manageable(db, manager, params.id);
        await revokeOwnedApiKey(db, owner.id, params.keyId, manager);
        return reply.code(204).send();
      },
    }),
  ];
}
