/**
 * Builds the HTTP server from route declarations: authentication and authorization, zod
 * validation, RFC 9457 errors, raw bodies for ingest routes (gzip accepted), and the OpenAPI
 * document at /api/openapi.json. Route modules only declare; this file is the one place that wires.
 */
import { gunzipSync } from 'node:zlib';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { authenticate, type Principal, type SessionPolicy } from '../access/index.ts';
import { BadRequestError, VigilError } from '../core/errors.ts';
import type { Logger } from '../ops/index.ts';
import { NO_TENANTS, type StateDb, type TenantScope } from '../store/state/index.ts';
import {
  authorize,
  type CookieSettings,
  checkCsrf,
  cookieSettings,
  presentedToken,
  sessionIdFrom,
  setAuthenticated,
} from './auth.ts';
import { buildOpenApi } from './openapi.ts';
import { sendProblem } from './problem.ts';
import type { AnyRoute } from './route.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { requestTenancy, singleTenant } from './tenancy.ts';

export interface ServerOptions {
  logger: Logger;
  stateDb: StateDb;
  bodyLimitBytes: number;
  routes: AnyRoute[];
  https?: { cert: Buffer; key: Buffer; passphrase?: string } | undefined;
  /** Told about every request refused by authentication or authorization (for the audit trail). */
  onAuthFailure?: ((request: FastifyRequest, error: unknown) => void) | undefined;
  /** Console sessions: the cookie, timeouts, and origins trusted besides the server's own. */
  auth?: ServerAuth | undefined;
}

export interface ServerAuth {
  cookie: CookieSettings;
  session: SessionPolicy;
  trustedOrigins: readonly string[];
}

function defaultAuth(tls: boolean): ServerAuth {
  return {
    cookie: cookieSettings({ cookieSecure: 'auto', sessionMaxHours: 12 }, tls),
    session: { idleMinutes: 60, maxHours: 12 },
    trustedOrigins: [],
  };
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Per-request lines would dominate the log at ingest rates; errors are logged by the handler.
    loggerInstance: opts.logger.child({ component: 'http' }, { level: 'warn' }),
    bodyLimit: opts.bodyLimitBytes,
    ...(opts.https ? { https: opts.https } : {}),
  }) as unknown as FastifyInstance;
  const auth = opts.auth ?? defaultAuth(Boolean(opts.https));
  await app.register(fastifyCookie);

  await registerSecurityHeaders(app, { tls: Boolean(opts.https) });

  app.setErrorHandler((err, req, reply) => {
    const e = err as Error & { statusCode?: number; code?: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = req.routeOptions.bodyLimit ?? opts.bodyLimitBytes;
      return sendProblem(reply, new VigilError('too_large', `request body is larger than ${limit} bytes`));
    }
    if (e.statusCode && e.statusCode < 500) return sendProblem(reply, new BadRequestError(e.message));
    opts.logger.error({ err: e }, 'unhandled error');
    return sendProblem(reply, e);
  });

  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, new VigilError('not_found', `no route ${req.method} ${req.url.split('?')[0]}`)),
  );

  const jsonRoutes = opts.routes.filter((r) => !r.rawBody);
  const rawRoutes = opts.routes.filter((r) => r.rawBody);
  for (const r of jsonRoutes) register(app, r, opts.stateDb, auth, opts.onAuthFailure);
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
      try {
        done(null, decodeBody(req, body as Buffer, req.routeOptions.bodyLimit ?? opts.bodyLimitBytes));
      } catch (e) {
        done(e as Error, undefined);
      }
    });
    for (const r of rawRoutes) register(raw, r, opts.stateDb, auth, opts.onAuthFailure);
  });

  const openapi = buildOpenApi(opts.routes);
  app.get('/api/openapi.json', async () => openapi);
  return app;
}

function decodeBody(req: FastifyRequest, body: Buffer, limit: number): Buffer {
  const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
  if (!encoding || encoding === 'identity') return body;
  if (encoding !== 'gzip')
    throw new VigilError('bad_request', `unsupported Content-Encoding "${encoding}"; use gzip`);
  try {
    return gunzipSync(body, { maxOutputLength: limit });
  } catch (e) {
    const tooBig = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw tooBig
      ? new VigilError('too_large', `decompressed body is larger than ${limit} bytes`)
      : new BadRequestError(`body is not valid gzip: ${(e as Error).message}`);
  }
}

function register(
  app: FastifyInstance,
  route: AnyRoute,
  db: StateDb,
  auth: ServerAuth,
  onAuthFailure: ServerOptions['onAuthFailure'],
): void {
  app.route({
    method: route.method,
    url: route.url,
    ...(route.bodyLimitBytes !== undefined ? { bodyLimit: route.bodyLimitBytes } : {}),
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const caller = await authenticateRoute(route, request, db, auth).catch((e: unknown) => {
          onAuthFailure?.(request, e);
          throw e;
        });
        const query = route.query ? parseWith(route.query, request.query, 'query') : request.query;
        const params = route.params ? parseWith(route.params, request.params, 'path') : request.params;
        const body = route.body ? parseWith(route.body, request.body, 'body') : request.body;
        const { principal, tenants } = caller;
        const tenant = () => singleTenant(tenants);
        const result = await route.handler({
          query,
          body,
          params,
          principal,
          tenants,
          tenant,
          request,
          reply,
        });
        if (reply.sent) return reply;
        return result;
      } catch (e) {
        if (route.errors) {
          const f = route.errors(e);
          if (f.headers) reply.headers(f.headers);
          return reply.code(f.status).send(f.body);
        }
        return sendProblem(reply, e);
      }
    },
  });
}

/**
 * Who is calling: a token (API key, or ingest token on ingest routes), else the session cookie
 * (not on ingest routes), whose unsafe requests must carry the CSRF token. Then the route's access
 * rule, and the tenants the request may see (`tenancy.ts`).
 */
async function authenticateRoute(
  route: AnyRoute,
  request: FastifyRequest,
  db: StateDb,
  auth: ServerAuth,
): Promise<{ principal: Principal | null; tenants: TenantScope }> {
  if (route.access.kind === 'public') return { principal: null, tenants: NO_TENANTS };
  const ingest = route.access.kind === 'ingest';
  const q = request.query as Record<string, unknown> | undefined;
  // `?token=` only where HEC-style clients need it: an API key in a URL ends up in proxy logs.
  const token = presentedToken(request.headers, ingest && typeof q?.token === 'string' ? q.token : undefined);
  const result = await authenticate(
    db,
    { token, sessionId: ingest ? undefined : sessionIdFrom(request.cookies, auth.cookie.name) },
    { accept: ingest ? ['ingest', 'api'] : ['api'], sessions: !ingest, session: auth.session },
  );
  if (result.via === 'session' && result.sessionId) checkCsrf(request, result.sessionId, auth.trustedOrigins);
  setAuthenticated(request, result);
  authorize(route.access, result.principal);
  return requestTenancy(result.principal, request);
}

function parseWith<T>(
  schema: {
    safeParse: (
      v: unknown,
    ) =>
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
  where: string,
): T {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  throw new BadRequestError(
    `${where}${path ? ` field "${path}"` : ''}: ${issue?.message ?? 'invalid'}`,
    path || where,
  );
}
