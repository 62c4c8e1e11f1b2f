/**
 * Single sign-on over HTTP: which sign-in methods the console offers, the start of an OpenID
 * Connect sign-in (a redirect to the provider, the state bound to this browser by a short-lived
 * cookie), and the provider's callback, which opens a console session exactly as the password
 * sign-in does and sends the browser back to a path of this server.
 */
import { z } from 'zod';
import { CALLBACK_PATH, LOGIN_PATH, type OidcLogin, PENDING_TTL_MS } from '../../access/index.ts';
import { NotFoundError } from '../../core/errors.ts';
import { clientOf, sessionIdFrom, setSessionCookie } from '../auth.ts';
import { defineRoute } from '../route.ts';
import type { AuthDeps } from './settings.ts';

/** The sign-in cookie is sent only to the two single sign-on routes. */
const COOKIE_PATH = '/api/v1/auth/oidc';

export const authMethods = z.object({
  /** Whether user name + password sign-in (`POST /api/v1/auth/login`) is accepted. */
  password: z.boolean(),
  /** Single sign-on, when configured: the button's label and where it leads. */
  sso: z.object({ label: z.string(), loginUrl: z.string() }).nullable(),
});

export function oidcRoutes(deps: AuthDeps) {
  const { oidc } = deps;
  // SameSite=Lax, not Strict: the callback is a top-level navigation coming from the provider's site.
  const cookieName = deps.cookie.secure ? '__Secure-vigil_oidc' : 'vigil_oidc';
  const cookieOptions = {
    httpOnly: true,
    secure: deps.cookie.secure,
    sameSite: 'lax',
    path: COOKIE_PATH,
  } as const;
  const enabled = (): OidcLogin => {
    if (!oidc) throw new NotFoundError('single sign-on is not configured on this server (auth.oidc)');
    return oidc;
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/auth/methods',
      summary: 'How one may sign in here: password, single sign-on (for the console sign-in page)',
      tags: ['auth'],
      access: { kind: 'public' },
      responses: { 200: authMethods },
      handler: () => ({
        password: oidc ? oidc.settings.allowLocalLogin : true,
        sso: oidc ? { label: oidc.settings.label, loginUrl: LOGIN_PATH } : null,
      }),
    }),
    defineRoute({
      method: 'GET',
      url: LOGIN_PATH,
      summary: 'Start single sign-on: redirects to the OpenID provider (code flow with PKCE)',
      tags: ['auth'],
      access: { kind: 'public' },
      query: z.object({
        returnTo: z.string().max(2048).optional().describe('a path of this server to land on afterwards'),
      }),
      responses: { 302: 'to the OpenID provider', 404: 'problem', 429: 'problem', 503: 'problem' },
      handler: async ({ query, request, reply }) => {
        const login = enabled();
        const redirectUri =
          login.settings.redirectUri ?? `${request.protocol}://${request.host}${CALLBACK_PATH}`;
        const { url, state } = await login.begin(redirectUri, query.returnTo, clientOf(request));
        reply.setCookie(cookieName, state, { ...cookieOptions, maxAge: PENDING_TTL_MS / 1000 });
        reply.header('cache-control', 'no-store');
        return reply.redirect(url.href, 302);
      },
    }),
    defineRoute({
      method: 'GET',
      url: CALLBACK_PATH,
      summary: 'The OpenID provider sends the browser back here; sets the session cookie and redirects',
      tags: ['auth'],
      access: { kind: 'public' },
      responses: { 302: 'signed in: to the page asked for', 401: 'problem', 403: 'problem', 503: 'problem' },
      handler: async ({ request, reply }) => {
        const login = enabled();
        // A sign-in cookie serves one callback, whatever its outcome.
        reply.clearCookie(cookieName, cookieOptions);
        reply.header('cache-control', 'no-store');
        const r = await login.complete({
          query: new URL(request.url, 'http://vigil.invalid').searchParams,
          browserState: request.cookies[cookieName],
          client: clientOf(request),
          previousSessionId: sessionIdFrom(request.cookies, deps.cookie.name),
        });
        setSessionCookie(reply, deps.cookie, r.session.id);
        return reply.redirect(r.returnTo, 302);
      },
    }),
  ];
}
