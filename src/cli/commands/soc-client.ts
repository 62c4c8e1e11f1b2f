/**
 * The analyst commands (`vigil alerts|cases|suppress|risk|metrics`) work through the running
 * server's REST API with the data directory's local admin key. Problems come back as the API's own
 * message: a 409 (stale version) as a `ConflictError` and a 404 as a `NotFoundError` (exit 1), a
 * 400 as a `BadRequestError` (exit 2).
 */
import type { Command } from 'commander';
import { dataPaths, readAdminKey, readServerInfo } from '../../app/index.ts';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  VigilError,
} from '../../core/errors.ts';
import { commandContext, type GlobalFlags } from '../context.ts';
import { errorCodeForStatus, readProblem } from '../remote.ts';

export interface Download {
  bytes: Buffer;
  headers: Headers;
}

export interface SocClient {
  url: string;
  /** A JSON request (the body is sent as JSON); the parsed answer, or undefined for an empty one. */
  json<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Raw bytes up (e.g. an evidence file), a JSON answer back. */
  upload<T>(path: string, bytes: Buffer, contentType?: string): Promise<T>;
  /** A raw answer (a file, a report). */
  download(path: string): Promise<Download>;
}

/** The error a failed answer stands for, with the API's message. */
export function problemError(status: number, text: string, retryAfter = 0): VigilError {
  const p = readProblem(text);
  const detail = p.detail ?? (text.trim() || `HTTP ${status}`);
  switch (status) {
    case 400:
      return new BadRequestError(detail, p.location);
    case 401:
      return new UnauthorizedError(`${detail} (is the admin key in secrets/admin.key current?)`);
    case 403:
      return new ForbiddenError(detail);
    case 404:
      return new NotFoundError(detail);
    case 409:
      return new ConflictError(detail, p.currentVersion);
    default: {
      // 413, 422, 429, 503, other 5xx…: the code the status stands for (as for `remote.ts`)
      const code = errorCodeForStatus(status);
      const retry =
        retryAfter > 0 && (code === 'overloaded' || code === 'rate_limited') ? { retryAfter } : {};
      return new VigilError(
        code,
        code === 'overloaded' || code === 'too_large' ? detail : `${status}: ${detail}`,
        retry,
      );
    }
  }
}

/** A client of the server at `url` authenticating with `key`. */
export function socClientAt(url: string, key: string): SocClient {
  const send = async (
    method: string,
    path: string,
    body?: string | Buffer,
    contentType?: string,
  ): Promise<Response> => {
    let res: Response;
    try {
      res = await fetch(url + path, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body !== undefined && contentType ? { 'content-type': contentType } : {}),
        },
        ...(body !== undefined ? { body } : {}),
      });
    } catch (e) {
      throw new VigilError('unavailable', `cannot reach the Vigil server at ${url}: ${(e as Error).message}`);
    }
    if (!res.ok)
      throw problemError(res.status, await res.text(), Number(res.headers.get('retry-after') ?? 0));
    return res;
  };
  const parse = async <T>(res: Response): Promise<T> => {
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    url,
    json: async <T>(method: string, path: string, body?: unknown) =>
      parse<T>(
        await send(
          method,
          path,
          body === undefined ? undefined : JSON.stringify(body),
          body === undefined ? undefined : 'application/json',
        ),
      ),
    upload: async <T>(path: string, bytes: Buffer, contentType = 'application/octet-stream') =>
      parse<T>(await send('POST', path, bytes, contentType)),
    async download(path: string): Promise<Download> {
      const res = await send('GET', path);
      return { bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
    },
  };
}

/** The client of the server running on the data directory of `program`'s global flags. */
export function socClient(program: Command): SocClient {
  const { config } = commandContext(program.opts<GlobalFlags>());
  const paths = dataPaths(config.dataDir);
  const info = readServerInfo(paths.serverInfo);
  const key = info ? readAdminKey(paths) : null;
  if (!info || !key)
    throw new VigilError(
      'unavailable',
      `no Vigil server is running on the data directory ${config.dataDir}; alerts and cases go through its API, so start it with \`vigil serve\` (or pass --data)`,
    );
  return socClientAt(info.url, key);
}

export const enc = encodeURIComponent;

/** A query string from the defined values (`?a=1&b=x`, or '' when none is). */
export function query(params: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
