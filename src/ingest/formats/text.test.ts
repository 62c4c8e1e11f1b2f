import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, neverThrows, parseFail, parseOk, RECEIVED_ISO } from './syslog-testkit.ts';
import { parseText } from './text.ts';

describe('parseText', () => {
  it('wraps a plain line exactly', () => {
    const raw = 'disk /dev/sda1 is 91% full\r\n';
    expect(parseOk(parseText, raw)).toEqual({
      '@timestamp': RECEIVED_ISO,
      'event.original': raw,
      'vigil.format': 'text',
      message: 'disk /dev/sda1 is 91% full',
    });
  });

  it('keeps inner whitespace and leading spaces', () => {
    expect(parseOk(parseText, '  indented\tline ').message).toBe('  indented\tline ');
  });

  it.each(['', ' ', '\n', '\t \r\n', '\u0000'])('rejects empty or blank %j', (raw) => {
    expect(parseFail(parseText, raw)).toBe('text: empty or whitespace-only line');
  });

  it('property: any non-blank text is accepted with event.original unchanged', () => {
    fc.assert(neverThrows(parseText, fc.string({ unit: 'binary', maxLength: 100 })), { numRuns: FUZZ_RUNS });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (s) => {
        expect(parseText(`x${s}`, { received: 0, assumeTimeZone: 'UTC' }).ok).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
