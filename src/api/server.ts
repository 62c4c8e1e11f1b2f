/**
 * Builds the HTTP server from route declarations: authentication and authorization, zod
 * validation, RFC 9457 errors, raw bodies for ingest routes (gzip accepted), and the OpenAPI
 * document at /api/openapi.json. Route modules only declare; this file is the one place that wires.
 */
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { authenticateToken, type Principal } from '../access/index.ts';
import { BadRequestError, VigilError } from '../core/errors.ts';
import type { Logger } from '../ops/index.ts';
import type { StateDb } from '../store/state/index.ts';
import { authorize, presentedToken } from './auth.ts';
import { buildOpenApi } from './openapi.ts';
import { sendProblem } from './problem.ts';
import type { AnyRoute } from './route.ts';

export interface ServerOptions {
  logger: Logger;
  stateDb: StateDb;
  bodyLimitBytes: number;
  routes: AnyRoute[];
  https?: { cert: Buffer; key: Buffer; passphrase?: string } | undefined;
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Per-request lines would dominate the log at ingest rates; errors are logged by the handler.
    loggerInstance: opts.logger.child({ component: 'http' }, { level: 'warn' }),
    bodyLimit: opts.bodyLimitBytes,
    ...(opts.https ? { https: opts.https } : {}),
  }) as unknown as FastifyInstance;

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });

  app.setErrorHandler((err, _req, reply) => {
    const e = err as Error & { statusCode?: number; code?: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(
        reply,
        new VigilError('too_large', `request body is larger than ${opts.bodyLimitBytes} bytes`),
      );
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
  for (const r of jsonRoutes) register(app, r, opts.stateDb);
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
      try {
        done(null, decodeBody(req, body as Buffer, opts.bodyLimitBytes));
      } catch (e) {
        done(e as Error, undefined);
      }
    });
    for (const r of rawRoutes) register(raw, r, opts.stateDb);
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

function register(app: FastifyInstance, route: AnyRoute, db: StateDb): void {
  app.route({
    method: route.method,
    url: route.url,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const principal = await authenticate(route, request, db);
        const query = route.query ? parseWith(route.query, request.query, 'query') : request.query;
        const params = route.params ? parseWith(route.params, request.params, 'path') : request.params;
        const body = route.body ? parseWith(route.body, request.body, 'body') : request.body;
        const tenants = principal ? [principal.tenant] : [];
        const result = await route.handler({ query, body, params, principal, tenants, request, reply });
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

async function authenticate(
  route: AnyRoute,
  request: FastifyRequest,
  db: StateDb,
): Promise<Principal | null> {
  if (route.access.kind === 'public') return null;
  const q = request.query as Record<string, unknown> | undefined;
  const token = presentedToken(request.headers, typeof q?.token === 'string' ? q.token : undefined);
  const accept = route.access.kind === 'ingest' ? (['ingest', 'api'] as const) : (['api'] as const);
  const principal = await authenticateToken(db, token, accept);
  authorize(route.access, principal);
  return principal;
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
