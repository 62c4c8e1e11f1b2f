/** The reference meaning of an event condition: typed exact equality, lists, all/any. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionFields, type EventCondition, evaluateCondition, NEVER } from './condition.ts';

const ev = { 'winlog.event_id': 1, 'winlog.channel': 'Security', 'event.category': ['process', 'network'] };

describe('evaluateCondition', () => {
  it('compares typed values exactly: the number 1 is not the text "1", and case matters', () => {
    expect(evaluateCondition({ field: 'winlog.event_id', equals: 1 }, ev)).toBe(true);
    expect(evaluateCondition({ field: 'winlog.event_id', equals: '1' }, ev)).toBe(false);
    expect(evaluateCondition({ field: 'winlog.channel', equals: 'security' }, ev)).toBe(false);
  });

  it('equals a list means one of them; a list value matches when any element does', () => {
    expect(evaluateCondition({ field: 'winlog.event_id', equals: [12, 13, 1] }, ev)).toBe(true);
    expect(evaluateCondition({ field: 'event.category', equals: 'network' }, ev)).toBe(true);
    expect(evaluateCondition({ field: 'event.category', equals: ['file', 'iam'] }, ev)).toBe(false);
  });

  it('an absent field equals nothing, including inherited names', () => {
    expect(evaluateCondition({ field: 'process.name', equals: 'cmd.exe' }, ev)).toBe(false);
    expect(evaluateCondition({ field: 'constructor', equals: 'x' }, {})).toBe(false);
  });

  it('all needs every branch, any needs one; NEVER matches nothing', () => {
    const a: EventCondition = { field: 'winlog.channel', equals: 'Security' };
    const b: EventCondition = { field: 'winlog.event_id', equals: 4688 };
    expect(evaluateCondition({ all: [a, b] }, ev)).toBe(false);
    expect(evaluateCondition({ any: [a, b] }, ev)).toBe(true);
    expect(evaluateCondition(NEVER, ev)).toBe(false);
  });

  it('property: all/any agree with every/some over their branches', () => {
    const leaf = fc.record({
      field: fc.constantFrom('a', 'b', 'c'),
      equals: fc.oneof(
        fc.constantFrom('x', 'y', 1, 2),
        fc.array(fc.constantFrom('x', 'y', 1, 2), { minLength: 1 }),
      ),
    });
    const event = fc.dictionary(
      fc.constantFrom('a', 'b', 'c'),
      fc.oneof(fc.constantFrom('x', 'y', 1, 2, '1')),
    );
    fc.assert(
      fc.property(fc.array(leaf, { minLength: 1, maxLength: 4 }), event, (leaves, e) => {
        const each = leaves.map((l) => evaluateCondition(l, e));
        expect(evaluateCondition({ all: leaves }, e)).toBe(each.every(Boolean));
        expect(evaluateCondition({ any: leaves }, e)).toBe(each.some(Boolean));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});

describe('conditionFields', () => {
  it('lists the fields read, once each, in first-seen order', () => {
    const c: EventCondition = {
      any: [
        {
          all: [
            { field: 'winlog.channel', equals: 'A' },
            { field: 'winlog.event_id', equals: 1 },
          ],
        },
        {
          all: [
            { field: 'winlog.channel', equals: 'B' },
            { field: 'event.dataset', equals: 'x' },
          ],
        },
      ],
    };
    expect(conditionFields(c)).toEqual(['winlog.channel', 'winlog.event_id', 'event.dataset']);
  });
});
