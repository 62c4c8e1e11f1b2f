import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateDb, type StateDb, searchAudit } from '../store/state/index.ts';
import { scopeOf } from '../store/tenancy.ts';
import type { AuditBy } from './audit.ts';
import { Keyring, SECRET_KEY_ENV } from './keyring.ts';
import {
  deleteSecret,
  getSecret,
  listSecretNames,
  reencryptSecrets,
  resolveSecretRef,
  setSecret,
} from './secret-store.ts';

const by: AuditBy = {
  actor: { kind: 'user', id: 'u1', name: 'alice' },
  client: { ip: '192.0.2.1', userAgent: 'test' },
};
const opened: StateDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
});

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-secrets-'));
  const path = join(dir, 'state.db');
  const db = await openStateDb({ path });
  opened.push(db);
  const keyFile = join(dir, 'secrets', 'master.key');
  return { dir, path, db, keyFile, keyring: Keyring.load({ file: keyFile, env: {} }) };
}

/** Everything SQLite wrote: the database file and its write-ahead log. */
function storedBytes(path: string): string {
  const parts = [path, `${path}-wal`].map((p) => {
    try {
      return readFileSync(p).toString('latin1');
    } catch {
      return '';
    }
  });
  return parts.join('');
}

describe('secrets at rest', () => {
  it('stores only ciphertext, per tenant or global, lists names without values, and audits without values', async () => {
    const { db, path, keyring } = await setup();
    await setSecret(db, keyring, { tenant: null, name: 'oidc.client', value: 'Sup3r-Secret-Value' }, by);
    await setSecret(db, keyring, { tenant: 'acme', name: 'oidc.client', value: 'acme-connector-pass' }, by);
    await setSecret(db, keyring, { tenant: null, name: 'oidc.client', value: 'Sup3r-Secret-Value-2' }, by);
    expect(await getSecret(db, keyring, null, 'oidc.client')).toBe('Sup3r-Secret-Value-2');
    expect(await getSecret(db, keyring, 'acme', 'oidc.client')).toBe('acme-connector-pass');
    expect(await getSecret(db, keyring, 'globex', 'oidc.client')).toBeNull();

    const names = await listSecretNames(db, { tenants: scopeOf(['acme']), includeGlobal: false });
    expect(names).toEqual([
      { name: 'oidc.client', tenant: 'acme', keyId: keyring.currentKeyId, updatedAt: expect.any(String) },
    ]);
    expect(await listSecretNames(db, { tenants: scopeOf(['acme']), includeGlobal: true })).toHaveLength(2);

    const audit = await searchAudit(db, {
      tenants: scopeOf(['acme']),
      includeGlobal: true,
      actionPrefix: 'secret',
      limit: 10,
    });
    expect(audit.map((a) => [a.action, a.tenant, a.before])).toEqual([
      ['secret.set', null, { exists: true, keyId: keyring.currentKeyId, updatedAt: expect.any(String) }],
      ['secret.set', 'acme', { exists: false }],
      ['secret.set', null, { exists: false }],
    ]);
    expect(audit[0]).toMatchObject({
      actor: by.actor,
      ip: '192.0.2.1',
      target: { type: 'secret', id: 'oidc.client' },
    });

    await db.destroy();
    opened.splice(opened.indexOf(db), 1);
    const bytes = storedBytes(path);
    expect(bytes).toContain('oidc.client');
    expect(bytes).not.toMatch(/Sup3r-Secret-Value|acme-connector-pass/);
  });

  it('refuses a ciphertext moved onto another secret', async () => {
    const { db, path, keyring } = await setup();
    await setSecret(db, keyring, { tenant: null, name: 'a', value: 'value-a' }, by);
    await setSecret(db, keyring, { tenant: null, name: 'b', value: 'value-b' }, by);
    const raw = new Database(path);
    raw.exec(
      `update secrets set ciphertext = (select ciphertext from secrets where name = 'a') where name = 'b'`,
    );
    raw.close();
    await expect(getSecret(db, keyring, null, 'b')).rejects.toThrow(
      /secret "b" cannot be decrypted .* altered or belongs to another secret/,
    );
  });

  it('rotation re-encrypts every secret under the new key; the new key alone then reads them', async () => {
    const { db, keyFile, keyring } = await setup();
    await setSecret(db, keyring, { tenant: null, name: 'one', value: 'first' }, by);
    await setSecret(db, keyring, { tenant: 'acme', name: 'two', value: 'second' }, by);
    const oldId = keyring.currentKeyId;
    const newId = keyring.addKey();
    const r = await reencryptSecrets(db, keyring, by);
    expect(r).toEqual({ reencrypted: 2, keyId: newId, fromKeys: [oldId] });
    expect(
      (await listSecretNames(db, { tenants: scopeOf(['acme']), includeGlobal: true })).map((s) => s.keyId),
    ).toEqual([newId, newId]);
    expect(await reencryptSecrets(db, keyring, by)).toMatchObject({ reencrypted: 0 });

    const newKeyOnly = readFileSync(keyFile, 'utf8').trim().split('\n').at(-1)!;
    const envKeyring = Keyring.load({ file: '/nonexistent', env: { [SECRET_KEY_ENV]: newKeyOnly } });
    expect(envKeyring.currentKeyId).toBe(newId);
    expect(await getSecret(db, envKeyring, null, 'one')).toBe('first');
    expect(await getSecret(db, envKeyring, 'acme', 'two')).toBe('second');
    const rotations = await searchAudit(db, {
      tenants: scopeOf([]),
      includeGlobal: true,
      actionPrefix: 'secrets.rotate',
      limit: 5,
    });
    expect(rotations[1]?.details).toMatchObject({ reencrypted: 2, fromKeys: [oldId], toKeyId: newId });
  });

  it('deletes with an audit entry; unknown names are a clear error', async () => {
    const { db, keyring } = await setup();
    await setSecret(db, keyring, { tenant: null, name: 'gone', value: 'x' }, by);
    await deleteSecret(db, { tenant: null, name: 'gone' }, by);
    expect(await getSecret(db, keyring, null, 'gone')).toBeNull();
    await expect(deleteSecret(db, { tenant: null, name: 'gone' }, by)).rejects.toThrow(/no secret "gone"/);
    await expect(setSecret(db, keyring, { tenant: null, name: 'bad name', value: 'x' }, by)).rejects.toThrow(
      /secret names use/,
    );
  });

  it('resolves secret:<name> references in configuration values', async () => {
    const { db, keyring } = await setup();
    await setSecret(db, keyring, { tenant: null, name: 'tls.pass', value: 'p4ss' }, by);
    expect(await resolveSecretRef(db, keyring, 'secret:tls.pass', 'server.tls.keyPassphrase')).toBe('p4ss');
    expect(await resolveSecretRef(db, keyring, 'literal', 'x')).toBe('literal');
    await expect(resolveSecretRef(db, keyring, 'secret:nope', 'auth.oidc.clientSecret')).rejects.toThrow(
      /auth.oidc.clientSecret refers to secret "nope", which does not exist: store it with `vigil secrets set nope`/,
    );
  });
});
