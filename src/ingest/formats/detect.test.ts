import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../core/event.ts';
import { detectFormat } from './detect.ts';

describe('detectFormat', () => {
  it.each([
    ['{"a":1}', 'json'],
    ['  \t{"@timestamp":"2026-11-22T10:00:00Z"}', 'json'],
    ['\uFEFF{"a":1}', 'json'],
    ['{broken', 'json'],
    ['CEF:0|Vendor|Product|1.0|100|Blocked|5|src=10.0.0.1', 'cef'],
    ['LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.0.1', 'leef'],
    [
      '<165>1 2026-11-22T10:00:00.003Z mymachine.example.com evntslog - ID47 - BOM An application event',
      'rfc5424',
    ],
    ['<34>1 2026-11-22T10:00:00Z host su - - - msg', 'rfc5424'],
    ['<34>Nov 22 10:00:00 mymachine su: su root failed for lonvick on /dev/pts/8', 'rfc3164'],
    ['<13>hello without header', 'rfc3164'],
    ['Nov 22 10:00:00 mymachine sshd[812]: Accepted publickey for alice', 'rfc3164'],
    ['Nov  2 10:00:00 mymachine sshd[812]: Accepted publickey for alice', 'rfc3164'],
    ['<134>Nov 22 10:00:00 fw01 CEF:0|Vendor|Product|1.0|100|Blocked|5|src=10.0.0.1', 'cef'],
    ['<134>1 2026-11-22T10:00:00Z fw01 app - - - CEF:0|Vendor|Product|1.0|100|Blocked|5|', 'cef'],
    ['Nov 22 10:00:00 qradar LEEF:1.0|IBM|QRadar|7.5|Login|src=10.0.0.1', 'leef'],
    ['<13>Nov 22 10:00:00 host app: the word CEF:x is not a payload', 'rfc3164'],
    ['<13>Nov 22 10:00:00 host app: XCEF:0| is not at a word start', 'rfc3164'],
    ['[2026-11-22 10:00:00] ERROR something broke', 'text'],
    ['[{"a":1}]', 'text'],
    ['2026-11-22T10:00:00Z host app: msg', 'text'],
    ['<abc>not a pri', 'text'],
    ['<1234>too many digits', 'text'],
    ['Nov 22 10:00 not a full time', 'text'],
    ['Foo 22 10:00:00 not a month', 'text'],
    ['', 'text'],
    ['   ', 'text'],
    ['hello world', 'text'],
  ])('%j → %s', (raw, expected) => {
    expect(detectFormat(raw)).toBe(expected);
  });

  // access and error lines as Apache and nginx write them (samples from Elastic's apache/nginx/iis
  // integrations' pipeline tests: packages/{apache,nginx,iis}/data_stream/*/_dev/test/pipeline)
  it.each([
    [
      '192.168.33.1 - - [26/Dec/2016:16:22:13 +0000] "GET /hello HTTP/1.1" 404 499 "-" "Mozilla/5.0"',
      'weblog',
    ],
    ['::1 - - [26/Dec/2016:16:16:29 +0200] "GET /favicon.ico HTTP/1.1" 404 209', 'weblog'],
    [
      '127.0.0.1 user-identity frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
      'weblog',
    ],
    ['127.0.1.1:80 127.0.0.1 - - [13/Nov/2023:10:44:31 +0000] "\\x16\\x03\\x03" 400 483 "-" "-"', 'weblog'],
    [
      'monitoring-server - - [29/May/2017:19:02:48 +0000] "GET /status HTTP/1.1" 200 612 "-" "curl/7.79.1"',
      'weblog',
    ],
    ['test-host - - [29/May/2017:19:02:48 +0000] "GET / HTTP/1.1" 200 1', 'weblog'],
    [
      '[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416] [client 89.160.20.156] File does not exist',
      'weblog',
    ],
    [
      '[Mon Dec 26 16:22:08 2016] [error] [client 192.168.33.1] File does not exist: /var/www/favicon.ico',
      'weblog',
    ],
    [
      '[2025-07-22 15:45:51.323610 +0200] [core:notice] [pid 1:tid 139958433106048] AH00094: Command line',
      'weblog',
    ],
    ['2016/10/25 14:49:34 [error] 54053#0: *1 open() "/x" failed (2: No such file or directory)', 'weblog'],
    [
      '2018-01-01 08:09:10 127.0.0.1 GET / q=100 80 - 67.43.156.13 Mozilla/5.0+(Windows+NT+6.1) - 200 0 0 123',
      'weblog',
    ],
    // near misses stay what they were
    ['1.2.3.4 - - [26/Dec/2016:16:22:13 +0000] no quoted request', 'text'],
    ['1.2.3.4 - - [26/Dec/2016 16:22:13] "GET / HTTP/1.1" 200 1', 'text'],
    ['2016/10/25 14:49:34 [error] no pid', 'text'],
    ['2018-01-01 08:09:10 127.0.0.1 GET / - 80', 'text'],
    ['#Fields: date time s-ip cs-method', 'text'],
    [
      '<134>Nov 22 10:00:00 web1 nginx: 1.2.3.4 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1',
      'rfc3164',
    ],
  ])('web server line %j → %s', (raw, expected) => {
    expect(detectFormat(raw)).toBe(expected);
  });

  it('only looks for an embedded CEF marker near the start', () => {
    const far = `<13>Nov 22 10:00:00 host app: ${'x'.repeat(600)} CEF:0|a|b|c|d|e|1|`;
    expect(detectFormat(far)).toBe('rfc3164');
  });

  it('property: any string gives one of the concrete formats, never auto', () => {
    const concrete = FORMATS.filter((f) => f !== 'auto');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (s) => {
        expect(concrete).toContain(detectFormat(s));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
