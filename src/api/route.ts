/**
 * How an API route is declared: method, path, who may call it, and zod schemas for its input and
 * output. The same declarations register the routes on Fastify, validate requests, build the
 * OpenAPI document, and (in the access-control work) drive the authorization matrix test.
 * A route cannot be registered without saying who may call it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Access, Principal } from '../access/index.ts';

/**
 * Who may call a route (`public`, `ingest`, `authenticated`, or `api` with a permission or a
 * legacy scope) is defined beside the permission matrix, in `src/access/principal.ts`.
 */
export type { Access } from '../access/index.ts';
export { LEGACY_SCOPES as SCOPES, type LegacyScope as Scope } from '../access/index.ts';

export interface RouteContext<Q, B, P> {
  query: Q;
  body: B;
  params: P;
  principal: Principal | null;
  /** Tenants this caller may see; every store call takes it. */
  tenants: string[];
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteDef<Q = unknown, B = unknown, P = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  url: string;
  summary: string;
  tags: string[];
  access: Access;
  query?: z.ZodType<Q>;
  /** A zod schema for JSON bodies; omit for raw bodies (ingest endpoints read `request.body` as a Buffer). */
  body?: z.ZodType<B>;
  params?: z.ZodType<P>;
  /** Documented responses: status → schema (or a description for non-JSON bodies). */
  responses: Record<number, z.ZodType | string>;
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
