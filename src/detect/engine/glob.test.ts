/**
 * Glob patterns: the plain shapes reduce to string operations, and the matcher agrees with a
 * reference regular expression on random patterns and texts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, type GlobToken, globMatcher, patternShape, requiredLiteral } from './glob.ts';

const S: GlobToken = { wildcard: '*' };
const Q: GlobToken = { wildcard: '?' };

function reference(tokens: GlobToken[]): RegExp {
  const body = tokens
    .map((t) =>
      typeof t === 'string' ? t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : t.wildcard === '*' ? '[^]*' : '[^]',
    )
    .join('');
  return new RegExp(`^${body}$`);
}

describe('glob patterns', () => {
  it('reduce to equality, prefix, suffix, substring when they can', () => {
    expect(patternShape(['abc'])).toEqual({ op: 'eq', text: 'abc' });
    expect(patternShape(['ab', S])).toEqual({ op: 'prefix', text: 'ab' });
    expect(patternShape([S, 'ab'])).toEqual({ op: 'suffix', text: 'ab' });
    expect(patternShape([S, 'a', 'b', S, S])).toEqual({ op: 'contains', text: 'ab' });
    expect(patternShape([S])).toEqual({ op: 'any' });
    expect(patternShape([S, 'a', Q])).toEqual({ op: 'glob' });
    expect(patternShape(['a', S, 'b'])).toEqual({ op: 'glob' });
  });

  it('match the examples', () => {
    const m = globMatcher(['a', S, 'b', Q, 'c']);
    expect(m('axxbyc')).toBe(true);
    expect(m('abyc')).toBe(true);
    expect(m('abc')).toBe(false);
    expect(m('abycx')).toBe(false);
    expect(globMatcher([S, 'aa', S, 'aa'])('aaa')).toBe(false);
    expect(globMatcher([S, 'aa', S, 'aa'])('aaaa')).toBe(true);
  });

  it('property: the matcher agrees with a reference regular expression', () => {
    const token = fc.oneof(fc.constantFrom<GlobToken>(S, Q), fc.stringMatching(/^[ab]{1,3}$/));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 6 }), fc.stringMatching(/^[abc]{0,10}$/), (tokens, text) => {
        expect(compilePattern(tokens)(text)).toBe(reference(tokens).test(text));
        expect(globMatcher(tokens)(text)).toBe(reference(tokens).test(text));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('property: a text the pattern matches holds its required literal', () => {
    const token = fc.oneof(fc.constantFrom<GlobToken>(S, Q), fc.stringMatching(/^[ab]{1,3}$/));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 6 }), fc.stringMatching(/^[abc]{0,10}$/), (tokens, text) => {
        const req = requiredLiteral(tokens);
        if (req === null || !compilePattern(tokens)(text)) return;
        expect(req.kind === 'eq' ? text === req.literal : text.includes(req.literal)).toBe(true);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
