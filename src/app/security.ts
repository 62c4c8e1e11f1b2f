/**
 * Audit and secrets wiring shared by the server and the CLI: the keyring from the configuration,
 * the audit checkpoint kept while a process runs, TLS material read with clear errors (a key
 * passphrase may be `secret:<name>`), and a state database opened for audited changes.
 */
import { readFileSync } from 'node:fs';
import {
  AuditCheckpointer,
  type AuditTrailReport,
  Keyring,
  resolveSecretRef,
  verifyAuditTrail,
} from '../access/index.ts';
import { dataPath, type VigilConfig } from '../config/index.ts';
import { ConfigError } from '../core/errors.ts';
import type { Logger } from '../ops/index.ts';
import { openStateDb, type StateDb } from '../store/state/index.ts';
import { dataPaths } from './paths.ts';

export function loadKeyring(config: VigilConfig, opts: { create?: boolean } = {}): Keyring {
  return Keyring.load({
    file: dataPath(config, config.secrets.keyFile),
    env: process.env,
    create: opts.create ?? true,
  });
}

export interface AuditKeeping {
  keyring: Keyring;
  checkpointer: AuditCheckpointer;
  verify(): Promise<AuditTrailReport>;
  close(): Promise<void>;
}

/** Loads the keyring (creating the key file on first start) and keeps the audit checkpoint. */
export async function startAuditKeeping(
  db: StateDb,
  config: VigilConfig,
  logger: Logger,
): Promise<AuditKeeping> {
  const keyring = loadKeyring(config);
  if (keyring.insecureFileMode) {
    logger.warn({ file: keyring.origin }, 'the master key file is readable by other users: chmod 600 it');
  }
  const path = dataPaths(config.dataDir).auditHead;
  const log = logger.child({ component: 'audit' });
  const checkpointer = new AuditCheckpointer(db, keyring, path, {
    onError: (e) => log.error({ err: e }, 'cannot update the audit checkpoint'),
    onTamper: (message) => log.error(message),
    initialize: keyring.created,
  });
  await checkpointer.start();
  return {
    keyring,
    checkpointer,
    verify: () => verifyAuditTrail(db, keyring, path),
    close: () => checkpointer.close(),
  };
}

/** The state database for a CLI command that changes state: audited, checkpointed on close. */
export async function openAuditedState(config: VigilConfig, logger: Logger) {
  const db = await openStateDb({ path: dataPaths(config.dataDir).state });
  try {
    const keeping = await startAuditKeeping(db, config, logger);
    return {
      db,
      keyring: keeping.keyring,
      async close() {
        await keeping.close();
        await db.destroy();
      },
    };
  } catch (e) {
    await db.destroy();
    throw e;
  }
}

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  caFile?: string | undefined;
  keyPassphrase?: string | undefined;
}

/** Reads the PEM files of `where` (e.g. `server.tls`); errors name the setting and the file. */
export async function readTlsFiles(
  t: TlsFiles,
  where: string,
  secrets: { db: StateDb; keyring: Keyring },
): Promise<{ cert: Buffer; key: Buffer; ca?: Buffer; passphrase?: string }> {
  const read = (file: string, key: string) => {
    try {
      return readFileSync(file);
    } catch (e) {
      throw new ConfigError(
        `${where}.${key}: cannot read ${file}: ${(e as Error).message} (for local use, \`vigil certs dev\` makes one)`,
        `${where}.${key}`,
      );
    }
  };
  const passphrase = t.keyPassphrase
    ? await resolveSecretRef(secrets.db, secrets.keyring, t.keyPassphrase, `${where}.keyPassphrase`)
    : undefined;
  return {
    cert: read(t.certFile, 'certFile'),
    key: read(t.keyFile, 'keyFile'),
    ...(t.caFile ? { ca: read(t.caFile, 'caFile') } : {}),
    ...(passphrase ? { passphrase } : {}),
  };
}
