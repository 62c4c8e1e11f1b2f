import { describe, expect, it } from 'vitest';
import { regexLiteral } from './regex.ts';

describe('regexLiteral: a literal as long as the one every match contains', () => {
  it.each([
    ['plain text', 'mimikatz', 'mimikatz'],
    ['the longest run between classes', '\\d+\\.evil\\.com\\b', '.evil.com'],
    ['escaped punctuation is literal', 'C:\\\\Windows\\\\Temp', 'C:\\Windows\\Temp'],
    ['an optional atom ends the run', 'powers?hell', 'power'],
    ['a starred atom is optional', 'abcx*def', 'abc'],
    ['a plus keeps one copy', 'abcx+def', 'abcx'],
    ['a {0,n} is optional, {2} required', 'abcx{0,3}def', 'abc'],
    ['inline flags are skipped', '(?i)invoke-expression', 'invoke-expression'],
    ['a required group counts', 'x(downloadstring)y', 'downloadstring'],
    ['an optional group does not', '(downloadstring)?xy', 'xy'],
    ['an alternation gives its weakest branch', 'mimikatz|sekurlsa|ab', 'ab'],
    ['a group alternation gives its weakest branch', 'ab(cdef|gh)', 'ab'],
    ['a group alternation of long branches', 'ab(cdef|ghijk)', 'cdef'],
    ['classes and dots give nothing', '[a-z]{16}.*', ''],
    ['control escapes are literal characters', '\\n\\n\\n', '\n\n\n'],
    ['lookarounds do not count', '(?=secret)ab', 'ab'],
    ['named groups count', '(?P<x>secret)', 'secret'],
  ])('%s: %s', (_what, pattern, expected) => {
    expect(regexLiteral(pattern)).toBe(expected);
  });
});
