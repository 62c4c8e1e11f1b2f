/**
 * Property tests of the credential checks: whatever string is presented as a token or a session
 * id, the check either throws UnauthorizedError or (for the one real secret) authenticates.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../core/errors.ts';
import type { StateDb } from '../store/state/index.ts';
import { makeUser, POLICY, tempStateDb } from './identity.fixture.ts';
import { createSession, resolveSession } from './sessions.ts';
import { authenticateToken, createApiKey, createIngestToken } from './tokens.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 300);

let db: StateDb;
let apiKey: string;
let ingestToken: string;
let sessionId: string;
beforeAll(async () => {
  db = await tempStateDb();
  const u = await makeUser(db, 'alice');
  apiKey = (await createApiKey(db, { tenant: 'acme', name: 'k', scopes: ['admin'], ownerId: u.id })).token;
  ingestToken = (await createIngestToken(db, { tenant: 'acme', source: 'fw' })).token;
  sessionId = (await createSession(db, u.id, { ip: null, userAgent: null }, POLICY)).id;
});

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Strings near the real secrets: same prefixes and lengths, one character changed, cut, extended, or anything at all. */
const near = (secret: () => string) =>
  fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc
      .tuple(
        fc.constantFrom('vgk_', 'vgi_', 'vgK_', ''),
        fc.string({ unit: fc.constantFrom(...B64URL), minLength: 40, maxLength: 46 }),
      )
      .map(([p, s]) => p + s),
    fc.tuple(fc.nat(), fc.constantFrom(...B64URL)).map(([i, c]) => {
      const s = secret();
      const at = 4 + (i % (s.length - 4));
      return s.slice(0, at) + (s[at] === c ? (c === 'A' ? 'B' : 'A') : c) + s.slice(at + 1);
    }),
    fc.nat().map((n) => secret().slice(0, n % secret().length)),
    fc.string({ maxLength: 3, minLength: 1 }).map((x) => secret() + x),
    fc.string({ maxLength: 3, minLength: 1 }).map((x) => x + secret()),
    fc.constant('').map(() => secret().toUpperCase()),
  );

async function outcome(p: Promise<unknown>): Promise<'ok' | 'unauthorized'> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(UnauthorizedError);
    return 'unauthorized';
  }
}

describe('property: token checks', () => {
  it('authenticate nothing but the real secret, and only ever refuse with UnauthorizedError', async () => {
    await fc.assert(
      fc.asyncProperty(
        near(() => apiKey),
        near(() => ingestToken),
        async (a, b) => {
          for (const t of [a, b]) {
            const r = await outcome(authenticateToken(db, t, ['api', 'ingest']));
            expect(r).toBe(t === apiKey || t === ingestToken ? 'ok' : 'unauthorized');
          }
        },
      ),
      { numRuns },
    );
    expect(await outcome(authenticateToken(db, apiKey, ['api']))).toBe('ok');
  });
});

describe('property: session checks', () => {
  it('resolve nothing but the real session id, and only ever refuse with UnauthorizedError', async () => {
    await fc.assert(
      fc.asyncProperty(
        near(() => sessionId),
        async (id) => {
          expect(await outcome(resolveSession(db, id, POLICY))).toBe(
            id === sessionId ? 'ok' : 'unauthorized',
          );
        },
      ),
      { numRuns },
    );
    expect(await outcome(resolveSession(db, sessionId, POLICY))).toBe('ok');
  });
});
