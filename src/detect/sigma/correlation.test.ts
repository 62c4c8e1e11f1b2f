import { describe, expect, it } from 'vitest';
import { parseTimespan } from './correlation.ts';
import { parseSigmaDocument } from './parse.ts';

const F = 'rules/mr_test.yml';

describe('correlation rules', () => {
  it('parses the specification example (a chain over three documents)', () => {
    const r = parseSigmaDocument(
      `title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
status: experimental
correlation:
    type: temporal_ordered
    rules:
        - multiple_failed_login
        - successful_login
    group-by:
        - User
    timespan: 10m
level: high
---
title: Multiple failed logons
name: multiple_failed_login
correlation:
    type: event_count
    rules: failed_login
    group-by: [User]
    timespan: 10m
    condition:
        gte: 10
        lt: 100
    generate: true
---
title: Single failed login
name: failed_login
logsource: {product: windows, service: security}
detection:
    selection:
        EventID: [529, 4625]
    condition: selection
`,
      F,
    );
    expect(r.errors).toEqual([]);
    expect(r.rules.map((x) => x.name)).toEqual(['failed_login']);
    expect(r.correlations).toEqual([
      {
        id: 'b180ead8-d58f-40b2-ae54-c8940995b9b6',
        title: 'Correlation - Multiple Failed Logins Followed by Successful Login',
        status: 'experimental',
        level: 'high',
        references: [],
        tags: [],
        falsepositives: [],
        file: F,
        line: 1,
        type: 'temporal_ordered',
        rules: ['multiple_failed_login', 'successful_login'],
        groupBy: ['User'],
        timespan: { text: '10m', millis: 600_000 },
        aliases: new Map(),
        generate: false,
      },
      {
        title: 'Multiple failed logons',
        name: 'multiple_failed_login',
        references: [],
        tags: [],
        falsepositives: [],
        file: F,
        line: 14,
        type: 'event_count',
        rules: ['failed_login'],
        groupBy: ['User'],
        timespan: { text: '10m', millis: 600_000 },
        condition: {
          compare: [
            { op: 'gte', value: 10 },
            { op: 'lt', value: 100 },
          ],
          fields: [],
        },
        aliases: new Map(),
        generate: true,
      },
    ]);
  });

  it('parses value_* conditions with a field, and aliases', () => {
    const r = parseSigmaDocument(
      `title: t
correlation:
    type: temporal
    rules: [internal_error, new_network_connection]
    group-by: [internal_ip]
    timespan: 10s
    aliases:
        internal_ip:
            internal_error: destination.ip
            new_network_connection: source.ip
---
title: v
correlation:
    type: value_percentile
    rules: [process_creation]
    group-by: [ComputerName]
    timespan: 24h
    condition: {field: image, lte: 1}
`,
      F,
    );
    expect(r.errors).toEqual([]);
    expect(r.correlations[0]?.aliases).toEqual(
      new Map([
        [
          'internal_ip',
          new Map([
            ['internal_error', 'destination.ip'],
            ['new_network_connection', 'source.ip'],
          ]),
        ],
      ]),
    );
    expect(r.correlations[1]?.condition).toEqual({ compare: [{ op: 'lte', value: 1 }], fields: ['image'] });
  });

  const corr = (body: string) => `title: t\nid: c1\ncorrelation:\n${body}`;
  it.each([
    [
      'a missing type',
      corr('    rules: [a]\n    timespan: 1h\n    condition: {gt: 1}\n'),
      'correlation type is missing',
    ],
    [
      'an unknown type',
      corr('    type: event_sum\n    rules: [a]\n    timespan: 1h\n'),
      'correlation type "event_sum" is not one of',
    ],
    [
      'no rules',
      corr('    type: event_count\n    timespan: 1h\n    condition: {gt: 1}\n'),
      'correlation needs rules',
    ],
    [
      'a temporal with one rule',
      corr('    type: temporal\n    rules: [a]\n    timespan: 1h\n'),
      'needs two or more rules',
    ],
    [
      'a bad timespan',
      corr('    type: event_count\n    rules: [a]\n    timespan: 1w\n    condition: {gt: 1}\n'),
      'timespan "1w" is not a duration',
    ],
    [
      'a missing timespan',
      corr('    type: event_count\n    rules: [a]\n    condition: {gt: 1}\n'),
      'timespan is missing',
    ],
    [
      'event_count without condition',
      corr('    type: event_count\n    rules: [a]\n    timespan: 1h\n'),
      'needs a condition',
    ],
    [
      'value_count without field',
      corr('    type: value_count\n    rules: [a]\n    timespan: 1h\n    condition: {gt: 1}\n'),
      'needs condition.field',
    ],
    [
      'event_count with field',
      corr('    type: event_count\n    rules: [a]\n    timespan: 1h\n    condition: {gt: 1, field: x}\n'),
      'takes no condition.field',
    ],
    [
      'an unknown operator',
      corr('    type: event_count\n    rules: [a]\n    timespan: 1h\n    condition: {over: 1}\n'),
      '"over" is not a condition operator',
    ],
    [
      'a non-numeric threshold',
      corr('    type: event_count\n    rules: [a]\n    timespan: 1h\n    condition: {gt: many}\n'),
      'condition gt needs a number',
    ],
    [
      'a bad alias',
      corr('    type: temporal\n    rules: [a, b]\n    timespan: 1h\n    aliases: {ip: x}\n'),
      'alias "ip" must map rule names',
    ],
    [
      'a bad generate',
      corr('    type: temporal\n    rules: [a, b]\n    timespan: 1h\n    generate: yes\n'),
      'generate must be true or false',
    ],
    [
      'both detection and correlation',
      `${corr('    type: temporal\n    rules: [a, b]\n    timespan: 1h\n')}detection: {s: a, condition: s}\n`,
      'has both correlation and detection',
    ],
  ])('rejects %s', (_n, text, reason) => {
    const r = parseSigmaDocument(text, F);
    expect(r.correlations).toEqual([]);
    expect(r.errors.map((e) => e.reason).join('\n')).toContain(reason);
    expect(r.errors.every((e) => e.ruleId === 'c1' && e.line > 0 && e.column > 0)).toBe(true);
  });

  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    ['0m', undefined],
    ['5', undefined],
    ['1H', undefined],
    ['1.5h', undefined],
  ])('timespan %s -> %s ms', (text, ms) => {
    expect(parseTimespan(text)).toBe(ms);
  });
});

describe('filter rules', () => {
  it('parses the specification example', () => {
    const r = parseSigmaDocument(
      `title: Filter Administrator account
description: The valid administrator account start with adm_
logsource:
    category: process_creation
    product: windows
filter:
    rules:
        - 6f3e2987-db24-4c78-a860-b4f4095a7095
        - df0841c0-9846-4e9f-ad8a-7df91571771b
    selection:
        User|startswith: 'adm_'
    condition: selection
`,
      F,
    );
    expect(r.errors).toEqual([]);
    expect(r.filters).toEqual([
      {
        title: 'Filter Administrator account',
        description: 'The valid administrator account start with adm_',
        references: [],
        tags: [],
        falsepositives: [],
        file: F,
        line: 1,
        logsource: { category: 'process_creation', product: 'windows' },
        rules: ['6f3e2987-db24-4c78-a860-b4f4095a7095', 'df0841c0-9846-4e9f-ad8a-7df91571771b'],
        detection: {
          searches: new Map([
            [
              'selection',
              {
                kind: 'maps',
                line: 11,
                maps: [
                  [
                    {
                      field: 'User',
                      modifiers: ['startswith'],
                      values: [{ kind: 'string', parts: ['adm_'] }],
                      line: 11,
                    },
                  ],
                ],
              },
            ],
          ]),
          condition: [{ kind: 'search', name: 'selection' }],
        },
      },
    ]);
  });

  it.each([
    [
      'no rules',
      'title: f\nlogsource: {product: x}\nfilter:\n  selection: {A: b}\n  condition: selection\n',
      'filter needs rules',
    ],
    [
      'no condition',
      'title: f\nlogsource: {product: x}\nfilter:\n  rules: [r]\n  selection: {A: b}\n',
      'detection has no condition',
    ],
    [
      '"rules" is not a search',
      'title: f\nlogsource: {product: x}\nfilter:\n  rules: [r]\n  sel: {A: b}\n  condition: rules\n',
      'unknown search identifier "rules"',
    ],
    [
      'no logsource',
      'title: f\nfilter:\n  rules: [r]\n  sel: {A: b}\n  condition: sel\n',
      'logsource is missing',
    ],
  ])('rejects %s', (_n, text, reason) => {
    const r = parseSigmaDocument(text, F);
    expect(r.filters).toEqual([]);
    expect(r.errors.map((e) => e.reason).join('\n')).toContain(reason);
  });
});
