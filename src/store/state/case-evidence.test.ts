/** Evidence metadata (the files themselves: src/workflow/evidence.ts). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { addEvidence, getEvidence, listEvidence } from './case-evidence.ts';
import { ANALYST, ticking } from './cases.fixture.ts';
import { closeCase, createCase, getCase } from './cases.ts';
import { openStateDb, type StateDb } from './open.ts';

const ACME = scopeOf(['acme']);
const SHA = 'ab'.repeat(32);
let db: StateDb;
let now: () => Date;

beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
  now = ticking();
});
afterEach(async () => db.destroy());

describe('evidence metadata', () => {
  it('records name, type, size and hash, with timeline and audit entries', async () => {
    const c = await createCase(db, ACME, 'acme', { title: 'Case' }, ANALYST, now());
    const r = await addEvidence(
      db,
      ACME,
      c.id,
      {
        name: 'memory.raw',
        contentType: 'application/octet-stream',
        size: 4096,
        sha256: SHA,
        description: 'RAM of ws-01',
      },
      ANALYST,
      now(),
    );
    expect(r.result).toMatchObject({ name: 'memory.raw', size: 4096, sha256: SHA, uploadedBy: 'alice' });
    expect(await getEvidence(db, ACME, c.id, r.result.id)).toEqual(r.result);
    expect(await listEvidence(db, ACME, c.id)).toEqual([r.result]);
    const d = await getCase(db, ACME, c.id);
    expect(d.timeline.at(-1)).toMatchObject({
      action: 'evidence.upload',
      title: 'Evidence added: memory.raw (4096 bytes)',
    });
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'evidence.upload')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after!)).toMatchObject({ sha256: SHA, size: 4096 });
  });

  it('refuses a bad hash, a closed case, and other tenants', async () => {
    const c = await createCase(db, ACME, 'acme', { title: 'Case' }, ANALYST, now());
    const ev = { name: 'x.bin', contentType: 'application/octet-stream', size: 1, sha256: SHA };
    await expect(addEvidence(db, ACME, c.id, { ...ev, sha256: 'XYZ' }, ANALYST, now())).rejects.toThrow(
      'sha256 must be',
    );
    const r = await addEvidence(db, ACME, c.id, ev, ANALYST, now());
    await expect(getEvidence(db, scopeOf(['globex']), c.id, r.result.id)).rejects.toThrow('has no evidence');
    await closeCase(db, ACME, c.id, 1, 'true_positive', ANALYST, now(), 72);
    await expect(addEvidence(db, ACME, c.id, ev, ANALYST, now())).rejects.toThrow(
      'reopen it to add evidence',
    );
  });
});
