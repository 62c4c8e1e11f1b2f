/**
 * First start on an empty data directory: an admin API key for the local CLI (kept in
 * `secrets/admin.key`, mode 0600), and a first ingest token shown once for the HEC curl line.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createApiKey, createIngestToken } from '../access/index.ts';
import type { StateDb } from '../store/state/index.ts';
import type { DataPaths } from './paths.ts';

export interface FirstRun {
  adminKey: string;
  /** A new ingest token, set only on the very first start. */
  firstIngestToken: string | null;
}

export async function ensureFirstRun(db: StateDb, paths: DataPaths, tenant: string): Promise<FirstRun> {
  if (existsSync(paths.adminKey)) {
    return { adminKey: readFileSync(paths.adminKey, 'utf8').trim(), firstIngestToken: null };
  }
  mkdirSync(paths.secrets, { recursive: true, mode: 0o700 });
  const key = await createApiKey(db, { tenant, name: 'local admin (CLI)', scopes: ['admin'] });
  writeFileSync(paths.adminKey, `${key.token}\n`, { mode: 0o600 });
  chmodSync(paths.adminKey, 0o600);
  const hec = await createIngestToken(db, { tenant, source: 'http', name: 'first token' });
  return { adminKey: key.token, firstIngestToken: hec.token };
}

/** The admin key of a data directory, for CLI commands talking to a running server. */
export function readAdminKey(paths: DataPaths): string | null {
  return existsSync(paths.adminKey) ? readFileSync(paths.adminKey, 'utf8').trim() : null;
}
