/**
 * An item's values merged into one test give the answers, and report the matched field, of trying
 * each value over each target field in turn: a differential property over random items (string
 * patterns of every shape, cased or not, numbers, booleans, CIDR networks, regular expressions)
 * with several target fields, on events holding some of them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DetectionItem, Modifier, SigmaValue } from '../sigma/model.ts';
import { parseSigmaString } from '../sigma/values.ts';
import { FieldsOut } from './fields.ts';
import { compileItem, type ItemContext, type Matcher } from './item.ts';
import type { EventRecord, MatchedField } from './types.ts';

const TARGETS = ['a', 'b', 'c'];

function matcher(values: SigmaValue[], modifiers: Modifier[], targets: string[]): Matcher {
  const item: DetectionItem = { field: 'F', modifiers, values, line: 1 };
  const ctx: ItemContext = { mapField: () => targets, placeholders: {} };
  const r = compileItem(item, ctx);
  if (!r.ok) throw new Error(r.reason);
  return r.matcher;
}

/** The meaning: each value in turn over each target in turn, the first that holds reported. */
function reference(values: SigmaValue[], modifiers: Modifier[], event: EventRecord): MatchedField[] | null {
  for (const v of values) {
    for (const t of TARGETS) {
      const one = matcher([v], modifiers, [t]);
      const out = new FieldsOut();
      if (one.run(event, out)) return out.all();
    }
  }
  return null;
}

const TEXTS = [
  'cmd.exe',
  'C:\\Windows\\cmd.exe',
  'WHOAMI',
  'who',
  '10.1.2.3',
  '192.168.0.1',
  '42',
  'true',
  'a?b',
  '',
];
const stringValue = fc
  .tuple(fc.constantFrom('', '*'), fc.constantFrom(...TEXTS), fc.constantFrom('', '*', '?'))
  .map(([pre, text, post]): SigmaValue => ({ kind: 'string', parts: parseSigmaString(pre + text + post) }));
/** Substring and glob values: an item with many of them finds its candidates with an automaton. */
const searchedValue = fc
  .tuple(fc.constantFrom(...TEXTS), fc.constantFrom('*', '?', '*?'))
  .map(([text, post]): SigmaValue => ({ kind: 'string', parts: parseSigmaString(`*${text}${post}`) }));
const valueArb: fc.Arbitrary<SigmaValue> = fc.oneof(
  stringValue,
  stringValue,
  fc.constantFrom<SigmaValue>(
    { kind: 'number', value: 42 },
    { kind: 'boolean', value: true },
    { kind: 'cidr', network: '10.0.0.0', prefix: 8, version: 4 },
    { kind: 'cidr', network: '192.168.0.0', prefix: 16, version: 4 },
    { kind: 're', pattern: 'who(ami)?' },
    { kind: 're', pattern: '^c' },
  ),
);
const modsArb = fc.constantFrom<Modifier[]>(
  [],
  ['contains'],
  ['startswith'],
  ['endswith'],
  ['cased'],
  ['contains', 'cased'],
);
const elementArb = fc.oneof(fc.constantFrom(...TEXTS), fc.constantFrom(42, true, 3.5, null));
const eventArb = fc.dictionary(
  fc.constantFrom(...TARGETS, 'other'),
  fc.oneof(
    elementArb,
    elementArb.map((x) => (typeof x === 'string' ? x.toUpperCase() : x)),
    fc.array(elementArb, { maxLength: 3 }),
  ),
  { maxKeys: 4 },
);

describe('merged item values', () => {
  it('property: the same answer and matched field as each value over each target in turn', () => {
    let hits = 0;
    let multi = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(valueArb, { minLength: 1, maxLength: 6 }),
          fc.array(fc.oneof(searchedValue, valueArb), { minLength: 8, maxLength: 14 }),
        ),
        modsArb,
        fc.array(eventArb, { maxLength: 6 }),
        (values, mods, events) => {
          const usable = mods.length === 0 ? values : values.filter((v) => v.kind === 'string');
          if (usable.length === 0) return;
          const merged = matcher(usable, mods, TARGETS);
          for (const event of events) {
            const out = new FieldsOut();
            const got = merged.run(event, out) ? out.all() : null;
            const want = reference(usable, mods, event);
            if (want !== null) hits++;
            if (TARGETS.filter((t) => event[t] !== undefined && event[t] !== null).length > 1) multi++;
            expect(got, JSON.stringify({ usable, mods, event })).toEqual(want);
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
    expect(hits).toBeGreaterThan(50);
    expect(multi).toBeGreaterThan(50);
  });
});
