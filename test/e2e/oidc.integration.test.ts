/**
 * Single sign-on end to end: a real `vigil serve` configured (vigil.yaml) against a real OpenID
 * provider (`oidc-provider`) started by the test on 127.0.0.1, the client secret stored encrypted
 * with `vigil secrets set` and referenced as `secret:<name>`. A browser (real HTTP, redirects
 * followed by hand, cookies kept) signs in at the provider and comes back with a Vigil session
 * holding the role its group maps to; a user whose groups map to nothing is refused.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../../src/access/oidc/audit.fixture.ts';
import { signInAtProvider, TestBrowser } from '../../src/access/oidc/browser.fixture.ts';
import { openTestProvider, type TestProvider } from '../../src/access/oidc/provider.fixture.ts';
import { openStateDb } from '../../src/store/state/index.ts';
import { runVigil, type ServerProcess, startVigilServer } from '../helpers/cli.ts';
import { tempDir } from '../helpers/vigil.ts';

const CLIENT_SECRET = 'a-long-client-secret-from-the-idp';

let dataDir: string;
let idp: TestProvider;
let server: ServerProcess;
let vigil: string;

beforeAll(async () => {
  dataDir = tempDir('vigil-oidc-e2e-');
  idp = await openTestProvider({
    ana: {
      password: 'ana-at-the-idp',
      claims: { preferred_username: 'ana', name: 'Ana Lopez', groups: ['soc-analysts', 'everyone'] },
    },
    max: { password: 'max-at-the-idp', claims: { preferred_username: 'max', groups: ['everyone'] } },
  });
  const stored = await runVigil(['secrets', 'set', 'oidc-client'], { dataDir, input: CLIENT_SECRET });
  expect(stored.code, stored.stderr).toBe(0);
  writeFileSync(
    join(dataDir, 'vigil.yaml'),
    [
      'auth:',
      '  oidc:',
      '    enabled: true',
      `    issuer: ${idp.issuer}`,
      '    clientId: vigil',
      '    clientSecret: secret:oidc-client',
      '    scopes: [openid, profile, groups]',
      '    roleMap:',
      '      soc-analysts: analyst',
      '    tenantMap:',
      '      soc-analysts: [default]',
      '',
    ].join('\n'),
  );
  server = await startVigilServer(dataDir, ['--port', '0', '--no-syslog', '--log-level', 'warn']);
  vigil = server.info.url;
  idp.register([
    {
      client_id: 'vigil',
      client_secret: CLIENT_SECRET,
      redirect_uris: [`${vigil}/api/v1/auth/oidc/callback`],
    },
  ]);
});

afterAll(async () => {
  await server?.stop();
  await idp?.close();
});

async function signIn(login: string): Promise<{ browser: TestBrowser; res: Response }> {
  const browser = new TestBrowser();
  const start = await browser.request(`${vigil}/api/v1/auth/oidc/login?returnTo=/alerts`);
  expect(start.status, await start.clone().text()).toBe(302);
  const callback = await signInAtProvider(
    browser,
    new URL(start.headers.get('location') as string),
    login,
    `${login}-at-the-idp`,
  );
  expect(callback.href.startsWith(`${vigil}/api/v1/auth/oidc/callback?`)).toBe(true);
  return { browser, res: await browser.request(callback) };
}

describe('OIDC sign-in against a real provider, through vigil serve', () => {
  it('the console is told single sign-on is offered', async () => {
    const methods = await (await fetch(`${vigil}/api/v1/auth/methods`)).json();
    expect(methods).toEqual({
      password: true,
      sso: { label: 'Single sign-on', loginUrl: '/api/v1/auth/oidc/login' },
    });
  });

  it('login → provider → callback → Vigil session cookie → the session shows the mapped role', async () => {
    const { browser, res } = await signIn('ana');
    expect(res.status, await res.clone().text()).toBe(302);
    expect(res.headers.get('location')).toBe('/alerts');
    expect(res.headers.getSetCookie().join('\n')).toMatch(
      /vigil_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict/,
    );

    const session = await browser.request(`${vigil}/api/v1/auth/session`);
    expect(session.status).toBe(200);
    const me = (await session.json()) as Record<string, unknown>;
    expect(me).toMatchObject({
      kind: 'user',
      name: 'ana',
      displayName: 'Ana Lopez',
      roles: ['analyst'],
      tenants: ['default'],
      mustChangePassword: false,
    });
    expect(me.permissions).toContain('alerts:write');
    // The session works for the API like a password session: reads with the cookie alone.
    expect((await browser.request(`${vigil}/api/v1/detections`)).status).toBe(200);
  });

  it('refuses a user none of whose groups maps to a role', async () => {
    const { browser, res } = await signIn('max');
    expect(res.status).toBe(403);
    expect(browser.cookie('vigil_session', vigil)).toBeUndefined();
  });

  it('audited both sign-ins, with the reason of the refusal and no token', async () => {
    await server.stop();
    const db = await openStateDb({ path: join(dataDir, 'state.db') });
    try {
      const entries = await auditEntries(db, 'auth.oidc.login');
      expect(entries.map((e) => [e.outcome, e.details])).toEqual([
        ['success', expect.objectContaining({ subject: 'ana', created: true })],
        ['denied', expect.objectContaining({ subject: 'max', reason: 'no group maps to a role' })],
      ]);
      const all = JSON.stringify(await auditEntries(db));
      expect(all).not.toContain(CLIENT_SECRET);
      expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    } finally {
      await db.destroy();
    }
  });
});
