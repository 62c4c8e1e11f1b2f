/**
 * How an API route is declared: method, path, who may call it, and zod schemas for its input and
 * output. The same declarations register the routes on Fastify, validate requests, build the
 * OpenAPI document, and drive the authorization matrix test (`test/authz/matrix.test.ts`).
 * A route cannot be declared without saying who may call it: `access` is required and typed, so a
 * route without one, or with a permission that is not in the matrix, does not compile.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Permission, Principal } from '../access/index.ts';
import type { TenantScope } from '../store/state/index.ts';

/**
 * Who may call a route (checked by `authorize` in `src/access/principal.ts`):
 * - `public`: anyone (health, the landing page, sign-in);
 * - `ingest`: an ingest token, or a principal holding `events:ingest`;
 * - `authenticated`: any signed-in user or API key, whatever its permissions (one's own session,
 *   password and API keys only);
 * - `api` + `permission`: a principal holding that permission of the matrix (`src/access/roles.ts`).
 */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'ingest' }
  | { kind: 'authenticated' }
  | { kind: 'api'; permission: Permission };

export interface RouteContext<Q, B, P> {
  query: Q;
  body: B;
  params: P;
  /** The caller, its tenants narrowed to `tenants`; null on public routes. */
  principal: Principal | null;
  /**
   * Tenants this request may see: those granted to the principal, narrowed by an `X-Vigil-Tenant`
   * header or `?tenant=` (comma-separated). Every tenant-scoped store call takes it; only the
   * authorization step makes one. Empty on public routes.
   */
  tenants: TenantScope;
  /**
   * The one tenant a record created by this request goes to: the scope's only tenant. A caller
   * holding several gets a 400 asking it to name one (`X-Vigil-Tenant`).
   */
  tenant(): string;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteDef<Q = unknown, B = unknown, P = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  url: string;
  summary: string;
  tags: string[];
  access: RouteAccess;
  query?: z.ZodType<Q>;
  /** A zod schema for JSON bodies; omit for raw bodies (ingest endpoints read `request.body` as a Buffer). */
  body?: z.ZodType<B>;
  params?: z.ZodType<P>;
  /** Documented responses: status → schema (or a description for non-JSON bodies). */
  responses: Record<number, z.ZodType | string>;
  /** A body limit of its own (evidence uploads); the server's `server.bodyLimitBytes` otherwise. */
  bodyLimitBytes?: number;
  /** Raw body routes: Buffer body, accepted content types documented here. */
  rawBody?: { contentTypes: string[] };
  /** Error bodies in the protocol's own format instead of RFC 9457 problems. */
  errors?: ErrorFormatter;
  handler: (ctx: RouteContext<Q, B, P>) => Promise<unknown> | unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: heterogeneous route list; each def is checked where it is written.
export type AnyRoute = RouteDef<any, any, any>;

export function defineRoute<Q = undefined, B = undefined, P = undefined>(
  def: RouteDef<Q, B, P>,
): RouteDef<Q, B, P> {
  return def;
}

/** Routes of protocols with their own error bodies (Splunk HEC, Elastic) map errors themselves. */
export type ErrorFormatter = (e: unknown) => {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
};
