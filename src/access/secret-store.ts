/**
 * Secrets encrypted at rest (connector credentials, the OIDC client secret, a TLS key passphrase):
 * stored as keyring ciphertexts bound to their tenant and name, changed with an audit entry that
 * never holds the value. A configuration value `secret:<name>` stands for the global secret
 * `<name>` (see `resolveSecretRef`).
 */
import { BadRequestError, ConfigError, NotFoundError } from '../core/errors.ts';
import {
  appendAudit,
  deleteSecretRow,
  inTransaction,
  listSecretRows,
  readSecretRow,
  replaceSecretCiphertext,
  type SecretScope,
  type StateDb,
  writeSecretRow,
} from '../store/state/index.ts';
import { listAllSecretRows } from '../store/state/system.ts';
import type { AuditBy } from './audit.ts';
import { clientFields } from './client.ts';
import type { Keyring } from './keyring.ts';

export const SECRET_REF_PREFIX = 'secret:';
const NAME = /^[A-Za-z0-9_.:/-]{1,128}$/;

export function checkSecretName(name: string): void {
  if (!NAME.test(name)) {
    throw new BadRequestError('secret names use letters, digits and _ . : / - (at most 128)', 'name');
  }
}

/** What a ciphertext is bound to: moving it to another secret makes it undecryptable. */
const context = (tenant: string | null, name: string) => `secret:${tenant ?? ''}:${name}`;
const label = (tenant: string | null, name: string) =>
  `secret "${name}"${tenant ? ` of tenant ${tenant}` : ''}`;

export async function setSecret(
  db: StateDb,
  keyring: Keyring,
  s: { tenant: string | null; name: string; value: string },
  by: AuditBy,
): Promise<void> {
  checkSecretName(s.name);
  if (s.value.length === 0) throw new BadRequestError('the secret value is empty', 'value');
  const ciphertext = keyring.encrypt(s.value, context(s.tenant, s.name));
  const updatedAt = new Date().toISOString();
  await inTransaction(db, async (tx) => {
    const previous = await writeSecretRow(tx, {
      tenant: s.tenant,
      name: s.name,
      ciphertext,
      keyId: keyring.currentKeyId,
      updatedAt,
    });
    await appendAudit(tx, {
      tenant: s.tenant,
      actor: by.actor,
      ...clientFields(by.client),
      action: 'secret.set',
      target: { type: 'secret', id: s.name },
      outcome: 'success',
      before: previous
        ? { exists: true, keyId: previous.keyId, updatedAt: previous.updatedAt }
        : { exists: false },
      after: { exists: true, keyId: keyring.currentKeyId, updatedAt },
    });
  });
}

/** The decrypted value, or null when there is no such secret. */
export async function getSecret(
  db: StateDb,
  keyring: Keyring,
  tenant: string | null,
  name: string,
): Promise<string | null> {
  const row = await readSecretRow(db, tenant, name);
  if (!row) return null;
  return keyring.decrypt(row.ciphertext, context(tenant, name), label(tenant, name));
}

export async function deleteSecret(
  db: StateDb,
  s: { tenant: string | null; name: string },
  by: AuditBy,
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const previous = await readSecretRow(tx, s.tenant, s.name);
    if (!previous || !(await deleteSecretRow(tx, s.tenant, s.name))) {
      throw new NotFoundError(`no ${label(s.tenant, s.name)}`);
    }
    await appendAudit(tx, {
      tenant: s.tenant,
      actor: by.actor,
      ...clientFields(by.client),
      action: 'secret.delete',
      target: { type: 'secret', id: s.name },
      outcome: 'success',
      before: { exists: true, keyId: previous.keyId, updatedAt: previous.updatedAt },
      after: { exists: false },
    });
  });
}

export interface SecretInfo {
  name: string;
  tenant: string | null;
  keyId: string;
  updatedAt: string;
}

/** Names and metadata only, never values. */
export async function listSecretNames(db: StateDb, scope: SecretScope): Promise<SecretInfo[]> {
  return (await listSecretRows(db, scope)).map(({ ciphertext: _c, ...info }) => info);
}

/**
 * Re-encrypts every secret that is not under the current key (decrypting with its old key), in
 * one transaction, with one audit entry. Returns how many changed.
 */
export async function reencryptSecrets(
  db: StateDb,
  keyring: Keyring,
  by: AuditBy,
): Promise<{ reencrypted: number; keyId: string; fromKeys: string[] }> {
  const keyId = keyring.currentKeyId;
  return inTransaction(db, async (tx) => {
    const stale = (await listAllSecretRows(tx)).filter((r) => r.keyId !== keyId);
    const updatedAt = new Date().toISOString();
    for (const r of stale) {
      const plain = keyring.decrypt(r.ciphertext, context(r.tenant, r.name), label(r.tenant, r.name));
      const ciphertext = keyring.encrypt(plain, context(r.tenant, r.name));
      await replaceSecretCiphertext(tx, { ...r, ciphertext, keyId, updatedAt }, r.ciphertext);
    }
    const fromKeys = [...new Set(stale.map((r) => r.keyId))];
    await appendAudit(tx, {
      tenant: null,
      actor: by.actor,
      ...clientFields(by.client),
      action: 'secrets.rotate',
      target: { type: 'keyring', id: keyId },
      outcome: 'success',
      details: { reencrypted: stale.length, fromKeys, toKeyId: keyId, keyIds: keyring.keyIds },
    });
    return { reencrypted: stale.length, keyId, fromKeys };
  });
}

/**
 * Resolves a configuration value: `secret:<name>` is replaced by the global secret `<name>`
 * (an error naming `where` if it does not exist); any other value is returned as is.
 */
export async function resolveSecretRef(
  db: StateDb,
  keyring: Keyring,
  value: string,
  where: string,
): Promise<string> {
  if (!value.startsWith(SECRET_REF_PREFIX)) return value;
  const name = value.slice(SECRET_REF_PREFIX.length);
  const found = await getSecret(db, keyring, null, name);
  if (found === null) {
    throw new ConfigError(
      `${where} refers to secret "${name}", which does not exist: store it with \`vigil secrets set ${name}\``,
      where,
    );
  }
  return found;
}
