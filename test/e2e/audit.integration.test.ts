/**
 * The audit trail and transport security end to end, with real processes, files and sockets:
 * changes and refused credentials reach the audit API with who and from where; `vigil audit verify`
 * (the real CLI) reports a tampered `state.db` by entry and exits 1; secrets set through the CLI
 * are neither stored nor logged in clear; HTTPS and syslog over TLS with `vigil certs dev`
 * certificates, trusted by real TLS clients through the generated CA only.
 */
import { createPrivateKey } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSecret, Keyring, LOCAL_CLI_ACTOR, NO_CLIENT, setSecret } from '../../src/access/index.ts';
import { type RunningVigil, startVigil } from '../../src/app/index.ts';
import { openAuditedState } from '../../src/app/security.ts';
import { loadConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/ops/index.ts';
import { openStateDb } from '../../src/store/state/index.ts';
import {
  type CliResult,
  runVigil,
  type ServerProcess,
  startVigilServer,
  testScratch,
} from '../helpers/cli.ts';
import { waitFor } from '../helpers/vigil.ts';

const { fresh, servers } = testScratch();
const ok = (r: CliResult, what: string) =>
  expect(r.code, `${what} failed:\n${r.stdout}\n${r.stderr}`).toBe(0);

interface AuditItem {
  seq: number;
  action: string;
  outcome: string;
  tenant: string | null;
  actor: { kind: string; id: string | null; name: string | null };
  target: { type: string; id: string } | null;
  ip: string | null;
  userAgent: string | null;
  after: Record<string, unknown> | null;
  details: Record<string, unknown> | null;
}

describe('audit trail of a running server, then tampering with state.db', () => {
  const dataDir = fresh('vigil-audit-e2e-');
  let server: ServerProcess;
  let adminKey: string;
  let tokenId: string;
  let token: string;
  const api = async (path: string, init: RequestInit = {}) =>
    fetch(server.info.url + path, {
      ...init,
      headers: {
        authorization: `Bearer ${adminKey}`,
        'user-agent': 'audit-e2e/1.0',
        ...(init.headers ?? {}),
      },
    });
  const audit = async (query: string): Promise<AuditItem[]> => {
    const res = await api(`/api/v1/audit?${query}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: AuditItem[] }).items;
  };

  beforeAll(async () => {
    server = await startVigilServer(dataDir, ['--port', '0', '--syslog-port', '0']);
    servers.push(server);
    adminKey = readFileSync(join(dataDir, 'secrets', 'admin.key'), 'utf8').trim();
  });

  it('records a token created through the API with the acting key, its address and user agent', async () => {
    const res = await api('/api/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'firewall', name: 'fw token' }),
    });
    expect(res.status).toBe(201);
    ({ id: tokenId, token } = (await res.json()) as { id: string; token: string });
    const [entry] = await audit(`action=token.create&targetId=${tokenId}`);
    expect(entry).toMatchObject({
      action: 'token.create',
      outcome: 'success',
      tenant: 'default',
      actor: { kind: 'api_key', id: expect.any(String) },
      target: { type: 'ingest_token', id: tokenId },
      ip: '127.0.0.1',
      userAgent: 'audit-e2e/1.0',
      after: { source: 'firewall', name: 'fw token', prefix: token.slice(0, 10) },
    });
    expect(JSON.stringify(entry)).not.toContain(token);
    // Plain HTTP: security headers, but no HSTS (that needs TLS on this server).
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('records revocation, and a refused (revoked or unknown) token with the address it came from', async () => {
    expect((await api(`/api/v1/tokens/${tokenId}`, { method: 'DELETE' })).status).toBe(204);
    const send = (t: string) =>
      fetch(`${server.info.url}/services/collector/event`, {
        method: 'POST',
        headers: { authorization: `Splunk ${t}` },
        body: JSON.stringify({ event: 'hello' }),
      });
    // HEC answers a refused token the Splunk way: 403 "Invalid token".
    expect((await send(token)).status).toBe(403);
    expect((await send('vgi_wrong-token-000000000000000000000000000000000')).status).toBe(403);
    const denied = await waitFor(
      async () => {
        const items = await audit('action=auth.denied');
        return items.length >= 2 ? items : undefined;
      },
      10_000,
      'auth.denied entries',
    );
    expect(denied).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          outcome: 'failure',
          ip: '127.0.0.1',
          tenant: 'default',
          actor: { kind: 'ingest', id: tokenId, name: 'fw token' },
          details: expect.objectContaining({
            reason: 'token has been revoked',
            route: '/services/collector/event',
          }),
        }),
        expect.objectContaining({
          outcome: 'failure',
          ip: '127.0.0.1',
          tenant: null,
          actor: expect.objectContaining({ kind: 'anonymous' }),
        }),
      ]),
    );
    expect(JSON.stringify(denied)).not.toMatch(/vgi_wrong-token|Splunk/);
    const [revoke] = await audit(`action=token.revoke&targetId=${tokenId}`);
    expect(revoke).toMatchObject({ before: { revokedAt: null }, after: { revokedAt: expect.any(String) } });
    const verify = await api('/api/v1/audit/verify');
    expect(await verify.json()).toMatchObject({ ok: true, checkpoint: { status: 'valid' } });
  });

  it('`vigil audit verify` passes on the intact data directory after a clean stop', async () => {
    expect(await server.stop()).toBe(0);
    // The server kept its checkpoint without trouble (no tamper report, no write error).
    expect(server.stderr()).not.toMatch(/"component":"audit"/);
    const r = await runVigil(['audit', 'verify'], { dataDir });
    ok(r, 'audit verify');
    expect(r.stdout).toMatch(/audit trail OK: \d+ entries/);
  });

  it('reports an edited row by its number and exits 1', async () => {
    const copy = fresh('vigil-audit-edit-');
    cpSync(dataDir, copy, { recursive: true });
    const db = new Database(join(copy, 'state.db'));
    const row = db
      .prepare("select seq from audit_log where action = 'token.create' and target_id = ?")
      .get(tokenId) as {
      seq: number;
    };
    db.prepare("update audit_log set actor_name = 'someone else' where seq = ?").run(row.seq);
    db.close();
    const r = await runVigil(['audit', 'verify', '--data-dir', copy]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`audit trail BROKEN at entry #${row.seq}: edited`);
  });

  it('reports rows deleted from the end (against the signed checkpoint) and exits 1', async () => {
    const copy = fresh('vigil-audit-trunc-');
    cpSync(dataDir, copy, { recursive: true });
    const db = new Database(join(copy, 'state.db'));
    const { top } = db.prepare('select max(seq) as top from audit_log').get() as { top: number };
    db.prepare('delete from audit_log where seq >= ?').run(top - 1);
    db.close();
    const r = await runVigil(['audit', 'verify', '--json'], { dataDir: copy });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      firstBad: { seq: top - 1, reason: 'truncated' },
    });
  });

  it('reports a deleted checkpoint file once the trail has entries', async () => {
    const copy = fresh('vigil-audit-nohead-');
    cpSync(dataDir, copy, { recursive: true });
    rmSync(join(copy, 'audit.head'));
    const r = await runVigil(['audit', 'verify'], { dataDir: copy });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NOT VERIFIED[\s\S]*no checkpoint/);
  });
});

describe('secrets through the CLI', () => {
  const dataDir = fresh('vigil-secrets-e2e-');
  const value = 'Pa55-phrase-that-must-not-leak';

  it('stores a secret from stdin: listed by name, never printed, logged or stored in clear; rotation keeps it readable', async () => {
    const set = await runVigil(['--log-level', 'trace', 'secrets', 'set', 'oidc.client'], {
      dataDir,
      input: `${value}\n`,
    });
    ok(set, 'secrets set');
    const list = await runVigil(['--log-level', 'trace', 'secrets', 'list'], { dataDir });
    ok(list, 'secrets list');
    expect(list.stdout).toMatch(/^oidc\.client {2}\(global\) {2}key=[0-9a-f]{12}/m);
    const rotate = await runVigil(['--log-level', 'trace', 'secrets', 'rotate'], { dataDir });
    ok(rotate, 'secrets rotate');
    expect(rotate.stdout).toContain('re-encrypted 1 secret(s)');
    const search = await runVigil(['audit', 'search', '--action', 'secret', '--json'], { dataDir });
    ok(search, 'audit search');
    const outputs = [set, list, rotate, search].map((r) => r.stdout + r.stderr).join('\n');
    expect(outputs).not.toContain(value);
    const stored = ['state.db', 'state.db-wal']
      .map((f) => {
        try {
          return readFileSync(join(dataDir, f)).toString('latin1');
        } catch {
          return '';
        }
      })
      .join('');
    expect(stored).toContain('oidc.client');
    expect(stored).not.toContain(value);
    // Still readable with the rotated keyring.
    const keyring = Keyring.load({ file: join(dataDir, 'secrets', 'master.key'), env: {} });
    const db = await openStateDb({ path: join(dataDir, 'state.db') });
    expect(await getSecret(db, keyring, null, 'oidc.client')).toBe(value);
    await db.destroy();
  });
});

/** HTTPS and syslog TLS with certificates from the real `vigil certs dev`, and an encrypted key whose passphrase is a stored secret. */
describe('TLS with `vigil certs dev` certificates', () => {
  const dataDir = fresh('vigil-tls-e2e-');
  const certs = join(dataDir, 'certs');
  const passphrase = 'tls-key-passphrase-do-not-log';
  const logLines: string[] = [];
  let vigil: RunningVigil;
  let ca: Buffer;

  beforeAll(async () => {
    ok(await runVigil(['certs', 'dev', '--out', certs], { dataDir }), 'certs dev');
    ca = readFileSync(join(certs, 'ca.crt'));
    // Encrypt the server key; its passphrase lives in the secret store, the config names it.
    const key = createPrivateKey(readFileSync(join(certs, 'server.key')));
    writeFileSync(
      join(certs, 'server.enc.key'),
      key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }),
    );
    const config = loadConfig({
      env: {},
      overrides: {
        dataDir,
        'server.port': 0,
        'syslog.port': 0,
        'syslog.tlsPort': 0,
        'log.level': 'trace',
        'server.tls': {
          certFile: join(certs, 'server.crt'),
          keyFile: join(certs, 'server.enc.key'),
          keyPassphrase: 'secret:tls.key',
        },
        'syslog.tls': {
          certFile: join(certs, 'server.crt'),
          keyFile: join(certs, 'server.enc.key'),
          keyPassphrase: 'secret:tls.key',
        },
      },
    });
    // As `vigil secrets set` does: through the audited state, which keeps the checkpoint.
    const state = await openAuditedState(config, createLogger('silent'));
    await setSecret(
      state.db,
      state.keyring,
      { tenant: null, name: 'tls.key', value: passphrase },
      { actor: LOCAL_CLI_ACTOR, client: NO_CLIENT },
    );
    await state.close();
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logLines.push(String(chunk));
        cb();
      },
    });
    vigil = await startVigil(config, createLogger('trace', sink));
  });
  afterAll(async () => {
    await vigil?.close();
  });

  const get = (path: string, opts: { ca?: Buffer; servername?: string }) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
      (resolve, reject) => {
        const url = new URL(vigil.url + path);
        const req = httpsRequest(
          { host: url.hostname, port: url.port, path, method: 'GET', ...opts },
          (res) => {
            let body = '';
            res.setEncoding('utf8').on('data', (d: string) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
          },
        );
        req.on('error', reject);
        req.end();
      },
    );

  it('serves HTTPS that a client trusting the generated CA accepts, for the IP and for localhost', async () => {
    expect(vigil.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await get('/healthz', { ca });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ status: 'ok' });
    expect((await get('/healthz', { ca, servername: 'localhost' })).status).toBe(200);
  });

  it('is refused by a client that does not trust the CA', async () => {
    await expect(get('/healthz', {})).rejects.toThrow(/self.signed|unable to verify|UNABLE_TO_VERIFY/i);
  });

  it('sends security headers: CSP for a same-origin console, HSTS (TLS), no framing, no caching of API answers', async () => {
    const r = await get('/healthz', { ca });
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('accepts syslog over TLS with the same certificate, verified against the CA', async () => {
    const socket = await new Promise<ReturnType<typeof tlsConnect>>((resolve, reject) => {
      const s = tlsConnect(
        { host: '127.0.0.1', port: vigil.syslog.tlsPort!, ca, servername: 'localhost' },
        () => resolve(s),
      );
      s.once('error', reject);
    });
    expect(socket.authorized).toBe(true);
    socket.end();
  });

  it('never logged the key passphrase, though it was resolved from the secret store', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).not.toContain(passphrase);
  });
});
