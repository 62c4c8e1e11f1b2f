/**
 * The CLI's client of a running Vigil against a small HTTP server standing in for it: the data
 * directory's admin key is sent, and a problem answer becomes the error its HTTP status stands for
 * (`${status}: ${detail}`, Retry-After on 429/503, the server's currentVersion on a 409), never one
 * that names the admin key.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testScratch } from '../../test/helpers/cli.ts';
import { dataPaths } from '../app/index.ts';
import { writeServerInfo } from '../app/server-info.ts';
import { ConflictError, type ErrorCode, VigilError } from '../core/errors.ts';
import { errorCodeForStatus, findRemote, type Remote } from './remote.ts';

const KEY = 'vak_remote-test-admin-key-0123456789';
const { fresh } = testScratch();
const dataDir = fresh('vigil-remote-');
const auth: (string | undefined)[] = [];
let server: Server;
let remote: Remote;

beforeAll(async () => {
  server = createServer((req, res) => {
    auth.push(req.headers.authorization);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/ok')
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{"n":1}');
    if (url.pathname === '/plain') return res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
    const status = Number(url.pathname.split('/')[2]);
    const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
    const retry = url.searchParams.get('retry');
    if (retry) headers['retry-after'] = retry;
    const version = url.searchParams.get('version');
    res.writeHead(status, headers).end(
      JSON.stringify({
        status,
        code: 'whatever the server says',
        detail: `detail of ${status}`,
        ...(version ? { currentVersion: Number(version) } : {}),
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const paths = dataPaths(dataDir);
  mkdirSync(paths.secrets, { recursive: true, mode: 0o700 });
  writeFileSync(paths.adminKey, `${KEY}\n`, { mode: 0o600 });
  writeServerInfo(paths.serverInfo, {
    pid: process.pid,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    startedAt: new Date().toISOString(),
    syslog: {},
  });
  const found = findRemote(dataDir);
  if (!found) throw new Error('findRemote did not find the stand-in server');
  remote = found;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function failure(path: string): Promise<VigilError> {
  const e = await remote.request('GET', path).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(VigilError);
  const v = e as VigilError;
  expect(v.message).not.toContain(KEY);
  return v;
}

describe('errorCodeForStatus', () => {
  it.each<[number, ErrorCode]>([
    [400, 'bad_request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'conflict'],
    [413, 'too_large'],
    [422, 'query_too_broad'],
    [429, 'rate_limited'],
    [503, 'overloaded'],
    [500, 'unavailable'],
    [502, 'unavailable'],
    [504, 'unavailable'],
    [599, 'unavailable'],
    [405, 'bad_request'],
    [418, 'bad_request'],
    [302, 'bad_request'],
  ])('maps %i to %s', (status, code) => {
    expect(errorCodeForStatus(status)).toBe(code);
  });
});

describe('findRemote', () => {
  it('is null for a data directory without a running server', () => {
    expect(findRemote(fresh('vigil-remote-empty-'))).toBeNull();
  });

  it('reports a server named in run/server.json that does not answer as unavailable, saying what to do', async () => {
    // a port that was just free: nothing listens there
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const dir = fresh('vigil-remote-stale-');
    const paths = dataPaths(dir);
    mkdirSync(paths.secrets, { recursive: true, mode: 0o700 });
    writeFileSync(paths.adminKey, `${KEY}\n`, { mode: 0o600 });
    writeServerInfo(paths.serverInfo, {
      pid: process.pid,
      url: `http://127.0.0.1:${port}`,
      startedAt: new Date().toISOString(),
      syslog: {},
    });
    const stale = findRemote(dir) as Remote;
    const e = await stale.request('GET', '/ok').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(VigilError);
    expect((e as VigilError).code).toBe('unavailable');
    expect((e as VigilError).message).toMatch(/did not answer: .*remove the stale run\/server.json/);
    expect((e as VigilError).message).not.toContain(KEY);
  });

  it('sends the admin key as a bearer token and parses the JSON answer', async () => {
    auth.length = 0;
    expect(await remote.request<{ n: number }>('GET', '/ok')).toEqual({ n: 1 });
    expect(auth).toEqual([`Bearer ${KEY}`]);
  });

  it.each<[number, ErrorCode]>([
    [400, 'bad_request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [413, 'too_large'],
    [422, 'query_too_broad'],
    [500, 'unavailable'],
    [502, 'unavailable'],
  ])('reports a %i as %s with the server detail', async (status, code) => {
    const e = await failure(`/status/${status}`);
    expect(e.code).toBe(code);
    expect(e.message).toBe(`${status}: detail of ${status}`);
    expect(e.retryAfter).toBeUndefined();
  });

  it('keeps Retry-After on a 429 (rate_limited) and a 503 (overloaded)', async () => {
    const limited = await failure('/status/429?retry=7');
    expect([limited.code, limited.message, limited.retryAfter]).toEqual([
      'rate_limited',
      '429: detail of 429',
      7,
    ]);
    const overloaded = await failure('/status/503?retry=3');
    expect([overloaded.code, overloaded.message, overloaded.retryAfter]).toEqual([
      'overloaded',
      '503: detail of 503',
      3,
    ]);
    const noHeader = await failure('/status/503');
    expect([noHeader.code, noHeader.retryAfter]).toEqual(['overloaded', undefined]);
    const notSeconds = await failure('/status/429?retry=soon');
    expect([notSeconds.code, notSeconds.retryAfter]).toEqual(['rate_limited', undefined]);
  });

  it("reports a 409 as a ConflictError carrying the server's currentVersion", async () => {
    const e = await failure('/status/409?version=5');
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.code).toBe('conflict');
    expect(e.message).toBe('409: detail of 409');
    expect((e as ConflictError).currentVersion).toBe(5);
    const without = await failure('/status/409');
    expect(without).toBeInstanceOf(ConflictError);
    expect((without as ConflictError).currentVersion).toBeUndefined();
  });

  it('uses the body as the detail when the answer is not problem JSON', async () => {
    const e = await failure('/plain');
    expect([e.code, e.message]).toEqual(['unavailable', '500: boom']);
  });
});
