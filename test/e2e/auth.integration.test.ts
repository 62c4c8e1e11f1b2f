/**
 * Identities end to end: a real `vigil serve` on an empty data directory prints the first admin's
 * one-time password; over real HTTP the admin signs in (cookie), is made to change it, makes a
 * CSRF-protected change, and signs out. Lockout and `vigil user` commands on the same data
 * directory, and the CLI's admin key, work beside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVigil, type ServerProcess, startVigilServer } from '../helpers/cli.ts';
import { tempDir } from '../helpers/vigil.ts';

let dataDir: string;
let server: ServerProcess;
let firstPassword: string;
beforeAll(async () => {
  dataDir = tempDir('vigil-auth-e2e-');
  server = await startVigilServer(dataDir, ['--port', '0', '--no-syslog', '--log-level', 'warn']);
  const m = await server.waitForStdout(/one-time password[^\n]*\n[^\n]*\n\s+([a-z2-9-]{23})\n/);
  firstPassword = m[1] as string;
});
afterAll(async () => {
  await server?.stop();
});

const url = (path: string) => server.info.url + path;

interface Session {
  cookie: string;
  csrf: string;
  body: Record<string, unknown>;
}

async function signIn(username: string, password: string): Promise<Session> {
  const res = await fetch(url('/api/v1/auth/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const setCookie = res.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Strict/);
  const body = (await res.json()) as Record<string, unknown>;
  return { cookie: setCookie.split(';')[0] as string, csrf: body.csrfToken as string, body };
}

const send = (s: Session, method: string, path: string, body?: unknown, csrf = true) =>
  fetch(url(path), {
    method,
    headers: {
      cookie: s.cookie,
      ...(csrf ? { 'x-csrf-token': s.csrf } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

describe('first run and the console session', () => {
  it('prints the one-time password once, and it signs the admin in with a password change pending', async () => {
    expect(server.stdout()).toContain('sign in to the console as "admin"');
    const s = await signIn('admin', firstPassword);
    expect(s.body).toMatchObject({
      name: 'admin',
      roles: ['admin'],
      mustChangePassword: true,
      permissions: [],
    });
    expect((await send(s, 'GET', '/api/v1/sources')).status).toBe(403);
  });

  it('login → change password → session → CSRF-protected change → logout', async () => {
    const s = await signIn('admin', firstPassword);
    const changed = await send(s, 'POST', '/api/v1/auth/password', {
      currentPassword: firstPassword,
      newPassword: 'a passphrase of my own',
    });
    expect(changed.status).toBe(204);

    const me = (await (await send(s, 'GET', '/api/v1/auth/session')).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ name: 'admin', mustChangePassword: false, csrfToken: s.csrf });
    expect(me.permissions).toContain('users:admin');

    const newUser = {
      username: 'ana',
      roles: ['analyst'],
      password: 'ana long passphrase',
      mustChangePassword: false,
    };
    expect((await send(s, 'POST', '/api/v1/users', newUser, false)).status).toBe(403);
    const created = await send(s, 'POST', '/api/v1/users', newUser);
    expect(created.status).toBe(201);
    expect((await signIn('ana', 'ana long passphrase')).body.permissions).toContain('cases:write');

    expect((await send(s, 'POST', '/api/v1/auth/logout')).status).toBe(204);
    expect((await send(s, 'GET', '/api/v1/auth/session')).status).toBe(401);
    await expect(signIn('admin', firstPassword)).rejects.toThrow();
  });

  it('keeps the local CLI admin key working (Bearer, no CSRF), now owned by the admin', async () => {
    const { readFileSync } = await import('node:fs');
    const key = readFileSync(`${dataDir}/secrets/admin.key`, 'utf8').trim();
    const res = await fetch(url('/api/v1/auth/session'), { headers: { authorization: `Bearer ${key}` } });
    expect(await res.json()).toMatchObject({
      kind: 'api_key',
      name: 'admin/local admin (CLI)',
      csrfToken: null,
    });
    const list = await fetch(url('/api/v1/users'), { headers: { authorization: `Bearer ${key}` } });
    expect(((await list.json()) as { users: { username: string }[] }).users.map((u) => u.username)).toEqual([
      'admin',
      'ana',
    ]);
  });
});

describe('lockout and the vigil user command', () => {
  it('locks after 5 failures; `vigil user unlock` lifts it', async () => {
    const create = await runVigil(['user', 'create', 'bob', '--role', 'responder', '--password-stdin'], {
      dataDir,
      input: 'bob long passphrase\n',
    });
    expect(create.stderr).toBe('');
    expect(create.stdout).toMatch(/created user bob\s+user\s+roles=responder\s+tenants=default/);
    const attempt = (password: string) =>
      fetch(url('/api/v1/auth/login'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bob', password }),
      });
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong guess ${i}`)).status).toBe(401);
    expect((await attempt('bob long passphrase')).status).toBe(401);
    expect((await runVigil(['user', 'list'], { dataDir })).stdout).toMatch(/bob .*LOCKED until/);
    const unlock = await runVigil(['user', 'unlock', 'bob'], { dataDir });
    expect(unlock.code).toBe(0);
    expect((await attempt('bob long passphrase')).status).toBe(200);
  });

  it('`vigil user reset-password` prints a one-time password that must be changed', async () => {
    const r = await runVigil(['user', 'reset-password', 'ana'], { dataDir });
    const pw = /: ([a-z2-9-]{23})$/m.exec(r.stdout)?.[1];
    expect(pw, r.stdout + r.stderr).toBeDefined();
    expect((await signIn('ana', pw as string)).body.mustChangePassword).toBe(true);
    const bad = await runVigil(['user', 'create', 'x', '--role', 'wizard'], { dataDir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown role\(s\) wizard/);
  });
});
