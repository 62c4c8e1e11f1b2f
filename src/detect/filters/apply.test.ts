/**
 * Sigma filters, end to end: YAML documents parsed by the Sigma parser, filters folded into the
 * rules they name, rules compiled with the shipped pipelines and matched by a RuleSet on events.
 */
import { describe, expect, it } from 'vitest';
import { compileRules } from '../engine/compile.ts';
import { pipelines, proc } from '../engine/engine.fixture.ts';
import { RuleSet } from '../engine/ruleset.ts';
import type { EventRecord } from '../engine/types.ts';
import type { SigmaRule } from '../sigma/model.ts';
import { parseSigmaDocument } from '../sigma/parse.ts';
import { applyFilters } from './apply.ts';

const RULES = `title: Data compressed with rar
id: 6f3e2987-db24-4c78-a860-b4f4095a7095
name: rar_compression
level: medium
logsource:
    product: windows
    category: process_creation
detection:
    selection:
        Image|endswith: '\\rar.exe'
    condition: selection
---
title: Whoami execution
id: 8a1b4ad1-2b5c-4b0e-9a3e-1c1d2e3f4a5b
name: whoami
logsource:
    product: windows
    category: process_creation
detection:
    selection:
        Image|endswith: '\\whoami.exe'
    condition: selection
---
title: Failed logon
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_logon
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4625
    condition: selection
`;

function parse(text: string, file: string) {
  const r = parseSigmaDocument(text, file);
  expect(r.errors.map((e) => e.message)).toEqual([]);
  return r;
}

function hitsOf(rules: readonly SigmaRule[], events: EventRecord[]): string[][] {
  const c = compileRules(rules, pipelines);
  expect(c.failed).toEqual([]);
  const set = new RuleSet(c.compiled);
  return events.map((e) => set.match(e).map((h) => h.rule.id));
}

const rarByAdmin = proc({ Image: 'C:\\Tools\\rar.exe', User: 'CORP\\adm_alice' });
const rarByUser = proc({ Image: 'C:\\Tools\\rar.exe', User: 'CORP\\bob' });
const whoamiByAdmin = proc({ Image: 'C:\\Windows\\System32\\whoami.exe', User: 'CORP\\adm_alice' });

describe('applyFilters', () => {
  it('excludes the selected events from the named rule only (condition: not selection)', () => {
    const base = parse(RULES, 'rules.yml');
    const f = parse(
      `title: Filter administrator accounts
id: 0b7c3e9e-6d0b-4c55-9d8e-8d3c1f0e2a11
logsource:
    product: windows
    category: process_creation
filter:
    rules:
        - 6f3e2987-db24-4c78-a860-b4f4095a7095 # rar, by id
    selection:
        User|contains: '\\adm_'
    condition: not selection
`,
      'mf_admins.yml',
    );
    const before = hitsOf(base.rules, [rarByAdmin, rarByUser, whoamiByAdmin]);
    expect(before).toEqual([
      ['6f3e2987-db24-4c78-a860-b4f4095a7095'],
      ['6f3e2987-db24-4c78-a860-b4f4095a7095'],
      ['8a1b4ad1-2b5c-4b0e-9a3e-1c1d2e3f4a5b'],
    ]);
    const out = applyFilters(base.rules, f.filters, pipelines);
    expect(out.problems).toEqual([]);
    expect(out.applied).toEqual([
      {
        rule: '6f3e2987-db24-4c78-a860-b4f4095a7095',
        filter: '0b7c3e9e-6d0b-4c55-9d8e-8d3c1f0e2a11',
        searches: { __filter1_selection: 'selection' },
      },
    ]);
    expect(hitsOf(out.rules, [rarByAdmin, rarByUser, whoamiByAdmin])).toEqual([
      [],
      ['6f3e2987-db24-4c78-a860-b4f4095a7095'],
      ['8a1b4ad1-2b5c-4b0e-9a3e-1c1d2e3f4a5b'],
    ]);
    // a pure transform: the parsed rules are untouched, unfiltered rules are the same objects
    expect(base.rules[0]?.detection.searches.size).toBe(1);
    expect(out.rules[0]).not.toBe(base.rules[0]);
    expect(out.rules[1]).toBe(base.rules[1]);
    expect(out.rules[0]?.detection.condition).toEqual([
      {
        kind: 'and',
        operands: [
          { kind: 'search', name: 'selection' },
          { kind: 'not', operand: { kind: 'search', name: '__filter1_selection' } },
        ],
      },
    ]);
  });

  it('names rules by name, folds several filters with fresh search names, and keeps `1 of` patterns working', () => {
    const base = parse(RULES, 'rules.yml');
    const f = parse(
      `title: Filter admins
name: filter_admins
logsource:
    product: windows
filter:
    rules: [rar_compression, whoami]
    selection:
        User|contains: '\\adm_'
    condition: not selection
---
title: Filter backup tooling
logsource:
    product: windows
    category: process_creation
filter:
    rules: rar_compression
    filter_path:
        Image|startswith: 'C:\\Backup\\'
    filter_parent:
        ParentImage|endswith: '\\backup-agent.exe'
    condition: not 1 of filter_*
`,
      'mf_tuning.yml',
    );
    const out = applyFilters(base.rules, f.filters, pipelines);
    expect(out.problems).toEqual([]);
    expect(out.applied.map((a) => [a.rule, a.filter, Object.keys(a.searches)])).toEqual([
      ['6f3e2987-db24-4c78-a860-b4f4095a7095', 'filter_admins', ['__filter1_selection']],
      ['8a1b4ad1-2b5c-4b0e-9a3e-1c1d2e3f4a5b', 'filter_admins', ['__filter1_selection']],
      [
        '6f3e2987-db24-4c78-a860-b4f4095a7095',
        'Filter backup tooling',
        ['__filter1_filter_path', '__filter1_filter_parent'],
      ],
    ]);
    const rarFromBackup = proc({ Image: 'C:\\Backup\\rar.exe', User: 'CORP\\bob' });
    const rarFromAgent = proc({
      Image: 'C:\\Tools\\rar.exe',
      ParentImage: 'C:\\Agent\\backup-agent.exe',
      User: 'CORP\\bob',
    });
    expect(hitsOf(out.rules, [rarByAdmin, rarByUser, whoamiByAdmin, rarFromBackup, rarFromAgent])).toEqual([
      [],
      ['6f3e2987-db24-4c78-a860-b4f4095a7095'],
      [],
      [],
      [],
    ]);
  });

  it('applies `rules: any` to every rule its logsource covers', () => {
    const base = parse(RULES, 'rules.yml');
    const f = parse(
      `title: Ignore the lab host
logsource:
    product: windows
    category: process_creation
filter:
    rules: any
    lab:
        Computer: LAB-01
    condition: not lab
`,
      'mf_lab.yml',
    );
    const out = applyFilters(base.rules, f.filters, pipelines);
    expect(out.problems).toEqual([]);
    expect(out.applied.map((a) => a.rule)).toEqual([
      '6f3e2987-db24-4c78-a860-b4f4095a7095',
      '8a1b4ad1-2b5c-4b0e-9a3e-1c1d2e3f4a5b',
    ]);
    const onLab = proc({ Image: 'C:\\Tools\\rar.exe' }, { 'winlog.computer_name': 'LAB-01' });
    const elsewhere = proc({ Image: 'C:\\Tools\\rar.exe' }, { 'winlog.computer_name': 'WS-07' });
    expect(hitsOf(out.rules, [onLab, elsewhere])).toEqual([[], ['6f3e2987-db24-4c78-a860-b4f4095a7095']]);
  });

  it('reports unknown rules, uncovered logsources and unmappable fields with the filter file and line', () => {
    const base = parse(RULES, 'rules.yml');
    const f = parse(
      `title: Filter with problems
id: f-1
logsource:
    product: windows
    category: process_creation
filter:
    rules:
        - no_such_rule
        - failed_logon
        - whoami
    selection:
        NoSuchField: x
    condition: not selection
`,
      'mf_bad.yml',
    );
    const out = applyFilters(base.rules, f.filters, pipelines);
    expect(out.applied).toEqual([]);
    expect(out.rules).toEqual(base.rules);
    expect(out.problems).toEqual([
      {
        severity: 'error',
        file: 'mf_bad.yml',
        line: 1,
        filter: 'f-1',
        reason: 'the filter names rule "no_such_rule", but no loaded rule has that id or name',
      },
      {
        severity: 'error',
        file: 'mf_bad.yml',
        line: 1,
        filter: 'f-1',
        rule: '8a1b4ad1-2b5c-4b0e-9a3e-1c1d2e3f4a5b',
        reason:
          'field "NoSuchField" of the filter is not known for the rule\'s logsource (product: windows, category: process_creation); not applied to it',
      },
      {
        severity: 'error',
        file: 'mf_bad.yml',
        line: 1,
        filter: 'f-1',
        rule: '53ba33fd-3a50-4468-a5ef-c583635cfa92',
        reason:
          "the filter's logsource (product: windows, category: process_creation) does not cover the rule's (product: windows, service: security); not applied to it",
      },
    ]);
  });

  it('warns about a filter without "not": it narrows the rule to the selected events (pySigma semantics)', () => {
    const base = parse(RULES, 'rules.yml');
    const f = parse(
      `title: Only production hosts
logsource:
    product: windows
filter:
    rules: [whoami]
    prod:
        Computer|startswith: PRD-
    condition: prod
`,
      'mf_prod.yml',
    );
    const out = applyFilters(base.rules, f.filters);
    expect(out.problems.map((p) => [p.severity, p.line, p.reason])).toEqual([
      [
        'warning',
        1,
        'the filter condition has no "not", so it keeps only the events it selects; to exclude them write "condition: not selection"',
      ],
    ]);
    const prod = proc({ Image: 'C:\\w\\whoami.exe' }, { 'winlog.computer_name': 'PRD-9' });
    const dev = proc({ Image: 'C:\\w\\whoami.exe' }, { 'winlog.computer_name': 'DEV-9' });
    expect(hitsOf(out.rules, [prod, dev])).toEqual([['8a1b4ad1-2b5c-4b0e-9a3e-1c1d2e3f4a5b'], []]);
  });

  it('keeps a rule with several conditions OR-ed under the filter', () => {
    const base = parse(
      `title: Two conditions
id: two
logsource: {product: windows, category: process_creation}
detection:
    a:
        Image|endswith: '\\a.exe'
    b:
        Image|endswith: '\\b.exe'
    condition:
        - a
        - b
`,
      'two.yml',
    );
    const f = parse(
      `title: Not from temp
logsource: {product: windows, category: process_creation}
filter:
    rules: two
    temp:
        Image|contains: '\\Temp\\'
    condition: not temp
`,
      'mf_temp.yml',
    );
    const out = applyFilters(base.rules, f.filters, pipelines);
    const events = [
      proc({ Image: 'C:\\x\\a.exe' }),
      proc({ Image: 'C:\\x\\b.exe' }),
      proc({ Image: 'C:\\Temp\\a.exe' }),
      proc({ Image: 'C:\\Temp\\b.exe' }),
    ];
    expect(hitsOf(out.rules, events)).toEqual([['two'], ['two'], [], []]);
  });
});
