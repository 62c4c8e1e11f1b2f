/**
 * What the authorization matrix expects of a route for a caller, and how an answer is read:
 * an authentication refusal (401), an authorization refusal (403 from the access check, told apart
 * from a handler's own 403 by its message), or a pass (anything else below 500: the request got
 * past authorization, and a 400 for an empty body is fine). Protocol routes answer in their own
 * format: Splunk HEC (`{text, code}`; an unknown token is "Invalid token", 403) and Elastic
 * (`{error: {reason}}`).
 */
import type { LightMyRequestResponse } from 'fastify';
import { isPermission } from '../../src/access/index.ts';
import type { AnyRoute } from '../../src/api/index.ts';
import type { Caller } from './world.ts';

export type Outcome = 'pass' | 'forbidden' | 'unauthenticated';

/** The messages `authorize` (src/access/principal.ts) and the tenant step (src/api/tenancy.ts) refuse with. */
const AUTHZ_REFUSAL =
  /lacks the permission|ingest tokens may only send events|may not send events|is not granted to this caller/;

export const routeName = (r: Pick<AnyRoute, 'method' | 'url'>) => `${r.method} ${r.url}`;

/** Why a route's access rule is not one the matrix knows, or null when it is. */
export function undeclared(route: AnyRoute): string | null {
  const access = (route as { access?: unknown }).access as
    | { kind?: unknown; permission?: unknown }
    | undefined;
  if (!access || typeof access !== 'object') return `${routeName(route)} declares no access`;
  switch (access.kind) {
    case 'public':
    case 'ingest':
    case 'authenticated':
      return null;
    case 'api':
      if (typeof access.permission !== 'string')
        return `${routeName(route)} declares api access without a permission`;
      if (!isPermission(access.permission))
        return `${routeName(route)} requires "${access.permission}", which is not in the permission matrix (src/access/roles.ts)`;
      return null;
    default:
      return `${routeName(route)} declares an unknown access kind ${JSON.stringify(access.kind)}`;
  }
}

/** What the matrix says `caller` gets from `route`. */
export function expected(route: AnyRoute, caller: Caller): Outcome {
  const access = route.access;
  if (access.kind === 'public') return 'pass';
  if (caller.holds === 'invalid') return 'unauthenticated';
  // Ingest routes take tokens only (no session cookie): a cookie alone is no credential there.
  if (access.kind === 'ingest') {
    if (caller.credential.kind === 'session') return 'unauthenticated';
    return caller.ingestToken || caller.holds.includes('events:ingest') ? 'pass' : 'forbidden';
  }
  // An ingest token is no credential for the rest of the API: it does not authenticate there.
  if (caller.ingestToken) return 'unauthenticated';
  if (access.kind === 'authenticated') return 'pass';
  return caller.holds.includes(access.permission) ? 'pass' : 'forbidden';
}

/** What an answer was, read the way its protocol writes errors. */
export function outcomeOf(res: LightMyRequestResponse): { outcome: Outcome | 'error'; why: string } {
  let body: Record<string, unknown> = {};
  try {
    body = res.json() as Record<string, unknown>;
  } catch {
    // not JSON: a page, metrics text, or an empty 204
  }
  const error = body.error as { reason?: unknown } | undefined;
  const message = String(body.detail ?? error?.reason ?? body.text ?? '');
  const why = `${res.statusCode} ${message || res.body.slice(0, 200)}`;
  if (res.statusCode >= 500) return { outcome: 'error', why };
  if (res.statusCode === 401) return { outcome: 'unauthenticated', why };
  if (res.statusCode === 403) {
    // Splunk HEC answers every refused token with 403 "Invalid token" (code 4).
    if (body.code === 4 && body.text === 'Invalid token') return { outcome: 'forbidden', why };
    if (AUTHZ_REFUSAL.test(message)) return { outcome: 'forbidden', why };
  }
  return { outcome: 'pass', why };
}

/** Whether an answer matches what the matrix expects (HEC's "Invalid token" covers both refusals). */
export function matches(route: AnyRoute, want: Outcome, res: LightMyRequestResponse): boolean {
  const got = outcomeOf(res).outcome;
  if (got === want) return true;
  const hec = route.url.startsWith('/services/collector');
  return hec && want === 'unauthenticated' && got === 'forbidden';
}

/** A request to `route` that reaches authorization: params filled in, an empty body. */
export function requestFor(route: AnyRoute, params: Record<string, string> = {}) {
  const url = route.url.replace(/:(\w+)/g, (_m, name: string) => params[name] ?? fallbackParam(name));
  const withBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
  return {
    method: route.method,
    url,
    ...(withBody
      ? route.rawBody
        ? { payload: '', headers: { 'content-type': route.rawBody.contentTypes[0] ?? 'text/plain' } }
        : { payload: {} }
      : {}),
  };
}

function fallbackParam(name: string): string {
  if (name === 'index') return 'logs';
  return '00000000-0000-4000-8000-000000000000';
}
