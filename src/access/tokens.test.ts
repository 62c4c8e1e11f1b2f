import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../core/errors.ts';
import { listCredentials, openStateDb, revokeCredential, type StateDb } from '../store/state/index.ts';
import { scopeOf } from '../store/tenancy.ts';
import { authenticateToken, createApiKey, createIngestToken, hashToken } from './tokens.ts';

let db: StateDb;
beforeAll(async () => {
  db = await openStateDb({ path: join(mkdtempSync(join(tmpdir(), 'vigil-tokens-')), 'state.db') });
});

describe('ingest tokens and API keys', () => {
  it('creates an ingest token bound to a source and tenant, stored only as a hash', async () => {
    const t = await createIngestToken(db, { tenant: 'acme', source: 'firewall' });
    expect(t.token).toMatch(/^vgi_[A-Za-z0-9_-]{43}$/);
    const rows = await listCredentials(db, scopeOf(['acme']), 'ingest');
    const row = rows.find((r) => r.id === t.id);
    expect(row?.hash).toBe(hashToken(t.token));
    expect(JSON.stringify(rows)).not.toContain(t.token);
    const p = await authenticateToken(db, t.token, ['ingest']);
    expect(p).toMatchObject({ tenant: 'acme', source: 'firewall', kind: 'ingest' });
  });

  it('rejects unknown, wrong-kind, revoked and expired tokens', async () => {
    await expect(authenticateToken(db, 'vgi_nope', ['ingest'])).rejects.toThrow(UnauthorizedError);
    await expect(authenticateToken(db, undefined, ['ingest'])).rejects.toThrow(/missing/);
    const key = await createApiKey(db, { tenant: 'acme', name: 'cli', scopes: ['admin'] });
    await expect(authenticateToken(db, key.token, ['ingest'])).rejects.toThrow(/API key is not accepted/);
    const t = await createIngestToken(db, { tenant: 'acme', source: 'dns' });
    expect(await revokeCredential(db, scopeOf(['other']), t.id, new Date().toISOString())).toBe(false);
    expect(await revokeCredential(db, scopeOf(['acme']), t.id, new Date().toISOString())).toBe(true);
    await expect(authenticateToken(db, t.token, ['ingest'])).rejects.toThrow(/revoked/);
    const old = await createIngestToken(db, {
      tenant: 'acme',
      source: 'x',
      expiresAt: '2020-01-01T00:00:00Z',
    });
    await expect(authenticateToken(db, old.token, ['ingest'])).rejects.toThrow(/expired/);
  });

  it('lists credentials only for the asked tenants', async () => {
    await createIngestToken(db, { tenant: 'globex', source: 'edr' });
    const acme = await listCredentials(db, scopeOf(['acme']));
    expect(acme.every((r) => r.tenant === 'acme')).toBe(true);
    expect((await listCredentials(db, scopeOf(['globex']))).map((r) => r.source)).toEqual(['edr']);
  });
});
