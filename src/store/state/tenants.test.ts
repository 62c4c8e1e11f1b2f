import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_TENANTS, scopeOf } from '../tenancy.ts';
import type { ChangeBy } from './audit.ts';
import { searchAudit } from './audit.ts';
import { ensureSource, ensureTenant, insertCredential } from './credentials.ts';
import { openStateDb, type StateDb } from './open.ts';
import { addAlert, addCase } from './soc.fixture.ts';
import { createTenant, listTenants } from './tenants.ts';
import { insertUser } from './users.ts';

const BY: ChangeBy = {
  actor: { kind: 'user', id: 'u-admin', name: 'admin' },
  client: { ip: '192.0.2.1', userAgent: 'test' },
};
const AT = '2030-01-01T00:00:00.000Z';

let db: StateDb;
beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-tenants-'));
  db = await openStateDb({ path: join(dir, 'state.db') });
});
afterEach(async () => {
  await db.destroy();
});

async function account(id: string, kind: 'user' | 'service', tenants: string[]) {
  await insertUser(db, {
    id,
    kind,
    username: id,
    displayName: id,
    passwordHash: null,
    roles: ['viewer'],
    tenants,
    mustChangePassword: false,
    createdAt: AT,
  });
}

describe('tenants in the store', () => {
  it("lists the scope's tenants with their accounts, sources, open alerts and open cases", async () => {
    for (const t of ['acme', 'globex']) await ensureTenant(db, t, AT);
    await account('alice', 'user', ['acme']);
    await account('bob', 'user', ['acme', 'globex']);
    await account('robot', 'service', ['acme']);
    await ensureSource(db, { id: 's1', tenant: 'acme', name: 'fw', format: 'auto', created_at: AT });
    await ensureSource(db, { id: 's2', tenant: 'acme', name: 'dns', format: 'auto', created_at: AT });
    await ensureSource(db, { id: 's3', tenant: 'globex', name: 'fw', format: 'auto', created_at: AT });
    await addAlert(db, { tenant: 'acme', status: 'new' });
    await addAlert(db, { tenant: 'acme', status: 'escalated' });
    await addAlert(db, { tenant: 'acme', status: 'closed', verdict: 'false_positive' });
    await addAlert(db, { tenant: 'globex', status: 'acknowledged' });
    await addCase(db, { tenant: 'acme', status: 'open' });
    await addCase(db, { tenant: 'acme', status: 'resolved' });
    await addCase(db, { tenant: 'acme', status: 'closed', resolution: 'true_positive' });

    expect(await listTenants(db, scopeOf(['acme', 'globex']))).toEqual([
      {
        id: 'acme',
        name: 'acme',
        createdAt: AT,
        users: 2,
        serviceAccounts: 1,
        sources: 2,
        openAlerts: 2,
        openCases: 2,
      },
      {
        id: 'globex',
        name: 'globex',
        createdAt: AT,
        users: 1,
        serviceAccounts: 0,
        sources: 1,
        openAlerts: 1,
        openCases: 0,
      },
    ]);
  });

  it('shows only the tenants of the scope; an empty scope sees none', async () => {
    for (const t of ['acme', 'globex']) await ensureTenant(db, t, AT);
    expect((await listTenants(db, scopeOf(['globex', 'nowhere']))).map((t) => t.id)).toEqual(['globex']);
    expect(await listTenants(db, NO_TENANTS)).toEqual([]);
  });

  it('creates a tenant with its name, audited in the new tenant', async () => {
    const made = await createTenant(db, { id: 'initech', name: ' Initech Corp ' }, BY);
    expect(made).toMatchObject({ id: 'initech', name: 'Initech Corp', users: 0, openAlerts: 0 });
    expect(await listTenants(db, scopeOf(['initech']))).toEqual([made]);
    const audit = await searchAudit(db, { tenants: scopeOf(['initech']), includeGlobal: false, limit: 10 });
    expect(audit).toMatchObject([
      {
        action: 'tenant.create',
        tenant: 'initech',
        actor: BY.actor,
        target: { type: 'tenant', id: 'initech' },
        after: { id: 'initech', name: 'Initech Corp' },
        ip: '192.0.2.1',
      },
    ]);
  });

  it('names a tenant after its id when no name is given', async () => {
    expect((await createTenant(db, { id: 'x.y:z-1_2' }, BY)).name).toBe('x.y:z-1_2');
    expect((await createTenant(db, { id: 'blank', name: '   ' }, BY)).name).toBe('blank');
  });

  it('refuses an id that is not letters, digits and _ . : -, or longer than 128', async () => {
    for (const id of ['', 'a b', 'a/b', 'ä', 'x'.repeat(129)])
      await expect(createTenant(db, { id }, BY), JSON.stringify(id)).rejects.toMatchObject({
        code: 'bad_request',
        location: 'id',
      });
    await expect(createTenant(db, { id: 'ok', name: 'n'.repeat(129) }, BY)).rejects.toMatchObject({
      code: 'bad_request',
      location: 'name',
    });
    expect(await db.selectFrom('tenants').selectAll().execute()).toEqual([]);
  });

  it('refuses a tenant that exists, leaving it as it was and auditing nothing', async () => {
    await createTenant(db, { id: 'acme', name: 'Acme' }, BY);
    await expect(createTenant(db, { id: 'acme', name: 'Taken over' }, BY)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/tenant "acme" already exists/),
    });
    expect(await listTenants(db, scopeOf(['acme']))).toMatchObject([{ id: 'acme', name: 'Acme' }]);
    expect(
      await searchAudit(db, { tenants: scopeOf(['acme']), includeGlobal: false, limit: 10 }),
    ).toHaveLength(1);
  });

  it('refuses an id that records already name, though no tenant row exists for it', async () => {
    await insertCredential(db, {
      id: 'k1',
      kind: 'api',
      tenant: 'ghost',
      source: null,
      name: 'old key',
      prefix: 'vgk_x',
      hash: 'h1',
      scopes: '[]',
      created_at: AT,
      expires_at: null,
    });
    await addAlert(db, { tenant: 'phantom' });
    await account('carol', 'user', ['spectre']);
    for (const id of ['ghost', 'phantom', 'spectre'])
      await expect(createTenant(db, { id }, BY), id).rejects.toMatchObject({ code: 'conflict' });
  });
});
