/**
 * Talking to a running Vigil on the same data directory: the server holds the event store open,
 * so the CLI goes through the API with the data directory's local admin key.
 */
import { dataPaths, readAdminKey, readServerInfo } from '../app/index.ts';
import { VigilError } from '../core/errors.ts';

export interface Remote {
  url: string;
  request<T>(method: string, path: string, body?: string | Buffer, contentType?: string): Promise<T>;
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
      const res = await fetch(info.url + path, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body !== undefined ? { 'content-type': contentType } : {}),
        },
        ...(body !== undefined ? { body } : {}),
      });
      const text = await res.text();
      if (!res.ok) {
        let detail = text;
        try {
          detail = (JSON.parse(text) as { detail?: string }).detail ?? text;
        } catch {}
        const retry = Number(res.headers.get('retry-after') ?? 0);
        throw new VigilError(
          res.status === 503 ? 'overloaded' : res.status === 422 ? 'query_too_broad' : 'bad_request',
          `${res.status}: ${detail}`,
          retry ? { retryAfter: retry } : {},
        );
      }
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}
