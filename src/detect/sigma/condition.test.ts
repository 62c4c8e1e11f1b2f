import { describe, expect, it } from 'vitest';
import { parseCondition } from './condition.ts';
import type { ConditionNode } from './model.ts';

const NAMES = ['selection', 'sel_a', 'sel_b', 'filter_main_x', 'filter_optional_y', 'keywords', '_hidden'];
const s = (name: string): ConditionNode => ({ kind: 'search', name });

function ok(text: string): ConditionNode {
  const r = parseCondition(text, NAMES);
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.reason}`);
  return r.node;
}

describe('condition: structure and precedence (or < and < not < of < parentheses)', () => {
  it.each<[string, ConditionNode]>([
    ['selection', s('selection')],
    ['selection and keywords', { kind: 'and', operands: [s('selection'), s('keywords')] }],
    ['sel_a or sel_b or keywords', { kind: 'or', operands: [s('sel_a'), s('sel_b'), s('keywords')] }],
    [
      'sel_a or sel_b and keywords',
      { kind: 'or', operands: [s('sel_a'), { kind: 'and', operands: [s('sel_b'), s('keywords')] }] },
    ],
    [
      'sel_a and sel_b or keywords',
      { kind: 'or', operands: [{ kind: 'and', operands: [s('sel_a'), s('sel_b')] }, s('keywords')] },
    ],
    [
      '(sel_a or sel_b) and keywords',
      { kind: 'and', operands: [{ kind: 'or', operands: [s('sel_a'), s('sel_b')] }, s('keywords')] },
    ],
    ['not sel_a and sel_b', { kind: 'and', operands: [{ kind: 'not', operand: s('sel_a') }, s('sel_b')] }],
    ['not not sel_a', { kind: 'not', operand: { kind: 'not', operand: s('sel_a') } }],
    [
      'selection and not 1 of filter_*',
      {
        kind: 'and',
        operands: [
          s('selection'),
          {
            kind: 'not',
            operand: {
              kind: 'of',
              quantifier: 'one',
              pattern: 'filter_*',
              matches: ['filter_main_x', 'filter_optional_y'],
            },
          },
        ],
      },
    ],
    ['all of sel_*', { kind: 'of', quantifier: 'all', pattern: 'sel_*', matches: ['sel_a', 'sel_b'] }],
    [
      '1 of them',
      {
        kind: 'of',
        quantifier: 'one',
        pattern: 'them',
        matches: ['selection', 'sel_a', 'sel_b', 'filter_main_x', 'filter_optional_y', 'keywords'],
      },
    ],
    ['all of *_x', { kind: 'of', quantifier: 'all', pattern: '*_x', matches: ['filter_main_x'] }],
    ['1 of _hidden', { kind: 'of', quantifier: 'one', pattern: '_hidden', matches: ['_hidden'] }],
    ['((selection))', s('selection')],
    ['  selection\n  and keywords ', { kind: 'and', operands: [s('selection'), s('keywords')] }],
  ])('%s', (text, node) => {
    expect(ok(text)).toEqual(node);
  });
});

describe('condition errors carry the column inside the condition', () => {
  it.each([
    ['', 1, 'the condition is empty'],
    ['selection and', 14, 'the condition ends where'],
    ['selection or or keywords', 14, 'unexpected "or"'],
    ['(selection', 11, 'missing ")" for the "(" at column 1'],
    ['selection)', 10, 'unexpected ")"'],
    ['selection and unknown', 15, 'unknown search identifier "unknown"'],
    ['selection AND keywords', 11, 'unexpected "AND"'],
    ['AND', 1, 'unknown search identifier "AND" (operators are lower case)'],
    ['sel_*', 1, 'needs a quantifier: "1 of sel_*" or "all of sel_*"'],
    ['1 of nothing*', 6, 'the pattern "nothing*" matches no search identifier'],
    ['any of sel_*', 1, '"any of" is not Sigma; write "1 of"'],
    ['2 of sel_*', 1, '"2 of" is not supported'],
    ['1 of (sel_a)', 6, 'expected a search pattern or "them" after "of"'],
    ['selection | count() > 5', 11, 'obsolete Sigma 1.0 syntax'],
    ['selection1 | near selection2', 12, 'write a correlation rule instead'],
  ])('%j -> column %i: %s', (text, column, reason) => {
    const r = parseCondition(text, NAMES);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain(reason);
      expect(r.column).toBe(column);
    }
  });

  it('"them" excludes identifiers starting with an underscore, and fails when none is left', () => {
    const r = parseCondition('1 of them', ['_a', '_b']);
    expect(r).toEqual({ ok: false, column: 6, reason: '"them" matches no search identifier' });
  });
});
