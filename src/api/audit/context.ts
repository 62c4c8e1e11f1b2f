/**
 * The audit trail seen from HTTP: who a request acts as, which refusals reach the trail, and who
 * may read system-wide entries.
 */
import type { FastifyRequest } from 'fastify';
import { type AuditBy, type AuthFailureAuditor, actorOf, can, type Principal } from '../../access/index.ts';
import { ForbiddenError, UnauthorizedError } from '../../core/errors.ts';
import { authenticatedOf, clientOf, presentedToken } from '../auth.ts';

/** The actor and client of a request, for the audit entry of a change it makes. */
export function auditBy(principal: Principal | null, request: FastifyRequest): AuditBy {
  return { actor: actorOf(principal), client: clientOf(request) };
}

/**
 * System-wide entries (tenant null: refused unknown credentials, key rotation, settings) are for
 * administrators of the whole installation: those holding `settings:admin`.
 */
export function seesGlobalAudit(principal: Principal): boolean {
  return can(principal, 'settings:admin');
}

/**
 * The server's `onAuthFailure` hook: a presented token that is refused (401), or a known
 * principal refused a route (403), goes to the auditor. Requests that present no credential at
 * all (a console page before sign-in) are not audit events; sign-ins audit themselves.
 */
export function authFailureHook(auditor: AuthFailureAuditor) {
  return (request: FastifyRequest, error: unknown): void => {
    const unauthorized = error instanceof UnauthorizedError;
    if (!unauthorized && !(error instanceof ForbiddenError)) return;
    const q = request.query as Record<string, unknown> | undefined;
    const queryToken = typeof q?.token === 'string' ? q.token : undefined;
    let token: string | undefined;
    try {
      token = presentedToken(request.headers, queryToken);
    } catch {
      token = undefined; // malformed header: still an attempt, with nothing to look up
    }
    const principal = authenticatedOf(request)?.principal ?? null;
    const presented = token !== undefined || request.headers.authorization !== undefined;
    if (!presented && !principal) return;
    const client = clientOf(request);
    auditor.record({
      token,
      ...(principal ? { known: { tenant: principal.tenant || null, actor: actorOf(principal) } } : {}),
      outcome: unauthorized ? 'failure' : 'denied',
      reason: (error as Error).message,
      ip: client.ip,
      userAgent: client.userAgent,
      method: request.method,
      route: request.routeOptions.url ?? request.url.split('?')[0] ?? '',
    });
  };
}
