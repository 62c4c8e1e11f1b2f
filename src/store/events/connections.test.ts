import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { QueryTooBroadError } from '../../core/errors.ts';
import { Mutex, ReadPool } from './connections.ts';
import { raw } from './sql.ts';

describe('read pool', () => {
  it('interrupts a query that runs past the deadline with a QueryTooBroadError, and stays usable', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const pool = new ReadPool([await db.connect()], 200);
    try {
      // Summing 10^13 hashes takes hours: only the deadline can end it.
      const endless = pool.use((s) => s.rows(raw('SELECT sum(hash(range)) FROM range(10000000000000)')));
      await expect(endless).rejects.toThrow(QueryTooBroadError);
      await expect(endless).rejects.toThrow(/timed out after 0.2 s/);
      expect(await pool.use((s) => s.rows(raw('SELECT 42')))).toEqual([[42]]);
    } finally {
      await pool.close();
      db.closeSync();
    }
  });

  it('runs queries one per connection and queues the rest', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const pool = new ReadPool([await db.connect()], 10_000);
    try {
      const results = await Promise.all([1, 2, 3].map((n) => pool.use((s) => s.rows(raw(`SELECT ${n}`)))));
      expect(results).toEqual([[[1]], [[2]], [[3]]]);
    } finally {
      await pool.close();
      db.closeSync();
    }
  });
});

describe('mutex', () => {
  it('runs sections one at a time in call order, even when one fails', async () => {
    const m = new Mutex();
    const log: string[] = [];
    const section = (name: string, fail = false) =>
      m.run(async () => {
        log.push(`start ${name}`);
        await new Promise((r) => setImmediate(r));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([section('a'), section('b', true), section('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
