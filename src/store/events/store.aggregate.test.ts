import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '../../hunt/index.ts';
import { makeEvent, openTempStore } from './testing.ts';
import type { EventStore, ScopeRequest } from './types.ts';

let store: EventStore;
let cleanup: () => Promise<void>;

const scope = (query: string, from = '2026-11-22T10:00:00Z', to = '2026-11-22T11:00:00Z'): ScopeRequest => ({
  tenants: ['t1'],
  from,
  to,
  query: parseQuery(query),
});

beforeAll(async () => {
  ({ store, cleanup } = await openTempStore());
  const events = [
    makeEvent('a', '2026-11-22T10:00:05.000Z', {
      'user.name': 'root',
      'event.type': ['start', 'info'],
      ok: true,
    }),
    makeEvent('b', '2026-11-22T10:00:59.999Z', { 'user.name': 'root', 'event.type': 'start', ok: false }),
    makeEvent('c', '2026-11-22T10:05:00.000Z', { 'user.name': 'alice', 'event.type': ['end'], ok: true }),
    makeEvent('d', '2026-11-22T10:59:59.000Z', {
      'user.name': ['bob', 'root'],
      'destination.port': 22,
      ok: null,
    }),
    makeEvent('e', '2026-11-22T10:30:00.000Z', {
      'user.name': 'root',
      'destination.port': 22,
      'vigil.tenant': 't2',
    }),
    makeEvent('f', '2026-11-22T11:00:00.000Z', { 'user.name': 'root' }),
  ];
  await store.commit({ events, deadLetters: [], position: { segment: 1, offset: 1 } });
});
afterAll(async () => cleanup());

describe('count', () => {
  it('counts matches in [from, to) for the tenants only', async () => {
    expect(await store.count(scope('*'))).toBe(4);
    expect(await store.count(scope('user.name:root'))).toBe(3);
    expect(await store.count({ ...scope('user.name:root'), tenants: ['t1', 't2'] })).toBe(4);
    expect(await store.count(scope('*', '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z'))).toBe(0);
  });
});

describe('topValues', () => {
  it('counts hot-column values, taking array elements one by one', async () => {
    expect(await store.topValues(scope('*'), 'user.name')).toEqual([
      { value: 'root', count: 3 },
      { value: 'alice', count: 1 },
      { value: 'bob', count: 1 },
    ]);
    expect(await store.topValues(scope('*'), 'user.name', 1)).toEqual([{ value: 'root', count: 3 }]);
  });

  it('counts JSON-field values with their types', async () => {
    expect(await store.topValues(scope('*'), 'event.type')).toEqual([
      { value: 'start', count: 2 },
      { value: 'end', count: 1 },
      { value: 'info', count: 1 },
    ]);
    expect(await store.topValues(scope('*'), 'ok')).toEqual([
      { value: true, count: 2 },
      { value: false, count: 1 },
      { value: null, count: 1 },
    ]);
    expect(await store.topValues(scope('*'), 'destination.port')).toEqual([{ value: 22, count: 1 }]);
  });

  it('applies the query and gives timestamps in ISO form', async () => {
    expect(await store.topValues(scope('user.name:alice'), '@timestamp')).toEqual([
      { value: '2026-11-22T10:05:00.000Z', count: 1 },
    ]);
    expect(await store.topValues(scope('*'), 'no.such.field')).toEqual([]);
    await expect(store.topValues(scope('*'), 'bad field')).rejects.toThrow(/invalid field name/);
  });
});

describe('histogram', () => {
  it('picks a round interval and zero-fills the buckets', async () => {
    const h = await store.histogram(scope('*'), 60);
    expect(h.intervalMs).toBe(60_000);
    expect(h.buckets).toHaveLength(60);
    expect(h.buckets[0]).toEqual({ start: '2026-11-22T10:00:00.000Z', count: 2 });
    expect(h.buckets[5]).toEqual({ start: '2026-11-22T10:05:00.000Z', count: 1 });
    expect(h.buckets[59]).toEqual({ start: '2026-11-22T10:59:00.000Z', count: 1 });
    expect(h.buckets.reduce((s, b) => s + b.count, 0)).toBe(4);
    expect(h.buckets.filter((b) => b.count === 0)).toHaveLength(57);
  });

  it('uses coarser buckets for fewer of them, and applies the query', async () => {
    const h = await store.histogram(scope('user.name:root'), 4);
    expect(h.intervalMs).toBe(30 * 60_000);
    expect(h.buckets).toEqual([
      { start: '2026-11-22T10:00:00.000Z', count: 2 },
      { start: '2026-11-22T10:30:00.000Z', count: 1 },
    ]);
  });

  it('covers ranges with no data at all', async () => {
    const h = await store.histogram(scope('*', '2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z'));
    expect(h.intervalMs).toBe(30 * 60_000);
    expect(h.buckets).toHaveLength(48);
    expect(h.buckets.every((b) => b.count === 0)).toBe(true);
  });
});

describe('stats', () => {
  it("counts only the given tenants' events per day; other tenants' days stay out", async () => {
    expect((await store.stats(['t2'])).days).toEqual([{ day: '2026-11-22', events: 1 }]);
    expect((await store.stats(['t1'])).totalEvents).toBe(5);
    expect((await store.stats(['t1', 't2'])).totalEvents).toBe(6);
    expect(await store.stats(['nobody'])).toMatchObject({ days: [], totalEvents: 0 });
    await expect(store.stats([])).rejects.toThrow(/tenants/);
  });
});
