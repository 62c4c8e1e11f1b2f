/**
 * The generated function of a rule answers exactly like the matcher tree it is generated from
 * (`Matcher.run`): the same result and the same matched fields, over random rules (plain, cased,
 * windash, `all`, `neq`, regular expressions, CIDR networks, numbers, `exists`, null values,
 * keywords, fields mapped to two event fields) and random events (strings in any case, arrays,
 * numbers, missing and null fields, both mapped fields present).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapField } from '../pipelines/index.ts';
import { generateTest } from './codegen.ts';
import { compileConditions, compileSearch } from './condition.ts';
import { parseRule, pipelines, proc } from './engine.fixture.ts';
import { FieldsOut } from './fields.ts';
import type { Matcher } from './item.ts';
import type { EventRecord } from './types.ts';

/** The matcher tree of a detection snippet (as `compileRule` builds it). */
function treeOf(detection: string): Matcher {
  const rule = parseRule(detection);
  const ctx = {
    placeholders: {},
    mapField(name: string): string[] | string {
      const t = mapField(pipelines, rule.logsource, name);
      return t !== null && t.length > 0 ? t : `field "${name}" is not known`;
    },
  };
  const searches = new Map<string, Matcher>();
  for (const [name, search] of rule.detection.searches) {
    const r = compileSearch(search, ctx);
    if (!r.ok) throw new Error(r.reason);
    searches.set(name, r.matcher);
  }
  return compileConditions(rule.detection.condition, searches);
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

const STRINGS = [
  'cmd.exe',
  '\\System32\\',
  ' -enc ',
  'Power',
  'a*b',
  'x?y',
  'SYSTEM',
  '',
  'whoami',
  'rundll32.exe',
];
const ITEMS = [
  ...['CommandLine', 'Image', 'User', 'ParentImage'].flatMap((f) =>
    ['', '|contains', '|startswith', '|endswith', '|contains|all', '|windash|contains', '|cased', '|neq'].map(
      (m) => ({ key: `${f}${m}`, values: STRINGS.map(quote) }),
    ),
  ),
  { key: 'CommandLine|re', values: ["'who.m[a-i]'", "'(?i)power'", "'x+'"] },
  { key: 'User|cidr', values: ["'10.0.0.0/8'", "'192.168.1.0/24'", "'::1/128'"] },
  { key: 'ProcessId', values: ['443', '3389', "'80'"] },
  { key: 'ProcessId|gt', values: ['1024'] },
  { key: 'Image|exists', values: ['true', 'false'] },
  { key: 'ParentImage', values: ['null'] },
];

const itemArb = fc
  .constantFrom(...ITEMS)
  .chain((it) =>
    fc
      .array(fc.constantFrom(...it.values), { minLength: 1, maxLength: 3 })
      .map((vs) => ({ key: it.key, vs })),
  );
const searchArb = fc.array(itemArb, { minLength: 1, maxLength: 3 });
const keywordsArb = fc.array(fc.constantFrom('whoami', 'POWER', 'a*b'), { minLength: 1, maxLength: 3 });

function detectionOf(
  searches: { key: string; vs: string[] }[][],
  keywords: string[],
  condition: string,
): string {
  const lines: string[] = [];
  searches.forEach((items, i) => {
    lines.push(`s${i}:`);
    const seen = new Set<string>();
    for (const it of items) {
      if (seen.has(it.key)) continue;
      seen.add(it.key);
      const vs = it.key.includes('|all') && it.vs.length < 2 ? [...it.vs, "'x'"] : it.vs;
      // null and exists take one value, not a list
      const single = vs[0] === 'null' || it.key.endsWith('|exists');
      lines.push(`  ${it.key}: ${single ? vs[0] : `[${vs.join(', ')}]`}`);
    }
  });
  lines.push('kw:', ...keywords.map((k) => `  - ${quote(k)}`), `condition: ${condition}`);
  return lines.join('\n');
}

const CONDITIONS = [
  's0',
  's0 and not s1',
  '1 of s*',
  'all of them',
  's0 or kw',
  'not s0',
  's1 and s0 and not kw',
];

const text = fc
  .array(
    fc.oneof(fc.constantFrom(...STRINGS), fc.constantFrom('x', 'Y', '/', '-', ' ', 'AB', 'K', '\u0130')),
    {
      maxLength: 4,
    },
  )
  .map((parts) => parts.join(''));
const value = fc.oneof(
  text,
  text.map((t) => t.toUpperCase()),
  fc.array(text, { maxLength: 3 }),
  fc.constant(null),
  fc.integer({ min: 0, max: 4000 }),
  fc.constantFrom('10.1.2.3', '192.168.1.9', '::1', '8.8.8.8'),
);
const eventArb = fc
  .dictionary(
    fc.constantFrom(
      'CommandLine',
      'Image',
      'NewProcessName',
      'User',
      'ParentImage',
      'ParentProcessName',
      'ProcessId',
    ),
    value,
    { maxKeys: 6 },
  )
  .chain((data) =>
    fc
      .record({ message: fc.option(text, { nil: undefined }) })
      .map(({ message }): EventRecord => (message === undefined ? proc(data) : proc(data, { message }))),
  );

describe('generated rule functions', () => {
  it('property: the same result and matched fields as the matcher tree', () => {
    fc.assert(
      fc.property(
        fc.tuple(searchArb, searchArb),
        keywordsArb,
        fc.constantFrom(...CONDITIONS),
        fc.array(eventArb, { minLength: 1, maxLength: 8 }),
        (searches, keywords, condition, events) => {
          const root = treeOf(detectionOf(searches, keywords, condition));
          const generated = generateTest(root);
          for (const e of events) {
            const a = new FieldsOut();
            const b = new FieldsOut();
            const want = root.run(e, a);
            expect(generated(e, b), JSON.stringify(e)).toBe(want);
            if (want) expect(b.all()).toEqual(a.all());
            expect(generated(e, null)).toBe(want);
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('writes literals as JSON strings (quotes, backslashes and line breaks stay data)', () => {
    const root = treeOf(
      `sel:\n  CommandLine|contains: ['"); throw 1; ("', "a\\\\b", "x\\u2028y"]\ncondition: sel`,
    );
    const generated = generateTest(root);
    expect(generated(proc({ CommandLine: 'say "); throw 1; (" now' }), null)).toBe(true);
    expect(generated(proc({ CommandLine: 'xa\\by' }), null)).toBe(true);
    expect(generated(proc({ CommandLine: 'nothing' }), null)).toBe(false);
  });
});
