/**
 * The master keys that protect secrets at rest (AES-256-GCM) and sign the audit checkpoint
 * (HMAC-SHA-256). Keys come from `VIGIL_SECRET_KEY` (base64, comma-separated for rotation) or from
 * the key file (`secrets.keyFile`, default `<data>/secrets/master.key`: one base64 key per line,
 * created with mode 0600 on first start). The last key is current: it encrypts and signs; the
 * others still decrypt and verify, until `vigil secrets rotate` has re-encrypted everything.
 *
 * A key's id is a fingerprint (SHA-256 of the key, 12 hex digits), so keys from the environment
 * need no names. Each use derives its own subkey (HKDF), so the same master key is never used
 * directly for two purposes. Ciphertexts read `v1:<key id>:<nonce>:<ciphertext+tag>` (base64url);
 * the associated data binds a ciphertext to the secret it belongs to.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, VigilError } from '../core/errors.ts';

export const SECRET_KEY_ENV = 'VIGIL_SECRET_KEY';
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

export interface KeyringOptions {
  /** The key file; used when the environment holds no key. */
  file: string;
  /** Usually `process.env`; only `VIGIL_SECRET_KEY` is read. */
  env?: NodeJS.ProcessEnv;
  /** Create the key file (one new key) when it does not exist; default true. */
  create?: boolean;
}

export class Keyring {
  /** Where the keys come from, for messages: the file path or the variable name. */
  readonly origin: string;
  readonly fromEnv: boolean;
  /** Set when the key file is readable by group or others. */
  readonly insecureFileMode: boolean;
  /** Set when this load made the key file (a new installation, or the file was lost). */
  readonly created: boolean;
  private keys = new Map<string, Buffer>();
  private order: string[] = [];

  private constructor(
    private readonly opts: KeyringOptions,
    keys: Buffer[],
    insecureFileMode: boolean,
    created: boolean,
  ) {
    this.fromEnv = Boolean(opts.env?.[SECRET_KEY_ENV]);
    this.origin = this.fromEnv ? SECRET_KEY_ENV : opts.file;
    this.insecureFileMode = insecureFileMode;
    this.created = created;
    this.setKeys(keys);
  }

  /** Loads the keys; throws ConfigError (never showing key material) when they are unusable. */
  static load(opts: KeyringOptions): Keyring {
    const fromEnv = opts.env?.[SECRET_KEY_ENV];
    if (fromEnv) return new Keyring(opts, parseKeys(fromEnv.split(','), SECRET_KEY_ENV), false, false);
    const created = !existsSync(opts.file);
    if (created) {
      if (opts.create === false) {
        throw new ConfigError(
          `no master key: ${opts.file} does not exist and ${SECRET_KEY_ENV} is not set (Vigil creates the file on its first start)`,
          'secrets.keyFile',
        );
      }
      writeKeyFile(opts.file, [randomBytes(KEY_BYTES)]);
    }
    const { keys, insecure } = readKeyFile(opts.file);
    return new Keyring(opts, keys, insecure, created);
  }

  /** Id of the key that encrypts and signs. */
  get currentKeyId(): string {
    return this.order[this.order.length - 1] as string;
  }

  /** Every key id, oldest first. */
  get keyIds(): string[] {
    return [...this.order];
  }

  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  /** Encrypts with the current key; `context` (e.g. the secret's tenant and name) must match on decrypt. */
  encrypt(plaintext: string, context: string): string {
    const kid = this.currentKeyId;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.subkey(kid, 'secrets'), nonce);
    cipher.setAAD(Buffer.from(`${VERSION}:${kid}:${context}`));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}:${kid}:${nonce.toString('base64url')}:${body.toString('base64url')}`;
  }

  /**
   * Decrypts a ciphertext made by `encrypt` with the same `context`. `what` names the secret in
   * errors. Throws a VigilError saying whether the key is missing or the ciphertext was altered.
   */
  decrypt(ciphertext: string, context: string, what = 'secret'): string {
    const parts = ciphertext.split(':');
    const [version, kid, nonceText, bodyText] = parts;
    if (parts.length !== 4 || version !== VERSION || !kid || !nonceText || !bodyText) {
      throw new VigilError(
        'internal',
        `${what} is not a Vigil ciphertext (expected ${VERSION}:<key id>:<nonce>:<data>); it was altered or written by something else`,
      );
    }
    if (!this.keys.has(kid)) this.reload();
    if (!this.keys.has(kid)) {
      throw new VigilError(
        'bad_config',
        `${what} is encrypted with key ${kid}, which is not in the keyring (${this.origin}; keys: ${this.order.join(', ')}): restore that key`,
      );
    }
    const nonce = Buffer.from(nonceText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    try {
      if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new Error('bad lengths');
      const decipher = createDecipheriv('aes-256-gcm', this.subkey(kid, 'secrets'), nonce);
      decipher.setAAD(Buffer.from(`${VERSION}:${kid}:${context}`));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new VigilError(
        'internal',
        `${what} cannot be decrypted with key ${kid}: the stored ciphertext was altered or belongs to another secret`,
      );
    }
  }

  /** The key id a ciphertext names (undefined when it is not one of ours). */
  keyIdOf(ciphertext: string): string | undefined {
    const parts = ciphertext.split(':');
    return parts.length === 4 && parts[0] === VERSION ? parts[1] : undefined;
  }

  /** HMAC-SHA-256 (hex) of `data` for `purpose`, with the current key unless `keyId` is given. */
  sign(purpose: string, data: string, keyId = this.currentKeyId): { keyId: string; mac: string } {
    if (!this.keys.has(keyId)) this.reload();
    if (!this.keys.has(keyId))
      throw new VigilError('bad_config', `key ${keyId} is not in the keyring (${this.origin})`);
    const mac = createHmac('sha256', this.subkey(keyId, `mac:${purpose}`))
      .update(data)
      .digest('hex');
    return { keyId, mac };
  }

  /** Whether `mac` is the signature of `data` by key `keyId`; 'unknown-key' when that key is gone. */
  verify(purpose: string, data: string, keyId: string, mac: string): boolean | 'unknown-key' {
    if (!this.keys.has(keyId)) this.reload();
    if (!this.keys.has(keyId)) return 'unknown-key';
    const expected = Buffer.from(this.sign(purpose, data, keyId).mac, 'hex');
    const given = Buffer.from(mac, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /**
   * Adds a new current key to the key file and returns its id. Keys from the environment cannot
   * be added here: append one to `VIGIL_SECRET_KEY` instead.
   */
  addKey(): string {
    if (this.fromEnv) {
      throw new ConfigError(
        `the keys come from ${SECRET_KEY_ENV}: append a new key to it (comma-separated, e.g. from \`openssl rand -base64 32\`) instead`,
        SECRET_KEY_ENV,
      );
    }
    const { keys } = readKeyFile(this.opts.file);
    keys.push(randomBytes(KEY_BYTES));
    writeKeyFile(this.opts.file, keys);
    this.setKeys(keys);
    return this.currentKeyId;
  }

  /** Re-reads the key file (another process may have rotated); no-op for keys from the environment. */
  reload(): void {
    if (this.fromEnv || !existsSync(this.opts.file)) return;
    this.setKeys(readKeyFile(this.opts.file).keys);
  }

  private setKeys(keys: Buffer[]): void {
    this.keys = new Map(keys.map((k) => [keyId(k), k]));
    // A key listed twice keeps its last position (it is current if it is last).
    const ids = keys.map(keyId);
    this.order = ids.filter((id, i) => ids.lastIndexOf(id) === i);
  }

  private subkey(kid: string, purpose: string): Buffer {
    const master = this.keys.get(kid) as Buffer;
    return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `vigil:${purpose}`, KEY_BYTES));
  }
}

/** The fingerprint that names a key in ciphertexts and checkpoints. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('vigil-key-id:').update(key).digest('hex').slice(0, 12);
}

function parseKeys(texts: string[], where: string): Buffer[] {
  const keys: Buffer[] = [];
  texts.forEach((raw, i) => {
    const text = raw.trim();
    if (!text) return;
    const key = /^[A-Za-z0-9+/=_-]+$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
    if (key.length !== KEY_BYTES) {
      throw new ConfigError(
        `${where}: key ${i + 1} is not ${KEY_BYTES} bytes of base64 (got ${key.length}); make one with \`openssl rand -base64 32\``,
        where,
      );
    }
    keys.push(key);
  });
  if (keys.length === 0) throw new ConfigError(`${where} holds no key`, where);
  return keys;
}

function readKeyFile(file: string): { keys: Buffer[]; insecure: boolean } {
  let text: string;
  let mode: number;
  try {
    text = readFileSync(file, 'utf8');
    mode = statSync(file).mode;
  } catch (e) {
    throw new ConfigError(
      `cannot read the master key file ${file}: ${(e as Error).message}`,
      'secrets.keyFile',
    );
  }
  const lines = text.split('\n').map((l) => (l.trim().startsWith('#') ? '' : l));
  const keys = parseKeys(lines, `master key file ${file}`);
  return { keys, insecure: (mode & 0o077) !== 0 };
}

/** Writes the key file atomically with mode 0600 (its folder 0700). */
function writeKeyFile(file: string, keys: Buffer[]): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}`;
  const body = `# Vigil master keys (base64, one per line; the last one is current). Keep this file secret and backed up.\n${keys
    .map((k) => k.toString('base64'))
    .join('\n')}\n`;
  writeFileSync(tmp, body, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
