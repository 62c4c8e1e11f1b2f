import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { searchAudit } from './audit.ts';
import { openStateDb, type StateDb } from './open.ts';
import { listSlaPolicyOverrides, type SlaChangeBy, slaPoliciesOf, upsertSlaPolicy } from './sla-policies.ts';

const BY: SlaChangeBy = {
  actor: { kind: 'user', id: 'u-1', name: 'alice' },
  client: { ip: '192.0.2.1', userAgent: 'test' },
};
const both = scopeOf(['acme', 'globex']);
const acme = scopeOf(['acme']);

let db: StateDb;
beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
});
afterEach(async () => {
  await db.destroy();
});

describe('SLA policies in the store', () => {
  it('give each tenant of the scope the defaults until it sets its own', async () => {
    const before = await slaPoliciesOf(db, both);
    expect([...before.keys()]).toEqual(['acme', 'globex']);
    expect(before.get('acme')?.critical).toMatchObject({ acknowledgeMinutes: 15, source: 'default' });

    const set = await upsertSlaPolicy(
      db,
      both,
      'acme',
      'critical',
      { acknowledgeMinutes: 5, containMinutes: 60, resolveMinutes: 600 },
      BY,
    );
    expect(set).toMatchObject({ severity: 'critical', acknowledgeMinutes: 5, source: 'tenant' });
    const after = await slaPoliciesOf(db, both);
    expect(after.get('acme')?.critical).toMatchObject({
      acknowledgeMinutes: 5,
      containMinutes: 60,
      source: 'tenant',
    });
    expect(after.get('globex')?.critical).toMatchObject({ acknowledgeMinutes: 15, source: 'default' });
  });

  it('replace an override in place, one row per tenant and severity', async () => {
    const m = { acknowledgeMinutes: 5, containMinutes: 60, resolveMinutes: 600 };
    await upsertSlaPolicy(db, acme, 'acme', 'high', m, BY);
    await upsertSlaPolicy(db, acme, 'acme', 'high', { ...m, acknowledgeMinutes: 7 }, BY);
    const rows = await listSlaPolicyOverrides(db, acme);
    expect(rows.map((r) => [r.severity, r.acknowledgeMinutes])).toEqual([['high', 7]]);
  });

  it('audit each change as sla.update with the policy before and after', async () => {
    await upsertSlaPolicy(
      db,
      acme,
      'acme',
      'low',
      { acknowledgeMinutes: 60, containMinutes: 120, resolveMinutes: 240 },
      BY,
    );
    const [entry] = await searchAudit(db, { tenants: acme, includeGlobal: false, limit: 10 });
    expect(entry).toMatchObject({
      tenant: 'acme',
      action: 'sla.update',
      actor: BY.actor,
      target: { type: 'sla_policy', id: 'low' },
      ip: '192.0.2.1',
      before: { acknowledgeMinutes: 1440, containMinutes: 4320, resolveMinutes: 43200, source: 'default' },
      after: { acknowledgeMinutes: 60, containMinutes: 120, resolveMinutes: 240, source: 'tenant' },
    });
  });

  it('refuse a tenant outside the scope, an unknown severity and impossible minutes, changing nothing', async () => {
    const m = { acknowledgeMinutes: 5, containMinutes: 60, resolveMinutes: 600 };
    await expect(upsertSlaPolicy(db, acme, 'globex', 'high', m, BY)).rejects.toThrow(
      /"globex" is not granted/,
    );
    await expect(upsertSlaPolicy(db, acme, 'acme', 'severe', m, BY)).rejects.toThrow(
      /severity must be one of/,
    );
    await expect(
      upsertSlaPolicy(db, acme, 'acme', 'high', { ...m, containMinutes: 6000 }, BY),
    ).rejects.toThrow(/must not exceed resolveMinutes/);
    expect(await listSlaPolicyOverrides(db, both)).toEqual([]);
    expect(await searchAudit(db, { tenants: both, includeGlobal: false, limit: 10 })).toEqual([]);
  });

  it("read only the scope's overrides", async () => {
    const m = { acknowledgeMinutes: 5, containMinutes: 60, resolveMinutes: 600 };
    await upsertSlaPolicy(db, both, 'globex', 'high', m, BY);
    expect(await listSlaPolicyOverrides(db, acme)).toEqual([]);
    expect(await listSlaPolicyOverrides(db, scopeOf([]))).toEqual([]);
    expect((await slaPoliciesOf(db, acme)).get('acme')?.high.source).toBe('default');
  });
});
