import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError } from '../../core/errors.ts';
import { openEventStore } from './store.ts';
import { asReturned, makeEvent, openTempStore, removeStoreFiles, tempStorePath } from './testing.ts';
import type { DeadLetter, EventStore, ScopeRequest } from './types.ts';

const ALL: ScopeRequest = {
  tenants: ['t1', 't2'],
  from: '2026-01-01T00:00:00Z',
  to: '2027-01-01T00:00:00Z',
  query: { kind: 'all' },
};
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function fresh(): Promise<EventStore> {
  const t = await openTempStore();
  cleanups.push(t.cleanup);
  return t.store;
}

const letter = (id: string, received: string, tenant = 't1'): DeadLetter => ({
  id,
  received,
  tenant,
  source: 'syslog-514',
  reason: 'not valid UTF-8',
  raw: new Uint8Array([0xff, 0xfe, id.length]),
});

describe('commit', () => {
  it('stores events exactly as committed: types, arrays, nulls, unicode; timestamps canonical', async () => {
    const store = await fresh();
    const events = [
      makeEvent('x1', '2026-11-22T16:56:54.123456Z', {
        'event.category': ['network', 'authentication'],
        'related.ip': ['10.0.0.1', '::1'],
        'event.code': 4624,
        'event.severity': 0,
        'tls.established': false,
        'user.name': null,
        'winlog.event_data.Image': 'C:\\Windows\\System32\\cmd.exe',
        message: 'ünïcödé 😀 "quoted" \n newline',
        'source.port': '8080',
        'destination.port': 99999999999,
        'source.ip': 'not-an-ip',
      }),
      makeEvent('x2', '2026-11-22T17:00:00.000Z', { 'event.original': 'raw text\twith tab' }),
    ];
    await store.commit({ events, deadLetters: [], position: { segment: 3, offset: 42 } });
    const r = await store.search({ ...ALL, sort: 'asc' });
    expect(r.events).toEqual(events.map(asReturned));

    // Non-canonical timestamps come back canonical.
    const odd = makeEvent('x3', '2026-11-22T18:00:00+02:00', {
      'vigil.ingested': '2026-11-22T16:00:00.500000Z',
    });
    await store.commit({ events: [odd], deadLetters: [], position: { segment: 3, offset: 43 } });
    const [got] = (
      await store.search({ ...ALL, query: { kind: 'field', field: 'vigil.id', op: 'eq', value: 'x3' } })
    ).events;
    expect(got?.['@timestamp']).toBe('2026-11-22T16:00:00.000Z');
    expect(got?.['vigil.ingested']).toBe('2026-11-22T16:00:00.500Z');
  });

  it('records the journal position; null on a new store', async () => {
    const store = await fresh();
    expect(await store.position()).toBeNull();
    await store.commit({ events: [], deadLetters: [], position: { segment: 1, offset: 10 } });
    expect(await store.position()).toEqual({ segment: 1, offset: 10 });
    await store.commit({
      events: [makeEvent('a', '2026-11-22T00:00:00.000Z')],
      deadLetters: [],
      position: { segment: 2, offset: 0 },
    });
    expect(await store.position()).toEqual({ segment: 2, offset: 0 });
  });

  it('is all or nothing: a bad event in the second day rolls back the first day, dead letters and position', async () => {
    const store = await fresh();
    await store.commit({
      events: [makeEvent('ok', '2026-11-21T12:00:00.000Z')],
      deadLetters: [],
      position: { segment: 1, offset: 1 },
    });
    const bad = makeEvent('bad', '2026-11-23T12:00:00.000Z');
    delete bad.event['vigil.tenant'];
    const batch = {
      events: [
        makeEvent('day1-a', '2026-11-22T12:00:00.000Z'),
        makeEvent('day1-b', '2026-11-22T12:00:01.000Z'),
        makeEvent('day2-a', '2026-11-23T12:00:00.000Z'),
        bad,
      ],
      deadLetters: [letter('d1', '2026-11-22T12:00:00.000Z')],
      position: { segment: 1, offset: 2 },
    };
    await expect(store.commit(batch)).rejects.toThrow(/event bad: vigil.tenant must be a non-empty string/);
    await expect(store.commit(batch)).rejects.toBeInstanceOf(BadRequestError);

    expect(await store.position()).toEqual({ segment: 1, offset: 1 });
    expect(await store.count(ALL)).toBe(1);
    expect((await store.deadLetters({ tenants: ['t1'] })).items).toEqual([]);
    expect((await store.stats(['t1'])).days).toEqual([{ day: '2026-11-21', events: 1 }]);

    // A bad dead letter, appended after the events, rolls them back too.
    await expect(
      store.commit({ ...batch, events: batch.events.slice(0, 3), deadLetters: [letter('d2', 'not a time')] }),
    ).rejects.toThrow(/received must be an ISO 8601 timestamp/);
    expect(await store.count(ALL)).toBe(1);

    // The same batch without the bad event then commits, creating the day tables afresh.
    await store.commit({ ...batch, events: batch.events.slice(0, 3) });
    expect(await store.position()).toEqual({ segment: 1, offset: 2 });
    expect(await store.count(ALL)).toBe(4);
    expect((await store.stats(['t1'])).days).toEqual([
      { day: '2026-11-21', events: 1 },
      { day: '2026-11-22', events: 2 },
      { day: '2026-11-23', events: 1 },
    ]);
  });

  it('rejects events without a usable @timestamp before touching the database', async () => {
    const store = await fresh();
    await expect(
      store.commit({
        events: [makeEvent('a', 'yesterday')],
        deadLetters: [],
        position: { segment: 1, offset: 1 },
      }),
    ).rejects.toThrow(/event a: @timestamp must be an ISO 8601 timestamp/);
    await expect(
      store.commit({ events: [], deadLetters: [], position: { segment: -1, offset: 0 } }),
    ).rejects.toThrow(/position/);
    expect(await store.position()).toBeNull();
  });

  it('keeps events and position across close and reopen', async () => {
    const file = tempStorePath();
    cleanups.push(async () => removeStoreFiles(file));
    const first = await openEventStore({ path: file, retentionDays: 30 });
    const e1 = makeEvent('p1', '2026-11-22T01:00:00.000Z', { 'user.name': 'root' });
    await first.commit({
      events: [e1],
      deadLetters: [letter('d1', '2026-11-22T01:00:00Z')],
      position: { segment: 7, offset: 70 },
    });
    await first.close();
    await expect(first.count(ALL)).rejects.toThrow(/closed/);

    const second = await openEventStore({ path: file, retentionDays: 30 });
    try {
      expect(await second.position()).toEqual({ segment: 7, offset: 70 });
      expect((await second.search(ALL)).events).toEqual([asReturned(e1)]);
      const e2 = makeEvent('p2', '2026-11-22T02:00:00.000Z');
      await second.commit({ events: [e2], deadLetters: [], position: { segment: 7, offset: 80 } });
      expect(await second.position()).toEqual({ segment: 7, offset: 80 });
      expect((await second.stats(['t1'])).days).toEqual([{ day: '2026-11-22', events: 2 }]);
      expect((await second.deadLetters({ tenants: ['t1'] })).items.map((d) => d.id)).toEqual(['d1']);
    } finally {
      await second.close();
    }
  });
});

describe('dead letters', () => {
  it('lists a tenant’s dead letters newest first, page by page', async () => {
    const store = await fresh();
    const letters = [
      letter('d1', '2026-11-22T10:00:00.000Z'),
      letter('d2', '2026-11-22T10:00:01.000Z'),
      letter('d3', '2026-11-22T10:00:01.000Z'),
      letter('d4', '2026-11-22T10:00:02.000Z', 't2'),
      letter('d5', '2026-11-22T10:00:03.000Z'),
    ];
    await store.commit({ events: [], deadLetters: letters, position: { segment: 1, offset: 1 } });

    const first = await store.deadLetters({ tenants: ['t1'], limit: 2 });
    expect(first.items.map((d) => d.id)).toEqual(['d5', 'd3']);
    expect(first.items[0]).toEqual(letters[4]);
    expect(first.nextCursor).not.toBeNull();
    const second = await store.deadLetters({ tenants: ['t1'], limit: 2, cursor: first.nextCursor ?? '' });
    expect(second.items.map((d) => d.id)).toEqual(['d2', 'd1']);
    expect(second.nextCursor).toBeNull();
    expect((await store.deadLetters({ tenants: ['t2'] })).items.map((d) => d.id)).toEqual(['d4']);
    await expect(store.deadLetters({ tenants: [] })).rejects.toThrow(/tenants/);
    await expect(store.deadLetters({ tenants: ['t1'], cursor: 'nope' })).rejects.toThrow(/invalid cursor/);
  });
});
