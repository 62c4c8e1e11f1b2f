import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type AuditInput, appendAudit, openStateDb, type StateDb } from '../store/state/index.ts';
import { AuditCheckpointer, readCheckpoint, verifyAuditTrail } from './audit.ts';
import { Keyring } from './keyring.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const entry: AuditInput = {
  tenant: 'acme',
  actor: { kind: 'system', id: null, name: 'test' },
  action: 'thing.change',
  outcome: 'success',
};

async function setup(opts: { initialize?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-audit-trail-'));
  const path = join(dir, 'state.db');
  const db: StateDb = await openStateDb({ path });
  const keyring = Keyring.load({ file: join(dir, 'secrets', 'master.key'), env: {} });
  const headPath = join(dir, 'audit.head');
  const problems: string[] = [];
  const checkpointer = new AuditCheckpointer(db, keyring, headPath, {
    intervalMs: 60_000,
    onError: (e) => problems.push(`error: ${String(e)}`),
    onTamper: (m) => problems.push(m),
    ...opts,
  });
  cleanup.push(async () => {
    await checkpointer.close();
    await db.destroy();
  });
  return { dir, path, db, keyring, headPath, checkpointer, problems };
}

async function appendN(db: StateDb, n: number) {
  for (let i = 0; i < n; i++) await appendAudit(db, entry);
}

describe('AuditCheckpointer', () => {
  it('signs the head of an empty trail, then follows appends (after commit)', async () => {
    const t = await setup();
    await t.checkpointer.start();
    expect(readCheckpoint(t.headPath, t.keyring)).toMatchObject({ status: 'valid', checkpoint: { seq: 0 } });
    await appendN(t.db, 3);
    await t.checkpointer.flush();
    expect(readCheckpoint(t.headPath, t.keyring)).toMatchObject({ status: 'valid', checkpoint: { seq: 3 } });
    const report = await verifyAuditTrail(t.db, t.keyring, t.headPath);
    expect(report).toMatchObject({ ok: true, checked: 3, checkpoint: { status: 'valid', seq: 3 } });
    expect(t.problems).toEqual([]);
  });

  it('keeps the old checkpoint as evidence when the checkpointed entry disappears, and says so', async () => {
    const t = await setup();
    await t.checkpointer.start();
    await appendN(t.db, 4);
    await t.checkpointer.flush();
    const raw = new Database(t.path);
    raw.exec('delete from audit_log where seq >= 3');
    raw.close();
    await appendN(t.db, 5); // the chain grows past the old head again: seq 3..7
    await t.checkpointer.flush();
    expect(readCheckpoint(t.headPath, t.keyring)).toMatchObject({ checkpoint: { seq: 4 } });
    expect(t.problems).toEqual([expect.stringContaining('audit entry #4 is gone or differs')]);
    const report = await verifyAuditTrail(t.db, t.keyring, t.headPath);
    expect(report).toMatchObject({ ok: false, firstBad: { seq: 4, reason: 'rewritten' } });
  });
});

describe('AuditCheckpointer on a trail without a checkpoint', () => {
  it('with a brand-new master key: records in the trail that checkpointing starts now', async () => {
    const t = await setup({ initialize: true });
    await appendN(t.db, 2); // e.g. `vigil user create` before the first start
    await t.checkpointer.start();
    const report = await verifyAuditTrail(t.db, t.keyring, t.headPath);
    expect(report).toMatchObject({ ok: true, checked: 3, checkpoint: { status: 'valid', seq: 3 } });
    const raw = new Database(t.path, { readonly: true });
    expect(raw.prepare('select action, details from audit_log where seq = 3').get()).toEqual({
      action: 'audit.checkpoint.init',
      details: expect.stringContaining('"uncheckpointedEntries":2'),
    });
    raw.close();
    expect(t.problems).toEqual([]);
  });

  it('with an existing key: reports the missing checkpoint instead of replacing it', async () => {
    const t = await setup();
    await appendN(t.db, 2);
    await t.checkpointer.start();
    expect(t.problems).toEqual([expect.stringContaining('is missing although the trail has 2 entries')]);
    expect((await verifyAuditTrail(t.db, t.keyring, t.headPath)).ok).toBe(false);
  });
});

describe('verifyAuditTrail', () => {
  it('reports rows removed from the end against the checkpoint', async () => {
    const t = await setup();
    await t.checkpointer.start();
    await appendN(t.db, 5);
    await t.checkpointer.close();
    const raw = new Database(t.path);
    raw.exec('delete from audit_log where seq > 2');
    raw.close();
    expect(await verifyAuditTrail(t.db, t.keyring, t.headPath)).toMatchObject({
      ok: false,
      checked: 2,
      firstBad: { seq: 3, reason: 'truncated' },
    });
  });

  it('fails when the checkpoint is deleted, edited or signed with a key it does not know', async () => {
    const t = await setup();
    await t.checkpointer.start();
    await appendN(t.db, 2);
    await t.checkpointer.close();
    const original = readFileSync(t.headPath, 'utf8');

    const edited = JSON.parse(original) as { seq: number };
    writeFileSync(t.headPath, JSON.stringify({ ...edited, seq: 1 }));
    expect(await verifyAuditTrail(t.db, t.keyring, t.headPath)).toMatchObject({
      ok: false,
      checkpoint: { status: 'invalid', message: expect.stringContaining('wrong signature') },
    });

    const stranger = Keyring.load({ file: join(t.dir, 'other.key'), env: {} });
    writeFileSync(t.headPath, original);
    expect(await verifyAuditTrail(t.db, stranger, t.headPath)).toMatchObject({
      ok: false,
      checkpoint: { status: 'invalid', message: expect.stringContaining('not in the keyring') },
    });

    rmSync(t.headPath);
    expect(await verifyAuditTrail(t.db, t.keyring, t.headPath)).toMatchObject({
      ok: false,
      checkpoint: { status: 'missing', message: expect.stringContaining('cannot be ruled out') },
    });
  });

  it('accepts an empty trail without a checkpoint', async () => {
    const t = await setup();
    expect(await verifyAuditTrail(t.db, t.keyring, t.headPath)).toMatchObject({
      ok: true,
      checked: 0,
      checkpoint: { status: 'missing' },
    });
  });
});
