import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authenticateToken, verifyPassword } from '../access/index.ts';
import { countUsers, getUserByUsername, openStateDb } from '../store/state/index.ts';
import { ensureFirstRun } from './first-run.ts';
import { dataPaths } from './paths.ts';

const fresh = () => dataPaths(mkdtempSync(join(tmpdir(), 'vigil-first-run-')));

describe('first run', () => {
  it('on an empty data directory: admin with a one-time password, an admin key it owns (0600), an ingest token', async () => {
    const paths = fresh();
    const db = await openStateDb({ path: paths.state });
    const first = await ensureFirstRun(db, paths, 'default');
    const admin = await getUserByUsername(db, 'admin');
    expect(admin).toMatchObject({ roles: ['admin'], tenants: ['default'], mustChangePassword: true });
    expect(await verifyPassword(admin!.passwordHash!, first.adminPassword!)).toBe(true);
    expect(statSync(paths.adminKey).mode & 0o777).toBe(0o600);
    expect(await authenticateToken(db, first.adminKey, ['api'])).toMatchObject({
      userId: admin!.id,
      name: 'admin/local admin (CLI)',
      mustChangePassword: false,
    });
    expect(first.firstIngestToken).toMatch(/^vgi_/);

    const again = await ensureFirstRun(db, paths, 'default');
    expect(again).toEqual({ adminKey: first.adminKey, firstIngestToken: null, adminPassword: null });
    expect(await countUsers(db, 'user')).toBe(1);
    await db.destroy();
  });

  it('on a data directory from before users existed: adds the admin user, keeps the old key', async () => {
    const paths = fresh();
    mkdirSync(paths.secrets, { recursive: true });
    writeFileSync(paths.adminKey, 'vgk_legacy\n');
    const db = await openStateDb({ path: paths.state });
    const r = await ensureFirstRun(db, paths, 'default');
    expect(r.adminKey).toBe('vgk_legacy');
    expect(r.adminPassword).toMatch(/^[a-z2-9-]{23}$/);
    expect(existsSync(paths.adminKey)).toBe(true);
    await db.destroy();
  });
});
