import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../access/index.ts';
import { type AuthServer, addUser, authServer, type Browser, signIn } from './server.fixture.ts';

let s: AuthServer;
let admin: Browser;
beforeAll(async () => {
  s = await authServer({ loginPerUserPerMinute: 1000, loginPerIpPerMinute: 1000 });
  await addUser(s.db, 'root', ['admin']);
  admin = await signIn(s.app, 'root', 'root-long-passphrase');
});
afterAll(async () => s?.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  s.app.inject({ method: 'GET', url, headers });
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  s.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers });
const asBrowser = (b: Browser, extra: Record<string, string> = {}) => ({
  cookie: b.cookie,
  'x-csrf-token': b.csrf,
  ...extra,
});

describe('login', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and returns who signed in, with the CSRF token', async () => {
    await addUser(s.db, 'ana', ['analyst']);
    const res = await post('/api/v1/auth/login', { username: 'ana', password: 'ana-long-passphrase' });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(
      /^vigil_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    const body = res.json();
    expect(body).toMatchObject({ kind: 'user', name: 'ana', roles: ['analyst'], tenants: ['default'] });
    expect(body.permissions).toContain('cases:write');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body).not.toContain('ana-long-passphrase');
  });

  it('answers a wrong password with 401 and no cookie, and too many attempts with 429 + Retry-After', async () => {
    const strict = await authServer({ loginPerUserPerMinute: 2 });
    try {
      await addUser(strict.db, 'bo', ['viewer']);
      const attempt = () =>
        strict.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'bo', password: 'nope-nope-nope' },
        });
      const first = await attempt();
      expect(first.statusCode).toBe(401);
      expect(first.headers['set-cookie']).toBeUndefined();
      expect(first.json().detail).toMatch(/^invalid user name or password/);
      await attempt();
      const third = await attempt();
      expect(third.statusCode).toBe(429);
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await strict.close();
    }
  });

  it('marks the cookie Secure, with the __Host- prefix, when served over TLS (or configured so)', async () => {
    const tls = await authServer({ cookieSecure: 'auto' }, true);
    try {
      await addUser(tls.db, 'cy', ['viewer']);
      const res = await tls.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'cy', password: 'cy-long-passphrase' },
      });
      expect(String(res.headers['set-cookie'])).toMatch(
        /^__Host-vigil_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
      );
    } finally {
      await tls.close();
    }
  });

  it('refuses a login posted from another site (login CSRF)', async () => {
    await addUser(s.db, 'dee', ['viewer']);
    const res = await post(
      '/api/v1/auth/login',
      { username: 'dee', password: 'dee-long-passphrase' },
      { origin: 'https://evil.example' },
    );
    expect(res.statusCode).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('the session', () => {
  it('tells the console who is signed in; without a cookie it is 401', async () => {
    const res = await get('/api/v1/auth/session', { cookie: admin.cookie });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'root', roles: ['admin'], csrfToken: admin.csrf });
    expect(Date.parse(res.json().expiresAt)).toBeGreaterThan(Date.now());
    expect((await get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await get('/api/v1/auth/session', { cookie: 'vigil_session=forged' })).statusCode).toBe(401);
  });

  it('reads with the cookie alone (GET needs no CSRF token)', async () => {
    expect((await get('/api/v1/sources', { cookie: admin.cookie })).statusCode).toBe(200);
  });
});

describe('CSRF protection of cookie-authenticated changes', () => {
  const create = (headers: Record<string, string>) => post('/api/v1/tokens', { source: 'fw' }, headers);

  it('refuses a change without the X-CSRF-Token header, or with a wrong one', async () => {
    const none = await create({ cookie: admin.cookie });
    expect(none.statusCode).toBe(403);
    expect(none.json().detail).toMatch(/X-CSRF-Token/);
    // the real token with its last character changed (to another one: a token may end with A)
    const wrong = `${admin.csrf.slice(0, -1)}${admin.csrf.endsWith('A') ? 'B' : 'A'}`;
    expect((await create({ cookie: admin.cookie, 'x-csrf-token': wrong })).statusCode).toBe(403);
    const other = await signIn(s.app, 'root', 'root-long-passphrase');
    expect((await create({ cookie: admin.cookie, 'x-csrf-token': other.csrf })).statusCode).toBe(403);
  });

  it("accepts the change with the session's token", async () => {
    expect((await create(asBrowser(admin))).statusCode).toBe(201);
    expect((await create(asBrowser(admin, { origin: 'http://localhost:80' }))).statusCode).toBe(201);
  });

  it('refuses a cross-site origin even with the right token', async () => {
    expect((await create(asBrowser(admin, { origin: 'https://evil.example' }))).statusCode).toBe(403);
    expect((await create(asBrowser(admin, { 'sec-fetch-site': 'cross-site' }))).statusCode).toBe(403);
  });

  it('needs no CSRF token for a request with an API key (not cookie-authenticated)', async () => {
    const key = await createApiKey(s.db, { tenant: 'default', name: 'script', scopes: ['admin'] });
    expect((await create({ authorization: `Bearer ${key.token}` })).statusCode).toBe(201);
    // The key decides, not the cookie sent alongside it.
    expect(
      (await create({ authorization: `Bearer ${key.token}`, cookie: 'vigil_session=whatever' })).statusCode,
    ).toBe(201);
  });
});

describe('logout', () => {
  it('ends the session and clears the cookie; it needs the CSRF token too', async () => {
    const b = await signIn(s.app, 'root', 'root-long-passphrase');
    expect((await post('/api/v1/auth/logout', undefined, { cookie: b.cookie })).statusCode).toBe(403);
    const res = await post('/api/v1/auth/logout', undefined, asBrowser(b));
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(/^vigil_session=; Max-Age=0;/);
    expect((await get('/api/v1/auth/session', { cookie: b.cookie })).statusCode).toBe(401);
  });
});

describe('a one-time password', () => {
  it('lets the user do nothing but change it', async () => {
    const created = await post('/api/v1/users', { username: 'newbie', roles: ['viewer'] }, asBrowser(admin));
    expect(created.statusCode).toBe(201);
    const { oneTimePassword, user } = created.json();
    expect(user).toMatchObject({ username: 'newbie', mustChangePassword: true, tenants: ['default'] });
    const b = await signIn(s.app, 'newbie', oneTimePassword);
    const session = (await get('/api/v1/auth/session', { cookie: b.cookie })).json();
    expect(session).toMatchObject({ mustChangePassword: true, permissions: [] });
    const blocked = await get('/api/v1/sources', { cookie: b.cookie });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().detail).toMatch(/change your password first/);
    expect(
      (await post('/api/v1/api-keys', { name: 'k', scopes: ['events:read'] }, asBrowser(b))).statusCode,
    ).toBe(403);
    const weak = await post(
      '/api/v1/auth/password',
      { currentPassword: oneTimePassword, newPassword: 'newbie' },
      asBrowser(b),
    );
    expect(weak.statusCode).toBe(400);
    const ok = await post(
      '/api/v1/auth/password',
      { currentPassword: oneTimePassword, newPassword: 'my own long passphrase' },
      asBrowser(b),
    );
    expect(ok.statusCode).toBe(204);
    expect((await get('/api/v1/sources', { cookie: b.cookie })).statusCode).toBe(200);
  });
});

describe('user administration', () => {
  it('is for holders of users:admin only', async () => {
    await addUser(s.db, 'viv', ['viewer', 'analyst']);
    const v = await signIn(s.app, 'viv', 'viv-long-passphrase');
    expect((await get('/api/v1/users', { cookie: v.cookie })).statusCode).toBe(403);
    expect((await post('/api/v1/users', { username: 'x', roles: ['admin'] }, asBrowser(v))).statusCode).toBe(
      403,
    );
  });

  it('lists, changes roles, disables (ending sessions), resets and unlocks', async () => {
    const w = await addUser(s.db, 'walt', ['viewer']);
    const wb = await signIn(s.app, 'walt', w.password);
    const list = await get('/api/v1/users', { cookie: admin.cookie });
    expect(list.json().users.map((u: { username: string }) => u.username)).toContain('walt');
    expect(JSON.stringify(list.json())).not.toMatch(/argon2|passwordHash/);
    const patch = (body: unknown) =>
      s.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${w.id}`,
        payload: body as Record<string, unknown>,
        headers: asBrowser(admin),
      });
    expect((await patch({ roles: ['analyst'] })).json().roles).toEqual(['analyst']);
    expect((await patch({ roles: ['wizard'] })).statusCode).toBe(400);
    expect((await patch({ disabled: true })).json().disabled).toBe(true);
    expect((await get('/api/v1/auth/session', { cookie: wb.cookie })).statusCode).toBe(401);
    await patch({ disabled: false });
    const reset = await post(`/api/v1/users/${w.id}/password`, {}, asBrowser(admin));
    expect(reset.json().oneTimePassword).toMatch(/^[a-z2-9-]{23}$/);
    const unlock = await post(`/api/v1/users/${w.id}/unlock`, undefined, asBrowser(admin));
    expect(unlock.json()).toMatchObject({ username: 'walt', locked: false });
  });

  it('creates service accounts and their keys, which act as the service account', async () => {
    const svc = await post(
      '/api/v1/service-accounts',
      { username: 'ingest-bot', roles: ['viewer'] },
      asBrowser(admin),
    );
    expect(svc.statusCode).toBe(201);
    const id = svc.json().id as string;
    const key = await post(
      `/api/v1/service-accounts/${id}/api-keys`,
      { name: 'ci', scopes: ['read'] },
      asBrowser(admin),
    );
    expect(key.statusCode).toBe(201);
    const token = key.json().token as string;
    const me = (await get('/api/v1/auth/session', { authorization: `Bearer ${token}` })).json();
    expect(me).toMatchObject({ kind: 'service', name: 'ingest-bot', csrfToken: null });
    expect(me.permissions).toContain('events:read');
    expect((await get('/api/v1/sources', { authorization: `Bearer ${token}` })).statusCode).toBe(200);
    expect(
      (await post('/api/v1/tokens', { source: 'x' }, { authorization: `Bearer ${token}` })).statusCode,
    ).toBe(403);
    const beyond = await post(
      `/api/v1/service-accounts/${id}/api-keys`,
      { name: 'x', scopes: ['users:admin'] },
      asBrowser(admin),
    );
    expect(beyond.statusCode).toBe(403);
  });
});

describe('personal API keys', () => {
  it('are made from a session, used as Bearer, listed without secrets, and revoked', async () => {
    await addUser(s.db, 'pat', ['analyst']);
    const b = await signIn(s.app, 'pat', 'pat-long-passphrase');
    const made = await post('/api/v1/api-keys', { name: 'laptop', scopes: ['read'] }, asBrowser(b));
    expect(made.statusCode).toBe(201);
    const { token, id } = made.json() as { token: string; id: string };
    const bearer = { authorization: `Bearer ${token}` };
    expect((await get('/api/v1/sources', bearer)).statusCode).toBe(200);
    expect(
      (await post('/api/v1/api-keys', { name: 'child', scopes: ['events:read'] }, bearer)).statusCode,
    ).toBe(403);
    expect(
      (await post('/api/v1/api-keys', { name: 'x', scopes: ['users:admin'] }, asBrowser(b))).statusCode,
    ).toBe(403);
    const list = await get('/api/v1/api-keys', { cookie: b.cookie });
    expect(list.json().keys).toEqual([expect.objectContaining({ id, name: 'laptop', revokedAt: null })]);
    expect(list.body).not.toContain(token);
    const del = await s.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${id}`,
      headers: asBrowser(b),
    });
    expect(del.statusCode).toBe(204);
    expect((await get('/api/v1/sources', bearer)).statusCode).toBe(401);
  });
});
