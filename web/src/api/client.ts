/**
 * The one way the console calls Vigil's API: same-origin fetch with the session cookie, the
 * session's CSRF token on every unsafe request, the chosen tenant (`X-Vigil-Tenant`), JSON in and
 * out, and RFC 9457 problems thrown as `ApiError`s. A 401 tells the session listener (the app then
 * shows the sign-in page).
 */
import { ApiError, problemOf } from './problem.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const UNSAFE = new Set<Method>(['POST', 'PUT', 'PATCH', 'DELETE']);

interface ClientState {
  csrfToken: string | null;
  tenant: string | null;
  onUnauthorized: (() => void) | null;
}

const state: ClientState = { csrfToken: null, tenant: null, onUnauthorized: null };

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

/** The tenant every request is narrowed to; null: all the user's tenants. */
export function setTenant(tenant: string | null): void {
  state.tenant = tenant;
}

export function currentTenant(): string | null {
  return state.tenant;
}

export function onUnauthorized(listener: (() => void) | null): void {
  state.onUnauthorized = listener;
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

/** `?a=1&b=x`, leaving out empty values. */
export function queryString(params: QueryParams = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  method?: Method;
  query?: QueryParams;
  /** A JSON body. */
  json?: unknown;
  /** A raw body (a file upload) with its content type. */
  raw?: { body: BodyInit; contentType: string };
  signal?: AbortSignal;
}

export function requestHeaders(method: Method, hasJson: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (hasJson) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method) && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
  if (state.tenant) headers['x-vigil-tenant'] = state.tenant;
  return headers;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers = requestHeaders(method, opts.json !== undefined);
  if (opts.raw) headers['content-type'] = opts.raw.contentType;
  const res = await fetch(path + queryString(opts.query), {
    method,
    headers,
    credentials: 'same-origin',
    ...(opts.json !== undefined ? { body: JSON.stringify(opts.json) } : {}),
    ...(opts.raw ? { body: opts.raw.body } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (!res.ok) {
    const problem = await problemOf(res);
    if (res.status === 401) state.onUnauthorized?.();
    throw new ApiError(problem);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}
