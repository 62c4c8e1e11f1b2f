/** Console sign-in: login, logout, the current session (with its CSRF token), and changing one's password. */
import { z } from 'zod';
import {
  changeOwnPassword,
  csrfTokenFor,
  hashSessionId,
  login,
  logout,
  type Principal,
} from '../../access/index.ts';
import { BadRequestError, ForbiddenError } from '../../core/errors.ts';
import { getSessionByHash, getUserById } from '../../store/state/index.ts';
import {
  authenticatedOf,
  checkOrigin,
  clearSessionCookie,
  clientOf,
  sessionIdFrom,
  setSessionCookie,
} from '../auth.ts';
import { defineRoute } from '../route.ts';
import type { AuthDeps } from './settings.ts';

export const sessionView = z.object({
  kind: z.enum(['user', 'service', 'api_key', 'ingest']),
  id: z.string(),
  name: z.string(),
  displayName: z.string().nullable(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  tenants: z.array(z.string()),
  mustChangePassword: z.boolean(),
  /** Send as `X-CSRF-Token` on every POST/PUT/PATCH/DELETE made with the session cookie. */
  csrfToken: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
type SessionView = z.infer<typeof sessionView>;

function view(
  p: Principal,
  displayName: string | null,
  csrfToken: string | null,
  expiresAt: string | null,
): SessionView {
  return {
    kind: p.kind,
    id: p.id,
    name: p.name,
    displayName,
    roles: p.roles,
    permissions: p.mustChangePassword ? [] : p.permissions,
    tenants: p.tenants,
    mustChangePassword: p.mustChangePassword,
    csrfToken,
    expiresAt,
  };
}

const passwordField = z.string().min(1).max(1024);

export function sessionRoutes(deps: AuthDeps) {
  const { db } = deps;
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/auth/login',
      summary: 'Sign in with a user name and password; sets the session cookie (rate-limited)',
      tags: ['auth'],
      access: { kind: 'public' },
      body: z.object({ username: z.string().min(1).max(128), password: passwordField }),
      responses: { 200: sessionView, 401: 'problem', 429: 'problem' },
      handler: async ({ body, request, reply }) => {
        // Login CSRF: a page on another site must not sign the browser in to an attacker's account.
        checkOrigin(request, deps.trustedOrigins);
        if (deps.oidc && !deps.oidc.settings.allowLocalLogin)
          throw new ForbiddenError(
            'password sign-in is turned off here (auth.oidc.allowLocalLogin: false); use single sign-on',
          );
        const r = await login(db, deps.limiter, deps.login, {
          username: body.username,
          password: body.password,
          client: clientOf(request),
          previousSessionId: sessionIdFrom(request.cookies, deps.cookie.name),
        });
        setSessionCookie(reply, deps.cookie, r.session.id);
        return view(r.principal, r.user.displayName, r.session.csrfToken, r.session.expiresAt);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/auth/logout',
      summary: 'End the console session and clear its cookie',
      tags: ['auth'],
      access: { kind: 'authenticated' },
      responses: { 204: 'signed out' },
      handler: async ({ principal, request, reply }) => {
        const auth = authenticatedOf(request);
        if (!auth?.sessionId)
          throw new BadRequestError(
            'an API key has no session to end; revoke it with DELETE /api/v1/api-keys/{id}',
          );
        await logout(db, principal!, auth.sessionId, clientOf(request));
        clearSessionCookie(reply, deps.cookie);
        return reply.code(204).send();
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/auth/session',
      summary: 'Who is signed in: roles, permissions, tenants, and the CSRF token of the session',
      tags: ['auth'],
      access: { kind: 'authenticated' },
      responses: { 200: sessionView },
      handler: async ({ principal, request }) => {
        const p = principal!;
        const auth = authenticatedOf(request);
        const user = p.userId ? await getUserById(db, p.userId) : undefined;
        const displayName = p.kind === 'user' || p.kind === 'service' ? (user?.displayName ?? null) : null;
        if (!auth?.sessionId) return view(p, displayName, null, null);
        const session = await getSessionByHash(db, hashSessionId(auth.sessionId));
        return view(p, displayName, csrfTokenFor(auth.sessionId), session?.expires_at ?? null);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/auth/password',
      summary: 'Change your own password (the current one is required); ends your other sessions',
      tags: ['auth'],
      access: { kind: 'authenticated' },
      body: z.object({ currentPassword: passwordField, newPassword: passwordField }),
      responses: { 204: 'changed', 400: 'problem', 403: 'problem' },
      handler: async ({ principal, body, request, reply }) => {
        const auth = authenticatedOf(request);
        if (!auth?.sessionId || principal?.kind !== 'user')
          throw new ForbiddenError('passwords are changed from a console session, not with an API key');
        await changeOwnPassword(db, principal, auth.sessionId, body, deps.login, clientOf(request));
        return reply.code(204).send();
      },
    }),
  ];
}
