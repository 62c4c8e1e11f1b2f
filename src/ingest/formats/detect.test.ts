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
