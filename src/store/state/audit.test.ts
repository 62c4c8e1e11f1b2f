import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { type AuditInput, appendAudit, auditHead, searchAudit } from './audit.ts';
import { GENESIS_HASH, rowHash } from './audit-chain.ts';
import { verifyAudit } from './audit-verify.ts';
import { openStateDb, type StateDb } from './open.ts';
import type { AuditLogTable } from './schema.ts';

const opened: StateDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
});

async function freshDb(): Promise<{ db: StateDb; path: string }> {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-audit-')), 'state.db');
  const db = await openStateDb({ path });
  opened.push(db);
  return { db, path };
}

const entry = (n: number, over: Partial<AuditInput> = {}): AuditInput => ({
  tenant: 'acme',
  actor: { kind: 'api_key', id: 'key-1', name: 'ops key' },
  action: 'token.create',
  target: { type: 'ingest_token', id: `tok-${n}` },
  outcome: 'success',
  ip: '192.0.2.7',
  userAgent: 'curl/8',
  after: { source: `src-${n}` },
  ...over,
});

async function seeded(n: number) {
  const { db, path } = await freshDb();
  for (let i = 1; i <= n; i++) await appendAudit(db, entry(i));
  return { db, path, head: (await auditHead(db))! };
}

/** Tampering the way an intruder would: a second connection straight to the file. */
function tamper(path: string, ...statements: string[]): void {
  const raw = new Database(path);
  try {
    for (const s of statements) raw.exec(s);
  } finally {
    raw.close();
  }
}

describe('appendAudit', () => {
  it('chains rows: gapless seq, each prev_hash is the previous hash, each hash covers the row', async () => {
    const { db, path } = await freshDb();
    const a = await appendAudit(db, entry(1));
    const b = await appendAudit(
      db,
      entry(2, { tenant: null, actor: { kind: 'system', id: null, name: null } }),
    );
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(b.prevHash).toBe(a.hash);
    expect(a).toMatchObject({
      tenant: 'acme',
      actor: { kind: 'api_key', id: 'key-1', name: 'ops key' },
      target: { type: 'ingest_token', id: 'tok-1' },
      ip: '192.0.2.7',
      after: { source: 'src-1' },
      before: null,
    });
    const raw = new Database(path, { readonly: true });
    const rows = raw.prepare('select * from audit_log order by seq').all() as AuditLogTable[];
    raw.close();
    expect(rows.map((r) => rowHash(r) === r.hash)).toEqual([true, true]);
  });

  it('redacts secret-looking keys at any depth before hashing and storing', async () => {
    const { db, path } = await freshDb();
    const r = await appendAudit(
      db,
      entry(1, {
        before: { password: 'hunter2', nested: [{ clientSecret: 's3cr3t-value' }] },
        details: { apiKey: 'vgk_abcdef', token_hash: 'ff00', tokenPrefix: 'vgi_abc', keyId: 'k1' },
      }),
    );
    expect(r.before).toEqual({ password: '[redacted]', nested: [{ clientSecret: '[redacted]' }] });
    expect(r.details).toEqual({
      apiKey: '[redacted]',
      token_hash: '[redacted]',
      tokenPrefix: 'vgi_abc',
      keyId: 'k1',
    });
    const raw = new Database(path, { readonly: true });
    const text = JSON.stringify(raw.prepare('select * from audit_log').all());
    raw.close();
    expect(text).not.toMatch(/hunter2|s3cr3t-value|vgk_abcdef/);
  });

  it("joins the caller's transaction: the change and its audit row commit or roll back together", async () => {
    const { db } = await freshDb();
    const now = new Date().toISOString();
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('tenants').values({ id: 'gone', name: 'gone', created_at: now }).execute();
        await appendAudit(tx, entry(1, { action: 'tenant.create' }));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await auditHead(db)).toBeNull();
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('tenants').values({ id: 'kept', name: 'kept', created_at: now }).execute();
      await appendAudit(tx, entry(1, { action: 'tenant.create' }));
    });
    expect((await auditHead(db))?.seq).toBe(1);
    expect(await db.selectFrom('tenants').select('id').execute()).toEqual([{ id: 'kept' }]);
  });

  it('serializes concurrent appends in one process and across processes', async () => {
    const { db, path } = await freshDb();
    const script = join(dirname(path), 'appender.mts');
    writeFileSync(
      script,
      `import { appendAudit, openStateDb } from ${JSON.stringify(resolve(import.meta.dirname, 'index.ts'))};
const db = await openStateDb({ path: ${JSON.stringify(path)} });
for (let i = 0; i < 30; i++) {
  await appendAudit(db, { tenant: 'acme', actor: { kind: 'system', id: null, name: 'child' }, action: 'child.append', outcome: 'success' });
  await new Promise((r) => setTimeout(r, 3));
}
await db.destroy();
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    let done = false;
    void exited.then(() => (done = true));
    let mine = 0;
    const deadline = Date.now() + 30_000;
    while (!done && Date.now() < deadline) {
      await Promise.all(Array.from({ length: 5 }, (_, i) => appendAudit(db, entry(mine + i))));
      mine += 5;
      // better-sqlite3 is synchronous: let the event loop see the child's exit.
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(await exited, stderr).toBe(0);
    const result = await verifyAudit(db);
    expect(result).toMatchObject({ ok: true, checked: mine + 30, tip: { seq: mine + 30 } });
    const children = await searchAudit(db, {
      tenants: scopeOf(['acme']),
      includeGlobal: false,
      actionPrefix: 'child',
      limit: 100,
    });
    // The two writers really interleaved: the child's rows are spread among the parent's.
    const seqs = children.map((c) => c.seq);
    expect(Math.max(...seqs) - Math.min(...seqs)).toBeGreaterThan(30);
    expect(children).toHaveLength(30);
  });

  it('refuses malformed actions and unknown outcomes (programming errors)', async () => {
    const { db } = await freshDb();
    await expect(appendAudit(db, entry(1, { action: 'Token Create' }))).rejects.toThrow(/dotted lower-case/);
    await expect(
      appendAudit(db, entry(1, { outcome: 'maybe' as unknown as AuditInput['outcome'] })),
    ).rejects.toThrow(/outcome/);
  });
});

describe('verifyAudit', () => {
  it('accepts an intact chain, with or without its checkpoint', async () => {
    const { db, head } = await seeded(5);
    expect(await verifyAudit(db)).toEqual({ ok: true, checked: 5, tip: head });
    expect(await verifyAudit(db, head)).toEqual({ ok: true, checked: 5, tip: head });
    const empty = await freshDb();
    expect(await verifyAudit(empty.db, null)).toEqual({ ok: true, checked: 0, tip: null });
  });

  it('reports a row whose content was edited', async () => {
    const { db, path, head } = await seeded(5);
    tamper(path, "update audit_log set action = 'token.list' where seq = 3");
    expect(await verifyAudit(db, head)).toMatchObject({
      ok: false,
      checked: 2,
      firstBad: { seq: 3, reason: 'edited', message: expect.stringContaining('#3') },
    });
  });

  it('reports an edited row whose hash was recomputed (its successor names the original)', async () => {
    const { db, path, head } = await seeded(5);
    const raw = new Database(path);
    const row = raw.prepare('select * from audit_log where seq = 3').get() as AuditLogTable;
    const forged = { ...row, ip: '198.51.100.1' };
    raw.prepare('update audit_log set ip = ?, hash = ? where seq = 3').run(forged.ip, rowHash(forged));
    raw.close();
    expect((await verifyAudit(db, head)).firstBad).toMatchObject({ seq: 3, reason: 'edited' });
  });

  it('reports a deleted row in the middle', async () => {
    const { db, path, head } = await seeded(5);
    tamper(path, 'delete from audit_log where seq = 2');
    expect(await verifyAudit(db, head)).toMatchObject({
      ok: false,
      checked: 1,
      firstBad: { seq: 2, reason: 'deleted' },
    });
  });

  it('reports deleted first rows', async () => {
    const { db, path } = await seeded(4);
    tamper(path, 'delete from audit_log where seq <= 2');
    expect((await verifyAudit(db)).firstBad).toMatchObject({ seq: 1, reason: 'deleted' });
  });

  it('reports rows deleted from the end, given the checkpoint (and cannot without it)', async () => {
    const { db, path, head } = await seeded(5);
    tamper(path, 'delete from audit_log where seq >= 4');
    expect(await verifyAudit(db, head)).toMatchObject({
      ok: false,
      checked: 3,
      firstBad: { seq: 4, reason: 'truncated', message: expect.stringContaining('#4..#5') },
    });
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it('reports two swapped rows', async () => {
    const { db, path, head } = await seeded(6);
    tamper(
      path,
      'update audit_log set seq = -1 where seq = 2',
      'update audit_log set seq = 2 where seq = 5',
      'update audit_log set seq = 5 where seq = -1',
    );
    expect(await verifyAudit(db, head)).toMatchObject({
      ok: false,
      checked: 1,
      firstBad: { seq: 2, reason: 'reordered', message: expect.stringContaining('#5') },
    });
  });

  it('reports a whole table replaced by a freshly computed, valid chain (through the checkpoint)', async () => {
    const { db, path, head } = await seeded(5);
    const raw = new Database(path);
    const rows = raw.prepare('select * from audit_log order by seq').all() as AuditLogTable[];
    raw.exec('delete from audit_log');
    let prev = GENESIS_HASH;
    const insert = raw.prepare(
      'insert into audit_log values (@seq, @time, @tenant, @actor_kind, @actor_id, @actor_name, @action, @target_type, @target_id, @outcome, @ip, @user_agent, @before, @after, @details, @prev_hash, @hash)',
    );
    for (const r of rows) {
      const forged = { ...r, actor_name: 'someone else', prev_hash: prev };
      const hash = rowHash(forged);
      insert.run({ ...forged, hash });
      prev = hash;
    }
    raw.close();
    expect((await verifyAudit(db)).ok).toBe(true);
    expect((await verifyAudit(db, head)).firstBad).toMatchObject({ seq: 5, reason: 'rewritten' });
  });
});

describe('searchAudit', () => {
  it('filters by tenant (global entries for administrators only), action prefix, actor, outcome, time; pages newest first', async () => {
    const { db } = await freshDb();
    await appendAudit(db, entry(1));
    await appendAudit(db, entry(2, { action: 'token.revoke' }));
    await appendAudit(db, entry(3, { tenant: 'globex', action: 'tokens.purge' }));
    await appendAudit(
      db,
      entry(4, {
        tenant: null,
        action: 'auth.denied',
        outcome: 'failure',
        actor: { kind: 'anonymous', id: null, name: null },
      }),
    );
    const base = { tenants: scopeOf(['acme']), includeGlobal: false, limit: 10 };
    const seqs = async (q: Partial<Parameters<typeof searchAudit>[1]>) =>
      (await searchAudit(db, { ...base, ...q })).map((r) => r.seq);
    expect(await seqs({})).toEqual([2, 1]);
    expect(await seqs({ includeGlobal: true })).toEqual([4, 2, 1]);
    expect(await seqs({ tenants: scopeOf([]), includeGlobal: false })).toEqual([]);
    expect(await seqs({ tenants: scopeOf(['acme', 'globex']), actionPrefix: 'token' })).toEqual([2, 1]);
    expect(await seqs({ actionPrefix: 'token.revoke' })).toEqual([2]);
    expect(await seqs({ includeGlobal: true, outcome: 'failure' })).toEqual([4]);
    expect(await seqs({ actor: 'ops key' })).toEqual([2, 1]);
    expect(await seqs({ actor: 'key-1', actorKind: 'api_key' })).toEqual([2, 1]);
    expect(await seqs({ targetType: 'ingest_token', targetId: 'tok-2' })).toEqual([2]);
    expect(await seqs({ limit: 1 })).toEqual([2]);
    expect(await seqs({ before: 2 })).toEqual([1]);
    expect(await seqs({ from: '2000-01-01T00:00:00Z', to: '2000-01-02T00:00:00Z' })).toEqual([]);
    expect(await seqs({ from: '2000-01-01T00:00:00Z' })).toEqual([2, 1]);
  });
});
