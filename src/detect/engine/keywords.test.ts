/** The forms a keyword takes in raw events: itself, and each escaping a raw text may use. */
import { describe, expect, it } from 'vitest';
import type { GlobToken } from './glob.ts';
import { rawForms } from './keywords.ts';

const texts = (tokens: GlobToken[]) =>
  rawForms(tokens).map((f) => f.map((t) => (typeof t === 'string' ? t : t.wildcard)).join(''));

describe('rawForms', () => {
  it('gives a keyword without special characters only itself', () => {
    expect(texts(['sekurlsa::logonpasswords'])).toEqual(['sekurlsa::logonpasswords']);
  });

  it('adds the JSON, CEF and structured-data forms of backslashes and quotes, once each', () => {
    expect(texts(['C:\\mimilib.dll'])).toEqual(['C:\\mimilib.dll', 'C:\\\\mimilib.dll']);
    expect(texts(['-Confirm "False"'])).toEqual([
      '-Confirm "False"',
      '-Confirm \\"False\\"',
      '-Confirm &quot;False&quot;',
    ]);
  });

  it("adds the XML entities, Go's \\u escapes and PHP's escaped slashes", () => {
    const forms = texts(['http://f/<script']);
    expect(forms).toContain('http:\\/\\/f\\/<script');
    expect(forms).toContain('http://f/\\u003cscript');
    expect(forms).toContain('http://f/&lt;script');
    expect(texts(['a&b'])).toEqual(['a&b', 'a\\u0026b', 'a&amp;b']);
  });

  it("adds CEF's escaped equals and pipes", () => {
    expect(texts(['k=v'])).toEqual(['k=v', 'k\\=v']);
    expect(texts(['a|b'])).toEqual(['a|b', 'a\\|b']);
  });

  it('writes control characters and, as Python does, every non-ASCII code unit as \\u escapes', () => {
    expect(texts(['a\tb'])).toEqual(['a\tb', 'a\\tb']);
    expect(texts(['café'])).toEqual(['café', 'caf\\u00e9']);
    expect(texts(['x😀'])).toEqual(['x😀', 'x\\ud83d\\ude00']);
  });

  it('escapes the literal parts and keeps the wildcards', () => {
    const forms = rawForms(['C:\\', { wildcard: '*' }, '\\x.dll']);
    expect(forms).toEqual([
      ['C:\\', { wildcard: '*' }, '\\x.dll'],
      ['C:\\\\', { wildcard: '*' }, '\\\\x.dll'],
    ]);
  });
});
