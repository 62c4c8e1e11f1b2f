import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FieldNode, type QueryNode, QuerySyntaxError } from './ast.ts';
import { formatQuery } from './format.ts';
import { parseQuery } from './query.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 300);

/** Strings biased towards the language's special characters and keywords. */
const queryish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'a',
        'b',
        'x.y',
        ':',
        '*',
        '"',
        '(',
        ')',
        '\\',
        '-',
        ' ',
        '  ',
        '>',
        '<',
        '=',
        '/',
        '.',
      ),
      fc.constantFrom(
        'AND',
        'OR',
        'NOT',
        '_exists_',
        'source.ip',
        '10.0.0.0/8',
        '::1',
        '2026-11-22T00:00:00Z',
      ),
      fc.constantFrom('5', '\t', '\n', 'é', '😀'),
      fc.string({ maxLength: 3 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

function parseOrError(text: string): QueryNode | QuerySyntaxError {
  try {
    return parseQuery(text);
  } catch (e) {
    if (e instanceof QuerySyntaxError) return e;
    throw e;
  }
}

const fieldName = fc.oneof(
  fc.constantFrom('@timestamp', 'user.name', 'event.code', 'message', 'source.ip', 'related.ip', 'x'),
  fc.stringMatching(/^[A-Za-z0-9_@][A-Za-z0-9_@.-]{0,12}$/).filter((s) => s !== '_exists_'),
);
const special = fc.constantFrom(
  '>',
  '<',
  '=',
  '*',
  '\\',
  '"',
  ' ',
  '\t',
  '(',
  ')',
  ':',
  '-',
  '/',
  'a',
  'AND',
  'OR',
);
const anyText = fc.oneof(
  fc.string({ maxLength: 12, unit: 'grapheme' }),
  fc.string({ maxLength: 6, unit: special }),
);
const someText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }),
  fc.string({ minLength: 1, maxLength: 6, unit: special }),
);

const fieldNode: fc.Arbitrary<FieldNode> = fc.oneof(
  fc.record({ field: fieldName, value: anyText }).map((r) => ({ kind: 'field', op: 'eq', ...r }) as const),
  fc
    .record({ field: fieldName, op: fc.constantFrom('contains', 'prefix', 'suffix'), value: someText })
    .map((r) => ({ kind: 'field', ...r }) as const),
  fieldName.map((field) => ({ kind: 'field', field, op: 'exists', value: '' }) as const),
  fc
    .record({
      field: fieldName,
      op: fc.constantFrom('gt', 'gte', 'lt', 'lte'),
      value: fc.oneof(
        fc.integer().map(String),
        fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
        fc.constantFrom('2026-11-22T16:56:54.123456Z', '2026-11-22', '2026-11-22 10:00:00+02:00'),
      ),
    })
    .map((r) => ({ kind: 'field', ...r }) as const),
  fc
    .record({
      field: fc.constantFrom('source.ip', 'destination.ip', 'related.ip', 'a.b.ip'),
      value: fc.constantFrom(
        '10.0.0.0/8',
        '192.168.1.7/32',
        '0.0.0.0/0',
        '2001:db8::/32',
        '::/0',
        'fe80::1/128',
      ),
    })
    .map((r) => ({ kind: 'field', op: 'cidr', ...r }) as const),
);

const { node: queryNode } = fc.letrec<{ node: QueryNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fieldNode,
    someText.map((value) => ({ kind: 'text', value }) as const),
    fc.constant({ kind: 'all' } as const),
    tie('node').map((child) => ({ kind: 'not', child }) as const),
    fc
      .record({
        kind: fc.constantFrom('and', 'or'),
        children: fc.array(tie('node'), { minLength: 2, maxLength: 4 }),
      })
      .map((r) => r as QueryNode),
  ),
}));

describe('query language properties', () => {
  it('property: any text either parses or fails with a QuerySyntaxError pointing into it', () => {
    fc.assert(
      fc.property(fc.oneof(queryish, fc.string({ maxLength: 40 })), (text) => {
        const result = parseOrError(text);
        if (result instanceof QuerySyntaxError) {
          expect(result.column).toBeGreaterThanOrEqual(1);
          expect(result.column).toBeLessThanOrEqual(text.length + 1);
        }
      }),
      { numRuns },
    );
  });

  it('property: printing a parsed query and parsing it again gives the same tree', () => {
    fc.assert(
      fc.property(queryish, (text) => {
        const result = parseOrError(text);
        if (result instanceof QuerySyntaxError) return;
        expect(parseQuery(formatQuery(result))).toEqual(result);
      }),
      { numRuns },
    );
  });

  it('property: every tree the parser can produce survives print and re-parse', () => {
    fc.assert(
      fc.property(queryNode, (node) => {
        expect(parseQuery(formatQuery(node))).toEqual(node);
      }),
      { numRuns },
    );
  });
});
