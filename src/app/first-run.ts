/**
 * First start on an empty data directory: the first admin user `admin` with a one-time password
 * (printed once; the console makes them change it), an admin API key for the local CLI owned by
 * that admin (kept in `secrets/admin.key`, mode 0600), and a first ingest token shown once for
 * the HEC curl line. A data directory from before users existed gets its admin user the same way.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import {
  createApiKeyAudited,
  createIngestTokenAudited,
  createUser,
  type Manager,
  NO_CLIENT,
} from '../access/index.ts';
import { countUsers, getUserByUsername, type StateDb } from '../store/state/index.ts';
import type { DataPaths } from './paths.ts';

export interface FirstRun {
  adminKey: string;
  /** A new ingest token, set only on the very first start. */
  firstIngestToken: string | null;
  /** The first admin's one-time password, set only when that user was just created. */
  adminPassword: string | null;
}

export const FIRST_ADMIN = 'admin';

const FIRST_RUN: Manager = {
  actor: { kind: 'system', id: null, name: 'first run' },
  tenants: 'all',
  userId: null,
  client: NO_CLIENT,
};

export async function ensureFirstRun(db: StateDb, paths: DataPaths, tenant: string): Promise<FirstRun> {
  let adminPassword: string | null = null;
  if ((await countUsers(db, 'user')) === 0) {
    const created = await createUser(
      db,
      FIRST_RUN,
      { username: FIRST_ADMIN, displayName: 'Administrator', roles: ['admin'], tenants: [tenant] },
      // A generated one-time password; the policy applies to the password the admin picks next.
      { minLength: 12 },
    );
    adminPassword = created.oneTimePassword;
  }
  if (existsSync(paths.adminKey)) {
    return { adminKey: readFileSync(paths.adminKey, 'utf8').trim(), firstIngestToken: null, adminPassword };
  }
  mkdirSync(paths.secrets, { recursive: true, mode: 0o700 });
  const admin = await getUserByUsername(db, FIRST_ADMIN);
  const key = await createApiKeyAudited(
    db,
    {
      tenant,
      name: 'local admin (CLI)',
      scopes: ['admin'],
      ownerId: admin?.roles.includes('admin') ? admin.id : null,
    },
    FIRST_RUN,
  );
  writeFileSync(paths.adminKey, `${key.token}\n`, { mode: 0o600 });
  chmodSync(paths.adminKey, 0o600);
  const hec = await createIngestTokenAudited(db, { tenant, source: 'http', name: 'first token' }, FIRST_RUN);
  return { adminKey: key.token, firstIngestToken: hec.token, adminPassword };
}

/** The admin key of a data directory, for CLI commands talking to a running server. */
export function readAdminKey(paths: DataPaths): string | null {
  return existsSync(paths.adminKey) ? readFileSync(paths.adminKey, 'utf8').trim() : null;
}
