import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateDb, revokeCredential, type StateDb, searchAudit } from '../store/state/index.ts';
import { scopeOf } from '../store/tenancy.ts';
import { type AuthFailure, AuthFailureAuditor } from './auth-failures.ts';
import { createIngestToken } from './tokens.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function setup(opts: { maxKeys?: number } = {}) {
  const db: StateDb = await openStateDb({
    path: join(mkdtempSync(join(tmpdir(), 'vigil-authfail-')), 'state.db'),
  });
  const errors: unknown[] = [];
  const auditor = new AuthFailureAuditor(db, {
    windowMs: 3_600_000,
    onError: (e) => errors.push(e),
    ...opts,
  });
  cleanup.push(async () => {
    await auditor.close();
    await db.destroy();
  });
  const denied = () =>
    searchAudit(db, { tenants: scopeOf(['default']), includeGlobal: true, actionPrefix: 'auth', limit: 100 });
  return { db, auditor, errors, denied };
}

const failure = (over: Partial<AuthFailure> = {}): AuthFailure => ({
  token: 'vgi_not-a-real-token-0000000000000000000000000',
  outcome: 'failure',
  reason: 'invalid token',
  ip: '203.0.113.9',
  userAgent: 'scanner/1.0',
  method: 'POST',
  route: '/services/collector/event',
  ...over,
});

describe('AuthFailureAuditor', () => {
  it('writes the first failure at once and repeats as one summary per window, never the token', async () => {
    const { auditor, denied, errors } = await setup();
    for (let i = 0; i < 50; i++) auditor.record(failure());
    await auditor.flush();
    const entries = await denied();
    expect(entries).toHaveLength(2);
    const [summary, first] = entries;
    expect(first).toMatchObject({
      tenant: null,
      actor: { kind: 'anonymous', id: null },
      action: 'auth.denied',
      outcome: 'failure',
      ip: '203.0.113.9',
      userAgent: 'scanner/1.0',
      details: { reason: 'invalid token', method: 'POST', route: '/services/collector/event' },
    });
    expect(summary).toMatchObject({
      ip: '203.0.113.9',
      details: { repeats: 49, window: { from: expect.any(String) } },
    });
    expect(JSON.stringify(entries)).not.toContain('not-a-real-token');
    // A quiet window writes nothing more.
    await auditor.flush();
    expect(await denied()).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it('names a known credential (revoked token) by id and name, in its tenant', async () => {
    const { db, auditor, denied } = await setup();
    const t = await createIngestToken(db, { tenant: 'default', source: 'fw', name: 'firewall token' });
    await revokeCredential(db, scopeOf(['default']), t.id, new Date().toISOString());
    auditor.record(failure({ token: t.token, reason: 'token has been revoked' }));
    await auditor.flush();
    const [e] = await denied();
    expect(e).toMatchObject({
      tenant: 'default',
      actor: { kind: 'ingest', id: t.id, name: 'firewall token' },
      details: { reason: 'token has been revoked' },
    });
    expect(JSON.stringify(e)).not.toContain(t.token);
  });

  it('keeps different addresses, reasons and credentials apart, and caps distinct kinds per window', async () => {
    const { auditor, denied } = await setup({ maxKeys: 3 });
    auditor.record(failure({ ip: '198.51.100.1' }));
    auditor.record(failure({ ip: '198.51.100.2' }));
    auditor.record(failure({ token: undefined, reason: 'missing token' }));
    for (let i = 0; i < 20; i++) auditor.record(failure({ ip: `2001:db8::${i}` }));
    await auditor.flush();
    const entries = await denied();
    expect(entries).toHaveLength(4);
    expect(entries[0]).toMatchObject({ actor: { kind: 'anonymous' }, ip: null, details: { overflow: 20 } });
  });
});
