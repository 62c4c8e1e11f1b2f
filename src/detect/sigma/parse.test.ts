import { describe, expect, it } from 'vitest';
import type { SigmaRule } from './model.ts';
import { parseSigmaDocument } from './parse.ts';

const F = 'rules/test.yml';

function one(text: string): SigmaRule {
  const r = parseSigmaDocument(text, F);
  expect(r.errors.map((e) => e.message)).toEqual([]);
  expect(r.rules).toHaveLength(1);
  return r.rules[0] as SigmaRule;
}

function errorsOf(text: string): string[] {
  return parseSigmaDocument(text, F).errors.map((e) => e.message);
}

describe('a rule becomes the exact model', () => {
  it('parses metadata, logsource, searches and the condition', () => {
    const rule = one(`title: Whoami Execution
id: 929a690e-bef0-4204-a928-ef5e620d6fcc
status: test
description: Detects whoami
author: Florian Roth
date: 2019/10/23
modified: 2024-01-02
references:
    - https://example.com/a
tags:
    - attack.discovery
    - attack.t1033
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\whoami.exe'
        EventID:
            - 1
            - 4688
    filter:
        - User: null
        - CommandLine|contains|all:
            - ' /all'
            - '*'
    keywords:
        - 'evil?'
    condition: selection and not filter or keywords
fields:
    - CommandLine
falsepositives: Admins
level: high
related:
    - id: 08fbc97d-0a2f-491c-ae21-8ffcfd3174e9
      type: derived
`);
    expect(rule).toEqual({
      id: '929a690e-bef0-4204-a928-ef5e620d6fcc',
      title: 'Whoami Execution',
      status: 'test',
      description: 'Detects whoami',
      author: 'Florian Roth',
      date: '2019-10-23',
      modified: '2024-01-02',
      references: ['https://example.com/a'],
      tags: ['attack.discovery', 'attack.t1033'],
      falsepositives: ['Admins'],
      level: 'high',
      file: F,
      line: 1,
      logsource: { category: 'process_creation', product: 'windows' },
      fields: ['CommandLine'],
      related: [{ id: '08fbc97d-0a2f-491c-ae21-8ffcfd3174e9', type: 'derived' }],
      detection: {
        searches: new Map([
          [
            'selection',
            {
              kind: 'maps',
              line: 18,
              maps: [
                [
                  {
                    field: 'Image',
                    modifiers: ['endswith'],
                    values: [{ kind: 'string', parts: ['\\whoami.exe'] }],
                    line: 18,
                  },
                  {
                    field: 'EventID',
                    modifiers: [],
                    values: [
                      { kind: 'number', value: 1 },
                      { kind: 'number', value: 4688 },
                    ],
                    line: 19,
                  },
                ],
              ],
            },
          ],
          [
            'filter',
            {
              kind: 'maps',
              line: 23,
              maps: [
                [{ field: 'User', modifiers: [], values: [{ kind: 'null' }], line: 23 }],
                [
                  {
                    field: 'CommandLine',
                    modifiers: ['contains', 'all'],
                    values: [
                      { kind: 'string', parts: [' /all'] },
                      { kind: 'string', parts: [{ wildcard: '*' }] },
                    ],
                    line: 24,
                  },
                ],
              ],
            },
          ],
          [
            'keywords',
            {
              kind: 'keywords',
              line: 28,
              item: {
                field: null,
                modifiers: [],
                values: [{ kind: 'string', parts: ['evil', { wildcard: '?' }] }],
                line: 28,
              },
            },
          ],
        ]),
        condition: [
          {
            kind: 'or',
            operands: [
              {
                kind: 'and',
                operands: [
                  { kind: 'search', name: 'selection' },
                  { kind: 'not', operand: { kind: 'search', name: 'filter' } },
                ],
              },
              { kind: 'search', name: 'keywords' },
            ],
          },
        ],
      },
    });
  });

  it('parses a keyword map with |all, a condition list and a timeframe', () => {
    const rule = one(`title: t
logsource: {product: linux}
detection:
    keywords_cmdlet:
        '|all':
            - 'OabVirtualDirectory'
            - ' -ExternalUrl '
    sel: foo
    timeframe: 30s
    condition:
        - keywords_cmdlet
        - sel
`);
    expect(rule.detection.condition).toEqual([
      { kind: 'search', name: 'keywords_cmdlet' },
      { kind: 'search', name: 'sel' },
    ]);
    expect(rule.detection.timeframe).toBe('30s');
    expect(rule.detection.searches.get('keywords_cmdlet')).toEqual({
      kind: 'maps',
      line: 5,
      maps: [
        [
          {
            field: null,
            modifiers: ['all'],
            values: [
              { kind: 'string', parts: ['OabVirtualDirectory'] },
              { kind: 'string', parts: [' -ExternalUrl '] },
            ],
            line: 5,
          },
        ],
      ],
    });
    expect(rule.detection.searches.get('sel')).toEqual({
      kind: 'keywords',
      line: 8,
      item: { field: null, modifiers: [], values: [{ kind: 'string', parts: ['foo'] }], line: 8 },
    });
  });

  it('parses typed modifier values: exists, cidr, re flags, expand, fieldref, comparisons', () => {
    const rule = one(`title: t
logsource: {product: windows}
detection:
    sel:
        PasswordLastSet|exists: true
        DestinationIp|cidr: ['10.0.0.0/8', 'fe80::/10']
        CommandLine|re|i: '^evil.*$'
        User|expand: '%Administrators%'
        TargetUser|fieldref|neq: SubjectUser
        Count|gte: 10
    condition: sel
`);
    const items = rule.detection.searches.get('sel');
    expect(
      items?.kind === 'maps' ? items.maps[0]?.map((i) => [i.field, i.modifiers, i.values]) : undefined,
    ).toEqual([
      ['PasswordLastSet', ['exists'], [{ kind: 'boolean', value: true }]],
      [
        'DestinationIp',
        ['cidr'],
        [
          { kind: 'cidr', network: '10.0.0.0', prefix: 8, version: 4 },
          { kind: 'cidr', network: 'fe80::', prefix: 10, version: 6 },
        ],
      ],
      ['CommandLine', ['re', 'i'], [{ kind: 're', pattern: '^evil.*$' }]],
      ['User', ['expand'], [{ kind: 'string', parts: [{ placeholder: 'Administrators' }] }]],
      ['TargetUser', ['fieldref', 'neq'], [{ kind: 'fieldref', field: 'SubjectUser' }]],
      ['Count', ['gte'], [{ kind: 'number', value: 10 }]],
    ]);
  });
});

describe('bad rules give located errors and never throw', () => {
  const base = (detection: string) =>
    `title: t\nid: r1\nlogsource: {product: windows}\ndetection:\n${detection}`;
  it.each([
    [
      'an unknown modifier',
      base('    sel:\n        Image|endwith: x\n    condition: sel\n'),
      6,
      9,
      'unknown modifier "endwith"',
    ],
    [
      'an unknown search in the condition (column inside the file)',
      base('    sel:\n        Image: x\n    condition: sel and other\n'),
      7,
      24,
      'unknown search identifier "other"',
    ],
    [
      'a quoted condition (column skips the quote)',
      base("    sel:\n        Image: x\n    condition: 'sel or nope'\n"),
      7,
      24,
      'unknown search identifier "nope"',
    ],
    ['a missing condition', base('    sel:\n        Image: x\n'), 5, 5, 'detection has no condition'],
    [
      'null in a list',
      base('    sel:\n        A: [x, null]\n    condition: sel\n'),
      6,
      9,
      'null cannot be part of a list',
    ],
    [
      'all with one value',
      base('    sel:\n        A|contains|all: x\n    condition: sel\n'),
      6,
      9,
      '"all" needs a list of two or more values',
    ],
    [
      'a map as a value',
      base('    sel:\n        A:\n            b: c\n    condition: sel\n'),
      7,
      13,
      'must be a value or a list of values, not a map',
    ],
    [
      'a mixed list',
      base('    sel:\n        - a\n        - B: c\n    condition: sel\n'),
      6,
      9,
      'only maps or only keywords',
    ],
    ['an empty search', base('    sel:\n    condition: sel\n'), 5, 9, 'the search is empty'],
    [
      'a bad cidr',
      base('    sel:\n        Ip|cidr: 10.0.0.0/40\n    condition: sel\n'),
      6,
      18,
      'invalid prefix length',
    ],
  ])('%s', (_name, text, line, column, reason) => {
    const r = parseSigmaDocument(text, F);
    expect(r.rules).toEqual([]);
    expect(r.errors).toHaveLength(1);
    const e = r.errors[0];
    expect(e?.reason).toContain(reason);
    expect([e?.file, e?.line, e?.column, e?.ruleId, e?.code]).toEqual([F, line, column, 'r1', 'bad_request']);
    expect(e?.message).toContain(`${F}:${line}:${column}: `);
  });

  it.each([
    [
      'missing title',
      'logsource: {product: x}\ndetection: {s: a, condition: s}\n',
      'test.yml:1:1: title is missing',
    ],
    [
      'missing logsource',
      'title: t\ndetection: {s: a, condition: s}\n',
      'test.yml:1:1: logsource is missing',
    ],
    [
      'empty logsource',
      'title: t\nlogsource: {definition: d}\ndetection: {s: a, condition: s}\n',
      'logsource needs at least one',
    ],
    [
      'a bad level',
      'title: t\nlevel: severe\nlogsource: {product: x}\ndetection: {s: a, condition: s}\n',
      'test.yml:2:8: level "severe" is not one of',
    ],
    [
      'a bad status',
      'title: t\nstatus: beta\nlogsource: {product: x}\ndetection: {s: a, condition: s}\n',
      'status "beta" is not one of',
    ],
    [
      'a bad date',
      'title: t\ndate: yesterday\nlogsource: {product: x}\ndetection: {s: a, condition: s}\n',
      'date "yesterday" is not a date',
    ],
    [
      'a bad related type',
      'title: t\nrelated: [{id: x, type: cousin}]\nlogsource: {product: x}\ndetection: {s: a, condition: s}\n',
      'a related entry needs an id and a type',
    ],
    [
      'no detection',
      'title: t\nlogsource: {product: x}\n',
      'test.yml:1:1: the document has no detection, correlation or filter section',
    ],
    ['broken YAML', 'title: [unclosed\n', 'test.yml:1:'],
    ['duplicate keys', 'title: a\ntitle: b\n', 'YAML: Map keys must be unique'],
    ['a scalar document', 'just text\n', 'a Sigma document must be a map'],
  ])('%s', (_name, text, expected) => {
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(expected);
  });

  it('reports every problem of a rule, not only the first', () => {
    const errors = errorsOf(
      'title: t\nlevel: nope\nlogsource: {product: x}\ndetection:\n  a: {F|foo: 1}\n  b: {G|gt: x}\n  condition: a or b\n',
    );
    expect(errors).toHaveLength(3);
  });

  it('an empty file or empty documents give nothing and no error', () => {
    expect(parseSigmaDocument('', F)).toEqual({ rules: [], correlations: [], filters: [], errors: [] });
    expect(parseSigmaDocument('---\n---\n', F)).toEqual({
      rules: [],
      correlations: [],
      filters: [],
      errors: [],
    });
  });
});

describe('multi-document files and rule collections', () => {
  it('parses independent documents, with line numbers per document', () => {
    const r = parseSigmaDocument(
      'title: a\nlogsource: {product: x}\ndetection: {s: a, condition: s}\n---\ntitle: b\nlogsource: {product: y}\ndetection: {s: b, condition: s}\n',
      F,
    );
    expect(r.rules.map((x) => [x.title, x.line, x.logsource.product])).toEqual([
      ['a', 1, 'x'],
      ['b', 5, 'y'],
    ]);
  });

  it('merges action: global into each following document until reset, and repeat onto the previous', () => {
    const r = parseSigmaDocument(
      `action: global
title: Shared
level: high
detection:
    selection:
        EventID: 1
    condition: selection
---
logsource: {product: windows, service: security}
---
action: repeat
logsource: {service: system}
detection:
    selection:
        EventID: 7045
---
action: reset
---
title: After reset
logsource: {product: linux}
detection: {k: x, condition: k}
`,
      F,
    );
    expect(r.errors.map((e) => e.message)).toEqual([]);
    expect(
      r.rules.map((x) => [x.title, x.level, x.logsource, x.detection.searches.get('selection')?.line]),
    ).toEqual([
      ['Shared', 'high', { product: 'windows', service: 'security' }, 6],
      ['Shared', 'high', { product: 'windows', service: 'system' }, 15],
      ['After reset', undefined, { product: 'linux' }, undefined],
    ]);
  });

  it('rejects repeat without a previous document and unknown actions', () => {
    expect(errorsOf('action: repeat\ntitle: x\n')).toEqual([
      `${F}:1:1: "action: repeat" has no previous document to repeat`,
    ]);
    expect(errorsOf('action: merge\n')).toEqual([
      `${F}:1:9: action "merge" is not one of global, reset, repeat`,
    ]);
  });

  it('an error in one document does not hide the others', () => {
    const r = parseSigmaDocument(
      'title: a\n---\ntitle: b\nlogsource: {product: x}\ndetection: {s: a, condition: s}\n',
      F,
    );
    expect(r.rules.map((x) => x.title)).toEqual(['b']);
    expect(r.errors.map((e) => e.line)).toEqual([1]);
  });
});
