import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Keyring, SECRET_KEY_ENV } from './keyring.ts';

const keyFile = () => join(mkdtempSync(join(tmpdir(), 'vigil-keyring-')), 'secrets', 'master.key');
const b64key = (byte: number) => Buffer.alloc(32, byte).toString('base64');

describe('Keyring', () => {
  it('creates the key file on first use (mode 0600, folder 0700) and finds the same key again', () => {
    const file = keyFile();
    const a = Keyring.load({ file, env: {} });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    expect(a.insecureFileMode).toBe(false);
    const b = Keyring.load({ file, env: {} });
    expect(b.currentKeyId).toBe(a.currentKeyId);
    expect(b.decrypt(a.encrypt('hunter2', 'ctx'), 'ctx')).toBe('hunter2');
  });

  it('encrypts to v1:<key id>:<nonce>:<data>, never the same text twice, without the plaintext', () => {
    const k = Keyring.load({ file: keyFile(), env: {} });
    const c1 = k.encrypt('hunter2', 'ctx');
    const c2 = k.encrypt('hunter2', 'ctx');
    expect(c1).toMatch(new RegExp(`^v1:${k.currentKeyId}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$`));
    expect(c1).not.toBe(c2);
    expect(c1).not.toContain('hunter2');
    expect(k.keyIdOf(c1)).toBe(k.currentKeyId);
  });

  it('rotates: a new key encrypts, old keys still decrypt, and another process sees the new key', () => {
    const file = keyFile();
    const k = Keyring.load({ file, env: {} });
    const otherProcess = Keyring.load({ file, env: {} });
    const old = k.encrypt('old value', 'ctx');
    const oldId = k.currentKeyId;
    const newId = k.addKey();
    expect(newId).not.toBe(oldId);
    expect(k.keyIds).toEqual([oldId, newId]);
    const fresh = k.encrypt('new value', 'ctx');
    expect(k.keyIdOf(fresh)).toBe(newId);
    expect(k.decrypt(old, 'ctx')).toBe('old value');
    // Loaded before the rotation: it re-reads the file on meeting an unknown key id.
    expect(otherProcess.decrypt(fresh, 'ctx')).toBe('new value');
    expect(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('#')),
    ).toHaveLength(2);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses to decrypt with a clear error: unknown key, altered ciphertext, another secret, not ours', () => {
    const a = Keyring.load({ file: keyFile(), env: {} });
    const b = Keyring.load({ file: keyFile(), env: {} });
    const c = a.encrypt('hunter2', 'secret::db');
    expect(() => b.decrypt(c, 'secret::db', 'secret "db"')).toThrow(
      new RegExp(`secret "db" is encrypted with key ${a.currentKeyId}, which is not in the keyring`),
    );
    const parts = c.split(':');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    const altered = [...parts.slice(0, 3), body.toString('base64url')].join(':');
    expect(() => a.decrypt(altered, 'secret::db')).toThrow(/was altered or belongs to another secret/);
    expect(() => a.decrypt(c, 'secret::other')).toThrow(/was altered or belongs to another secret/);
    expect(() => a.decrypt('plain text', 'secret::db')).toThrow(/not a Vigil ciphertext/);
  });

  it('takes keys from VIGIL_SECRET_KEY (comma-separated, the last is current) over the file', () => {
    const env = { [SECRET_KEY_ENV]: `${b64key(1)},${b64key(2)}` };
    const file = keyFile();
    const k = Keyring.load({ file, env });
    expect(k.fromEnv).toBe(true);
    expect(k.keyIds).toHaveLength(2);
    const only2 = Keyring.load({ file, env: { [SECRET_KEY_ENV]: b64key(2) } });
    expect(only2.currentKeyId).toBe(k.currentKeyId);
    expect(only2.decrypt(k.encrypt('v', 'ctx'), 'ctx')).toBe('v');
    expect(() => k.addKey()).toThrow(/append a new key to it/);
  });

  it('reports unusable keys without showing them', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    expect(() => Keyring.load({ file: keyFile(), env: { [SECRET_KEY_ENV]: short } })).toThrow(
      /VIGIL_SECRET_KEY: key 1 is not 32 bytes of base64 \(got 16\)/,
    );
    try {
      Keyring.load({ file: keyFile(), env: { [SECRET_KEY_ENV]: short } });
    } catch (e) {
      expect((e as Error).message).not.toContain(short);
    }
    expect(() => Keyring.load({ file: keyFile(), env: {}, create: false })).toThrow(
      /no master key: .* does not exist and VIGIL_SECRET_KEY is not set/,
    );
  });

  it('flags a key file readable by others', () => {
    const file = keyFile();
    Keyring.load({ file, env: {} });
    chmodSync(file, 0o644);
    expect(Keyring.load({ file, env: {} }).insecureFileMode).toBe(true);
  });

  it('signs and verifies; a changed message fails, a key it does not have is reported', () => {
    const k = Keyring.load({ file: keyFile(), env: {} });
    const { keyId, mac } = k.sign('purpose', '12:abc');
    expect(k.verify('purpose', '12:abc', keyId, mac)).toBe(true);
    expect(k.verify('purpose', '13:abc', keyId, mac)).toBe(false);
    expect(k.verify('other-purpose', '12:abc', keyId, mac)).toBe(false);
    expect(k.verify('purpose', '12:abc', 'feedfeedfeed', mac)).toBe('unknown-key');
  });
});
