/**
 * The analyst commands' API client against a small HTTP server standing in for Vigil: the key is
 * sent, bodies go up as JSON or raw bytes, and problems come back as the error classes whose exit
 * codes the CLI uses (409 → ConflictError with the API's message and currentVersion).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, ConflictError, NotFoundError, VigilError } from '../../core/errors.ts';
import { problemError, query, socClientAt } from './soc-client.ts';

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  type: string | undefined;
  body: Buffer;
}

let server: Server;
let url: string;
const seen: Seen[] = [];

const body = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const b = await body(req);
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      auth: req.headers.authorization,
      type: req.headers['content-type'],
      body: b,
    });
    const problem = (status: number, detail: string, extra: object = {}) =>
      res
        .writeHead(status, { 'content-type': 'application/problem+json' })
        .end(JSON.stringify({ status, detail, ...extra }));
    if (req.url === '/conflict')
      return problem(409, 'alert a1 was changed by someone else (version 3, you sent 2)', {
        currentVersion: 3,
      });
    if (req.url === '/missing') return problem(404, 'no alert a1 in your tenants');
    if (req.url === '/bad') return problem(400, 'verdict is required', { location: 'verdict' });
    if (req.url === '/file') return res.writeHead(200, { etag: '"x"' }).end(Buffer.from([0, 1, 2, 255]));
    if (req.url === '/empty') return res.writeHead(204).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echo: b.length }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the analyst API client', () => {
  it('sends the key, JSON bodies and raw uploads, and reads JSON, empty and raw answers', async () => {
    const c = socClientAt(url, 'k3y');
    expect(await c.json('POST', '/x', { version: 2 })).toEqual({ echo: 13 });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', auth: 'Bearer k3y', type: 'application/json' });
    expect(JSON.parse(seen.at(-1)!.body.toString())).toEqual({ version: 2 });

    expect(await c.json('GET', '/x')).toEqual({ echo: 0 });
    expect(seen.at(-1)!.type).toBeUndefined();
    expect(await c.json('DELETE', '/empty')).toBeUndefined();

    const bytes = Buffer.from([9, 8, 7, 0, 255]);
    expect(await c.upload('/up', bytes)).toEqual({ echo: 5 });
    expect(seen.at(-1)).toMatchObject({ type: 'application/octet-stream' });
    expect(seen.at(-1)!.body.equals(bytes)).toBe(true);

    const d = await c.download('/file');
    expect([...d.bytes]).toEqual([0, 1, 2, 255]);
    expect(d.headers.get('etag')).toBe('"x"');
  });

  it('turns a 409 into a ConflictError with the API message and the current version', async () => {
    const e = await socClientAt(url, 'k')
      .json('POST', '/conflict', { version: 2 })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConflictError);
    expect((e as ConflictError).message).toBe('alert a1 was changed by someone else (version 3, you sent 2)');
    expect((e as ConflictError).currentVersion).toBe(3);
    expect((e as ConflictError).code).toBe('conflict');
  });

  it('turns 404 and 400 into NotFoundError and BadRequestError (with the field)', async () => {
    const c = socClientAt(url, 'k');
    await expect(c.json('GET', '/missing')).rejects.toThrow(NotFoundError);
    const bad = await c.json('GET', '/bad').catch((x: unknown) => x);
    expect(bad).toBeInstanceOf(BadRequestError);
    expect((bad as BadRequestError).location).toBe('verdict');
  });

  it('says when the server cannot be reached', async () => {
    const e = await socClientAt('http://127.0.0.1:1', 'k')
      .json('GET', '/x')
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(VigilError);
    expect((e as VigilError).code).toBe('unavailable');
    expect((e as VigilError).message).toMatch(/cannot reach the Vigil server at http:\/\/127\.0\.0\.1:1/);
  });

  it('keeps non-problem error bodies readable', () => {
    expect(problemError(502, 'Bad Gateway')).toMatchObject({
      code: 'unavailable',
      message: '502: Bad Gateway',
    });
    expect(problemError(503, '', 7)).toMatchObject({ code: 'overloaded', retryAfter: 7 });
  });

  it('gives other statuses the code they stand for', () => {
    expect(problemError(422, '{"detail":"narrow the time range"}')).toMatchObject({
      code: 'query_too_broad',
      message: '422: narrow the time range',
    });
    expect(problemError(429, '{"detail":"slow down"}', 3)).toMatchObject({
      code: 'rate_limited',
      retryAfter: 3,
    });
    expect(problemError(413, '{"detail":"file too large"}')).toMatchObject({
      code: 'too_large',
      message: 'file too large',
    });
    expect(problemError(500, 'boom')).toMatchObject({ code: 'unavailable', message: '500: boom' });
    expect(problemError(418, 'teapot')).toMatchObject({ code: 'bad_request', message: '418: teapot' });
  });

  it('builds query strings from the defined values only', () => {
    expect(query({ a: 'x y', b: undefined, c: 3, d: '' })).toBe('?a=x+y&c=3');
    expect(query({ a: undefined })).toBe('');
  });
});
