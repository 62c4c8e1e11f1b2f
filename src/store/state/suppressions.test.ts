import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { searchAudit } from './audit.ts';
import { insertDetections } from './detections.ts';
import { openStateDb, type StateDb } from './open.ts';
import {
  activeSuppressionsFor,
  createSuppression,
  listSuppressions,
  matchSuppression,
  revokeSuppression,
} from './suppressions.ts';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const days = (d: number) => new Date(NOW.getTime() + d * 86_400_000).toISOString();
const BY = { actor: { kind: 'user' as const, id: 'u1', name: 'alice' }, ip: '10.0.0.9', userAgent: 'curl' };
const acme = scopeOf(['acme']);
const base = { tenant: 'acme', ruleId: 'r1', reason: 'nightly backup', owner: 'it-ops', expiresAt: days(30) };

let db: StateDb;
beforeEach(async () => {
  db = await openStateDb({ path: join(mkdtempSync(join(tmpdir(), 'vigil-supp-')), 'state.db') });
  // r1 is known to acme by its detections (it need not be in the rule library).
  await insertDetections(db, [
    {
      id: 'd1',
      tenant: 'acme',
      kind: 'sigma',
      ruleId: 'r1',
      title: 'R1',
      level: 'low',
      tags: [],
      source: 's',
      eventIds: ['e1'],
      eventTime: NOW.toISOString(),
      matched: [],
    },
  ]);
});
afterEach(async () => {
  await db.destroy();
});

describe('suppressions', () => {
  it('are created with reason, owner and expiry, audited, and listed per tenant', async () => {
    const s = await createSuppression(
      db,
      acme,
      { ...base, entity: { type: 'host', value: ' ws1 ' } },
      BY,
      NOW,
    );
    expect(s).toMatchObject({
      tenant: 'acme',
      ruleId: 'r1',
      entity: { type: 'host', value: 'ws1' },
      reason: 'nightly backup',
      owner: 'it-ops',
      createdBy: 'alice',
      createdAt: NOW.toISOString(),
      expiresAt: days(30),
      revokedAt: null,
      hits: 0,
      active: true,
    });
    expect(await listSuppressions(db, acme, {}, NOW)).toEqual([s]);
    expect(await listSuppressions(db, scopeOf(['globex']), { state: 'all' }, NOW)).toEqual([]);
    const [entry] = await searchAudit(db, {
      tenants: acme,
      includeGlobal: false,
      limit: 10,
      actionPrefix: 'suppression',
    });
    expect(entry).toMatchObject({
      action: 'suppression.create',
      actor: BY.actor,
      ip: '10.0.0.9',
      target: { type: 'suppression', id: s.id },
      after: { ruleId: 'r1', reason: 'nightly backup', owner: 'it-ops', expiresAt: days(30) },
    });
  });

  it('refuse a missing reason or owner, a past expiry, more than 90 days, an unknown rule or entity type, a tenant outside the scope', async () => {
    const bad = async (
      input: Partial<typeof base> & { entity?: { type: string; value: string } },
      message: RegExp,
    ) => expect(createSuppression(db, acme, { ...base, ...input }, BY, NOW)).rejects.toThrow(message);
    await bad({ reason: '  ' }, /why/);
    await bad({ owner: '' }, /who answers/);
    await bad({ expiresAt: days(-1) }, /future/);
    await bad({ expiresAt: days(90.01) }, /at most 90 days/);
    await bad({ expiresAt: 'soon' }, /not an ISO date-time/);
    await bad({ ruleId: 'nope' }, /no rule "nope"/);
    await bad({ entity: { type: 'planet', value: 'x' } }, /entity type "planet"/);
    await bad({ tenant: 'globex' }, /not in this request's tenants/);
    expect(await createSuppression(db, acme, { ...base, expiresAt: days(90) }, BY, NOW)).toMatchObject({
      active: true,
    });
  });

  it('are revoked once (audited); another tenant cannot revoke them', async () => {
    const s = await createSuppression(db, acme, base, BY, NOW);
    await expect(revokeSuppression(db, scopeOf(['globex']), s.id, BY, NOW)).rejects.toThrow(
      /no active suppression/,
    );
    const r = await revokeSuppression(db, acme, s.id, BY, NOW);
    expect(r).toMatchObject({ revokedAt: NOW.toISOString(), active: false });
    await expect(revokeSuppression(db, acme, s.id, BY, NOW)).rejects.toThrow(/no active suppression/);
    expect(await listSuppressions(db, acme, { state: 'active' }, NOW)).toEqual([]);
    expect(await listSuppressions(db, acme, { state: 'all' }, NOW)).toEqual([r]);
    const actions = (await searchAudit(db, { tenants: acme, includeGlobal: false, limit: 10 })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(['suppression.revoke', 'suppression.create']);
  });

  it('match a rule, or a rule and one entity; entity-specific ones are tried first', async () => {
    const all = await createSuppression(db, acme, base, BY, NOW);
    const one = await createSuppression(
      db,
      acme,
      { ...base, entity: { type: 'user', value: 'bob' } },
      BY,
      NOW,
    );
    const active = await activeSuppressionsFor(db, 'acme', 'r1', NOW);
    expect(active.map((s) => s.id)).toEqual([one.id, all.id]);
    expect(matchSuppression(active, [{ type: 'user', value: 'bob' }])?.id).toBe(one.id);
    expect(matchSuppression(active, [{ type: 'user', value: 'carol' }])?.id).toBe(all.id);
    expect(matchSuppression(active.slice(0, 1), [{ type: 'host', value: 'bob' }])).toBeUndefined();
    expect(await activeSuppressionsFor(db, 'acme', 'r1', new Date(days(31)))).toEqual([]);
    expect(await activeSuppressionsFor(db, 'globex', 'r1', NOW)).toEqual([]);
  });
});
