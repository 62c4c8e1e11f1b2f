/**
 * The differential property: for random events (values from a small alphabet so that matches
 * happen: strings, numbers, booleans, null, arrays, missing fields, logsource fields right and
 * wrong) and random rules using every Sigma modifier (and chains of them, several searches,
 * not/and/or/1 of/all of), committed to a real DuckDB store, `huntSigma` returns exactly the
 * events the detection engine's matcher accepts (rule match AND logsource condition), newest
 * first, with that count; and a rule the matcher refuses is refused with the same reason.
 * `FUZZ_RUNS` sets the number of runs; `HUNT_NO_SHRINK=1` reports the first counterexample as it
 * is (shrinking re-runs the DuckDB queries and can take minutes).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRule } from '../../../detect/engine/compile.ts';
import { evaluateCondition } from '../../../detect/pipelines/index.ts';
import { parseSigmaDocument } from '../../../detect/sigma/parse.ts';
import { parseQuery } from '../../../hunt/index.ts';
import { openTempStore } from '../testing.ts';
import type { EventStore, StoredEvent } from '../types.ts';
import { commit, DAY, PROC, ruleYaml } from './hunt.fixture.ts';
import { defaultPipelines } from './hunt.ts';

const b64 = (s: string, enc: BufferEncoding = 'utf8') => Buffer.from(s, enc).toString('base64');
const WORDS = [
  'cmd.exe',
  'C:\\Windows\\System32\\cmd.exe',
  'whoami',
  'WhoAmI',
  ' -enc ',
  ' /enc ',
  ' \u2013enc ',
  'a*b',
  'x?y',
  '',
  'ab\ncd',
  'Ab%_c',
  '\u00c9t\u00e9',
  '\u039f\u0394\u039f\u03a3',
  '\u0130stanbul',
  '10.1.2.3',
  '::ffff:10.1.2.4',
  '2001:db8::1',
  'fe80::1%eth0',
  '010.1.2.3',
  '2026-11-22T10:30:00Z',
  '2026-11-22 23:59:59+02:00',
  '0099-01-01',
  '1',
  '01',
  ' 2 ',
  '1e3',
  '-1.5',
  'true',
  'TRUE',
  '1e+21',
  '1e400',
  '\u00a03\u00a0',
  '+.5',
  '2026-02-30',
  '2026-11-22T10:30+0530',
  '1999-12-31t23:59:59z',
  b64('whoami'),
  b64(' whoami'),
  b64('whoami', 'utf16le'),
  Buffer.from('whoami', 'utf16le').toString('latin1'),
];
const NUMBERS = [0, 1, 2, -1, 1.5, 4624, 1_700_000_000, 1_700_000_000_000, 1e21];

const textArb = fc
  .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join(''));
const scalarArb = fc.oneof(
  { weight: 6, arbitrary: textArb },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);
const valueArb = fc.oneof(
  { weight: 4, arbitrary: scalarArb },
  { weight: 1, arbitrary: fc.array(scalarArb, { maxLength: 3 }) },
);

/** Event fields the Sigma fields below map to (process_creation on Windows and Linux). */
const EVENT_FIELDS = [
  'winlog.event_data.CommandLine',
  'winlog.event_data.Image',
  'winlog.event_data.NewProcessName',
  'winlog.event_data.User',
  'winlog.event_data.ParentImage',
  'process.command_line',
  'process.pid',
  'message',
  'event.original',
];
const eventArb = fc.record({
  fields: fc.dictionary(fc.constantFrom(...EVENT_FIELDS), valueArb, { maxKeys: 6 }),
  channel: fc.constantFrom<unknown>(
    'Microsoft-Windows-Sysmon/Operational',
    'Microsoft-Windows-Sysmon/Operational',
    'Microsoft-Windows-Sysmon/Operational',
    'Microsoft-Windows-Sysmon/Operational',
    'Security',
    'microsoft-windows-sysmon/operational',
    ['Microsoft-Windows-Sysmon/Operational'],
    undefined,
  ),
  eventId: fc.constantFrom<unknown>(1, 1, 1, 1, 4688, '1', [3, 1], 3, undefined),
  linux: fc.boolean(),
  second: fc.integer({ min: 0, max: 86_399 }),
});

type EventSpec = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

const SIGMA_FIELDS = [
  'CommandLine',
  'Image',
  'User',
  'ParentImage',
  'ProcessId',
  'message',
  'event.original',
];

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const yamlValue = (v: unknown): string =>
  typeof v === 'string' ? quote(v) : v === null ? 'null' : String(v);

/** Values with wildcards, as rule authors write them. */
const PATTERNS = [
  ...WORDS.filter((w) => !w.includes('\n')),
  'who*',
  '*.exe',
  'c?d*',
  '*enc*',
  '\\*',
  'ab\\?',
  '*',
];
const REGEXES = [
  'who.*',
  '^c',
  'exe$',
  '(?i)CMD',
  'a.b',
  '^ab$',
  'b$',
  '\\d+',
  '[0-9]{4}',
  '\\u0041b',
  '\\w+\\s',
  '(?<n>ab)',
  '^$',
  'x\\?y',
];
const CIDRS = [
  '10.0.0.0/8',
  '10.1.2.3/32',
  '::ffff:10.0.0.0/104',
  '2001:db8::/32',
  '0.0.0.0/0',
  '::/0',
  'fe80::/10',
];
const PARTS: Record<string, number[]> = {
  minute: [0, 30, 59],
  hour: [10, 21, 23],
  day: [1, 22],
  week: [1, 47],
  month: [1, 11],
  year: [1999, 2026, 2023],
};

type ItemSpec = { mods: string; values: readonly unknown[] };
const strings = (pool: readonly string[], min = 1) =>
  fc.array(fc.constantFrom(...pool), { minLength: min, maxLength: 3 });
const itemArb: fc.Arbitrary<ItemSpec> = fc.oneof(
  fc.record({
    mods: fc.constantFrom(
      '',
      '|contains',
      '|startswith',
      '|endswith',
      '|cased',
      '|contains|cased',
      '|endswith|cased',
      '|windash',
      '|windash|contains',
      '|neq',
      '|contains|neq',
    ),
    values: strings(PATTERNS),
  }),
  fc.record({
    mods: fc.constantFrom('|expand', '|expand|contains', '|expand|windash'),
    values: fc.oneof(
      { weight: 9, arbitrary: strings(['%admins%', 'x%admins%*', '%x%-%admins%', 'who*']) },
      { weight: 1, arbitrary: strings(['%nope%']) },
    ),
  }),
  fc.record({
    mods: fc.constantFrom('|contains|all', '|startswith|all', '|windash|contains|all'),
    values: strings(PATTERNS, 2),
  }),
  fc.record({
    mods: fc.constantFrom(
      '|base64',
      '|base64|contains',
      '|base64offset|contains',
      '|utf16le|base64offset|contains',
      '|utf16be|base64offset|contains',
      '|utf16|base64offset|contains',
      '|wide|base64offset|contains',
      '|utf16le|base64',
      '|wide|contains',
      '|utf16|contains',
    ),
    values: fc.oneof(
      { weight: 9, arbitrary: strings(['whoami', 'who', 'cmd.exe', ' -enc ']) },
      { weight: 1, arbitrary: strings(['a*b']) },
    ),
  }),
  fc.record({
    mods: fc.constantFrom('|re', '|re|i', '|re|m', '|re|s', '|re|i|m|s', '|re|cased'),
    values: strings(REGEXES),
  }),
  fc.record({ mods: fc.constant('|re|all'), values: strings(REGEXES, 2) }),
  fc.record({ mods: fc.constantFrom('|cidr', '|cidr|neq'), values: strings(CIDRS) }),
  fc.record({ mods: fc.constant('|cidr|all'), values: strings(CIDRS, 2) }),
  fc.record({ mods: fc.constant('|exists'), values: fc.tuple(fc.boolean()) }),
  fc.record({ mods: fc.constant(''), values: fc.constant([null]) }),
  fc.record({
    mods: fc.constantFrom('', '|neq'),
    values: fc.array(fc.oneof(fc.constantFrom(...NUMBERS), fc.boolean()), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    mods: fc.constantFrom('|gt', '|gte', '|lt', '|lte'),
    values: fc.array(fc.constantFrom(0, 1, 1.5, 2, -1, 1000, 4624), { minLength: 1, maxLength: 2 }),
  }),
  fc.constantFrom(...Object.keys(PARTS)).chain((part) =>
    fc.record({
      mods: fc.constantFrom(`|${part}`, `|${part}|gt`, `|${part}|lte`, `|${part}|neq`),
      values: fc.array(fc.constantFrom(...(PARTS[part] as number[])), { minLength: 1, maxLength: 2 }),
    }),
  ),
  fc.record({
    mods: fc.constantFrom(
      '|fieldref',
      '|fieldref|contains',
      '|fieldref|startswith',
      '|fieldref|endswith',
      '|fieldref|cased',
      '|fieldref|neq',
    ),
    values: strings(SIGMA_FIELDS),
  }),
);

const fieldItemArb = fc.record({ field: fc.constantFrom(...SIGMA_FIELDS, '@timestamp'), item: itemArb });
const keywordArb = fc.oneof(
  fc.record({
    mods: fc.constantFrom('', '|contains', '|startswith', '|endswith', '|cased', '|windash'),
    values: strings(PATTERNS),
  }),
  fc.record({ mods: fc.constantFrom('|re', '|re|i'), values: strings(REGEXES) }),
);
const searchArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(fieldItemArb, { minLength: 1, maxLength: 2 }).map((items) => ({ maps: [items] })),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.array(fieldItemArb, { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 3 })
      .map((maps) => ({ maps })),
  },
  { weight: 1, arbitrary: keywordArb.map((keywords) => ({ keywords })) },
);
const CONDITIONS = [
  's0',
  's0 or s1 or s2',
  '1 of them',
  'not s0',
  's0 and s1',
  's0 or s1',
  's0 and not s1',
  'not (s0 or s1)',
  '1 of s*',
  'all of s*',
  '1 of them and not s2',
  ['s0', 's2'],
];
const ruleArb = fc.record({
  searches: fc.tuple(searchArb, searchArb, searchArb),
  condition: fc.constantFrom(...CONDITIONS),
  logsource: fc.constantFrom(PROC, PROC, 'category: process_creation'),
});
type RuleSpec = typeof ruleArb extends fc.Arbitrary<infer T> ? T : never;

function detectionOf(spec: RuleSpec): string {
  const lines: string[] = [];
  const itemLine = (key: string, values: unknown[]) => `${key}: [${values.map(yamlValue).join(', ')}]`;
  spec.searches.forEach((s, i) => {
    lines.push(`s${i}:`);
    if ('keywords' in s) {
      if (s.keywords.mods === '') lines.push(...s.keywords.values.map((v) => `  - ${quote(v)}`));
      else lines.push(`  ${itemLine(`'${s.keywords.mods}'`, s.keywords.values)}`);
      return;
    }
    for (const map of s.maps) {
      const seen = new Set<string>();
      map.forEach(({ field, item }, k) => {
        const key = `${field}${item.mods}`;
        if (seen.has(key)) return;
        seen.add(key);
        const prefix = s.maps.length > 1 ? (k === 0 ? '  - ' : '    ') : '  ';
        lines.push(
          `${prefix}'${key}': ${item.values.length === 1 && item.values[0] === null ? 'null' : `[${item.values.map(yamlValue).join(', ')}]`}`,
        );
      });
    }
  });
  const cond = spec.condition;
  lines.push(Array.isArray(cond) ? `condition: [${cond.join(', ')}]` : `condition: ${cond}`);
  return lines.join('\n');
}

let store: EventStore;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ store, cleanup } = await openTempStore());
});
afterAll(() => cleanup());

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
let run = 0;
/** What the runs exercised: rules compared, rules matching some but not all events, refusals. */
const seen = { compared: 0, partial: 0, refused: 0 };
const placeholders = { admins: ['whoami', 'c?d*', '-enc'], x: ['1', 'A'] };

async function check(specs: RuleSpec[], events: EventSpec[]): Promise<void> {
  run++;
  const tenant = `run${run}`;
  const stored: StoredEvent[] = events.map((e, i) => {
    const t = `2026-11-22T${new Date(e.second * 1000).toISOString().slice(11, 19)}.000Z`;
    const event: Record<string, unknown> = {
      '@timestamp': t,
      'vigil.tenant': tenant,
      'vigil.source': 'fuzz',
    };
    if (e.channel !== undefined) event['winlog.channel'] = e.channel;
    if (e.eventId !== undefined) event['winlog.event_id'] = e.eventId;
    if (e.linux)
      Object.assign(event, { 'host.os.type': 'linux', 'event.category': ['process'], 'event.type': 'start' });
    Object.assign(event, e.fields);
    return { id: `${tenant}-${String(i).padStart(3, '0')}`, event: event as StoredEvent['event'] };
  });
  if (stored.length > 0) await commit(store, stored);
  const { events: returned } = await store.search({
    tenants: [tenant],
    ...DAY,
    query: parseQuery(''),
    limit: 10_000,
  });
  for (const [k, spec] of specs.entries()) {
    const text = ruleYaml(detectionOf(spec), spec.logsource, `f${k}`);
    const parsed = parseSigmaDocument(text, 'fuzz.yml');
    const r = parsed.rules[0];
    if (r === undefined) continue; // a combination the parser refuses (covered by its own tests)
    const compiled = compileRule(r, defaultPipelines(), { placeholders });
    const hunt = store.huntSigma({ tenants: [tenant], rule: r, ...DAY, limit: 10_000, placeholders });
    if (!compiled.ok) {
      seen.refused++;
      await expect(hunt, text).rejects.toThrow(compiled.reason);
      continue;
    }
    const want = returned
      .filter(
        (e) =>
          evaluateCondition(compiled.compiled.logsourceCondition, e) && compiled.compiled.match(e) !== null,
      )
      .map((e) => String(e['vigil.id']));
    const got = await hunt;
    seen.compared++;
    if (want.length > 0 && want.length < returned.length) seen.partial++;
    const ids = got.events.map((e) => String(e['vigil.id']));
    expect({ ids, count: got.count }, `${text}\nevents: ${JSON.stringify(returned)}`).toEqual({
      ids: want,
      count: want.length,
    });
  }
}

describe('huntSigma agrees with the streaming matcher', () => {
  it(
    'property: the same events for random rules over random events, every modifier',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(ruleArb, { minLength: 1, maxLength: 4 }),
          fc.array(eventArb, { minLength: 0, maxLength: 12 }),
          check,
        ),
        { numRuns: RUNS, endOnFailure: process.env.HUNT_NO_SHRINK === '1' },
      );
      // The generators must keep producing rules that split the events (else nothing is tested).
      expect(seen.partial).toBeGreaterThan(seen.compared / 20);
      expect(seen.refused).toBeLessThan(seen.compared);
    },
    Math.max(120_000, RUNS * 2_000),
  );
});
