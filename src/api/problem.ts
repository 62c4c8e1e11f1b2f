/** Errors as RFC 9457 problem details (`application/problem+json`). */
import type { FastifyReply } from 'fastify';
import { ConflictError, VigilError } from '../core/errors.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  location?: string;
  /** On a 409 from a stale write: the record's version now. */
  currentVersion?: number;
}

export function toProblem(e: unknown): Problem {
  if (e instanceof VigilError) {
    const p: Problem = {
      type: `https://vigil.local/problems/${e.code}`,
      title: e.code.replace(/_/g, ' '),
      status: e.status,
      detail: e.message,
      code: e.code,
    };
    if (e.location) p.location = e.location;
    if (e instanceof ConflictError && e.currentVersion !== undefined) p.currentVersion = e.currentVersion;
    return p;
  }
  return {
    type: 'https://vigil.local/problems/internal',
    title: 'internal',
    status: 500,
    detail: 'an internal error occurred; the server log has the details',
    code: 'internal',
  };
}

export function sendProblem(reply: FastifyReply, e: unknown): FastifyReply {
  const p = toProblem(e);
  if (e instanceof VigilError && e.retryAfter) reply.header('retry-after', String(e.retryAfter));
  return reply.code(p.status).type('application/problem+json').send(p);
}
