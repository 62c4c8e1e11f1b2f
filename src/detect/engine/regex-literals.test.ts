/**
 * The literals a regular expression needs: examples from the Sigma corpus, the constructs that
 * must give up, and a property against RE2 itself: whenever RE2 finds a match, the lower-cased
 * text contains one of the literals.
 */
import fc from 'fast-check';
import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import { regexLiterals } from './regex-literals.ts';

/** The characters of `\\s` after the space. */
const WS = ['\t', '\n', '\f', '\r', '\v'];

describe('regexLiterals', () => {
  it('finds the most selective literal of a sequence, lower-cased', () => {
    expect(regexLiterals('ipconfig\\s+/all', false)).toEqual(['ipconfig ', ...WS.map((c) => `ipconfig${c}`)]);
    expect(regexLiterals('\\$PSHome\\[\\s*\\d{1,3}\\s*\\]', false)).toEqual(['$pshome[']);
    expect(regexLiterals('net\\s+user\\s+', false)).toEqual(['user ', ...WS.map((c) => `user${c}`)]);
    expect(regexLiterals('net\\s+user', false)).toEqual(['user']);
    expect(regexLiterals('^C:\\\\Windows\\\\', false)).toEqual(['c:\\windows\\']);
  });

  it('a repeated atom ends the run after one copy; an optional one ends it before', () => {
    expect(regexLiterals('abc+def', false)).toEqual(['abc']);
    expect(regexLiterals('ab?cdef', false)).toEqual(['cdef']);
    expect(regexLiterals('abcd{2,}x', false)).toEqual(['abcd']);
    expect(regexLiterals('abcd{1}ef', false)).toEqual(['abcdef']);
    expect(regexLiterals('abcd{0,3}ef', false)).toEqual(['abc']);
    expect(regexLiterals('x*', false)).toBeNull();
  });

  it('alternations need one literal of each branch; an empty or unknown branch gives nothing', () => {
    expect(regexLiterals('(?:iex|invoke-expression)\\(', false)).toEqual(['iex', 'invoke-expression']);
    expect(regexLiterals('mimikatz|kiwi', false)).toEqual(['mimikatz', 'kiwi']);
    expect(regexLiterals('abc|\\d+', false)).toEqual(['abc', ...'0123456789']);
    expect(regexLiterals('abc|\\w+', false)).toBeNull();
    expect(regexLiterals('(?:abc|)', false)).toBeNull();
    expect(regexLiterals('(?:abc)?xyz', false)).toEqual(['xyz']);
    expect(regexLiterals('(?P<n>abcd)', false)).toEqual(['abcd']);
  });

  it('control-character escapes are literal', () => {
    expect(regexLiterals('\\n\\n\\n', false)).toEqual(['\n\n\n']);
    expect(regexLiterals('a\\tb', false)).toEqual(['a\tb']);
  });

  it('a small character class or \\s, \\d multiplies the literal into alternatives', () => {
    expect(regexLiterals('a[bc]d', false)).toEqual(['abd', 'acd']);
    expect(regexLiterals('-e[n-p]c', false)).toEqual(['-enc', '-eoc', '-epc']);
    expect(regexLiterals('x[\\\\/]y', false)).toEqual(['x\\y', 'x/y']);
    expect(regexLiterals('[]x]yz', false)).toEqual([']yz', 'xyz']);
    expect(regexLiterals('v\\d\\.', false)).toEqual([...'0123456789'].map((d) => `v${d}.`));
    // past 16 alternatives the literal ends and a new one starts (ab0..ab9, then 0xyz..9xyz)
    expect(regexLiterals('ab\\d\\dxyz', false)).toEqual([...'0123456789'].map((d) => `${d}xyz`));
    // under case folding a class holding s is not literal
    expect(regexLiterals('abc[sx]d', true)).toEqual(['abc']);
  });

  it('large, negated and named classes, dots and other class escapes are not literal; a braced text is', () => {
    expect(regexLiterals('[a-z]+\\.exe', false)).toEqual(['.exe']);
    expect(regexLiterals('[^a]bcd', false)).toEqual(['bcd']);
    expect(regexLiterals('\\wabc', false)).toEqual(['abc']);
    expect(regexLiterals('[[:alpha:]]ok', false)).toEqual(['ok']);
    expect(regexLiterals('a{,5}', false)).toEqual([',5']);
  });

  it('under case folding an s is not literal (RE2 folds U+017F onto it)', () => {
    expect(regexLiterals('powershell', true)).toEqual(['power']);
    expect(regexLiterals('(?i)powershell', false)).toEqual(['power']);
    expect(regexLiterals('powershell', false)).toEqual(['powershell']);
    expect(new RE2('power\u017fhell', '').test('powershell')).toBe(false);
    expect(new RE2('powershell', 'i').test('POWER\u017fHELL')).toBe(true);
  });

  it('gives up on what it does not read fully', () => {
    for (const p of ['\\Qa*b\\E', 'a\\1', 'a\\0b', '(?=x)', '(abc', 'abc)', '*a', '[abc', 'a\\xZZ']) {
      expect(regexLiterals(p, false), p).toBeNull();
    }
    expect(regexLiterals('ä+ö', false)).toBeNull();
  });

  /** Pattern pieces with texts they match (with the `i` flag for the upper-case ones). */
  const PIECES: [string, string[]][] = [
    ['a', ['a', 'A']],
    ['b', ['b']],
    ['S', ['S', 's', '\u017f']],
    ['s', ['s', '\u017f']],
    ['ab', ['ab', 'AB']],
    ['.', ['x', '.']],
    ['\\.', ['.']],
    ['\\s', [' ']],
    ['\\d', ['1']],
    ['\\n', ['\n']],
    ['\\t', ['\t']],
    ['[ab]', ['a', 'b']],
    ['[a-cS]', ['a', 'C', 's', '\u017f']],
    ['[\\s,]', [' ', ',', '\t']],
    ['\\d', ['7']],
    ['[^a]', ['b', 'x']],
    ['(?:a|bS)', ['a', 'bS', 'bs']],
    ['(?:ab|)', ['ab', '']],
    ['(a)', ['a']],
    ['\\b', ['']],
    ['(?i)', ['']],
    ['{', ['{']],
    ['}', ['}']],
  ];
  const QUANTIFIERS: [string, number[]][] = [
    ['', [1]],
    ['', [1]],
    ['*', [0, 1, 2]],
    ['+', [1, 2]],
    ['?', [0, 1]],
    ['{2}', [2]],
    ['{1}', [1]],
    ['{0,2}', [0, 2]],
    ['{1,}', [1, 3]],
    ['+?', [1, 2]],
  ];
  const partArb = fc
    .tuple(fc.nat(PIECES.length - 1), fc.nat(QUANTIFIERS.length - 1), fc.nat(5), fc.nat(5))
    .map(([pi, qi, a, b]) => {
      const [piece, samples] = PIECES[pi] as [string, string[]];
      const [q, counts] = QUANTIFIERS[qi] as [string, number[]];
      const braceOrAssertion = piece === '{' || piece === '}' || piece === '\\b' || piece === '(?i)';
      const n = braceOrAssertion ? 1 : (counts[a % counts.length] as number);
      const sample = samples[b % samples.length] as string;
      return { pattern: braceOrAssertion ? piece : piece + q, text: sample.repeat(n) };
    });
  const caseArb = fc.record({
    parts: fc.array(partArb, { minLength: 1, maxLength: 6 }),
    alternative: fc.boolean(),
    caseless: fc.boolean(),
    around: fc.tuple(fc.constantFrom('', 'x', ' A', 's'), fc.constantFrom('', 'b', 'S ')),
    noise: fc.array(fc.constantFrom('a', 'b', 'A', 'B', 's', 'S', '\u017f', '.', ' ', '1', '{', '}'), {
      maxLength: 10,
    }),
  });

  it('property: every RE2 match contains one of the literals', () => {
    let matched = 0;
    fc.assert(
      fc.property(caseArb, ({ parts, alternative, caseless, around, noise }) => {
        const body = parts.map((x) => x.pattern).join('');
        const p = alternative ? `${parts[0]?.pattern ?? ''}|${body}` : body;
        let re: RE2;
        try {
          re = new RE2(p, caseless ? 'i' : '');
        } catch {
          return; // not a valid pattern: the compiler refuses the rule
        }
        const lits = regexLiterals(p, caseless);
        const texts = [around[0] + parts.map((x) => x.text).join('') + around[1], noise.join('')];
        for (const t of texts) {
          if (!re.test(t)) continue;
          matched++;
          if (lits !== null)
            expect(
              lits.some((l) => t.toLowerCase().includes(l)),
              `${p} on ${t}`,
            ).toBe(true);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) },
    );
    expect(matched).toBeGreaterThan(100);
  });
});
