import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, QueryTooBroadError } from '../../core/errors.ts';
import { parseQuery } from '../../hunt/index.ts';
import { asReturned, makeEvent, openTempStore } from './testing.ts';
import type { EventStore, StoredEvent } from './types.ts';

const DAY = { from: '2026-11-22T00:00:00Z', to: '2026-11-23T00:00:00Z' };
const at = (minute: number): string => `2026-11-22T10:${String(minute).padStart(2, '0')}:00.000Z`;

/** A small, varied data set: hot columns, irregular values, JSON-only fields, two tenants. */
const EVENTS: StoredEvent[] = [
  makeEvent('e1', at(1), {
    message: 'Failed password for root from 10.1.2.3 port 50000 ssh2',
    'event.dataset': 'sshd',
    'event.category': ['authentication'],
    'event.type': ['start', 'info'],
    'event.outcome': 'failure',
    'host.name': 'web-01',
    'user.name': 'root',
    'source.ip': '10.1.2.3',
    'source.port': 50000,
    'destination.ip': '10.0.0.1',
    'destination.port': 22,
    'process.pid': 1234,
  }),
  makeEvent('e2', at(2), {
    message: 'Accepted publickey for alice',
    'event.category': 'authentication',
    'host.name': 'web-01',
    'user.name': 'alice',
    'source.ip': '192.168.1.10',
    'destination.port': 22,
  }),
  makeEvent('e3', at(3), {
    'event.code': 4624,
    'event.category': ['authentication', 'session'],
    'host.name': 'DC-01',
    'user.name': 'Administrator',
    'source.ip': '2001:db8::1',
    'process.name': 'lsass.exe',
    'winlog.event_data.LogonType': '3',
    'related.ip': ['10.5.0.1', '2001:db8::5'],
  }),
  makeEvent('e4', at(4), {
    message: 'Process Create',
    'process.name': 'powershell.exe',
    'process.command_line': 'powershell.exe -Enc SQBFAFgA',
    'host.name': 'WS-7',
    'user.name': 'bob',
    'event.action': 'process_started',
    'destination.port': '443',
  }),
  makeEvent('e5', at(5), {
    'event.action': 'allow',
    'source.ip': '10.1.9.9',
    'destination.ip': '8.8.8.8',
    'destination.port': 53,
    'network.transport': 'udp',
    'host.ip': ['10.1.9.1', 'fe80::1'],
  }),
  makeEvent('e6', at(6), {
    message: 'multi',
    'source.ip': ['10.2.0.1', '10.3.0.1'],
    'user.name': ['carol', 'dave'],
    'source.port': 'ssh',
  }),
  makeEvent('e7', at(7), {
    message: 'Failed password for root from 10.1.2.3 port 50000 ssh2',
    'vigil.tenant': 't2',
    'user.name': 'root',
    'source.ip': '10.1.2.3',
    'destination.port': 22,
  }),
  makeEvent('e8', at(8), {
    'event.original': 'RAW LINE with Mimikatz inside',
    flag: true,
    score: 7.5,
    'user.name': null,
  }),
];
const T1 = EVENTS.filter((e) => e.event['vigil.tenant'] === 't1').map((e) => e.id);
const except = (...ids: string[]): string[] => T1.filter((id) => !ids.includes(id));

let store: EventStore;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ store, cleanup } = await openTempStore());
  await store.commit({ events: EVENTS, deadLetters: [], position: { segment: 1, offset: 1 } });
});
afterAll(async () => cleanup());

async function ids(query: string, tenants = ['t1']): Promise<string[]> {
  const r = await store.search({ tenants, ...DAY, query: parseQuery(query), sort: 'asc', limit: 1000 });
  return r.events.map((e) => String(e['vigil.id']));
}

describe('search filters', () => {
  it.each<[string, string[]]>([
    ['*', T1],
    ['', T1],
    ['user.name:root', ['e1']],
    ['user.name:ROOT', []],
    ['user.name:carol', ['e6']],
    ['-user.name:carol', except('e6')],
    ['user.name:*', ['e1', 'e2', 'e3', 'e4', 'e6']],
    ['_exists_:user.name', ['e1', 'e2', 'e3', 'e4', 'e6']],
    ['NOT user.name:*', ['e5', 'e8']],
    ['host.name:web*', ['e1', 'e2']],
    ['host.name:WEB*', ['e1', 'e2']],
    ['process.name:*.EXE', ['e3', 'e4']],
    ['process.name:*shell*', ['e4']],
    ['process.command_line:*-enc*', ['e4']],
    ['process.command_line:"powershell.exe -Enc SQBFAFgA"', ['e4']],
    ['process.command_line:"powershell.exe -enc SQBFAFgA"', []],
    ['event.code:4624', ['e3']],
    ['event.code:>4000', ['e3']],
    ['event.category:authentication', ['e1', 'e2', 'e3']],
    ['event.category:session', ['e3']],
    ['destination.port:22', ['e1', 'e2']],
    ['destination.port:443', ['e4']],
    ['destination.port:>=53', ['e4', 'e5']],
    ['destination.port:<53', ['e1', 'e2']],
    ['destination.port:*4*', ['e4']],
    ['source.port:ssh', ['e6']],
    ['source.port:50000', ['e1']],
    ['source.ip:10.1.2.3', ['e1']],
    ['source.ip:"::ffff:10.1.2.3"', ['e1']],
    ['source.ip:10.0.0.0/8', ['e1', 'e5', 'e6']],
    ['source.ip:10.1.0.0/16', ['e1', 'e5']],
    ['source.ip:10.3.0.0/16', ['e6']],
    ['source.ip:2001:db8::/32', ['e3']],
    ['source.ip:2001:db9::/32', []],
    ['source.ip:10.1.*', ['e1', 'e5']],
    ['destination.ip:8.8.8.8/32', ['e5']],
    ['related.ip:10.5.0.0/16', ['e3']],
    ['host.ip:10.1.9.0/24', ['e5']],
    ['host.ip:fe80::1', ['e5']],
    ['event.type:info', ['e1']],
    ['-event.type:info', except('e1')],
    ['event.type:*ar*', ['e1']],
    ['winlog.event_data.LogonType:3', ['e3']],
    ['network.transport:UDP', []],
    ['network.transport:udp*', ['e5']],
    ['flag:true', ['e8']],
    ['score:>7', ['e8']],
    ['score:7.5', ['e8']],
    ['process.pid:1234', ['e1']],
    ['process.pid:>=1234', ['e1']],
    ['password', ['e1']],
    ['"failed PASSWORD"', ['e1']],
    ['mimikatz', ['e8']],
    ['"original of e4"', ['e4']],
    ['message:"failed password"', ['e1']],
    ['message:accepted*', ['e2']],
    ['event.original:*raw\\ line*', ['e8']],
    ['(user.name:root OR user.name:alice) destination.port:22', ['e1', 'e2']],
    ['user.name:root OR host.name:WS-7', ['e1', 'e4']],
    ['NOT (user.name:root OR user.name:alice)', except('e1', 'e2')],
    ['user.name:(root OR alice OR carol)', ['e1', 'e2', 'e6']],
    ['host.name:web-01 AND NOT event.outcome:failure', ['e2']],
    [`@timestamp:>=${at(5)}`, ['e5', 'e6', 'e8']],
    [`@timestamp:<${at(2)}`, ['e1']],
    [`@timestamp:"${at(3)}"`, ['e3']],
    ['@timestamp:2026-11-22T10:0*', ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e8']],
    ['vigil.id:e4', ['e4']],
    ['vigil.tenant:t2', []],
    ['no.such.field:*', []],
    ['-no.such.field:x', T1],
    ['host.name:web-01 event.type:info', ['e1']],
    ['event.type:info OR user.name:alice', ['e1', 'e2']],
    ['winlog.event_data.LogonType:3 related.ip:10.5.0.0/16 user.name:Administrator', ['e3']],
    ['winlog.event_data.LogonType:3 -related.ip:10.5.0.0/16', []],
    ['NOT (event.type:start OR flag:*) host.name:*', ['e2', 'e3', 'e4']],
  ])('%s', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it('never returns another tenant’s events, whatever the query', async () => {
    expect(await ids('user.name:root')).toEqual(['e1']);
    expect(await ids('user.name:root', ['t2'])).toEqual(['e7']);
    expect(await ids('vigil.tenant:t2')).toEqual([]);
    expect(await ids('*', ['t1', 't2'])).toEqual([...T1.slice(0, 6), 'e7', 'e8']);
    expect(await ids('*', ['t3'])).toEqual([]);
  });

  it('rejects what it cannot run, with a BadRequestError', async () => {
    const base = { tenants: ['t1'], ...DAY };
    await expect(store.search({ ...base, query: parseQuery('related.ip:2001:db8::/32') })).rejects.toThrow(
      /IPv6 CIDR search is supported on source.ip and destination.ip only/,
    );
    await expect(
      store.search({ ...base, query: parseQuery('destination.port:>2026-01-01') }),
    ).rejects.toThrow(BadRequestError);
    await expect(store.search({ ...base, query: parseQuery('@timestamp:yesterday') })).rejects.toThrow(
      /needs an ISO 8601 timestamp/,
    );
    await expect(store.search({ ...base, tenants: [], query: { kind: 'all' } })).rejects.toThrow(/tenants/);
    await expect(store.search({ ...base, from: 'monday', query: { kind: 'all' } })).rejects.toThrow(
      /from must be/,
    );
    await expect(store.search({ ...base, limit: 10_001, query: { kind: 'all' } })).rejects.toThrow(/limit/);
    await expect(store.search({ ...base, cursor: 'garbage!', query: { kind: 'all' } })).rejects.toThrow(
      /invalid cursor/,
    );
    await expect(
      store.search({ ...base, query: { kind: 'field', field: "x') OR 1=1 --", op: 'eq', value: 'a' } }),
    ).rejects.toThrow(/invalid field name/);
  });
});

describe('search results', () => {
  it('returns what was committed, with vigil.id, newest first by default', async () => {
    const r = await store.search({ tenants: ['t1'], ...DAY, query: { kind: 'all' } });
    const expected = EVENTS.filter((e) => e.event['vigil.tenant'] === 't1')
      .reverse()
      .map(asReturned);
    expect(r.events).toEqual(expected);
    expect(r.nextCursor).toBeNull();
    expect(r.tookMs).toBeGreaterThanOrEqual(0);
  });

  it('sorts oldest first on request', async () => {
    const r = await store.search({ tenants: ['t1'], ...DAY, query: { kind: 'all' }, sort: 'asc', limit: 3 });
    expect(r.events.map((e) => e['vigil.id'])).toEqual(['e1', 'e2', 'e3']);
    expect(r.nextCursor).not.toBeNull();
  });

  it('projects the requested fields', async () => {
    const r = await store.search({
      tenants: ['t1'],
      ...DAY,
      query: parseQuery('user.name:root'),
      fields: ['user.name', 'source.ip', 'absent'],
    });
    expect(r.events).toEqual([{ 'user.name': 'root', 'source.ip': '10.1.2.3', 'vigil.id': 'e1' }]);
  });

  it('only looks at [from, to)', async () => {
    const r = await store.search({
      tenants: ['t1'],
      from: at(2),
      to: at(4),
      query: { kind: 'all' },
      sort: 'asc',
    });
    expect(r.events.map((e) => e['vigil.id'])).toEqual(['e2', 'e3']);
  });
});

describe('too broad', () => {
  it('refuses costly filters over more rows than maxScanRows, and allows selective ones', async () => {
    const { store: small, file, cleanup: close } = await openTempStore({ maxScanRows: 5 });
    try {
      await small.commit({ events: EVENTS, deadLetters: [], position: { segment: 1, offset: 1 } });
      const run = (q: string) => small.search({ tenants: ['t1'], ...DAY, query: parseQuery(q) });
      await expect(run('password')).rejects.toThrow(QueryTooBroadError);
      await expect(run('password')).rejects.toThrow(/about 8 events over 1 day \(limit 5\)/);
      await expect(run('winlog.event_data.LogonType:3')).rejects.toThrow(QueryTooBroadError);
      await expect(small.count({ tenants: ['t1'], ...DAY, query: parseQuery('-mimikatz') })).rejects.toThrow(
        QueryTooBroadError,
      );
      expect((await run('password host.name:web-01')).events.map((e) => e['vigil.id'])).toEqual(['e1']);
      expect((await run('*')).events).toHaveLength(7);
      // A narrow time range scans a fraction of the day.
      const narrow = await small.search({
        tenants: ['t1'],
        from: at(0),
        to: at(10),
        query: parseQuery('password'),
      });
      expect(narrow.events.map((e) => e['vigil.id'])).toEqual(['e1']);
      expect(file).toMatch(/vigil-/);
    } finally {
      await close();
    }
  });
});
