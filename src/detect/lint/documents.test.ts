import { describe, expect, it } from 'vitest';
import { parseForLint, unexplained } from './documents.ts';
import { brief, rule } from './lint.fixture.ts';
import { findingAt } from './types.ts';

describe('parseForLint: the documents of a file', () => {
  it('gives each document its tree, kind, id and typed rule', () => {
    const text = `${rule()}---\ntitle: Corr\nid: 5b1a3c2d-0e4f-4a6b-8c7d-9e0f1a2b3c4d\ncorrelation:\n  type: event_count\n  rules: [x]\n  group-by: [User]\n  timespan: 5m\n  condition: {gte: 3}\n`;
    const p = parseForLint(text, 'f.yml');
    expect(p.documents.map((d) => [d.kind, d.id, d.rule?.title, d.node.pos.line])).toEqual([
      ['rule', '929a690e-bef0-4204-a928-ef5e620d6fcc', 'Whoami Execution', 1],
      ['correlation', '5b1a3c2d-0e4f-4a6b-8c7d-9e0f1a2b3c4d', undefined, 18],
    ]);
    expect(p.parseFindings).toEqual([]);
  });

  it('applies rule-collection merges (action: global) as the parser does', () => {
    const text = `action: global
title: Collection
status: test
logsource:
  product: windows
detection:
  condition: sel
---
id: 08fbc97d-0a2f-491c-ae21-8ffcfd3174e9
logsource:
  category: process_creation
detection:
  sel:
    Image: a.exe
---
id: 929a690e-bef0-4204-a928-ef5e620d6fcc
logsource:
  service: security
detection:
  sel:
    EventID: 4720
`;
    const p = parseForLint(text, 'c.yml');
    expect(p.parseFindings).toEqual([]);
    expect(p.documents.map((d) => [d.id, d.rule?.title, d.rule?.logsource])).toEqual([
      [
        '08fbc97d-0a2f-491c-ae21-8ffcfd3174e9',
        'Collection',
        { product: 'windows', category: 'process_creation' },
      ],
      ['929a690e-bef0-4204-a928-ef5e620d6fcc', 'Collection', { product: 'windows', service: 'security' }],
    ]);
  });

  it('turns the parser errors into located findings, YAML ones apart', () => {
    const yaml = parseForLint('title: [unclosed\n', 'y.yml');
    expect(yaml.documents).toEqual([]);
    expect(yaml.parseFindings.map((f) => f.code)).toEqual(['sigma/yaml']);
    const bad = parseForLint(
      rule({ detection: '  sel:\n    Image: x\n  timeframe: soon\n  condition: sel' }),
      'b.yml',
    );
    expect(brief(bad.parseFindings)).toEqual(['15:14 sigma/invalid']);
    expect(bad.parseFindings[0]?.ruleId).toBe('929a690e-bef0-4204-a928-ef5e620d6fcc');
  });

  it('unexplained keeps only parser errors on lines no finer error covers', () => {
    const p = parseForLint(rule().replace('status: test', 'status: testing'), 'b.yml');
    expect(brief(p.parseFindings)).toEqual(['3:9 sigma/invalid']);
    const finer = findingAt(
      { file: 'b.yml', id: undefined },
      'sigma/invalid-status',
      { line: 3, column: 9 },
      'x',
    );
    expect(unexplained(p.parseFindings, [finer])).toEqual([]);
    const warning = findingAt(
      { file: 'b.yml', id: undefined },
      'sigma/missing-id',
      { line: 3, column: 9 },
      'x',
    );
    expect(unexplained(p.parseFindings, [warning])).toHaveLength(1);
  });
});
