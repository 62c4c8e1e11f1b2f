/**
 * The rule set (logsource groups + literal index) gives exactly the answers of evaluating every
 * rule on every event: a differential property over random rules and events built from the
 * rules' own literals plus noise. Also the candidate counts on a fixed example.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateCondition } from '../pipelines/index.ts';
import { parseSigmaDocument } from '../sigma/parse.ts';
import { compileRules } from './compile.ts';
import { compile, NET, PROC, pipelines, proc, ruleText } from './engine.fixture.ts';
import { RuleSet } from './ruleset.ts';
import type { CompiledRule, EventRecord } from './types.ts';

const FIELDS = ['CommandLine', 'Image', 'User', 'ParentImage'] as const;
const POOL = [
  'cmd.exe',
  'whoami',
  '\\System32\\',
  ' -enc ',
  'Power',
  'a*b',
  'x?y',
  'SYSTEM',
  'rundll32',
  '',
  // longer than the index window (12): indexed by their end, checked whole
  'rundll32.exe',
  'C:\\Windows\\System32\\rundll32.exe',
  'Invoke-Expression -Command',
];
const MODS = [
  '',
  '|contains',
  '|startswith',
  '|endswith',
  '|contains|all',
  '|windash|contains',
  '|cased',
  '|neq',
  '|contains|cased',
];
const CONDITIONS = ['s0', 's0 and not s1', '1 of s*', 'all of them', 's0 or s1', 'not s0', 's1 and s0'];
const LOGSOURCES = [PROC, NET, 'product: windows'];

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

const itemArb = fc.record({
  field: fc.constantFrom(...FIELDS),
  mod: fc.constantFrom(...MODS),
  values: fc.array(fc.constantFrom(...POOL), { minLength: 1, maxLength: 3 }),
});
const ruleArb = fc.record({
  searches: fc.tuple(
    fc.array(itemArb, { minLength: 1, maxLength: 3 }),
    fc.array(itemArb, { minLength: 1, maxLength: 2 }),
  ),
  condition: fc.constantFrom(...CONDITIONS),
  logsource: fc.constantFrom(...LOGSOURCES),
});
type RuleSpec = typeof ruleArb extends fc.Arbitrary<infer T> ? T : never;

function detectionOf(spec: RuleSpec): string {
  const lines: string[] = [];
  spec.searches.forEach((items, i) => {
    lines.push(`s${i}:`);
    const seen = new Set<string>();
    for (const it of items) {
      const key = `${it.field}${it.mod}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const values = it.mod.includes('all') && it.values.length < 2 ? [...it.values, 'x'] : it.values;
      lines.push(`  ${key}: [${values.map(quote).join(', ')}]`);
    }
  });
  lines.push(`condition: ${spec.condition}`);
  return lines.join('\n');
}

const textArb = fc
  .array(fc.oneof(fc.constantFrom(...POOL), fc.constantFrom('x', 'Y', '/', '-', ' ', 'AB', 'b')), {
    maxLength: 4,
  })
  .map((parts) => parts.join(''));
const valueArb = fc.oneof(
  textArb,
  textArb.map((t) => t.toUpperCase()),
  fc.array(textArb, { maxLength: 3 }),
  fc.constant(null),
  fc.integer({ min: 0, max: 3 }),
);
const eventArb = fc.record({
  eventId: fc.constantFrom(1, 3, 7),
  data: fc.dictionary(fc.constantFrom(...FIELDS, 'NewProcessName'), valueArb, { maxKeys: 5 }),
});

function bruteForce(rules: readonly CompiledRule[], event: EventRecord) {
  return rules.flatMap((rule) => {
    if (!evaluateCondition(rule.logsourceCondition, event)) return [];
    const m = rule.match(event);
    return m === null ? [] : [{ rule, fields: m.fields }];
  });
}

describe('the rule set', () => {
  it('property: RuleSet.match equals evaluating every rule on every event (index is exact)', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { minLength: 1, maxLength: 12 }),
        fc.array(eventArb, { minLength: 1, maxLength: 15 }),
        (specs, events) => {
          const texts = specs.map((s, i) => ruleText(detectionOf(s), s.logsource, `r${i}`)).join('---\n');
          const parsed = parseSigmaDocument(texts, 'gen.yml');
          const { compiled } = compileRules(parsed.rules, pipelines);
          // the reference remembers nothing: each rule evaluated afresh on each event
          const plain = compileRules(parsed.rules, pipelines, { remember: false }).compiled;
          const set = new RuleSet(compiled);
          const asPlain = (hits: { rule: CompiledRule; fields: unknown }[]) =>
            hits.map((h) => ({ rule: plain[compiled.indexOf(h.rule)], fields: h.fields }));
          // twice over: the second time, what the index found in each value and the rules'
          // answers for the values they read are remembered
          for (const pass of [1, 2]) {
            for (const e of events) {
              const event = { ...proc(e.data), 'winlog.event_id': e.eventId };
              expect(asPlain(set.match(event)), `pass ${pass}`).toEqual(bruteForce(plain, event));
            }
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });

  it('evaluates only the rules whose required literal occurs (plus those without one)', () => {
    const rules = [
      compile(`sel:\n  Image|endswith: '\\whoami.exe'\ncondition: sel`),
      compile(`sel:\n  CommandLine|contains: ['mimikatz', 'sekurlsa']\ncondition: sel`),
      compile(`sel:\n  User: SYSTEM\n  CommandLine|contains|all: [' -nop', ' -w hidden']\ncondition: sel`),
      compile(`sel:\n  CommandLine|re: '[p-z]{2}'\ncondition: sel`), // no literal in a class this large
      compile(`sel:\n  DestinationPort|gt: 1024\ncondition: sel`, NET),
    ];
    expect(rules.map((r) => r.required?.length ?? 0)).toEqual([2, 2, 1, 0, 0]);
    // a regular expression's literal text is required like a pattern's
    expect(compile(`sel:\n  CommandLine|re: 'x+'\ncondition: sel`).required).toEqual([
      { field: 'winlog.event_data.CommandLine', literal: 'x', kind: 'sub' },
    ]);
    const set = new RuleSet(rules);
    const quiet = set.evaluate(proc({ Image: 'C:\\x\\notepad.exe', CommandLine: 'notepad', User: 'bob' }));
    expect(quiet).toMatchObject({ routed: 4, candidates: 1, hits: [] });
    const loud = set.evaluate(
      proc({ Image: 'C:\\x\\whoami.exe', CommandLine: 'sekurlsa xx', User: 'system' }),
    );
    expect(loud.candidates).toBe(3);
    expect(loud.hits.map((h) => h.rule)).toEqual([rules[0], rules[1], rules[3]]);
    expect(set.evaluate({ 'winlog.channel': 'Security' })).toMatchObject({ routed: 0, candidates: 0 });
  });

  it('needs every indexed clause of a rule; a rule without one is ruled out by its veto', () => {
    const rules = [
      compile(
        `sel:\n  ParentImage|endswith: '\\explorer.exe'\n  CommandLine|contains: '.lnk'\ncondition: sel`,
      ),
      compile(`filter:\n  Image|contains: '\\'\ncondition: not filter`),
      // CommandLine and Image are read anyway (for these rules' best clauses)
      compile(`sel:\n  CommandLine|contains: 'whoami'\ncondition: sel`),
      compile(`sel:\n  Image|endswith: '\\whoami.exe'\ncondition: sel`),
    ];
    expect(rules[0]?.clauses?.length).toBe(2);
    expect(rules[1]?.vetoes?.length).toBeGreaterThan(0);
    const set = new RuleSet(rules);
    const parent = 'C:\\Windows\\explorer.exe';
    const both = set.evaluate(proc({ ParentImage: parent, CommandLine: 'x.LNK', Image: 'C:\\x\\a.exe' }));
    expect(both).toMatchObject({ candidates: 1 });
    expect(both.hits.map((h) => h.rule)).toEqual([rules[0]]);
    const one = set.evaluate(proc({ ParentImage: parent, CommandLine: 'notepad', Image: 'C:\\x\\a.exe' }));
    expect(one).toMatchObject({ candidates: 0, hits: [] });
    const bare = set.evaluate(proc({ Image: 'calc' }));
    expect(bare.candidates).toBe(1);
    expect(bare.hits.map((h) => h.rule)).toEqual([rules[1]]);
  });
});
