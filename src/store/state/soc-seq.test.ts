import { afterEach, describe, expect, it } from 'vitest';
import { openStateDb, type StateDb } from './open.ts';
import { nextSocSeq } from './soc-seq.ts';

describe('the alert and case change counter', () => {
  let db: StateDb | null = null;
  afterEach(async () => {
    await db?.destroy();
    db = null;
  });

  it('hands out increasing numbers, inside a transaction too', async () => {
    db = await openStateDb({ path: ':memory:' });
    expect(await nextSocSeq(db)).toBe(1);
    expect(await nextSocSeq(db)).toBe(2);
    const inTx = await db.transaction().execute(async (tx) => [await nextSocSeq(tx), await nextSocSeq(tx)]);
    expect(inTx).toEqual([3, 4]);
  });

  it('gives a rolled-back number out again', async () => {
    db = await openStateDb({ path: ':memory:' });
    await expect(
      db.transaction().execute(async (tx) => {
        await nextSocSeq(tx);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await nextSocSeq(db)).toBe(1);
  });
});
