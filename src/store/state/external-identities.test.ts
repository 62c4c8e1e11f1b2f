import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { externalIdentitiesOf, getExternalIdentity, insertExternalIdentity } from './external-identities.ts';
import { openStateDb, type StateDb } from './open.ts';
import { insertUser } from './users.ts';

let db: StateDb;
beforeAll(async () => {
  db = await openStateDb({ path: join(mkdtempSync(join(tmpdir(), 'vigil-extid-')), 'state.db') });
  for (const id of ['u1', 'u2'])
    await insertUser(db, {
      id,
      kind: 'user',
      username: id,
      displayName: id,
      passwordHash: null,
      roles: ['viewer'],
      tenants: ['default'],
      mustChangePassword: false,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
});

const link = (issuer: string, subject: string, userId: string) => ({
  issuer,
  subject,
  userId,
  createdAt: '2026-01-02T00:00:00.000Z',
});

describe('external identities', () => {
  it('find the user of an issuer + subject, exactly', async () => {
    await insertExternalIdentity(db, link('https://idp.example.org', 'abc', 'u1'));
    expect(await getExternalIdentity(db, 'https://idp.example.org', 'abc')).toEqual(
      link('https://idp.example.org', 'abc', 'u1'),
    );
    expect(await getExternalIdentity(db, 'https://idp.example.org/', 'abc')).toBeUndefined();
    expect(await getExternalIdentity(db, 'https://other.example.org', 'abc')).toBeUndefined();
  });

  it('link a provider account to one user only, and a user to one account per issuer', async () => {
    await expect(insertExternalIdentity(db, link('https://idp.example.org', 'abc', 'u2'))).rejects.toThrow(
      /UNIQUE|PRIMARY/,
    );
    await expect(insertExternalIdentity(db, link('https://idp.example.org', 'xyz', 'u1'))).rejects.toThrow(
      /UNIQUE/,
    );
    await insertExternalIdentity(db, link('https://other.example.org', 'abc', 'u1'));
    expect((await externalIdentitiesOf(db, 'u1')).map((l) => l.issuer)).toEqual([
      'https://idp.example.org',
      'https://other.example.org',
    ]);
  });

  it('go with their user', async () => {
    await db.deleteFrom('users').where('id', '=', 'u1').execute();
    expect(await externalIdentitiesOf(db, 'u1')).toEqual([]);
    expect(await getExternalIdentity(db, 'https://idp.example.org', 'abc')).toBeUndefined();
  });
});
