import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../types.ts';
import { parseRfc3164 } from './syslog-3164.ts';
import {
  CTX,
  FUZZ_RUNS,
  mutatedLine,
  neverThrows,
  parseFail,
  parseOk,
  RECEIVED_ISO,
} from './syslog-testkit.ts';

const parse = (raw: string, ctx: ParseContext = CTX) => parseOk(parseRfc3164, raw, ctx);
const at = (iso: string, zone = 'UTC'): ParseContext => ({ received: Date.parse(iso), assumeTimeZone: zone });

const SAMPLES = [
  '<38>Nov 22 10:00:00 web01 sshd[4123]: Accepted publickey for alice from 192.0.2.10 port 51234 ssh2',
  '<85>Nov  2 09:15:01 web01 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id',
  '<78>Nov 22 10:17:01 db02 CRON[2211]: (root) CMD (cd / && run-parts --report /etc/cron.hourly)',
  '<4>Nov 22 10:00:00 edge kernel: [12345.678901] nf_conntrack: table full, dropping packet',
  '<166>Nov 22 2026 10:00:00: %ASA-6-302013: Built outbound TCP connection 123 for outside:203.0.113.9/443',
  '<189>412: *Nov 22 10:00:00.123 UTC: %SYS-5-CONFIG_I: Configured from console by admin on vty0',
  'Nov 22 10:00:00 web01 systemd[1]: Started Session 42 of user alice.',
  '<13>2026-11-22T10:00:00.123456+01:00 app01 billing[77]: charged card',
];

describe('parseRfc3164: real-looking lines', () => {
  it('reads an sshd line exactly', () => {
    const raw = SAMPLES[0]!;
    expect(parse(raw)).toEqual({
      '@timestamp': '2026-11-22T10:00:00.000Z',
      'event.original': raw,
      'vigil.format': 'rfc3164',
      'event.dataset': 'syslog',
      'log.syslog.priority': 38,
      'log.syslog.facility.code': 4,
      'log.syslog.facility.name': 'auth',
      'log.syslog.severity.code': 6,
      'log.syslog.severity.name': 'informational',
      'log.level': 'informational',
      'host.hostname': 'web01',
      'host.name': 'web01',
      'log.syslog.hostname': 'web01',
      'log.syslog.appname': 'sshd',
      'process.name': 'sshd',
      'log.syslog.procid': '4123',
      'process.pid': 4123,
      message: 'Accepted publickey for alice from 192.0.2.10 port 51234 ssh2',
    });
  });

  it('reads a Cisco ASA line (year in the date, no host, %MNEMONIC kept in the message) exactly', () => {
    const raw = SAMPLES[4]!;
    expect(parse(raw)).toEqual({
      '@timestamp': '2026-11-22T10:00:00.000Z',
      'event.original': raw,
      'vigil.format': 'rfc3164',
      'event.dataset': 'syslog',
      'log.syslog.priority': 166,
      'log.syslog.facility.code': 20,
      'log.syslog.facility.name': 'local4',
      'log.syslog.severity.code': 6,
      'log.syslog.severity.name': 'informational',
      'log.level': 'informational',
      message: '%ASA-6-302013: Built outbound TCP connection 123 for outside:203.0.113.9/443',
    });
  });

  it.each([
    [
      SAMPLES[1]!,
      {
        host: 'web01',
        app: 'sudo',
        pid: undefined,
        ts: '2026-11-02T09:15:01.000Z',
        msg: 'alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id',
      },
    ],
    [
      SAMPLES[2]!,
      {
        host: 'db02',
        app: 'CRON',
        pid: 2211,
        ts: '2026-11-22T10:17:01.000Z',
        msg: '(root) CMD (cd / && run-parts --report /etc/cron.hourly)',
      },
    ],
    [
      SAMPLES[3]!,
      {
        host: 'edge',
        app: 'kernel',
        pid: undefined,
        ts: '2026-11-22T10:00:00.000Z',
        msg: '[12345.678901] nf_conntrack: table full, dropping packet',
      },
    ],
    [
      SAMPLES[5]!,
      {
        host: undefined,
        app: undefined,
        pid: undefined,
        ts: '2026-11-22T10:00:00.123Z',
        msg: '%SYS-5-CONFIG_I: Configured from console by admin on vty0',
      },
    ],
    [
      SAMPLES[6]!,
      {
        host: 'web01',
        app: 'systemd',
        pid: 1,
        ts: '2026-11-22T10:00:00.000Z',
        msg: 'Started Session 42 of user alice.',
      },
    ],
    [
      SAMPLES[7]!,
      { host: 'app01', app: 'billing', pid: 77, ts: '2026-11-22T09:00:00.123456Z', msg: 'charged card' },
    ],
    [
      '<22>Nov 22 10:00:00 mx1 postfix/smtpd[881]: connect from unknown[198.51.100.4]',
      {
        host: 'mx1',
        app: 'postfix/smtpd',
        pid: 881,
        ts: '2026-11-22T10:00:00.000Z',
        msg: 'connect from unknown[198.51.100.4]',
      },
    ],
    [
      '<13>Nov 22 10:00:00 fe80::1 ntpd[5]: synced',
      { host: 'fe80::1', app: 'ntpd', pid: 5, ts: '2026-11-22T10:00:00.000Z', msg: 'synced' },
    ],
  ])('reads %j', (raw, want) => {
    const e = parse(raw);
    expect({
      host: e['host.name'],
      app: e['process.name'],
      pid: e['process.pid'],
      ts: e['@timestamp'],
      msg: e.message,
    }).toEqual(want);
  });

  it('gives the Cisco IOS sequence number as event.sequence', () => {
    expect(parse(SAMPLES[5]!)['event.sequence']).toBe(412);
  });

  it('reads plain /var/log lines without PRI: no facility or severity', () => {
    const e = parse(SAMPLES[6]!);
    expect(e['log.syslog.priority']).toBeUndefined();
    expect(e['log.level']).toBeUndefined();
  });
});

describe('parseRfc3164: missing hostname heuristic', () => {
  it.each([
    ['<13>Nov 22 10:00:00 sshd[12]: Failed password', undefined, 'sshd', 'Failed password'],
    ['<13>Nov 22 10:00:00 kernel: oops', undefined, 'kernel', 'oops'],
    ['<13>Nov 22 10:00:00 host1 just some words', 'host1', undefined, 'just some words'],
    ['<13>Nov 22 10:00:00 lonely', undefined, undefined, 'lonely'],
    ['<13>Nov 22 10:00:00 asa01 : %ASA-4-106023: Deny tcp', 'asa01', undefined, '%ASA-4-106023: Deny tcp'],
    ['<13>Nov 22 10:00:00 (weird) text', undefined, undefined, '(weird) text'],
  ])('%j -> host %s, tag %s', (raw, host, tag, msg) => {
    const e = parse(raw);
    expect([e['host.name'], e['process.name'], e.message]).toEqual([host, tag, msg]);
  });

  it('with PRI but no timestamp (RFC 3164 §4.3.3): no host, time = received, tag still read', () => {
    const e = parse('<13>myapp[9]: started');
    expect(e['@timestamp']).toBe(RECEIVED_ISO);
    expect([e['host.name'], e['process.name'], e['process.pid'], e.message]).toEqual([
      undefined,
      'myapp',
      9,
      'started',
    ]);
  });
});

describe('parseRfc3164: missing year and zone', () => {
  it.each([
    [
      'Dec 31 23:59:59 received on Jan 1 -> previous year',
      'Dec 31 23:59:59',
      '2027-01-01T00:00:05Z',
      '2026-12-31T23:59:59.000Z',
    ],
    [
      'Jan  1 00:00:01 received on Dec 31 (sender clock ahead) -> next year',
      'Jan  1 00:00:01',
      '2026-12-31T23:59:50Z',
      '2027-01-01T00:00:01.000Z',
    ],
    [
      'Nov 23 (more than a day ahead) -> last year',
      'Nov 23 13:00:00',
      '2026-11-22T12:00:00Z',
      '2025-11-23T13:00:00.000Z',
    ],
    [
      'Nov 23 (within a day ahead) -> this year',
      'Nov 23 11:00:00',
      '2026-11-22T12:00:00Z',
      '2026-11-23T11:00:00.000Z',
    ],
    [
      'Feb 29 in a non-leap year -> the last leap year',
      'Feb 29 08:00:00',
      '2026-03-01T00:00:00Z',
      '2024-02-29T08:00:00.000Z',
    ],
  ])('%s', (_name, stamp, received, iso) => {
    expect(parse(`<13>${stamp} h app: x`, at(received))['@timestamp']).toBe(iso);
  });

  it.each([
    ['UTC', 'Jul  1 10:00:00', '2026-07-01T10:00:00.000Z'],
    ['+02:00', 'Jul  1 10:00:00', '2026-07-01T08:00:00.000Z'],
    ['-0530', 'Jul  1 10:00:00', '2026-07-01T15:30:00.000Z'],
    ['Europe/Berlin', 'Jul  1 10:00:00', '2026-07-01T08:00:00.000Z'],
    ['Europe/Berlin', 'Jan 15 10:00:00', '2026-01-15T09:00:00.000Z'],
    ['America/New_York', 'Nov  1 01:30:00', '2026-11-01T05:30:00.000Z'],
  ])('zone %s reads %s as %s', (zone, stamp, iso) => {
    expect(parse(`<13>${stamp} h app: x`, at('2026-11-22T12:00:00Z', zone))['@timestamp']).toBe(iso);
  });

  it('a zone in the line wins over the assumed zone', () => {
    const ctx = at('2026-11-22T12:00:00Z', 'Asia/Tokyo');
    expect(parse('<13>Nov 22 10:00:00 CET: %X-1-Y: z', ctx)['@timestamp']).toBe('2026-11-22T09:00:00.000Z');
    expect(parse('<13>2026-11-22T10:00:00Z h a: z', ctx)['@timestamp']).toBe('2026-11-22T10:00:00.000Z');
    expect(parse('<13>2026-11-22T10:00:00 h a: z', ctx)['@timestamp']).toBe('2026-11-22T01:00:00.000Z');
  });
});

describe('parseRfc3164: rejections', () => {
  it.each([
    ['<192>Nov 22 10:00:00 h a: x', 'RFC 3164: invalid PRI "<192>" at offset 0'],
    ['<abc>Nov 22 10:00:00 h a: x', 'RFC 3164: invalid PRI "<abc>" at offset 0'],
    ['just a plain sentence', 'expected "<PRI>" or a timestamp such as "Nov 22 10:00:00" at offset 0'],
    ['<13>Feb 30 10:00:00 h a: x', 'impossible date or time "Feb 30 10:00:00" at offset 4'],
    ['<13>Nov 22 25:00:00 h a: x', 'impossible date or time'],
  ])('rejects %j', (raw, reason) => {
    expect(parseFail(parseRfc3164, raw)).toContain(reason);
  });

  it('rejects an unknown assumed zone with a hint', () => {
    expect(
      parseFail(parseRfc3164, '<13>Nov 22 10:00:00 h a: x', at('2026-11-22T12:00:00Z', 'Nowhere/Land')),
    ).toBe(
      'RFC 3164: unknown time zone "Nowhere/Land" in assumeTimeZone; use UTC, an offset such as +02:00, or an IANA name such as Europe/Berlin',
    );
  });
});

describe('parseRfc3164: property', () => {
  it('property: arbitrary text gives an event or a reason, never a throw', () => {
    fc.assert(neverThrows(parseRfc3164, fc.string({ unit: 'binary', maxLength: 200 })), {
      numRuns: FUZZ_RUNS,
    });
  });

  it('property: mutated valid lines give an event or a reason, never a throw', () => {
    fc.assert(neverThrows(parseRfc3164, mutatedLine(SAMPLES)), { numRuns: FUZZ_RUNS });
  });

  it('property: any year-less timestamp lands within a year before and a day after received', () => {
    const stamp = fc.record({
      month: fc.integer({ min: 0, max: 11 }),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 }),
      received: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) }),
    });
    const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    fc.assert(
      fc.property(stamp, ({ month, day, hour, received }) => {
        const line = `<13>${names[month]} ${String(day).padStart(2, ' ')} ${String(hour).padStart(2, '0')}:00:00 h a: x`;
        const t = Date.parse(String(parse(line, { received, assumeTimeZone: 'UTC' })['@timestamp']));
        expect(t - received).toBeLessThanOrEqual(86_400_000);
        expect(received - t).toBeLessThan(366 * 86_400_000);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
