/**
 * Talking to a running Vigil on the same data directory: the server holds the event store open,
 * so the CLI goes through the API with the data directory's local admin key. A problem answer
 * becomes the error its HTTP status stands for (a 409 keeps the server's `currentVersion`), so the
 * CLI reports it, and exits, as it would the same error raised locally.
 */
import { dataPaths, readAdminKey, readServerInfo } from '../app/index.ts';
import { ConflictError, type ErrorCode, VigilError } from '../core/errors.ts';

export interface Remote {
  url: string;
  request<T>(method: string, path: string, body?: string | Buffer, contentType?: string): Promise<T>;
}

/** The error code a non-2xx HTTP status from the API stands for. */
export function errorCodeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'too_large';
    case 422:
      return 'query_too_broad';
    case 429:
      return 'rate_limited';
    case 503:
      return 'overloaded';
    default:
      return status >= 500 && status <= 599 ? 'unavailable' : 'bad_request';
  }
}

/** What an RFC 9457 problem answer says, where it says it with the right types. */
export interface Problem {
  detail?: string;
  location?: string;
  currentVersion?: number;
}

/** Reads a problem answer's body (anything else, plain text or not JSON, says nothing). */
export function readProblem(text: string): Problem {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== 'object') return {};
  const o = parsed as Record<string, unknown>;
  const out: Problem = {};
  if (typeof o.detail === 'string') out.detail = o.detail;
  if (typeof o.location === 'string') out.location = o.location;
  if (typeof o.currentVersion === 'number') out.currentVersion = o.currentVersion;
  return out;
}

/** The error a failed answer stands for: `${status}: ${detail}`, with Retry-After and currentVersion. */
function remoteError(status: number, text: string, retryAfterHeader: string | null): VigilError {
  const problem = readProblem(text);
  const message = `${status}: ${problem.detail ?? text}`;
  const code = errorCodeForStatus(status);
  if (code === 'conflict') return new ConflictError(message, problem.currentVersion);
  const retryAfter = Number(retryAfterHeader ?? 0);
  return new VigilError(code, message, Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfter } : {});
}

export function findRemote(dataDir: string): Remote | null {
  const paths = dataPaths(dataDir);
  const info = readServerInfo(paths.serverInfo);
  if (!info) return null;
  const key = readAdminKey(paths);
  if (!key) return null;
  return {
    url: info.url,
    async request<T>(
      method: string,
      path: string,
      body?: string | Buffer,
      contentType = 'application/json',
    ): Promise<T> {
      let res: Response;
      let text: string;
      try {
        res = await fetch(info.url + path, {
          method,
          headers: {
            authorization: `Bearer ${key}`,
            ...(body !== undefined ? { 'content-type': contentType } : {}),
          },
          ...(body !== undefined ? { body } : {}),
        });
        text = await res.text();
      } catch (e) {
        // run/server.json names a server that does not answer (stopped without cleaning up)
        const why = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
        throw new VigilError(
          'unavailable',
          `the Vigil server at ${info.url} (from run/server.json) did not answer: ${why}; start it with \`vigil serve\` or remove the stale run/server.json`,
        );
      }
      if (!res.ok) throw remoteError(res.status, text, res.headers.get('retry-after'));
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}
