/**
 * Fuzzing the HTTP edge of authentication on a real server (real SQLite, real argon2): login
 * bodies, Cookie headers and Authorization headers. Whatever arrives, the answer is a 4xx (never
 * a 500, never a crash), and nothing but the real secret gets in.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../access/index.ts';
import { type AuthServer, addUser, authServer, type Browser, signIn } from './server.fixture.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 150);
const PASSWORD = 'alice-long-passphrase';

let s: AuthServer;
let browser: Browser;
let key: string;
beforeAll(async () => {
  s = await authServer({ loginPerIpPerMinute: 1e9, loginPerUserPerMinute: 1e9, lockoutFailures: 1_000_000 });
  await addUser(s.db, 'alice', ['admin'], PASSWORD);
  browser = await signIn(s.app, 'alice', PASSWORD);
  key = (await createApiKey(s.db, { tenant: 'default', name: 'k', scopes: ['admin'] })).token;
});
afterAll(async () => s?.close());

/** Printable ASCII and tabs: what can travel in an HTTP header value. */
const headerText = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });

const anyJson = fc.jsonValue({ maxDepth: 3 });

const loginBody = fc.oneof(
  fc.record({
    username: fc.oneof(
      fc.constantFrom('alice', 'ALICE', ' alice ', 'alice\u0000', 'root'),
      fc.string({ maxLength: 70 }),
      anyJson,
    ),
    password: fc.oneof(
      fc.string({ maxLength: 64 }),
      fc.constantFrom(`${PASSWORD} `, PASSWORD.toUpperCase(), PASSWORD.slice(1), ''),
      anyJson,
    ),
  }),
  fc.dictionary(fc.string({ maxLength: 10 }), anyJson, { maxKeys: 4 }),
  anyJson,
);

describe('property: POST /api/v1/auth/login', () => {
  it('never answers 5xx and never signs in with a wrong password, whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          loginBody.map((b) => ({ payload: JSON.stringify(b), type: 'application/json' })),
          fc.record({
            payload: fc.string({ maxLength: 200 }),
            type: fc.constantFrom(
              'application/json',
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data',
            ),
          }),
        ),
        async ({ payload, type }) => {
          const res = await s.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload,
            headers: { 'content-type': type },
          });
          expect(res.statusCode).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
          expect(res.headers['set-cookie']).toBeUndefined();
          expect(res.body).not.toContain(PASSWORD);
        },
      ),
      { numRuns },
    );
    // The account still works afterwards (the fuzzing locked nothing and corrupted nothing).
    await signIn(s.app, 'alice', PASSWORD);
  });
});

const cookieHeader = fc.oneof(
  headerText(300),
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom('vigil_session', '__Host-vigil_session', 'VIGIL_SESSION', 'vigil_session '),
          headerText(15),
        ),
        fc.oneof(headerText(60), fc.string({ maxLength: 50 }).map(encodeURIComponent)),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('; ')),
  // The real id, mutated in one position.
  fc.tuple(fc.nat(), headerText(1)).map(([i, c]) => {
    const id = browser.cookie.slice('vigil_session='.length);
    const at = i % id.length;
    const swapped = id[at] === c || c === '' ? (id[at] === 'A' ? 'B' : 'A') : c;
    return `vigil_session=${id.slice(0, at)}${swapped}${id.slice(at + 1)}`;
  }),
);

describe('property: the session cookie', () => {
  it('authenticates nothing but the real session id', async () => {
    await fc.assert(
      fc.asyncProperty(cookieHeader, async (cookie) => {
        fc.pre(!cookie.includes(browser.cookie.slice('vigil_session='.length)));
        const res = await s.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } });
        expect(res.statusCode).toBe(401);
      }),
      { numRuns },
    );
  });

  it('never lets a change through without the CSRF token, whatever else the request carries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(undefined), headerText(60)),
        fc.oneof(
          fc.constant(undefined),
          fc.constantFrom('http://localhost:80', 'null', 'https://evil.example'),
          headerText(40),
        ),
        async (csrf, origin) => {
          fc.pre(csrf !== browser.csrf);
          const headers: Record<string, string> = { cookie: browser.cookie };
          if (csrf !== undefined) headers['x-csrf-token'] = csrf;
          if (origin !== undefined) headers.origin = origin;
          const res = await s.app.inject({
            method: 'POST',
            url: '/api/v1/tokens',
            payload: { source: 'fuzz' },
            headers,
          });
          expect(res.statusCode).toBe(403);
        },
      ),
      { numRuns },
    );
  });
});

const authorization = fc.oneof(
  headerText(200),
  fc
    .tuple(
      fc.constantFrom('Bearer', 'bearer', 'Splunk', 'ApiKey', 'Basic', 'Token', 'Digest', ''),
      headerText(120),
    )
    .map(([scheme, v]) => `${scheme} ${v}`),
  fc
    .tuple(fc.constantFrom('Basic', 'ApiKey'), headerText(80))
    .map(([scheme, v]) => `${scheme} ${Buffer.from(v).toString('base64')}`),
  fc.tuple(fc.nat(), headerText(1)).map(([i, c]) => {
    const at = 4 + (i % (key.length - 4));
    const swapped = key[at] === c || c === '' ? (key[at] === 'A' ? 'B' : 'A') : c;
    return `Bearer ${key.slice(0, at)}${swapped}${key.slice(at + 1)}`;
  }),
);

describe('property: the Authorization header', () => {
  it('authenticates nothing but the real key, and never answers 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(authorization, async (auth) => {
        fc.pre(!auth.includes(key));
        const res = await s.app.inject({
          method: 'GET',
          url: '/api/v1/sources',
          headers: { authorization: auth },
        });
        expect([400, 401]).toContain(res.statusCode);
      }),
      { numRuns },
    );
    const ok = await s.app.inject({
      method: 'GET',
      url: '/api/v1/sources',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(ok.statusCode).toBe(200);
  });
});
