import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { openEventStore } from './store.ts';
import { makeEvent, removeStoreFiles, tempStorePath } from './testing.ts';
import type { DeadLetter } from './types.ts';

const files: string[] = [];
afterEach(() => {
  for (const f of files.splice(0)) removeStoreFiles(f);
});

/** Runs SQL on the store's file directly (the store must be closed). */
async function rawSql(file: string, text: string): Promise<string[]> {
  const db = await DuckDBInstance.create(file);
  const conn = await db.connect();
  const rows = (await conn.runAndReadAll(text)).getRows();
  conn.closeSync();
  db.closeSync();
  return rows.map((r) => String(r[0]));
}

const tablesIn = (file: string): Promise<string[]> =>
  rawSql(file, `SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'events_%' ORDER BY 1`);

const letter = (id: string, received: string): DeadLetter => ({
  id,
  received,
  tenant: 't1',
  source: 's',
  reason: 'r',
  raw: new Uint8Array([1]),
});

describe('day partitions and retention', () => {
  it('stores each UTC day in its own table and drops only days older than the retention', async () => {
    const file = tempStorePath();
    files.push(file);
    const store = await openEventStore({ path: file, retentionDays: 2 });
    await store.commit({
      events: [
        makeEvent('d18', '2026-11-18T23:59:59.999999Z'),
        makeEvent('d19a', '2026-11-19T00:00:00.000Z'),
        makeEvent('d19b', '2026-11-19T12:00:00.000Z'),
        makeEvent('d20', '2026-11-20T01:00:00.000Z'),
        makeEvent('d21', '2026-11-21T01:00:00.000Z'),
      ],
      deadLetters: [letter('old', '2026-11-18T10:00:00.000Z'), letter('new', '2026-11-20T10:00:00.000Z')],
      position: { segment: 1, offset: 1 },
    });
    expect((await store.stats(['t1'])).days).toEqual([
      { day: '2026-11-18', events: 1 },
      { day: '2026-11-19', events: 2 },
      { day: '2026-11-20', events: 1 },
      { day: '2026-11-21', events: 1 },
    ]);
    const all = {
      tenants: ['t1'],
      from: '2026-11-01T00:00:00Z',
      to: '2026-12-01T00:00:00Z',
      query: { kind: 'all' } as const,
    };
    expect(await store.count(all)).toBe(5);
    expect(await store.count({ ...all, from: '2026-11-19T00:00:00Z', to: '2026-11-20T00:00:00Z' })).toBe(2);

    // Now is 2026-11-21 10:00: two days back is 2026-11-19 10:00, so days before the 19th go.
    expect(await store.applyRetention(Date.parse('2026-11-21T10:00:00Z'))).toEqual({
      droppedDays: ['2026-11-18'],
    });
    expect(await store.applyRetention(Date.parse('2026-11-21T10:00:00Z'))).toEqual({ droppedDays: [] });
    expect((await store.search(all)).events.map((e) => e['vigil.id'])).toEqual([
      'd21',
      'd20',
      'd19b',
      'd19a',
    ]);
    expect((await store.deadLetters({ tenants: ['t1'] })).items.map((d) => d.id)).toEqual(['new']);

    expect(await store.applyRetention(Date.parse('2026-11-23T00:00:00Z'))).toEqual({
      droppedDays: ['2026-11-19', '2026-11-20'],
    });
    const stats = await store.stats(['t1']);
    expect(stats.days).toEqual([{ day: '2026-11-21', events: 1 }]);
    expect(stats.totalEvents).toBe(1);
    expect(stats.bytes).toBeGreaterThan(0);
    await store.close();
    expect(await tablesIn(file)).toEqual(['events_20261121']);
  });
});

describe('day pruning', () => {
  it('reads only the day tables that overlap [from, to)', async () => {
    const file = tempStorePath();
    files.push(file);
    let store = await openEventStore({ path: file, retentionDays: 3650 });
    await store.commit({
      events: [makeEvent('a', '2026-11-20T12:00:00.000Z'), makeEvent('b', '2026-11-21T12:00:00.000Z')],
      deadLetters: [],
      position: { segment: 1, offset: 1 },
    });
    await store.close();
    // Break the 20th's table behind the store's back: only queries that touch it can fail.
    await rawSql(file, 'ALTER TABLE events_20261120 RENAME TO broken');
    store = await openEventStore({ path: file, retentionDays: 3650 });
    try {
      const day21 = {
        tenants: ['t1'],
        from: '2026-11-21T00:00:00Z',
        to: '2026-11-22T00:00:00Z',
        query: { kind: 'all' } as const,
      };
      expect((await store.search(day21)).events.map((e) => e['vigil.id'])).toEqual(['b']);
      expect(await store.count(day21)).toBe(1);
      await expect(store.count({ ...day21, from: '2026-11-20T23:59:59Z' })).rejects.toThrow(
        /events_20261120/,
      );
    } finally {
      await store.close();
    }
  });
});
