import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSyslog } from './syslog.ts';
import { parseRfc5424 } from './syslog-5424.ts';
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

const parse = (raw: string) => parseOk(parseSyslog, raw);

const SAMPLES = [
  '<165>1 2026-11-22T10:14:15.003Z web01 nginx 4123 ACCESS [meta sequenceId="42"] GET / 200',
  '<38>Nov 22 10:00:00 web01 sshd[4123]: Accepted publickey for alice',
  '<134>Nov 22 10:00:05 ips-01 CEF:0|Umbrella Labs|Sentinel IPS|4.0|9021|SMB overflow|High|src=198.51.100.7',
  '<134>1 2026-11-22T10:00:00Z fw02 edgewall - - - CEF:0|Northwind|EdgeWall|9|7|x|5|dhost=evil.test',
  '<13>Nov 22 10:00:00 relay LEEF:2.0|Contoso|Proxy|1|E|^|src=10.0.0.1^usrName=bob',
  'Nov 22 10:00:00 web01 cron[1]: tick',
];

describe('parseSyslog: flavour choice', () => {
  it.each([
    [SAMPLES[0]!, 'rfc5424'],
    [SAMPLES[1]!, 'rfc3164'],
    [SAMPLES[5]!, 'rfc3164'],
    [SAMPLES[2]!, 'cef'],
    [SAMPLES[3]!, 'cef'],
    [SAMPLES[4]!, 'leef'],
    ['CEF:0|V|P|1|1|bare cef|1|src=10.0.0.1', 'cef'],
    ['LEEF:1.0|V|P|1|E|src=10.0.0.1', 'leef'],
  ])('%j is %s', (raw, format) => {
    expect(parse(raw)['vigil.format']).toBe(format);
  });

  it('gives the same event as parseRfc5424 for an RFC 5424 line', () => {
    expect(parse(SAMPLES[0]!)).toEqual(parseOk(parseRfc5424, SAMPLES[0]!));
  });

  it('accepts an RFC 3164 line that parseRfc5424 turns down', () => {
    expect(parseFail(parseRfc5424, SAMPLES[1]!)).toContain('RFC 5424: expected VERSION');
    expect(parse(SAMPLES[1]!)['process.name']).toBe('sshd');
  });

  it('keeps a broken RFC 5424 line as an RFC 3164 message', () => {
    const e = parse('<13>1 2026-99-99T00:00:00Z h a - - - text');
    expect(e).toMatchObject({
      'vigil.format': 'rfc3164',
      '@timestamp': RECEIVED_ISO,
      message: '1 2026-99-99T00:00:00Z h a - - - text',
    });
  });

  it('merges CEF over an RFC 5424 header exactly', () => {
    const raw = SAMPLES[3]!;
    expect(parse(raw)).toEqual({
      '@timestamp': '2026-11-22T10:00:00.000Z',
      'event.original': raw,
      'vigil.format': 'cef',
      'event.dataset': 'cef',
      'event.module': 'cef',
      'log.syslog.priority': 134,
      'log.syslog.facility.code': 16,
      'log.syslog.facility.name': 'local0',
      'log.syslog.severity.code': 6,
      'log.syslog.severity.name': 'informational',
      'log.level': 'informational',
      'log.syslog.version': 1,
      'host.hostname': 'fw02',
      'host.name': 'fw02',
      'log.syslog.hostname': 'fw02',
      'log.syslog.appname': 'edgewall',
      'process.name': 'edgewall',
      'observer.hostname': 'fw02',
      'cef.version': '0',
      'cef.device.vendor': 'Northwind',
      'cef.device.product': 'EdgeWall',
      'cef.device.version': '9',
      'cef.signature_id': '7',
      'cef.name': 'x',
      'cef.severity': '5',
      'cef.extensions.dhost': 'evil.test',
      'destination.domain': 'evil.test',
      'observer.vendor': 'Northwind',
      'observer.product': 'EdgeWall',
      'observer.version': '9',
      'event.code': '7',
      'event.severity': 5,
      'event.kind': 'event',
      message: 'x',
    });
  });

  it('merges LEEF 2.0 over an RFC 3164 header', () => {
    expect(parse(SAMPLES[4]!)).toMatchObject({
      'host.name': 'relay',
      'observer.hostname': 'relay',
      'source.ip': '10.0.0.1',
      'user.name': 'bob',
      'event.dataset': 'leef',
    });
  });

  it('keeps a MSG that starts with CEF: but is not CEF as a syslog message', () => {
    const e = parse('<13>Nov 22 10:00:00 h CEF:broken');
    expect([e['vigil.format'], e.message, e['host.name']]).toEqual(['rfc3164', 'CEF:broken', 'h']);
  });

  it('rejects what is neither flavour, naming RFC 3164', () => {
    expect(parseFail(parseSyslog, 'hello there')).toBe(
      'RFC 3164: expected "<PRI>" or a timestamp such as "Nov 22 10:00:00" at offset 0, found "hello there"',
    );
  });
});

describe('parseSyslog: property', () => {
  it('property: arbitrary text gives an event or a reason, never a throw', () => {
    fc.assert(neverThrows(parseSyslog, hostileText), { numRuns: FUZZ_RUNS });
    fc.assert(
      neverThrows(
        parseSyslog,
        hostileText.map((s) => `<13>${s}`),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('property: mutated valid lines give an event or a reason, never a throw', () => {
    fc.assert(neverThrows(parseSyslog, mutatedLine(SAMPLES)), { numRuns: FUZZ_RUNS });
  });

  it('property: any line with a valid PRI is accepted and keeps the PRI', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 191 }), hostileText, (pri, rest) => {
        const e = parseOk(parseSyslog, `<${pri}>${rest}`, CTX);
        if (e['vigil.format'] === 'rfc3164' || e['vigil.format'] === 'rfc5424') {
          expect(e['log.syslog.priority']).toBe(pri);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
