/**
 * Compiling correlations: references resolved by id or name (to rules or other correlations),
 * and every reason a correlation cannot run reported with its file and line, never thrown.
 */
import { describe, expect, it } from 'vitest';
import { parseSigmaDocument } from '../sigma/parse.ts';
import { compileCorrelations } from './compile.ts';
import { FAILED_LOGON, pipelines } from './correlation.fixture.ts';
import type { CorrelationOptions } from './types.ts';

function compile(yaml: string, options: CorrelationOptions = {}) {
  const p = parseSigmaDocument(yaml, 'mr_x.yml');
  expect(p.errors.map((e) => e.message)).toEqual([]);
  return compileCorrelations(p.correlations, p.rules, pipelines, options);
}

const corr = (
  id: string,
  rules: string,
  extra = '',
  type = 'event_count',
  groupBy = '[TargetUserName]',
) => `title: ${id}
id: ${id}
correlation:
    type: ${type}
    rules: ${rules}
    group-by: ${groupBy}
    timespan: 5m
${type.startsWith('temporal') ? '' : '    condition:\n        gte: 2\n'}${extra}`;

const PROC_RULE = `title: whoami
name: whoami
logsource: {product: windows, category: process_creation}
detection:
    selection:
        Image|endswith: '\\whoami.exe'
    condition: selection
`;

describe('compileCorrelations', () => {
  it('resolves references by id and by name and routes the rule’s hits', () => {
    const c = compile(
      [
        corr('by-id', '[53ba33fd-3a50-4468-a5ef-c583635cfa92]'),
        corr('by-name', '[failed_logon]'),
        FAILED_LOGON,
      ].join('---\n'),
    );
    expect(c.failed).toEqual([]);
    expect(c.correlations.map((x) => x.key)).toEqual(['by-id', 'by-name']);
    expect(c.byRuleKey.get('53ba33fd-3a50-4468-a5ef-c583635cfa92')).toEqual([
      { corr: 0, ref: 0 },
      { corr: 1, ref: 0 },
    ]);
    expect(c.byRuleName.get('failed_logon')).toEqual([
      { corr: 0, ref: 0 },
      { corr: 1, ref: 0 },
    ]);
    expect(c.correlations[0]?.refs[0]?.group).toEqual([
      ['winlog.event_data.TargetUserName', 'winlog.user_data.TargetUserName'],
    ]);
  });

  it('routes a rule without an id by its name (the compiled rule’s id)', () => {
    const c = compile([corr('c', '[whoami]', '', 'event_count', '[User]'), PROC_RULE].join('---\n'));
    expect(c.failed).toEqual([]);
    expect([...c.byRuleKey.keys()]).toEqual(['whoami']);
  });

  it('reports unknown and ambiguous references', () => {
    const c = compile(
      [
        corr('unknown', '[failed_logon, no_such_rule]'),
        corr('ambiguous', '[failed_logon, twice]'),
        `title: a correlation named twice\nname: twice\n${corr('x', '[failed_logon]').split('\n').slice(2).join('\n')}`,
        PROC_RULE.replace('name: whoami', 'name: twice'),
        FAILED_LOGON,
        corr('fine', '[failed_logon]'),
      ].join('---\n'),
    );
    expect(c.correlations.map((x) => x.key)).toEqual(['twice', 'fine']);
    expect(c.failed).toEqual([
      {
        correlationId: 'unknown',
        file: 'mr_x.yml',
        line: 1,
        reason: 'rule reference "no_such_rule" matches no rule or correlation id or name',
      },
      {
        correlationId: 'ambiguous',
        file: 'mr_x.yml',
        line: 11,
        reason: 'rule reference "twice" is ambiguous: it names rule "twice" and correlation "twice"',
      },
    ]);
  });

  it('refuses reference cycles, and correlations built on a correlation that cannot run', () => {
    const c = compile(
      [
        corr('a', '[b]', '', 'event_count'),
        corr('b', '[a, failed_logon]', '', 'temporal'),
        corr('self', '[self, failed_logon]', '', 'temporal'),
        corr('on-top', '[a]'),
        FAILED_LOGON,
      ].join('---\n'),
    );
    expect(c.correlations).toEqual([]);
    expect(c.failed.map((f) => [f.correlationId, f.reason])).toEqual([
      ['a', 'correlations reference each other in a cycle: "a" → "b" → "a"'],
      ['b', 'correlations reference each other in a cycle: "a" → "b" → "a"'],
      ['self', 'correlations reference each other in a cycle: "self" → "self"'],
      ['on-top', 'it references correlation "a", which cannot run'],
    ]);
  });

  it('refuses group-by and condition fields the referenced rule cannot provide', () => {
    const c = compile(
      [
        corr('unmapped', '[whoami]', '', 'event_count', '[NoSuchField]'),
        corr('inner', '[failed_logon]'),
        corr('outer', '[inner, failed_logon]', '', 'temporal', '[IpAddress]'),
        corr(
          'alias',
          '[whoami, failed_logon]',
          '    aliases:\n        who:\n            whoami: User\n',
          'temporal',
          '[who]',
        ),
        corr('sum2', '[failed_logon]', '', 'value_sum').replace('gte: 2', 'gte: 2\n        field: [A, B]'),
        PROC_RULE,
        FAILED_LOGON,
      ].join('---\n'),
    );
    expect(c.correlations.map((x) => x.key)).toEqual(['inner']);
    expect(c.failed.map((f) => [f.correlationId, f.reason])).toEqual([
      [
        'unmapped',
        'group-by field "NoSuchField" is not known for the logsource of rule "whoami" (product: windows, category: process_creation)',
      ],
      [
        'outer',
        'group-by field "IpAddress" is not a group-by field of correlation "inner", whose matches carry only TargetUserName',
      ],
      [
        'alias',
        'alias "who" gives no field for rule "53ba33fd-3a50-4468-a5ef-c583635cfa92" (aliases are keyed by rule name)',
      ],
      ['sum2', 'a value_sum correlation aggregates one field, not 2'],
    ]);
  });

  it('refuses a count threshold above the per-group cap, naming the option', () => {
    const c = compile(corr('big', '[failed_logon]').replace('gte: 2', 'gte: 500') + `---\n${FAILED_LOGON}`, {
      maxEntriesPerGroup: 100,
    });
    expect(c.failed.map((f) => f.reason)).toEqual([
      'the condition needs up to 501 events per group in the window, above maxEntriesPerGroup (100); raise that option',
    ]);
  });

  it('gives the same fingerprint for the same meaning, another one when the meaning changes', () => {
    const doc = (n: number) =>
      corr('c', '[failed_logon]').replace('gte: 2', `gte: ${n}`) + `---\n${FAILED_LOGON}`;
    const f = (n: number) => compile(doc(n)).correlations[0]?.fingerprint;
    expect(f(2)).toBe(f(2));
    expect(f(2)).not.toBe(f(3));
    expect(f(2)).toMatch(/^[0-9a-f]{8}$/);
  });
});
