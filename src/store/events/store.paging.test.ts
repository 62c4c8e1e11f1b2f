import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadRequestError } from '../../core/errors.ts';
import { parseQuery } from '../../hunt/index.ts';
import { makeEvent, openTempStore } from './testing.ts';
import type { EventStore, SearchRequest, StoredEvent } from './types.ts';

let store: EventStore;
let cleanup: () => Promise<void>;
let position = 0;

beforeEach(async () => {
  ({ store, cleanup } = await openTempStore());
});
afterEach(async () => cleanup());

async function commit(events: StoredEvent[]): Promise<void> {
  await store.commit({ events, deadLetters: [], position: { segment: 1, offset: ++position } });
}

/** 30 events over two days, several sharing a timestamp (the id breaks ties). */
function initial(): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (let i = 0; i < 30; i++) {
    const day = i < 12 ? '21' : '22';
    const second = String(Math.floor(i / 3)).padStart(2, '0');
    out.push(makeEvent(`a${String(i).padStart(2, '0')}`, `2026-11-${day}T23:00:${second}.000Z`, { n: i }));
  }
  return out;
}

/** Events that arrive while paging: newer than everything, older than everything, and in between. */
function arrivals(round: number): StoredEvent[] {
  return [
    makeEvent(`new-late-${round}`, '2026-11-22T23:59:00.000Z'),
    makeEvent(`new-early-${round}`, '2026-11-21T00:00:01.000Z'),
    makeEvent(`new-mid-${round}`, '2026-11-22T23:00:02.000Z'),
    makeEvent(`a04-${round}`, '2026-11-21T23:00:01.000Z'),
  ];
}

async function pageThrough(req: SearchRequest): Promise<{ pages: string[][]; cursors: number }> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  let round = 0;
  for (;;) {
    const r = await store.search(cursor === undefined ? req : { ...req, cursor });
    pages.push(r.events.map((e) => String(e['vigil.id'])));
    if (r.nextCursor === null) break;
    cursor = r.nextCursor;
    await commit(arrivals(round++));
  }
  return { pages, cursors: round };
}

describe('cursor pagination', () => {
  const base = {
    tenants: ['t1'],
    from: '2026-11-20T00:00:00Z',
    to: '2026-11-24T00:00:00Z',
    query: parseQuery('*'),
  };

  it.each(['desc', 'asc'] as const)(
    'pages through a snapshot in %s order: no duplicates, no gaps, no late arrivals',
    async (sort) => {
      const events = initial();
      await commit(events);
      const sorted = events.map((e) => e.id).sort();
      const expected = sort === 'asc' ? sorted : [...sorted].reverse();

      const { pages, cursors } = await pageThrough({ ...base, sort, limit: 7 });
      expect(cursors).toBe(4);
      expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 7, 2]);
      expect(pages.flat()).toEqual(expected);
    },
  );

  it('pages the same way with a JSON-field filter', async () => {
    await commit(initial());
    const { pages } = await pageThrough({ ...base, query: parseQuery('n:* -n:7'), limit: 4 });
    const expected = initial()
      .map((e) => e.id)
      .filter((id) => id !== 'a07')
      .sort()
      .reverse();
    expect(pages.flat()).toEqual(expected);
  });

  it('a new search sees the events that arrived meanwhile', async () => {
    await commit(initial());
    const { cursors } = await pageThrough({ ...base, limit: 10 });
    expect(cursors).toBe(2);
    const all = await store.search({ ...base, limit: 1000 });
    expect(all.events).toHaveLength(30 + cursors * 4);
  });

  it.each(['asc', 'desc'] as const)('keeps the time range of the first page (%s)', async (sort) => {
    await commit(initial());
    const first = await store.search({ ...base, to: '2026-11-22T00:00:00Z', sort, limit: 5 });
    // A relative range ("last N hours") re-resolved for the next page must not slide.
    const rest = await store.search({
      ...base,
      from: '2026-11-21T23:00:03Z',
      to: '2026-11-25T00:00:00Z',
      sort,
      limit: 100,
      cursor: first.nextCursor ?? '',
    });
    const day21 = initial()
      .slice(0, 12)
      .map((e) => e.id);
    expect([...first.events, ...rest.events].map((e) => e['vigil.id'])).toEqual(
      sort === 'asc' ? day21 : day21.reverse(),
    );
  });

  it('rejects a cursor of another query, sort or tenant list, and a forged one', async () => {
    await commit(initial());
    const r = await store.search({ ...base, limit: 5 });
    const cursor = r.nextCursor ?? '';
    await expect(store.search({ ...base, query: parseQuery('n:1'), cursor })).rejects.toThrow(
      /different query/,
    );
    await expect(store.search({ ...base, sort: 'asc', cursor })).rejects.toThrow(/different query/);
    await expect(store.search({ ...base, tenants: ['t2'], cursor })).rejects.toThrow(/different query/);
    const forged = Buffer.from(JSON.stringify({ k: 's', t: 'x' })).toString('base64url');
    await expect(store.search({ ...base, cursor: forged })).rejects.toThrow(BadRequestError);
    await expect(store.search({ ...base, cursor: cursor.slice(0, 12) })).rejects.toThrow(BadRequestError);
  });
});
