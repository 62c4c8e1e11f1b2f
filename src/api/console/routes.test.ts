/**
 * Serving the built console (registered by opsRoutes, as the server does): pages answer with index.html (never cached), hashed assets with a
 * year of caching (gzip when the build left a .gz and the client takes it), nothing outside
 * `assets/`, and unknown paths still answer 404 problems. `/` is the console when it is built and
 * the landing page otherwise. The console's index.html passes the server's CSP (no inline script).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../ops/index.ts';
import { openStateDb, type StateDb } from '../../store/state/index.ts';
import type { EventQueries } from '../events/routes.ts';
import { opsRoutes } from '../ops/routes.ts';
import { buildServer } from '../server.ts';
import { ConsoleFiles } from './routes.ts';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const JS = 'console.log("vigil console");'.repeat(50);

let db: StateDb;
let built: FastifyInstance;
let bare: FastifyInstance;

async function server(files: ConsoleFiles): Promise<FastifyInstance> {
  return buildServer({
    logger: createLogger('silent'),
    stateDb: db,
    bodyLimitBytes: 1024 * 1024,
    routes: opsRoutes({
      metrics: {} as never,
      events: {} as EventQueries,
      notReady: () => [],
      backlogBytes: () => 0,
      landingPage: () => '<html>landing</html>',
      console: files,
    }),
  });
}

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-console-'));
  db = await openStateDb({ path: join(root, 'state.db') });
  const dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets', 'fonts'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), JS);
  writeFileSync(join(dist, 'assets', 'index-abc123.js.gz'), gzipSync(JS));
  writeFileSync(join(dist, 'assets', 'index-abc123.css'), 'body{color:red}');
  writeFileSync(join(dist, 'assets', 'fonts', 'a.woff2'), 'font');
  writeFileSync(join(root, 'secret.txt'), 'do not serve');
  built = await server(new ConsoleFiles(dist));
  bare = await server(new ConsoleFiles(join(root, 'not-built')));
});
afterAll(async () => {
  await built?.close();
  await bare?.close();
  await db?.destroy();
});

const get = (app: FastifyInstance, url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });

describe('the console pages', () => {
  it('answers / and every page path (deep links too) with index.html, not cached', async () => {
    for (const url of ['/', '/search', '/search?q=x', '/detections/rules/abc', '/admin/audit', '/login']) {
      const res = await get(built, url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toBe(INDEX);
    }
  });

  it('sends a CSP without inline scripts, which the index.html (external module script) satisfies', async () => {
    const res = await get(built, '/search');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('keeps answering unknown paths with 404 problems', async () => {
    for (const url of ['/nope', '/api/v1/nope', '/search.php']) {
      const res = await get(built, url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found', detail: `no route GET ${url}` });
    }
  });

  it('shows the landing page at / and says how to build the console on its pages when it is not built', async () => {
    expect((await get(bare, '/')).body).toBe('<html>landing</html>');
    const page = await get(bare, '/search');
    expect(page.statusCode).toBe(404);
    expect(page.json()).toMatchObject({ detail: expect.stringContaining('npm run build:web') });
  });
});

describe('the console assets', () => {
  it('serves hashed files with their type and a year of caching, gzip when accepted', async () => {
    const plain = await get(built, '/assets/index-abc123.js');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(JS);
    const zipped = await get(built, '/assets/index-abc123.js', { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.rawPayload.length).toBeLessThan(JS.length);
    const css = await get(built, '/assets/index-abc123.css', { 'accept-encoding': 'gzip' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['content-encoding']).toBeUndefined();
    expect((await get(built, '/assets/fonts/a.woff2')).headers['content-type']).toBe('font/woff2');
  });

  it('reads nothing outside assets/ and answers missing files with 404', async () => {
    for (const url of [
      '/assets/../secret.txt',
      '/assets/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/fonts',
      '/assets/missing.js',
      '/assets/.hidden',
    ]) {
      const res = await get(built, url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('do not serve');
    }
  });
});
