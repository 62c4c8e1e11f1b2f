/**
 * Sigma rules compiled to SQL, modifier by modifier, against a real DuckDB store: each case
 * names the events it must find, and the detection engine's matcher must find the same ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompileOptions } from '../../../detect/engine/types.ts';
import { openTempStore } from '../testing.ts';
import type { EventStore } from '../types.ts';
import { compileSigmaToSql } from './compile.ts';
import { commit, huntIds, matcherIds, rule, sysmon } from './hunt.fixture.ts';
import { defaultPipelines } from './hunt.ts';

const NET = 'product: windows\n  category: network_connection';

// Newest first is the order of the hunt: p5 (second 50) ... p1 (second 10).
const EVENTS = [
  sysmon(
    'p1',
    10,
    { CommandLine: 'cmd.exe /c whoami', Image: 'C:\\Windows\\System32\\cmd.exe', User: 'CORP\\alice' },
    { 'process.pid': 4242, message: 'Process Create: cmd', 'source.ip': '192.168.1.5' },
  ),
  sysmon(
    'p2',
    20,
    {
      CommandLine: 'powershell -enc dwBoAG8AYQBtAGkA',
      Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      User: 'CORP\\bob',
      ParentImage: 'C:\\Windows\\explorer.exe',
    },
    { 'process.pid': '17' },
  ),
  sysmon(
    'p3',
    30,
    { CommandLine: ['net user /add', 'NET USER'], NewProcessName: 'C:\\Windows\\System32\\net.exe' },
    {
      'winlog.channel': 'Security',
      'winlog.event_id': 4688,
      'source.ip': '10.1.2.3',
      'destination.ip': '::ffff:10.9.9.9',
    },
  ),
  sysmon(
    'p4',
    40,
    { CommandLine: 'rundll32.exe \u2013EntryPoint', User: null, IntegrityLevel: 'High' },
    { 'process.pid': 1.5, 'event.original': 'raw text with WHOAMI inside', 'destination.ip': '2001:db8::7' },
  ),
  sysmon(
    'p5',
    50,
    { CommandLine: '', Image: 'x', ParentImage: 'X', UtcTime: '2026-11-22 23:05:07.123', Hashes: [] },
    { message: 'line1\nline2', 'process.pid': [7, 'x'], 'event.original': 42 },
  ),
  sysmon('n1', 55, { Image: 'C:\\Windows\\System32\\cmd.exe' }, { 'winlog.event_id': 3 }),
  sysmon('other-tenant', 56, { CommandLine: 'cmd.exe /c whoami' }, {}, 't2'),
];

let store: EventStore;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ store, cleanup } = await openTempStore());
  await commit(store, EVENTS);
});
afterAll(() => cleanup());

/** Asserts the hunt and the matcher both find exactly `expected` (newest first). */
async function finds(detection: string, expected: string[], logsource?: string, opts: CompileOptions = {}) {
  const r = rule(detection, logsource);
  const hunt = await huntIds(store, r, ['t1'], opts);
  expect(hunt.ids, 'hunt').toEqual(expected);
  expect(hunt.count).toBe(expected.length);
  expect(await matcherIds(store, r, ['t1'], opts), 'matcher').toEqual(expected);
}

describe('strings', () => {
  it('equality is whole-value and case-insensitive', () =>
    finds(`sel:\n  Image: 'c:\\windows\\system32\\CMD.EXE'\ncondition: sel`, ['p1']));
  it('contains / startswith / endswith', async () => {
    await finds(`sel:\n  CommandLine|contains: WHOAMI\ncondition: sel`, ['p1']);
    await finds(`sel:\n  CommandLine|startswith: 'NET '\ncondition: sel`, ['p3']);
    await finds(`sel:\n  Image|endswith: '\\net.exe'\ncondition: sel`, ['p3']);
  });
  it('wildcards * and ? (and escaped ones are literal)', async () => {
    await finds(`sel:\n  CommandLine: 'net * /ADD'\ncondition: sel`, ['p3']);
    await finds(`sel:\n  User: 'corp?alice'\ncondition: sel`, ['p1']);
    await finds(`sel:\n  User: 'corp\\?alice'\ncondition: sel`, []);
    await finds(`sel:\n  CommandLine: '*'\ncondition: sel`, ['p5', 'p4', 'p3', 'p2', 'p1']);
  });
  it('cased keeps case', async () => {
    await finds(`sel:\n  CommandLine|cased: 'NET USER'\ncondition: sel`, ['p3']);
    await finds(`sel:\n  CommandLine|cased: 'Net User'\ncondition: sel`, []);
  });
  it('all needs every value; a list is otherwise any value', async () => {
    await finds(`sel:\n  CommandLine|contains|all: [cmd, whoami]\ncondition: sel`, ['p1']);
    await finds(`sel:\n  CommandLine|contains|all: [cmd, bob]\ncondition: sel`, []);
    await finds(`sel:\n  CommandLine|contains: [bob, whoami, '/add']\ncondition: sel`, ['p3', 'p1']);
  });
  it('windash tries -, /, en and em dashes and the horizontal bar', async () => {
    await finds(`sel:\n  CommandLine|windash|contains: ' -entrypoint'\ncondition: sel`, ['p4']);
    await finds(`sel:\n  CommandLine|windash|contains: ' -c '\ncondition: sel`, ['p1']);
  });
  it('base64offset of UTF-16LE text (wide), case-sensitive', async () => {
    await finds(`sel:\n  CommandLine|utf16le|base64offset|contains: whoami\ncondition: sel`, ['p2']);
    await finds(`sel:\n  CommandLine|wide|base64offset|contains: whoami\ncondition: sel`, ['p2']);
    await finds(`sel:\n  CommandLine|base64offset|contains: whoami\ncondition: sel`, []);
    await finds(`sel:\n  CommandLine|base64|contains: 'whoami'\ncondition: sel`, []);
  });
  it('expand replaces placeholders with their configured values', () =>
    finds(`sel:\n  User|expand: '%admins%'\ncondition: sel`, ['p2'], undefined, {
      placeholders: { admins: ['corp\\bob', 'root'] },
    }));
  it('folds case as JavaScript does (final sigma, dotted capital I)', async () => {
    const { store: s, cleanup: done } = await openTempStore();
    try {
      await commit(s, [sysmon('gr', 1, { User: 'ΟΔΟΣ' }), sysmon('tr', 2, { User: 'İstanbul' })]);
      for (const [detection, ids] of [
        [`sel:\n  User: 'οδος'\ncondition: sel`, ['gr']],
        [`sel:\n  User: 'οδοσ'\ncondition: sel`, []],
        [`sel:\n  User|contains: 'δος'\ncondition: sel`, ['gr']],
        [`sel:\n  User: 'İSTANBUL'\ncondition: sel`, ['tr']],
        [`sel:\n  User: 'istanbul'\ncondition: sel`, []],
      ] as const) {
        expect((await huntIds(s, rule(detection))).ids, detection).toEqual(ids);
        expect(await matcherIds(s, rule(detection)), detection).toEqual(ids);
      }
    } finally {
      await done();
    }
  });
  it('neq: the field is present and differs', () =>
    finds(`sel:\n  User|neq: 'corp\\alice'\ncondition: sel`, ['p2']));
});

describe('keywords', () => {
  it('search the raw Windows event (event.original), case-insensitively, as substrings', async () => {
    await finds(`keywords: [whoami]\ncondition: keywords`, ['p4']);
    // p1's message holds it, but a Windows event's message is the raw's own or rendered from it
    await finds(`keywords: ['process create']\ncondition: keywords`, []);
    await finds(`keywords: ['42']\ncondition: keywords`, ['p5']);
  });
});

describe('regular expressions (RE2)', () => {
  it('search anywhere, with the i, m and s flags', async () => {
    await finds(`sel:\n  CommandLine|re: '^cmd\\.exe'\ncondition: sel`, ['p1']);
    await finds(`sel:\n  CommandLine|re|i: '^NET'\ncondition: sel`, ['p3']);
    await finds(`sel:\n  CommandLine|re: '^NET'\ncondition: sel`, ['p3']);
    await finds(`sel:\n  CommandLine|re: '^net$'\ncondition: sel`, []);
    await finds(`sel:\n  message|re: '^line2$'\ncondition: sel`, []);
    await finds(`sel:\n  message|re|m: '^line2$'\ncondition: sel`, ['p5']);
    await finds(`sel:\n  message|re: 'line1.line2'\ncondition: sel`, []);
    await finds(`sel:\n  message|re|s: 'line1.line2'\ncondition: sel`, ['p5']);
  });
  it('JavaScript escapes such as \\u0041 mean what they mean to the matcher', () =>
    finds(`sel:\n  CommandLine|re: '\\u0063md'\ncondition: sel`, ['p1']));
});

describe('cidr', () => {
  it('matches IPv4, IPv4-mapped IPv6 and IPv6 addresses', async () => {
    await finds(`sel:\n  source.ip|cidr: 10.0.0.0/8\ncondition: sel`, ['p3']);
    await finds(`sel:\n  destination.ip|cidr: 10.0.0.0/8\ncondition: sel`, ['p3']);
    await finds(`sel:\n  destination.ip|cidr: '2001:db8::/32'\ncondition: sel`, ['p4']);
    await finds(`sel:\n  source.ip|cidr: ['10.0.0.0/8', '192.168.0.0/16']\ncondition: sel`, ['p3', 'p1']);
  });
});

describe('exists and null', () => {
  it('exists counts a null value as present', async () => {
    await finds(`sel:\n  User|exists: true\ncondition: sel`, ['p4', 'p2', 'p1']);
    await finds(`sel:\n  User|exists: false\ncondition: sel`, ['p5', 'p3']);
  });
  it('null matches absent, null and empty-list values', async () => {
    await finds(`sel:\n  User: null\ncondition: sel`, ['p5', 'p4', 'p3']);
    await finds(`sel:\n  Hashes: null\ncondition: sel`, ['p5', 'p4', 'p3', 'p2', 'p1']);
  });
});

describe('numbers, booleans and comparisons', () => {
  it('a number equals a number or the same text', async () => {
    await finds(`sel:\n  ProcessId: 4242\ncondition: sel`, ['p1']);
    await finds(`sel:\n  ProcessId: 17\ncondition: sel`, ['p2']);
    await finds(`sel:\n  ProcessId: 7\ncondition: sel`, ['p5']);
    await finds(`sel:\n  ProcessId: '1.5'\ncondition: sel`, ['p4']);
  });
  it('gt / gte / lt / lte read numbers and numeric strings', async () => {
    await finds(`sel:\n  ProcessId|gt: 100\ncondition: sel`, ['p1']);
    await finds(`sel:\n  ProcessId|gte: 17\ncondition: sel`, ['p2', 'p1']);
    await finds(`sel:\n  ProcessId|lt: 2\ncondition: sel`, ['p4']);
    await finds(`sel:\n  ProcessId|lte: 7\ncondition: sel`, ['p5', 'p4']);
  });
  it('time parts of ISO strings and of @timestamp, equal or compared', async () => {
    await finds(`sel:\n  UtcTime|hour: 23\ncondition: sel`, ['p5']);
    await finds(`sel:\n  UtcTime|minute|gte: 5\ncondition: sel`, ['p5']);
    await finds(`sel:\n  '@timestamp|minute': 0\ncondition: sel`, ['p5', 'p4', 'p3', 'p2', 'p1']);
    await finds(`sel:\n  '@timestamp|minute': 1\ncondition: sel`, []);
    await finds(`sel:\n  '@timestamp|week': 47\ncondition: sel`, ['p5', 'p4', 'p3', 'p2', 'p1']);
    await finds(`sel:\n  '@timestamp|day|gt': 22\ncondition: sel`, []);
  });
});

describe('numbers as text', () => {
  it('a number is matched by string patterns in its JavaScript text (1e+21, 1e-7)', async () => {
    const { store: s, cleanup: done } = await openTempStore();
    try {
      await commit(s, [
        sysmon('big', 1, {}, { 'process.pid': 1e21 }),
        sysmon('tiny', 2, {}, { 'process.pid': [1e-7, 'x'] }),
      ]);
      const find = async (detection: string) => (await huntIds(s, rule(detection))).ids;
      expect(await find(`sel:\n  ProcessId: '1e+21'\ncondition: sel`)).toEqual(['big']);
      expect(await find(`sel:\n  ProcessId|contains: 'e+2'\ncondition: sel`)).toEqual(['big']);
      expect(await find(`sel:\n  ProcessId|re: '^1e-7$'\ncondition: sel`)).toEqual(['tiny']);
      expect(await find(`sel:\n  ProcessId|gt: 1000000.5\ncondition: sel`)).toEqual(['big']);
      expect(await matcherIds(s, rule(`sel:\n  ProcessId|contains: 'e+2'\ncondition: sel`))).toEqual(['big']);
    } finally {
      await done();
    }
  });
});

describe('fieldref', () => {
  it('compares two fields of the event, case-insensitively unless cased', async () => {
    await finds(`sel:\n  ParentImage|fieldref: Image\ncondition: sel`, ['p5']);
    await finds(`sel:\n  ParentImage|fieldref|cased: Image\ncondition: sel`, []);
    await finds(`sel:\n  CommandLine|fieldref|contains: ParentImage\ncondition: sel`, []);
    await finds(`sel:\n  Image|fieldref|endswith: ParentImage\ncondition: sel`, ['p5']);
  });
});

describe('conditions and logsources', () => {
  it('not, and, or, 1 of, all of', async () => {
    const two = `a:\n  CommandLine|contains: cmd\nb:\n  User|contains: alice\n`;
    await finds(`${two}condition: a and not b`, []);
    await finds(`${two}condition: a or b`, ['p1']);
    await finds(`${two}condition: not a`, ['p5', 'p4', 'p3', 'p2']);
    await finds(`${two}condition: 1 of them`, ['p1']);
    await finds(`${two}condition: all of them`, ['p1']);
    await finds(`a:\n  - User|contains: alice\n  - User|contains: bob\ncondition: a`, ['p2', 'p1']);
  });
  it('only events of the logsource, tenant-scoped', async () => {
    await finds(`sel:\n  Image|endswith: cmd.exe\ncondition: sel`, ['n1'], NET);
    await finds(`sel:\n  Image|endswith: cmd.exe\ncondition: sel`, ['p1']);
    const r = rule(`sel:\n  CommandLine|contains: whoami\ncondition: sel`);
    expect((await huntIds(store, r, ['t1', 't2'])).ids).toEqual(['other-tenant', 'p1']);
  });
});

describe('compileSigmaToSql', () => {
  it('refuses what the matcher refuses, with its reason, file and line', () => {
    const r = compileSigmaToSql(rule(`sel:\n  NoSuchField: x\ncondition: sel`), defaultPipelines());
    expect(r).toMatchObject({ ok: false, file: 'r-1.yml', line: 9, ruleId: 'r-1' });
    expect(r.ok ? '' : r.reason).toMatch(/field "NoSuchField" is not known/);
  });
  it('binds every value as a parameter', () => {
    const r = compileSigmaToSql(
      rule(`sel:\n  CommandLine: "it's; DROP TABLE x"\ncondition: sel`),
      defaultPipelines(),
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.sql.detection.text).not.toContain('DROP');
    expect(r.sql.detection.params).toContain("it's; drop table x");
  });
});
