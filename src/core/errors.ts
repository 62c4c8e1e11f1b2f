/**
 * The small set of error classes Vigil raises. Each has a stable `code`, a message a user can act
 * on, and where it applies the location of the bad input. The API maps them to RFC 9457 problems.
 */
export type ErrorCode =
  | 'bad_request'
  | 'bad_config'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'overloaded'
  | 'query_too_broad'
  | 'unavailable'
  | 'internal';

const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  bad_config: 500,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  overloaded: 503,
  query_too_broad: 422,
  unavailable: 503,
  internal: 500,
};

export class VigilError extends Error {
  readonly code: ErrorCode;
  /** Where in the input the problem is: a config key, a field name, a line number. */
  readonly location: string | undefined;
  /** Seconds after which a retry may succeed (rate limits, overload). */
  readonly retryAfter: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { location?: string; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'VigilError';
    this.code = code;
    this.location = opts.location;
    this.retryAfter = opts.retryAfter;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

export class ConfigError extends VigilError {
  constructor(message: string, location?: string) {
    super('bad_config', message, location === undefined ? {} : { location });
    this.name = 'ConfigError';
  }
}

export class BadRequestError extends VigilError {
  constructor(message: string, location?: string) {
    super('bad_request', message, location === undefined ? {} : { location });
    this.name = 'BadRequestError';
  }
}

export class NotFoundError extends VigilError {
  constructor(message: string) {
    super('not_found', message);
    this.name = 'NotFoundError';
  }
}

export class UnauthorizedError extends VigilError {
  constructor(message = 'missing or invalid credentials') {
    super('unauthorized', message);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends VigilError {
  constructor(message: string) {
    super('forbidden', message);
    this.name = 'ForbiddenError';
  }
}

export class OverloadedError extends VigilError {
  constructor(message: string, retryAfter = 5) {
    super('overloaded', message, { retryAfter });
    this.name = 'OverloadedError';
  }
}

export class QueryTooBroadError extends VigilError {
  constructor(message: string) {
    super('query_too_broad', message);
    this.name = 'QueryTooBroadError';
  }
}

/**
 * A write based on a stale read (optimistic concurrency): the record changed since the caller
 * read it. Carries the version it has now, so a client can reload and apply its change again.
 */
export class ConflictError extends VigilError {
  readonly currentVersion: number | undefined;
  constructor(message: string, currentVersion?: number) {
    super('conflict', message);
    this.name = 'ConflictError';
    this.currentVersion = currentVersion;
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
