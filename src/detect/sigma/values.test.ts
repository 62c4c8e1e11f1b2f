import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCidr, parseSigmaString, printSigmaString } from './values.ts';

const W = { wildcard: '*' } as const;
const Q = { wildcard: '?' } as const;

describe('Sigma string values: wildcards and escapes (spec "Escape Character")', () => {
  it.each([
    ['plain', 'cmd.exe', ['cmd.exe']],
    ['empty', '', []],
    ['star wildcard', '*\\cmd.exe', [W, '\\cmd.exe']],
    ['question wildcard', 'prog?.exe', ['prog', Q, '.exe']],
    ['single backslash before a letter is plain', 'C:\\Windows', ['C:\\Windows']],
    ['double backslash is one backslash', 'a\\\\b', ['a\\b']],
    ['escaped star is literal', 'a\\*b', ['a*b']],
    ['escaped question mark is literal', 'what\\?', ['what?']],
    ['escaped backslash then wildcard', 'dir\\\\*', ['dir\\', W]],
    ['three backslashes and a star: backslash and literal star', 'x\\\\\\*', ['x\\*']],
    ['four backslashes are two', 'x\\\\\\\\y', ['x\\\\y']],
    ['three backslashes (no wildcard) are two', 'x\\\\\\y', ['x\\\\y']],
    ['trailing backslash is plain', 'end\\', ['end\\']],
    ['adjacent wildcards stay separate', '**?', [W, W, Q]],
    ['percent without expand is plain', '%name%', ['%name%']],
  ])('%s: %j', (_name, input, parts) => {
    expect(parseSigmaString(input)).toEqual(parts);
  });

  it.each([
    ['a placeholder', '%Servers%', [{ placeholder: 'Servers' }]],
    ['an escaped percent then a placeholder', '\\%plain%name%', ['%plain', { placeholder: 'name' }]],
    ['a placeholder inside text with a wildcard', 'srv-%Domain%*', ['srv-', { placeholder: 'Domain' }, W]],
    ['a lone percent', '50%', ['50%']],
  ])('with expand, %s: %j', (_name, input, parts) => {
    expect(parseSigmaString(input, true)).toEqual(parts);
  });

  it('property: printing parsed parts and parsing them again gives the same parts', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'x', '_', '\\', '*', '?', '%') });
    fc.assert(
      fc.property(text, fc.boolean(), (raw, expand) => {
        const parts = parseSigmaString(raw, expand);
        expect(parseSigmaString(printSigmaString(parts, expand), expand)).toEqual(parts);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});

describe('CIDR values', () => {
  it.each([
    ['10.0.0.0/8', { kind: 'cidr', network: '10.0.0.0', prefix: 8, version: 4 }],
    ['192.168.1.1', { kind: 'cidr', network: '192.168.1.1', prefix: 32, version: 4 }],
    ['fe80::/10', { kind: 'cidr', network: 'fe80::', prefix: 10, version: 6 }],
    ['::1/128', { kind: 'cidr', network: '::1', prefix: 128, version: 6 }],
  ])('accepts %s', (text, value) => {
    expect(parseCidr(text)).toEqual(value);
  });

  it.each([
    ['10.0.0.0/33', 'invalid prefix length (0..32'],
    ['fe80::/129', 'invalid prefix length (0..128'],
    ['10.0.0/8', 'is not a CIDR network'],
    ['10.0.0.0/', 'invalid prefix length'],
    ['10.0.0.0/8a', 'invalid prefix length'],
    ['example.com/8', 'is not a CIDR network'],
  ])('rejects %s', (text, reason) => {
    expect(parseCidr(text)).toContain(reason);
  });
});
