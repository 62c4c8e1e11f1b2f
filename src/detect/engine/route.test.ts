/**
 * Routing: a compiled logsource condition answers like the pipelines' `evaluateCondition`, and the
 * route index offers every item whose condition an event satisfies (random conditions and events,
 * with list values, numbers against numeric strings, missing and inherited fields).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EventCondition, evaluateCondition } from '../pipelines/index.ts';
import { compileEventCondition, RouteIndex } from './route.ts';

const FIELDS = ['winlog.channel', 'winlog.event_id', 'event.category', 'toString'];
const VALUES = ['Security', 'Sysmon', 'process', 1, 3, '1'];

const leaf: fc.Arbitrary<EventCondition> = fc
  .tuple(
    fc.constantFrom(...FIELDS),
    fc.oneof(
      fc.constantFrom(...VALUES),
      fc.array(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 3 }),
    ),
  )
  .map(([field, equals]) => ({ field, equals }));
const condition: fc.Arbitrary<EventCondition> = fc.letrec<{ c: EventCondition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('c'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('c'), { maxLength: 3 }).map((any) => ({ any })),
  ),
})).c;
const event = fc.dictionary(
  fc.constantFrom(...FIELDS.filter((f) => f !== 'toString')),
  fc.oneof(
    fc.constantFrom(...VALUES),
    fc.array(fc.constantFrom(...VALUES), { maxLength: 3 }),
    fc.constant(null),
  ),
  { maxKeys: 3 },
);

describe('routing', () => {
  it('property: a compiled condition answers like evaluateCondition', () => {
    fc.assert(
      fc.property(condition, fc.array(event, { maxLength: 8 }), (c, events) => {
        const test = compileEventCondition(c);
        for (const e of events) expect(test(e), JSON.stringify({ c, e })).toBe(evaluateCondition(c, e));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });

  it('property: the index offers every item whose condition holds, in item order', () => {
    fc.assert(
      fc.property(
        fc.array(condition, { minLength: 1, maxLength: 8 }),
        fc.array(event, { maxLength: 8 }),
        (cs, events) => {
          const index = new RouteIndex(cs.map((condition, item) => ({ condition, item })));
          for (const e of events) {
            const offered = [...index.candidates(e)];
            expect([...offered].sort((a, b) => a - b)).toEqual(offered);
            for (let i = 0; i < cs.length; i++) {
              if (evaluateCondition(cs[i] as EventCondition, e)) expect(offered).toContain(i);
            }
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });

  it('keys an all by a field the other conditions read, not by a rarer value of a field only it names', () => {
    // `event.provider: Exchange` is the rarer value, but keying on it would make every event's
    // event.provider a read; the Microsoft 365 routes all name event.dataset, like the others
    const dataset = (d: string): EventCondition => ({ field: 'event.dataset', equals: d });
    const conditions: EventCondition[] = [
      { all: [dataset('m365.audit'), { field: 'event.provider', equals: 'Exchange' }] },
      { all: [dataset('m365.audit'), { field: 'event.provider', equals: 'SecurityComplianceCenter' }] },
      dataset('m365.audit'),
      dataset('zeek.dns'),
      dataset('zeek.conn'),
      dataset('aws.cloudtrail'),
    ];
    const index = new RouteIndex(conditions.map((condition, item) => ({ condition, item })));
    const read: string[] = [];
    const event = new Proxy(
      { 'event.dataset': 'zeek.dns', 'event.provider': 'Exchange' } as Record<string, unknown>,
      {
        get(target, key) {
          if (typeof key === 'string') read.push(key);
          return target[key as string];
        },
      },
    );
    expect(index.candidates(event)).toEqual([3]);
    expect(read).toEqual(['event.dataset']);
  });
});
