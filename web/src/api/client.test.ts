/** The API client: cookies, the CSRF token on unsafe requests only, the tenant header, problems as errors. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '../test/render.tsx';
import { api, onUnauthorized, queryString, setCsrfToken, setTenant } from './client.ts';
import { ApiError } from './problem.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setTenant(null);
  onUnauthorized(null);
});

describe('api', () => {
  it('sends the CSRF token on unsafe requests only, the chosen tenant always, with the cookie', async () => {
    const f = fakeFetch({ '/api/v1/x': { ok: true } });
    vi.stubGlobal('fetch', f.fn);
    setCsrfToken('csrf-1');
    setTenant('acme');
    await api('/api/v1/x', { query: { a: 1, b: '', c: undefined } });
    await api('/api/v1/x', { method: 'POST', json: { y: 2 } });
    const [get, post] = f.calls;
    expect(get?.url).toBe('/api/v1/x?a=1');
    expect(get?.init?.credentials).toBe('same-origin');
    expect(get?.init?.headers).toEqual({ accept: 'application/json', 'x-vigil-tenant': 'acme' });
    expect(post?.init?.headers).toEqual({
      accept: 'application/json',
      'content-type': 'application/json',
      'x-csrf-token': 'csrf-1',
      'x-vigil-tenant': 'acme',
    });
    expect(post?.init?.body).toBe('{"y":2}');
  });

  it('throws problems as ApiErrors with detail and location, and tells the session about a 401', async () => {
    const signedOut = vi.fn();
    onUnauthorized(signedOut);
    vi.stubGlobal('fetch', async (url: string) =>
      url.includes('bad')
        ? new Response(
            JSON.stringify({
              status: 400,
              code: 'bad_request',
              detail: 'rule.yml:5:20: nope',
              location: 'rule.yml:5:20',
            }),
            { status: 400 },
          )
        : new Response('{"status":401,"code":"unauthorized","detail":"sign in"}', { status: 401 }),
    );
    const e = await api('/bad').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({
      status: 400,
      code: 'bad_request',
      message: 'rule.yml:5:20: nope',
      location: 'rule.yml:5:20',
    });
    expect(signedOut).not.toHaveBeenCalled();
    await expect(api('/who')).rejects.toMatchObject({ status: 401 });
    expect(signedOut).toHaveBeenCalledOnce();
  });

  it('builds query strings without empty values', () => {
    expect(queryString({ q: 'a b', n: 0, f: false, x: null, y: '' })).toBe('?q=a+b&n=0&f=false');
    expect(queryString({})).toBe('');
  });
});
