import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../core/errors.ts';
import { parseQuery } from './query.ts';
import { checkQueryNode, requireQueryNode } from './validate.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 300);

describe('checkQueryNode', () => {
  it('accepts every tree the parser produces', () => {
    for (const q of ['', 'a b', 'NOT (x:1 OR y:>2)', 'source.ip:10.0.0.0/8 _exists_:f', 'f:(a OR b*)']) {
      const tree = parseQuery(q);
      expect(checkQueryNode(tree)).toEqual({ ok: true, query: tree });
    }
  });

  it.each<[unknown, RegExp]>([
    [null, /must be an object/],
    [{ kind: 'nope' }, /unknown query node kind/],
    [{ kind: 'text' }, /string value/],
    [{ kind: 'and', children: [] }, /needs children/],
    [{ kind: 'field', field: "a'; DROP TABLE x; --", op: 'eq', value: 'x' }, /invalid field name/],
    [{ kind: 'field', field: 'a', op: 'like', value: 'x' }, /unknown operator/],
    [{ kind: 'field', field: 'a', op: 'eq', value: 1 }, /string value/],
    [{ kind: 'field', field: 'a.ip', op: 'cidr', value: '10.0.0.0/40' }, /invalid CIDR/],
    [{ kind: 'field', field: 'a', op: 'gt', value: 'soon' }, /not a number/],
    [
      Array.from({ length: 70 }).reduce((child) => ({ kind: 'not', child }), { kind: 'all' }),
      /nested more than 64/,
    ],
    [{ kind: 'or', children: Array.from({ length: 1100 }, () => ({ kind: 'all' })) }, /more than 1024 nodes/],
  ])('rejects %j', (value, reason) => {
    const c = checkQueryNode(value);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.reason).toMatch(reason);
    expect(() => requireQueryNode(value)).toThrow(BadRequestError);
  });

  it('property: never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), (value) => {
        checkQueryNode(value);
      }),
      { numRuns },
    );
  });
});
