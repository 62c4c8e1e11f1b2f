/**
 * Single sign-on over real HTTP against a real OpenID provider (`oidc-provider` on 127.0.0.1):
 * Vigil's routes on a listening server with a real SQLite file, a browser that follows redirects
 * by hand and keeps cookies, the provider's login and consent forms filled in. Besides the happy
 * path: a tampered, replayed or foreign state, a code or an ID token for another client, a wrong
 * nonce or PKCE verifier, a disabled user and groups that grant nothing are all refused, audited.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_MANAGER, updateAccount } from '../../access/index.ts';
import { auditEntries } from '../../access/oidc/audit.fixture.ts';
import { signInAtProvider, TestBrowser } from '../../access/oidc/browser.fixture.ts';
import { openTestProvider, type TestProvider } from '../../access/oidc/provider.fixture.ts';
import { loadConfig, type VigilConfig } from '../../config/index.ts';
import { type AuditRecord, externalIdentitiesOf, getUserByUsername } from '../../store/state/index.ts';
import { type AuthServer, authServer } from './server.fixture.ts';

let idp: TestProvider;
let s: AuthServer;
let vigil: string;

type OidcInput = Partial<VigilConfig['auth']['oidc']>;
function oidcConfig(o: OidcInput): VigilConfig['auth']['oidc'] {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-oidc-cfg-'));
  return loadConfig({ env: {}, overrides: { dataDir, 'auth.oidc': { enabled: true, ...o } } }).auth.oidc;
}

const ACCOUNTS = {
  ana: {
    password: 'ana-at-the-idp',
    claims: {
      preferred_username: 'ana',
      name: 'Ana Lopez',
      email: 'ana@example.org',
      groups: ['soc-analysts'],
    },
  },
  cy: {
    password: 'cy-at-the-idp',
    claims: { preferred_username: 'cy', groups: ['soc-analysts', 'soc-admins'] },
  },
  bo: { password: 'bo-at-the-idp', claims: { preferred_username: 'bo', groups: ['marketing'] } },
  dan: { password: 'dan-at-the-idp', claims: { preferred_username: 'dan', groups: ['soc-analysts'] } },
};

beforeAll(async () => {
  idp = await openTestProvider(structuredClone(ACCOUNTS));
  s = await authServer({
    loginPerIpPerMinute: 10_000,
    oidc: oidcConfig({
      issuer: idp.issuer,
      clientId: 'vigil',
      clientSecret: 'vigil-client-secret',
      scopes: ['openid', 'profile', 'email', 'groups'],
      roleMap: { 'soc-analysts': 'analyst', 'soc-admins': ['admin'] },
      tenantMap: { 'soc-analysts': ['default'], 'soc-admins': ['default', 'globex'] },
      defaultRole: null,
    }),
  });
  await s.app.listen({ host: '127.0.0.1', port: 0 });
  vigil = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
  const callback = `${vigil}/api/v1/auth/oidc/callback`;
  idp.register([
    { client_id: 'vigil', client_secret: 'vigil-client-secret', redirect_uris: [callback] },
    { client_id: 'other-app', client_secret: 'other-app-secret', redirect_uris: [callback] },
  ]);
});

afterAll(async () => {
  await s?.close();
  await idp?.close();
});

/** Starts a sign-in at Vigil; returns the provider URL it redirects to. */
async function start(browser: TestBrowser, returnTo?: string): Promise<URL> {
  const q = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
  const res = await browser.request(`${vigil}/api/v1/auth/oidc/login${q}`);
  expect(res.status, await res.clone().text()).toBe(302);
  return new URL(res.headers.get('location') as string);
}

/** The whole sign-in; `tamper` may change the provider URL first (as an attacker would). */
async function sso(login: string, opts: { browser?: TestBrowser; tamper?: (u: URL) => void } = {}) {
  const browser = opts.browser ?? new TestBrowser();
  const authUrl = await start(browser);
  opts.tamper?.(authUrl);
  const callback = await signInAtProvider(browser, authUrl, login, `${login}-at-the-idp`);
  const res = await browser.request(callback);
  return { browser, callback, res };
}

const sessionOf = async (browser: TestBrowser) => {
  const res = await browser.request(`${vigil}/api/v1/auth/session`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const audit = (action = 'auth.oidc.login') => auditEntries(s.db, action);
const lastAudit = async () => (await audit()).at(-1) as AuditRecord;

describe('single sign-on end to end', () => {
  it('redirects to the provider with PKCE (S256), state and nonce, binding the state to the browser', async () => {
    const browser = new TestBrowser();
    const url = await start(browser);
    expect(url.origin).toBe(idp.issuer);
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('vigil');
    expect(q.get('redirect_uri')).toBe(`${vigil}/api/v1/auth/oidc/callback`);
    expect(q.get('scope')).toBe('openid profile email groups');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const state = q.get('state') as string;
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = browser.cookie('vigil_oidc', `${vigil}/api/v1/auth/oidc/callback`);
    expect(cookie).toMatchObject({
      value: state,
      path: '/api/v1/auth/oidc',
      httpOnly: true,
      sameSite: 'Lax',
    });
  });

  it('signs a user in: JIT account with the mapped role, a session cookie like a password sign-in', async () => {
    const { browser, res, callback } = await sso('ana');
    expect(res.status, await res.clone().text()).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const setCookies = res.headers.getSetCookie();
    expect(setCookies.find((c) => c.startsWith('vigil_session='))).toMatch(
      /^vigil_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    expect(browser.cookie('vigil_oidc', callback)).toBeUndefined();

    const me = await sessionOf(browser);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      kind: 'user',
      name: 'ana',
      displayName: 'Ana Lopez',
      roles: ['analyst'],
      tenants: ['default'],
      mustChangePassword: false,
    });
    expect(me.body.permissions).toContain('cases:write');
    expect(me.body.permissions).not.toContain('users:admin');

    // An ordinary session: CSRF-protected changes work with its token, and it signs out.
    const out = await fetch(`${vigil}/api/v1/auth/logout`, {
      method: 'POST',
      headers: {
        cookie: `vigil_session=${browser.cookie('vigil_session', vigil)?.value}`,
        'x-csrf-token': me.body.csrfToken as string,
      },
    });
    expect(out.status).toBe(204);

    const user = await getUserByUsername(s.db, 'ana');
    expect(user).toMatchObject({ kind: 'user', passwordHash: null, roles: ['analyst'], disabled: false });
    expect(await externalIdentitiesOf(s.db, user!.id)).toEqual([
      expect.objectContaining({ issuer: idp.issuer, subject: 'ana' }),
    ]);
    // No local password: the password sign-in knows no way in for this account.
    const local = await fetch(`${vigil}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ana', password: 'ana-at-the-idp' }),
    });
    expect(local.status).toBe(401);

    const entry = (await audit()).find((a) => a.target?.id === user!.id && a.outcome === 'success');
    expect(entry).toMatchObject({
      actor: { kind: 'user', name: 'ana' },
      details: { issuer: idp.issuer, subject: 'ana', groups: ['soc-analysts'], created: true },
    });
    expect((await audit('user.create')).at(-1)).toMatchObject({
      actor: { kind: 'system', name: 'single sign-on' },
      target: { type: 'user', id: user!.id },
    });
    const code = callback.searchParams.get('code') as string;
    const everything = JSON.stringify(await auditEntries(s.db));
    expect(everything).not.toContain(code);
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/); // no JWT (ID or access token)
  });

  it('signs the same account in again without making another, and lands on the path asked for', async () => {
    const browser = new TestBrowser();
    const authUrl = await start(browser, '/alerts?status=open#top');
    const res = await browser.request(await signInAtProvider(browser, authUrl, 'ana', 'ana-at-the-idp'));
    expect(res.headers.get('location')).toBe('/alerts?status=open#top');
    expect((await sessionOf(browser)).body).toMatchObject({ name: 'ana', roles: ['analyst'] });
    expect(
      (await audit()).filter((a) => a.actor.name === 'ana' && a.outcome === 'success').at(-1),
    ).toMatchObject({ details: { created: false } });
  });

  it('never redirects off this server after sign-in', async () => {
    for (const returnTo of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const browser = new TestBrowser();
      const authUrl = await start(browser, returnTo);
      const res = await browser.request(await signInAtProvider(browser, authUrl, 'ana', 'ana-at-the-idp'));
      expect(res.headers.get('location'), returnTo).toBe('/');
    }
  });

  it('re-evaluates roles and tenants at each sign-in: removing a group removes its role', async () => {
    const first = await sso('cy');
    expect((await sessionOf(first.browser)).body).toMatchObject({
      roles: ['analyst', 'admin'],
      tenants: ['default', 'globex'],
    });
    (idp.accounts.get('cy') as { claims: Record<string, unknown> }).claims.groups = ['soc-analysts'];
    const second = await sso('cy');
    expect((await sessionOf(second.browser)).body).toMatchObject({
      roles: ['analyst'],
      tenants: ['default'],
    });
    // The other browser's session is the same user: it holds the new grant at once.
    expect((await sessionOf(first.browser)).body).toMatchObject({ roles: ['analyst'], tenants: ['default'] });
    expect(await lastAudit()).toMatchObject({
      outcome: 'success',
      before: { roles: ['analyst', 'admin'], tenants: ['default', 'globex'] },
      after: { roles: ['analyst'], tenants: ['default'] },
    });
  });
});

describe('refusals', () => {
  it('denies a user none of whose groups maps to a role (no default role), and says why in the audit', async () => {
    const { res, browser } = await sso('bo');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/none of your groups/);
    expect(browser.cookie('vigil_session', vigil)).toBeUndefined();
    expect(await getUserByUsername(s.db, 'bo')).toBeUndefined();
    expect(await lastAudit()).toMatchObject({
      outcome: 'denied',
      actor: { kind: 'anonymous' },
      details: { reason: 'no group maps to a role', groups: ['marketing'], subject: 'bo' },
    });
  });

  it('ends the sessions and withdraws the roles of a user whose groups no longer map', async () => {
    const before = await sso('dan');
    expect((await sessionOf(before.browser)).status).toBe(200);
    (idp.accounts.get('dan') as { claims: Record<string, unknown> }).claims.groups = [];
    expect((await sso('dan')).res.status).toBe(403);
    expect((await sessionOf(before.browser)).status).toBe(401);
    expect((await getUserByUsername(s.db, 'dan'))?.roles).toEqual([]);
  });

  it('keeps refusing a disabled user, whatever the provider says', async () => {
    const ana = (await getUserByUsername(s.db, 'ana'))!;
    await updateAccount(s.db, LOCAL_MANAGER, ana.id, { disabled: true });
    try {
      const { res } = await sso('ana');
      expect(res.status).toBe(403);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/disabled/);
      expect(await lastAudit()).toMatchObject({
        outcome: 'denied',
        actor: { kind: 'user', name: 'ana' },
        details: { reason: 'account disabled' },
      });
    } finally {
      await updateAccount(s.db, LOCAL_MANAGER, ana.id, { disabled: false });
    }
  });

  it('refuses a tampered state', async () => {
    const browser = new TestBrowser();
    const callback = await signInAtProvider(browser, await start(browser), 'ana', 'ana-at-the-idp');
    const state = callback.searchParams.get('state') as string;
    callback.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`);
    const res = await browser.request(callback);
    expect(res.status).toBe(401);
    expect(browser.cookie('vigil_session', vigil)).toBeUndefined();
    expect(await lastAudit()).toMatchObject({
      outcome: 'failure',
      details: { reason: 'state does not match the sign-in this browser started' },
    });
  });

  it("refuses a callback in a browser that did not start the sign-in (someone else's callback URL)", async () => {
    const attacker = new TestBrowser();
    const callback = await signInAtProvider(attacker, await start(attacker), 'ana', 'ana-at-the-idp');
    const victim = new TestBrowser();
    const res = await victim.request(callback);
    expect(res.status).toBe(401);
    expect(victim.cookie('vigil_session', vigil)).toBeUndefined();
  });

  it('refuses a replayed state (each sign-in completes once)', async () => {
    const { browser, res, callback } = await sso('ana');
    expect(res.status).toBe(302);
    browser.setCookie('vigil_oidc', callback.searchParams.get('state') as string, '/api/v1/auth/oidc');
    const again = await browser.request(callback);
    expect(again.status).toBe(401);
    expect(await lastAudit()).toMatchObject({
      outcome: 'failure',
      details: { reason: 'unknown or already used state' },
    });
  });

  it('refuses a code issued to another client', async () => {
    const { res } = await sso('ana', { tamper: (u) => u.searchParams.set('client_id', 'other-app') });
    expect(res.status).toBe(401);
    expect((await lastAudit()).details).toMatchObject({ reason: expect.stringMatching(/invalid_grant/) });
  });

  it('refuses an ID token minted for another audience', async () => {
    idp.tokenRequestsAs = { clientId: 'other-app', clientSecret: 'other-app-secret' };
    try {
      const { res } = await sso('ana', { tamper: (u) => u.searchParams.set('client_id', 'other-app') });
      expect(res.status).toBe(401);
      expect((await lastAudit()).details).toMatchObject({ reason: expect.stringMatching(/"aud"/) });
    } finally {
      idp.tokenRequestsAs = null;
    }
  });

  it('refuses an ID token with another nonce', async () => {
    const { res } = await sso('ana', {
      tamper: (u) => u.searchParams.set('nonce', 'a-nonce-vigil-never-made'),
    });
    expect(res.status).toBe(401);
    expect((await lastAudit()).details).toMatchObject({ reason: expect.stringMatching(/nonce/) });
  });

  it('refuses a code whose PKCE challenge is not the one Vigil made', async () => {
    const other = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
    const { res } = await sso('ana', { tamper: (u) => u.searchParams.set('code_challenge', other) });
    expect(res.status).toBe(401);
    expect((await lastAudit()).details).toMatchObject({ reason: expect.stringMatching(/invalid_grant/) });
  });

  it('passes on a refusal at the provider (the user cancelled)', async () => {
    const browser = new TestBrowser();
    const authUrl = await start(browser);
    const state = authUrl.searchParams.get('state') as string;
    const res = await browser.request(
      `${vigil}/api/v1/auth/oidc/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(idp.issuer)}`,
    );
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/cancelled or refused/);
    expect((await lastAudit()).details).toMatchObject({ providerError: 'access_denied' });
  });
});

describe('sign-in methods and configuration', () => {
  it('tells the console that single sign-on is offered', async () => {
    const res = await fetch(`${vigil}/api/v1/auth/methods`);
    expect(await res.json()).toEqual({
      password: true,
      sso: { label: 'Single sign-on', loginUrl: '/api/v1/auth/oidc/login' },
    });
  });

  it('without auth.oidc: no SSO method, and its routes answer 404', async () => {
    const plain = await authServer();
    try {
      expect((await plain.app.inject({ url: '/api/v1/auth/methods' })).json()).toEqual({
        password: true,
        sso: null,
      });
      const res = await plain.app.inject({ url: '/api/v1/auth/oidc/login' });
      expect(res.statusCode).toBe(404);
      expect(res.json().detail).toMatch(/auth\.oidc/);
    } finally {
      await plain.close();
    }
  });

  it('with allowLocalLogin false: password sign-in is refused and not offered', async () => {
    const ssoOnly = await authServer({
      oidc: oidcConfig({ issuer: idp.issuer, clientId: 'vigil', allowLocalLogin: false }),
    });
    try {
      expect((await ssoOnly.app.inject({ url: '/api/v1/auth/methods' })).json()).toMatchObject({
        password: false,
      });
      const res = await ssoOnly.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: 'whatever-it-is' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toMatch(/allowLocalLogin/);
    } finally {
      await ssoOnly.close();
    }
  });

  it('rate-limits sign-in starts per client address', async () => {
    const strict = await authServer({
      loginPerIpPerMinute: 2,
      oidc: oidcConfig({ issuer: idp.issuer, clientId: 'vigil' }),
    });
    try {
      const go = () => strict.app.inject({ url: '/api/v1/auth/oidc/login' });
      expect((await go()).statusCode).toBe(302);
      expect((await go()).statusCode).toBe(302);
      const third = await go();
      expect(third.statusCode).toBe(429);
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await strict.close();
    }
  });

  it('answers 503 naming the issuer when the provider cannot be reached, and retries at the next sign-in', async () => {
    const later = await openTestProvider(ACCOUNTS);
    const issuer = later.issuer;
    await later.close();
    const flaky = await authServer({ oidc: oidcConfig({ issuer, clientId: 'vigil' }) });
    let back: TestProvider | undefined;
    try {
      const res = await flaky.app.inject({ url: '/api/v1/auth/oidc/login' });
      expect(res.statusCode).toBe(503);
      expect(res.json().detail).toContain(`cannot read the OpenID provider's configuration at ${issuer}:`);
      back = await openTestProvider(ACCOUNTS, Number(new URL(issuer).port));
      back.register([
        {
          client_id: 'vigil',
          redirect_uris: ['http://localhost/api/v1/auth/oidc/callback'],
          token_endpoint_auth_method: 'none',
        },
      ]);
      const retried = await flaky.app.inject({ url: '/api/v1/auth/oidc/login' });
      expect(retried.statusCode).toBe(302);
      expect(retried.headers.location).toMatch(new RegExp(`^${issuer}/auth\\?`));
    } finally {
      await flaky.close();
      await back?.close();
    }
  });
});
