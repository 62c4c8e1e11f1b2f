/**
 * `store.huntSigma`: tenant scoping, the time range over several day tables, newest-first keyset
 * pages that keep the first page's snapshot and count, the scan limit, and the errors a caller
 * can act on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, QueryTooBroadError } from '../../../core/errors.ts';
import { openTempStore } from '../testing.ts';
import type { EventStore, StoredEvent } from '../types.ts';
import { commit, rule, sysmon } from './hunt.fixture.ts';

const WHOAMI = rule(`sel:\n  CommandLine|contains: whoami\ncondition: sel`);
const TWO_DAYS = { from: '2026-11-21T00:00:00Z', to: '2026-11-23T00:00:00Z' };

/** `n` whoami events on 2026-11-21 and 2026-11-22 (alternating), plus noise and another tenant. */
function events(n: number): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (let i = 0; i < n; i++) {
    const e = sysmon(`w${String(i).padStart(2, '0')}`, i, { CommandLine: `whoami /${i}` });
    if (i % 2 === 1)
      e.event['@timestamp'] = String(e.event['@timestamp']).replace('2026-11-22', '2026-11-21');
    out.push(e);
  }
  out.push(sysmon('noise', 5, { CommandLine: 'notepad.exe' }));
  out.push(sysmon('t2-whoami', 6, { CommandLine: 'whoami' }, {}, 't2'));
  return out;
}

let store: EventStore;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ store, cleanup } = await openTempStore());
  await commit(store, events(9));
});
afterAll(() => cleanup());

describe('huntSigma', () => {
  it('returns the matches of the tenants asked for, newest first, over every day of the range', async () => {
    const r = await store.huntSigma({ tenants: ['t1'], rule: WHOAMI, ...TWO_DAYS });
    expect(r.events.map((e) => e['vigil.id'])).toEqual([
      'w08',
      'w06',
      'w04',
      'w02',
      'w00',
      'w07',
      'w05',
      'w03',
      'w01',
    ]);
    expect(r).toMatchObject({
      count: 9,
      days: 2,
      from: '2026-11-21T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
      nextCursor: null,
      rule: { id: 'r-1', title: 'hunt test r-1', level: 'high', file: 'r-1.yml' },
    });
    expect(r.events[0]).toMatchObject({ 'winlog.event_data.CommandLine': 'whoami /8', 'vigil.tenant': 't1' });
    const both = await store.huntSigma({ tenants: ['t1', 't2'], rule: WHOAMI, ...TWO_DAYS });
    expect(both.count).toBe(10);
    const oneDay = await store.huntSigma({
      tenants: ['t1'],
      rule: WHOAMI,
      from: '2026-11-22T10:00:02Z',
      to: '2026-11-22T10:00:07Z',
    });
    expect(oneDay.events.map((e) => e['vigil.id'])).toEqual(['w06', 'w04', 'w02']);
  });

  it('pages with a cursor that keeps the first page snapshot and count', async () => {
    const first = await store.huntSigma({ tenants: ['t1'], rule: WHOAMI, ...TWO_DAYS, limit: 4 });
    expect(first.events.map((e) => e['vigil.id'])).toEqual(['w08', 'w06', 'w04', 'w02']);
    expect(first.count).toBe(9);
    // A later commit shows up neither in the next pages nor in their count.
    await commit(store, [sysmon('late', 1, { CommandLine: 'whoami late' })]);
    const ids: unknown[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await store.huntSigma({ tenants: ['t1'], rule: WHOAMI, ...TWO_DAYS, limit: 4, cursor });
      expect(page.count).toBe(9);
      ids.push(...page.events.map((e) => e['vigil.id']));
      cursor = page.nextCursor;
    }
    expect(ids).toEqual(['w00', 'w07', 'w05', 'w03', 'w01']);
    const fresh = await store.huntSigma({ tenants: ['t1'], rule: WHOAMI, ...TWO_DAYS });
    expect(fresh.count).toBe(10);
  });

  it('refuses a cursor made for another rule or other tenants', async () => {
    const { nextCursor } = await store.huntSigma({ tenants: ['t1'], rule: WHOAMI, ...TWO_DAYS, limit: 1 });
    const other = rule(`sel:\n  CommandLine|contains: notepad\ncondition: sel`);
    const cursor = nextCursor as string;
    await expect(store.huntSigma({ tenants: ['t1'], rule: other, ...TWO_DAYS, cursor })).rejects.toThrow(
      /cursor belongs to a different rule or tenants/,
    );
    await expect(store.huntSigma({ tenants: ['t2'], rule: WHOAMI, ...TWO_DAYS, cursor })).rejects.toThrow(
      BadRequestError,
    );
    await expect(
      store.huntSigma({ tenants: ['t1'], rule: WHOAMI, ...TWO_DAYS, cursor: 'x!' }),
    ).rejects.toThrow(/invalid cursor/);
  });

  it('names the file, line and reason of a rule the engine cannot run', async () => {
    const bad = rule(`sel:\n  NoSuchField: x\ncondition: sel`);
    const e = await store.huntSigma({ tenants: ['t1'], rule: bad, ...TWO_DAYS }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BadRequestError);
    expect((e as BadRequestError).location).toBe('r-1.yml:9');
    expect((e as BadRequestError).message).toMatch(
      /^r-1\.yml:9: search "sel": field "NoSuchField" is not known/,
    );
  });

  it('checks tenants, range and limit', async () => {
    const base = { tenants: ['t1'], rule: WHOAMI, ...TWO_DAYS };
    await expect(store.huntSigma({ ...base, tenants: [] })).rejects.toThrow(/tenants/);
    await expect(store.huntSigma({ ...base, from: 'yesterday' })).rejects.toThrow(/from must be an ISO 8601/);
    await expect(store.huntSigma({ ...base, limit: 0 })).rejects.toThrow(/limit must be an integer/);
    await expect(store.huntSigma({ ...base, to: '2026-11-20T00:00:00Z' })).rejects.toThrow(
      /to must not be before/,
    );
  });

  it('refuses a range holding more events than the scan limit', async () => {
    const small = await openTempStore({ maxScanRows: 5 });
    try {
      await commit(small.store, events(9));
      const e = await small.store
        .huntSigma({ tenants: ['t1'], rule: WHOAMI, ...TWO_DAYS })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(QueryTooBroadError);
      expect((e as Error).message).toMatch(/hunt too broad: .* narrow the time range/);
      const narrow = await small.store.huntSigma({
        tenants: ['t1'],
        rule: WHOAMI,
        from: '2026-11-22T10:00:00Z',
        to: '2026-11-22T10:00:01Z',
      });
      expect(narrow.count).toBe(1);
    } finally {
      await small.cleanup();
    }
  });
});
