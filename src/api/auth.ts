/**
 * Credentials on the wire: tokens from `Authorization` (every form our clients send), the session
 * cookie, and the CSRF and Origin checks for cookie-authenticated requests. Whether a credential
 * is valid and what it may do is decided in `src/access` (one place).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type Access,
  type Authenticated,
  authorize as authorizeAccess,
  type ClientInfo,
  csrfTokenMatches,
  type Principal,
} from '../access/index.ts';
import { ForbiddenError, UnauthorizedError } from '../core/errors.ts';

/**
 * The secret presented by a client, from `Authorization: Bearer|Splunk|ApiKey <token>`,
 * `Basic base64(user:token)` (Beats, Logstash, curl -u), or `?token=` for HEC-style clients.
 * Throws UnauthorizedError for a header that is present but malformed.
 */
export function presentedToken(headers: IncomingHttpHeaders, queryToken?: string): string | undefined {
  const auth = headers.authorization;
  if (!auth) return queryToken || undefined;
  const space = auth.indexOf(' ');
  if (space < 0) throw new UnauthorizedError('malformed Authorization header: expected "<scheme> <token>"');
  const scheme = auth.slice(0, space).toLowerCase();
  const value = auth.slice(space + 1).trim();
  if (!value) throw new UnauthorizedError('malformed Authorization header: empty credentials');
  switch (scheme) {
    case 'bearer':
    case 'splunk':
      return value;
    case 'apikey': {
      // Elastic clients send base64("id:key"); accept the key part, or a bare token.
      if (value.startsWith('vg')) return value;
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon >= 0 ? decoded.slice(colon + 1) : decoded;
    }
    case 'basic': {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new UnauthorizedError('malformed Basic credentials');
      // The token may be the password (Beats, Logstash) or the user name (curl -u token:).
      const user = decoded.slice(0, colon);
      const pass = decoded.slice(colon + 1);
      return pass || user;
    }
    default:
      throw new UnauthorizedError(
        `unsupported Authorization scheme "${scheme}"; use Bearer, Splunk, ApiKey or Basic`,
      );
  }
}

/** Throws ForbiddenError when `principal` may not call a route declared with `access`. */
export function authorize(access: Access, principal: Principal): void {
  authorizeAccess(access, principal);
}

/** How the session cookie is written. */
export interface CookieSettings {
  /** `__Host-vigil_session` when Secure (the prefix pins it to this host and path `/`), else `vigil_session`. */
  name: string;
  secure: boolean;
  maxAgeSeconds: number;
}

export function cookieSettings(
  opts: { cookieSecure: 'auto' | 'always' | 'never'; sessionMaxHours: number },
  tls: boolean,
): CookieSettings {
  const secure = opts.cookieSecure === 'always' || (opts.cookieSecure === 'auto' && tls);
  return {
    name: secure ? '__Host-vigil_session' : 'vigil_session',
    secure,
    maxAgeSeconds: Math.round(opts.sessionMaxHours * 3600),
  };
}

/** The session id from the parsed cookies, when it is there and plausibly shaped. */
export function sessionIdFrom(cookies: Record<string, string | undefined> | undefined, name: string) {
  const v = cookies?.[name];
  return typeof v === 'string' && v.length > 0 && v.length <= 128 ? v : undefined;
}

export function setSessionCookie(reply: FastifyReply, settings: CookieSettings, sessionId: string): void {
  reply.setCookie(settings.name, sessionId, {
    httpOnly: true,
    secure: settings.secure,
    sameSite: 'strict',
    path: '/',
    maxAge: settings.maxAgeSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply, settings: CookieSettings): void {
  reply.clearCookie(settings.name, {
    httpOnly: true,
    secure: settings.secure,
    sameSite: 'strict',
    path: '/',
  });
}

export const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * For a request authenticated by the session cookie: refuses a cross-site origin and, on unsafe
 * methods, a missing or wrong `X-CSRF-Token`. Requests with an API key never reach this.
 */
export function checkCsrf(
  request: FastifyRequest,
  sessionId: string,
  trustedOrigins: readonly string[],
): void {
  checkOrigin(request, trustedOrigins);
  if (!UNSAFE_METHODS.has(request.method)) return;
  const header = request.headers['x-csrf-token'];
  if (!csrfTokenMatches(sessionId, typeof header === 'string' ? header : undefined))
    throw new ForbiddenError(
      'missing or wrong X-CSRF-Token header (the console reads it from GET /api/v1/auth/session)',
    );
}

/**
 * Refuses a browser request sent from another site: `Sec-Fetch-Site: cross-site`, or an `Origin`
 * that is neither this server's nor a trusted one. Requests without these headers (non-browser
 * clients) pass; cookie-authenticated ones still need the CSRF token.
 */
export function checkOrigin(request: FastifyRequest, trustedOrigins: readonly string[]): void {
  if (request.headers['sec-fetch-site'] === 'cross-site')
    throw new ForbiddenError('cross-site requests are refused');
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const own = `${request.protocol}://${request.host}`;
  if (origin === own || trustedOrigins.includes(origin)) return;
  throw new ForbiddenError(
    `requests from origin ${origin.slice(0, 200)} are refused (add it to auth.trustedOrigins if the console is served there)`,
  );
}

/** Where a request came from, for the audit trail. */
export function clientOf(request: FastifyRequest): ClientInfo {
  const ua = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof ua === 'string' ? ua : null };
}

const states = new WeakMap<FastifyRequest, Authenticated>();

/** Remembers how a request was authenticated (set by the server, read by the auth routes). */
export function setAuthenticated(request: FastifyRequest, a: Authenticated): void {
  states.set(request, a);
}

export function authenticatedOf(request: FastifyRequest): Authenticated | undefined {
  return states.get(request);
}
