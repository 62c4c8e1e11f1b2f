import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRfc5424 } from './syslog-5424.ts';
import {
  CTX,
  FUZZ_RUNS,
  mutatedLine,
  neverThrows,
  parseFail,
  parseOk,
  RECEIVED_ISO,
} from './syslog-testkit.ts';

const parse = (raw: string) => parseOk(parseRfc5424, raw);

const SAMPLES = [
  '<165>1 2026-11-22T10:14:15.003Z web01.example.net nginx 4123 ACCESS [meta sequenceId="42"] GET / 200',
  '<86>1 2026-11-22T10:00:00.123456+01:00 bastion sshd 912 - - Accepted publickey for alice from 192.0.2.10 port 51234 ssh2',
  '<14>1 2026-11-22T10:00:00Z app01 billing - PAY [a@32473 k="v\\"q"][b@32473 x="1" x="2"] \uFEFFcharged',
  '<34>1 - - - - - -',
];

describe('parseRfc5424: exact events', () => {
  it('reads an rsyslog line with two SD elements, escapes and a BOM', () => {
    const raw =
      '<165>1 2026-11-22T10:14:15.003Z web01.example.net evntslog 4123 ID47 ' +
      '[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"]' +
      '[origin ip="192.0.2.1" ip="192.0.2.2" note="a \\"quoted\\" \\]bracket\\] c:\\\\dir \\x"] ' +
      '\uFEFFApplication event log entry\n';
    expect(parse(raw)).toEqual({
      '@timestamp': '2026-11-22T10:14:15.003Z',
      'event.original': raw,
      'vigil.format': 'rfc5424',
      'event.dataset': 'syslog',
      'log.syslog.priority': 165,
      'log.syslog.facility.code': 20,
      'log.syslog.facility.name': 'local4',
      'log.syslog.severity.code': 5,
      'log.syslog.severity.name': 'notice',
      'log.level': 'notice',
      'log.syslog.version': 1,
      'host.hostname': 'web01.example.net',
      'host.name': 'web01.example.net',
      'log.syslog.hostname': 'web01.example.net',
      'log.syslog.appname': 'evntslog',
      'process.name': 'evntslog',
      'log.syslog.procid': '4123',
      'process.pid': 4123,
      'log.syslog.msgid': 'ID47',
      'log.syslog.structured_data.exampleSDID@32473.iut': '3',
      'log.syslog.structured_data.exampleSDID@32473.eventSource': 'Application',
      'log.syslog.structured_data.exampleSDID@32473.eventID': '1011',
      'log.syslog.structured_data.origin.ip': ['192.0.2.1', '192.0.2.2'],
      'log.syslog.structured_data.origin.note': 'a "quoted" ]bracket] c:\\dir \\x',
      message: 'Application event log entry',
    });
  });

  it('reads an all-NILVALUE line: time from ctx.received, no host, no message', () => {
    expect(parse('<34>1 - - - - - -')).toEqual({
      '@timestamp': RECEIVED_ISO,
      'event.original': '<34>1 - - - - - -',
      'vigil.format': 'rfc5424',
      'event.dataset': 'syslog',
      'log.syslog.priority': 34,
      'log.syslog.facility.code': 4,
      'log.syslog.facility.name': 'auth',
      'log.syslog.severity.code': 2,
      'log.syslog.severity.name': 'critical',
      'log.level': 'critical',
      'log.syslog.version': 1,
    });
  });
});

describe('parseRfc5424: header details', () => {
  it.each([
    ['2026-11-22T10:00:00Z', '2026-11-22T10:00:00.000Z'],
    ['2026-11-22T10:00:00.1Z', '2026-11-22T10:00:00.100Z'],
    ['2026-11-22T10:00:00.123456Z', '2026-11-22T10:00:00.123456Z'],
    ['2026-11-22T10:00:00.123456789Z', '2026-11-22T10:00:00.123456Z'],
    ['2026-11-22T10:00:00.5+05:30', '2026-11-22T04:30:00.500Z'],
    ['2026-11-22T01:00:00-08:00', '2026-11-22T09:00:00.000Z'],
    ['2026-12-31T23:59:60Z', '2026-12-31T23:59:59.000Z'],
  ])('TIMESTAMP %s -> %s', (ts, iso) => {
    expect(parse(`<13>1 ${ts} h a - - - m`)['@timestamp']).toBe(iso);
  });

  it('reads a zone-less TIMESTAMP in ctx.assumeTimeZone', () => {
    const ctx = { ...CTX, assumeTimeZone: 'Europe/Berlin' };
    expect(parseOk(parseRfc5424, '<13>1 2026-07-01T10:00:00 h a - - -', ctx)['@timestamp']).toBe(
      '2026-07-01T08:00:00.000Z',
    );
  });

  it('keeps a non-numeric PROCID as log.syslog.procid only', () => {
    const e = parse('<13>1 2026-11-22T10:00:00Z h app worker-3 - - hi');
    expect(e['log.syslog.procid']).toBe('worker-3');
    expect(e['process.pid']).toBeUndefined();
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['NUL', '\u0000'],
  ])('strips a trailing %s (RFC 6587 framing) but keeps event.original', (_n, end) => {
    const raw = `<13>1 2026-11-22T10:00:00Z h a - - - hello${end}`;
    const e = parse(raw);
    expect(e.message).toBe('hello');
    expect(e['event.original']).toBe(raw);
  });

  it('skips an RFC 6587 octet count', () => {
    expect(parse('39 <13>1 2026-11-22T10:00:00Z h a - - - hi')['host.name']).toBe('h');
  });

  it('accepts a line that ends after MSGID and MSG glued to the SD', () => {
    expect(parse('<13>1 2026-11-22T10:00:00Z h a - M')['log.syslog.msgid']).toBe('M');
    expect(parse('<13>1 2026-11-22T10:00:00Z h a - - [x y="1"]glued').message).toBe('glued');
  });

  it('maps every severity to log.level', () => {
    const levels = [0, 1, 2, 3, 4, 5, 6, 7].map((s) => parse(`<${8 + s}>1 - - - - - -`)['log.level']);
    expect(levels).toEqual([
      'emergency',
      'alert',
      'critical',
      'error',
      'warning',
      'notice',
      'informational',
      'debug',
    ]);
  });
});

describe('parseRfc5424: rejections', () => {
  it.each([
    ['<999>1 - - - - - -', 'RFC 5424: invalid PRI "<999>" at offset 0'],
    [
      '<13>Nov 22 10:00:00 host sshd[1]: x',
      'expected VERSION (such as "1") and a space after PRI at offset 4',
    ],
    ['Nov 22 10:00:00 host x', 'expected "<PRI>" at offset 0'],
    ['<13>1 2026-13-22T10:00:00Z h a - - -', 'impossible date or time "2026-13-22T10:00:00Z" at offset 6'],
    ['<13>1 22/11/2026 h a - - -', 'invalid TIMESTAMP "22/11/2026 h a - - -" at offset 6'],
    ['<13>1 2026-11-22T10:00:00Z h a', 'line ends before PROCID'],
    ['<13>1 2026-11-22T10:00:00Z h  a - - -', 'empty APP-NAME at offset 29'],
    ['<13>1 - h a - - [x y="unterminated]', 'unterminated value of x.y starting at offset 22'],
    ['<13>1 - h a - - [x y=1]', 'expected PARAM-NAME="value" in SD element [x] at offset 19'],
    ['<13>1 - h a - - {x}', 'expected STRUCTURED-DATA ("-" or "[") at offset 16'],
  ])('rejects %j', (raw, reason) => {
    expect(parseFail(parseRfc5424, raw)).toContain(reason);
  });

  it('rejects an unknown assumed time zone only when a zone-less time needs it', () => {
    const ctx = { ...CTX, assumeTimeZone: 'Mars/Olympus' };
    expect(parseFail(parseRfc5424, '<13>1 2026-11-22T10:00:00 h a - - -', ctx)).toContain(
      'unknown time zone "Mars/Olympus"',
    );
    expect(parseOk(parseRfc5424, '<13>1 2026-11-22T10:00:00Z h a - - -', ctx)['@timestamp']).toBe(
      '2026-11-22T10:00:00.000Z',
    );
  });

  it('caps structured data at 1000 elements and parameters', () => {
    const many = `<13>1 - h a - - [x${' a="1"'.repeat(1001)}]`;
    expect(parseFail(parseRfc5424, many)).toContain('more than 1000 structured-data');
    const fine = `<13>1 - h a - - [x${' a="1"'.repeat(999)}]`;
    expect(parseOk(parseRfc5424, fine)['log.syslog.structured_data.x.a']).toHaveLength(999);
  });
});

describe('parseRfc5424: property', () => {
  it('property: arbitrary text gives an event or a reason, never a throw', () => {
    fc.assert(neverThrows(parseRfc5424, fc.string({ unit: 'binary', maxLength: 200 })), {
      numRuns: FUZZ_RUNS,
    });
  });

  it('property: mutated valid lines give an event or a reason, never a throw', () => {
    fc.assert(neverThrows(parseRfc5424, mutatedLine(SAMPLES)), { numRuns: FUZZ_RUNS });
  });

  it('property: every SD param value round-trips through escaping', () => {
    const value = fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', ']', '=', 'é'), maxLength: 20 });
    fc.assert(
      fc.property(value, (v) => {
        const escaped = v.replace(/[\\"\]]/g, (c) => `\\${c}`);
        const e = parse(`<13>1 - h a - - [p v="${escaped}"] m`);
        expect(e['log.syslog.structured_data.p.v']).toBe(v);
        expect(e.message).toBe('m');
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
