import { describe, expect, it } from 'vitest';
import { loadPipelines } from '../pipelines/index.ts';
import { loadRuleDocument } from './compile.ts';
import { derivedRuleId, splitRuleFile } from './documents.ts';

const pipelines = loadPipelines();

const PS = `title: Encoded PowerShell
id: 11111111-1111-4111-8111-111111111111
status: test
level: high
tags: [attack.execution, attack.t1059.001]
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\powershell.exe'
    CommandLine|contains: ' -enc '
  condition: selection
`;

const NO_ID = `title: Whoami
logsource: {product: windows, category: process_creation}
detection:
  selection: {Image|endswith: '\\whoami.exe'}
  condition: selection
`;

const CORRELATION = `title: Many encoded PowerShell
id: 22222222-2222-4222-8222-222222222222
correlation:
  type: event_count
  rules: [11111111-1111-4111-8111-111111111111]
  group-by: [host.name]
  timespan: 5m
  condition: {gte: 3}
`;

describe('splitRuleFile', () => {
  it('keeps a one-document file verbatim, with its id, kind, title, status, level and tags', () => {
    const r = splitRuleFile({ path: 'windows/ps.yml', text: PS }, 'import:x');
    expect(r.errors).toEqual([]);
    expect(r.documents).toEqual([
      {
        id: '11111111-1111-4111-8111-111111111111',
        kind: 'rule',
        title: 'Encoded PowerShell',
        status: 'test',
        level: 'high',
        tags: ['attack.execution', 'attack.t1059.001'],
        path: 'windows/ps.yml',
        line: 1,
        text: PS,
      },
    ]);
  });

  it('splits a multi-document file into the text of each document, with the line it starts on', () => {
    const text = `${PS}---\n${CORRELATION}---\n${NO_ID}`;
    const r = splitRuleFile({ path: 'pack.yml', text }, 'import:x');
    expect(r.errors).toEqual([]);
    expect(r.documents.map((d) => [d.kind, d.line])).toEqual([
      ['rule', 1],
      ['correlation', 15],
      ['rule', 24],
    ]);
    expect(r.documents[1]!.text).toBe(CORRELATION);
    expect(r.documents[2]!.text).toBe(NO_ID);
    // Each piece parses alone.
    for (const d of r.documents)
      expect(loadRuleDocument({ file: d.path, line: d.line, text: d.text }, pipelines).ok).toBe(true);
  });

  it('derives a stable id for a document without id and name, from the source, path and position', () => {
    const a = splitRuleFile({ path: 'w.yml', text: NO_ID }, 'import:team');
    const b = splitRuleFile({ path: 'w.yml', text: `${NO_ID}# edited\n` }, 'import:team');
    expect(a.documents[0]!.id).toBe(derivedRuleId('import:team', 'w.yml', 0));
    expect(a.documents[0]!.id).toMatch(/^derived-[0-9a-f]{24}$/);
    expect(b.documents[0]!.id).toBe(a.documents[0]!.id);
    expect(splitRuleFile({ path: 'other.yml', text: NO_ID }, 'import:team').documents[0]!.id).not.toBe(
      a.documents[0]!.id,
    );
  });

  it('reports errors at their line in the original file, and keeps the valid documents', () => {
    const broken =
      'title: Broken\nlogsource: {product: windows}\ndetection:\n  sel: {a: 1}\n  condition: nope\n';
    const r = splitRuleFile({ path: 'mixed.yml', text: `${PS}---\n${broken}` }, 'import:x');
    expect(r.documents.map((d) => d.id)).toEqual(['11111111-1111-4111-8111-111111111111']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'mixed.yml', line: 19 });
    expect(r.errors[0]!.reason).toMatch(/nope/);
  });

  it('reports a YAML syntax error with file, line and column, and yields no document', () => {
    const r = splitRuleFile({ path: 'bad.yml', text: 'title: x\nstatus: test\ntitle: y\n' }, 'import:x');
    expect(r.documents).toEqual([]);
    expect(r.errors[0]).toMatchObject({ file: 'bad.yml', line: 3, column: 1 });
    expect(r.errors[0]!.reason).toMatch(/^YAML: .*unique/);
  });

  it('expands a rule collection (action: global) into merged stand-alone documents', () => {
    const text = `action: global
title: Whoami family
status: experimental
logsource: {product: windows, category: process_creation}
detection:
  condition: selection
---
id: 33333333-3333-4333-8333-333333333333
detection:
  selection: {Image|endswith: '\\whoami.exe'}
---
id: 44444444-4444-4444-8444-444444444444
detection:
  selection: {Image|endswith: '\\hostname.exe'}
`;
    const r = splitRuleFile({ path: 'coll.yml', text }, 'builtin:x');
    expect(r.errors).toEqual([]);
    expect(r.documents.map((d) => [d.id, d.title, d.status])).toEqual([
      ['33333333-3333-4333-8333-333333333333', 'Whoami family', 'experimental'],
      ['44444444-4444-4444-8444-444444444444', 'Whoami family', 'experimental'],
    ]);
    const loaded = loadRuleDocument({ file: 'coll.yml', line: 1, text: r.documents[1]!.text }, pipelines);
    expect(loaded.ok && loaded.kind === 'rule' && loaded.rule.id).toBe(
      '44444444-4444-4444-8444-444444444444',
    );
  });
});

describe('loadRuleDocument', () => {
  it('compiles a rule, and says what cannot run here at the line of the original file', () => {
    // The document starts at line 30 of its file; the unknown field is on its 12th line.
    const ok = loadRuleDocument({ file: 'ps.yml', line: 1, text: PS }, pipelines);
    expect(ok.ok && ok.kind === 'rule' && ok.rule.title).toBe('Encoded PowerShell');
    const unknown = PS.replace('CommandLine|contains', 'NoSuchField|contains');
    const r = loadRuleDocument({ file: 'pack.yml', line: 30, text: unknown }, pipelines);
    expect(r).toMatchObject({ ok: false, stage: 'compile', line: 41 });
    expect(!r.ok && r.reason).toMatch(/field "NoSuchField" is not known/);
  });

  it('gives correlations and filters back parsed', () => {
    const c = loadRuleDocument({ file: 'c.yml', line: 1, text: CORRELATION }, pipelines);
    expect(c.ok && c.kind === 'correlation' && c.correlation.type).toBe('event_count');
  });
});
