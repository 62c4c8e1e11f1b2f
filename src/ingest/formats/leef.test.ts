import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLeef } from './leef.ts';
import { parseDelimiter } from './leef-attributes.ts';
import { parseWithPattern } from './leef-time.ts';
import {
  CTX,
  FUZZ_RUNS,
  hostileText,
  mutatedLine,
  neverThrows,
  parseFail,
  parseOk,
  RECEIVED_ISO,
} from './syslog-testkit.ts';
import { UTC_ZONE } from './syslog-zone.ts';

const parse = (raw: string) => parseOk(parseLeef, raw);

const LOGIN_FAIL =
  'LEEF:1.0|Contoso|AuthGate|3.4|LOGIN_FAILED|src=192.0.2.44\tdst=10.1.1.5\tsrcPort=50123\tdstPort=22\t' +
  'usrName=mallory\tsev=7\tcat=Authentication\tproto=TCP\tdevTime=Nov 22 2026 10:00:01\t' +
  'devTimeFormat=MMM dd yyyy HH:mm:ss\treason=bad password';

const SAMPLES = [
  LOGIN_FAIL,
  'LEEF:2.0|Contoso|WebProxy|2.1|URL_ALLOWED|^|src=10.0.0.8^dst=93.184.216.34^url=http://example.com/a?b=c^devTime=1795342800000^proto=6',
  'LEEF:2.0|Contoso|WebProxy|2.1|URL_BLOCKED|x7C|src=10.0.0.8|action=block|sev=9',
  '<13>Nov 22 10:00:00 qradar-relay LEEF:1.0|Contoso|DNS|1.0|QUERY|src=10.0.0.9\tqname=example.org',
];

describe('parseLeef: exact events', () => {
  it('reads a LEEF 1.0 login failure with devTimeFormat', () => {
    expect(parse(LOGIN_FAIL)).toEqual({
      '@timestamp': '2026-11-22T10:00:01.000Z',
      'event.original': LOGIN_FAIL,
      'vigil.format': 'leef',
      'event.dataset': 'leef',
      'event.module': 'leef',
      'leef.header.version': '1.0',
      'leef.header.vendor': 'Contoso',
      'leef.header.product': 'AuthGate',
      'leef.header.product_version': '3.4',
      'leef.header.event_id': 'LOGIN_FAILED',
      'leef.src': '192.0.2.44',
      'leef.dst': '10.1.1.5',
      'leef.srcPort': '50123',
      'leef.dstPort': '22',
      'leef.usrName': 'mallory',
      'leef.sev': '7',
      'leef.cat': 'Authentication',
      'leef.proto': 'TCP',
      'leef.devTime': 'Nov 22 2026 10:00:01',
      'leef.devTimeFormat': 'MMM dd yyyy HH:mm:ss',
      'leef.reason': 'bad password',
      'source.ip': '192.0.2.44',
      'destination.ip': '10.1.1.5',
      'source.port': 50123,
      'destination.port': 22,
      'user.name': 'mallory',
      'event.category': 'authentication',
      'network.transport': 'tcp',
      'observer.vendor': 'Contoso',
      'observer.product': 'AuthGate',
      'observer.version': '3.4',
      'event.code': 'LOGIN_FAILED',
      'event.severity': 7,
      'event.kind': 'alert',
    });
  });

  it('reads LEEF 1.0 behind a syslog header: host from the header', () => {
    const e = parse(SAMPLES[3]!);
    expect(e).toEqual({
      '@timestamp': '2026-11-22T10:00:00.000Z',
      'event.original': SAMPLES[3],
      'vigil.format': 'leef',
      'event.dataset': 'leef',
      'event.module': 'leef',
      'log.syslog.priority': 13,
      'log.syslog.facility.code': 1,
      'log.syslog.facility.name': 'user',
      'log.syslog.severity.code': 5,
      'log.syslog.severity.name': 'notice',
      'log.level': 'notice',
      'host.hostname': 'qradar-relay',
      'host.name': 'qradar-relay',
      'log.syslog.hostname': 'qradar-relay',
      'observer.hostname': 'qradar-relay',
      'leef.header.version': '1.0',
      'leef.header.vendor': 'Contoso',
      'leef.header.product': 'DNS',
      'leef.header.product_version': '1.0',
      'leef.header.event_id': 'QUERY',
      'leef.src': '10.0.0.9',
      'leef.qname': 'example.org',
      'source.ip': '10.0.0.9',
      'observer.vendor': 'Contoso',
      'observer.product': 'DNS',
      'observer.version': '1.0',
      'event.code': 'QUERY',
      'event.kind': 'event',
    });
  });
});

describe('parseLeef: LEEF 2.0 delimiters and details', () => {
  it('reads a caret delimiter and an epoch devTime', () => {
    const e = parse(SAMPLES[1]!);
    expect(e).toMatchObject({
      '@timestamp': '2026-11-22T10:20:00.000Z',
      'leef.header.delimiter': '^',
      'url.original': 'http://example.com/a?b=c',
      'network.transport': 'tcp',
      'destination.ip': '93.184.216.34',
    });
  });

  it('reads a hex delimiter (x7C is "|")', () => {
    const e = parse(SAMPLES[2]!);
    expect([e['leef.action'], e['event.action'], e['event.severity'], e['event.kind']]).toEqual([
      'block',
      'block',
      9,
      'alert',
    ]);
  });

  it('uses tab when the delimiter field is missing or empty', () => {
    expect(parse('LEEF:2.0|V|P|1|E|a=1\tb=2')['leef.b']).toBe('2');
    expect(parse('LEEF:2.0|V|P|1|E||a=1\tb=2')['leef.b']).toBe('2');
  });

  it('keeps a piece without "=" as part of the previous value', () => {
    expect(parse('LEEF:2.0|V|P|1|E|^|msg=a^b^c=d')).toMatchObject({
      'leef.msg': 'a^b',
      message: 'a^b',
      'leef.c': 'd',
    });
  });

  it('reads space-separated LEEF 1.0 (no tabs) with the CEF-style scanner', () => {
    expect(parse('LEEF:1.0|V|P|1|E|src=10.0.0.1 usrName=bob smith')).toMatchObject({
      'source.ip': '10.0.0.1',
      'user.name': 'bob smith',
    });
  });

  it('falls back to received time for an unreadable devTime', () => {
    expect(parse('LEEF:1.0|V|P|1|E|devTime=soon')['@timestamp']).toBe(RECEIVED_ISO);
  });

  it.each(['^', 'x5E', '0x5E', '\\x5E'])('delimiter field %j is "^"', (f) => {
    expect(parseDelimiter(f)).toBe('^');
  });

  it.each([
    ['dd/MMM/yyyy:HH:mm:ss Z', '22/Nov/2026:10:00:00 +0100', '2026-11-22T09:00:00.000Z'],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSXXX", '2026-11-22T10:00:00.25Z', '2026-11-22T10:00:00.250Z'],
    ['MM/dd/yyyy hh:mm:ss a', '11/22/2026 01:05:00 PM', '2026-11-22T13:05:00.000Z'],
    ['EEE MMM d HH:mm:ss z yyyy', 'Sun Nov 22 10:00:00 PST 2026', '2026-11-22T18:00:00.000Z'],
    ['yyyyMMddHHmmss', '20261122100000', '2026-11-22T10:00:00.000Z'],
    ['MMM dd HH:mm:ss', 'Nov 22 10:00:00', '2026-11-22T10:00:00.000Z'],
  ])('devTimeFormat %j reads %j', (pattern, value, iso) => {
    const ms = parseWithPattern(value, pattern, UTC_ZONE, CTX.received);
    expect(ms === null ? null : new Date(ms).toISOString()).toBe(iso);
  });

  it.each([
    ['yyyy-MM-dd', '22/11/2026'],
    ['yyyy-MM-dd QQ', '2026-11-22 Q4'],
    ['MM/dd/yyyy', '13/40/2026'],
  ])('devTimeFormat %j does not read %j', (pattern, value) => {
    expect(parseWithPattern(value, pattern, UTC_ZONE, CTX.received)).toBeNull();
  });
});

describe('parseLeef: rejections', () => {
  it.each([
    ['LEEF:1.0|V|P', 'LEEF: header has 3 of the 5 "|"-separated fields'],
    ['LEEF:abc|V|P|1|E|', 'LEEF: version "abc" at offset 5 is not 1.0 or 2.0'],
    ['CEF:0|V|P|1|1|n|1|', 'LEEF: expected "LEEF:" at offset 0'],
    [
      '<13>Nov 22 10:00:00 h app: no leef here',
      'LEEF: expected "LEEF:" after the syslog header at offset 27',
    ],
  ])('rejects %j', (raw, reason) => {
    expect(parseFail(parseLeef, raw)).toContain(reason);
  });

  it('caps the number of attributes', () => {
    const many = `LEEF:1.0|V|P|1|E|${Array.from({ length: 1001 }, (_, i) => `k${i}=v`).join('\t')}`;
    expect(parseFail(parseLeef, many)).toBe(
      'LEEF: more than 1000 key=value attributes; refusing the line as hostile',
    );
  });
});

describe('parseLeef: property', () => {
  it('property: arbitrary text gives an event or a reason, never a throw', () => {
    fc.assert(
      neverThrows(
        parseLeef,
        hostileText.map((s) => `LEEF:${s}`),
      ),
      { numRuns: FUZZ_RUNS },
    );
    fc.assert(neverThrows(parseLeef, fc.string({ unit: 'binary', maxLength: 200 })), { numRuns: FUZZ_RUNS });
  });

  it('property: mutated valid lines give an event or a reason, never a throw', () => {
    fc.assert(neverThrows(parseLeef, mutatedLine(SAMPLES)), { numRuns: FUZZ_RUNS });
  });

  it('property: attributes without delimiter or "=" round-trip', () => {
    const word = fc.string({
      unit: fc.constantFrom('a', 'B', '1', ' ', '.', '/', 'é'),
      minLength: 1,
      maxLength: 10,
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'k1', 'usr'), word), { maxLength: 8 }),
        (pairs) => {
          const line = `LEEF:2.0|V|P|1|E|^|${pairs.map(([k, v]) => `${k}=${v}`).join('^')}`;
          const e = parse(line);
          for (const [k] of pairs) {
            const want = pairs.filter(([key]) => key === k).map(([, v]) => v);
            expect(e[`leef.${k}`]).toEqual(want.length === 1 ? want[0] : want);
          }
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});
