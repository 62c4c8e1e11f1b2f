import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectRuleFiles, lintFiles } from './files.ts';
import { formatFinding, formatSummary } from './format.ts';
import { pipelines, rule } from './lint.fixture.ts';
import { lintSources } from './lint.ts';

describe('lintSources: every family over a set of files', () => {
  const bad = rule()
    .replace('status: test', 'status: testing')
    .replace("Image|endswith: '\\whoami.exe'", "Image|endswith: '\\whoami.exe'\n    Imagee: x");

  it('sorts findings by file, line and column and counts them by severity', () => {
    const r = lintSources(
      [
        { file: 'b.yml', text: bad },
        { file: 'a.yml', text: rule() },
      ],
      pipelines(),
    );
    // the id is reported on the later of the two documents, in the order given
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.code}`)).toEqual([
      'a.yml:2:5 sigma/duplicate-id',
      'b.yml:3:9 sigma/invalid-status',
    ]);
    expect(r.counts).toEqual({ error: 2, warning: 0, info: 0 }); // Imagee is not checked: the parser refused b.yml
    expect(r).toMatchObject({ files: 2, documents: 2, compiled: 1 });
  });

  it('runs the pipeline checks on rules the parser accepts, and keeps unexplained parser errors', () => {
    const r = lintSources(
      [
        {
          file: 'c.yml',
          text: rule({ detection: '  sel:\n    Imagee: x\n  timeframe: soon\n  condition: sel' }),
        },
      ],
      pipelines(),
    );
    expect(r.findings.map((f) => `${f.line}:${f.column} ${f.code}`)).toEqual(['15:14 sigma/invalid']);
    const ok = lintSources(
      [{ file: 'd.yml', text: rule({ detection: '  sel:\n    Imagee: x\n  condition: sel' }) }],
      pipelines(),
    );
    expect(ok.findings.map((f) => `${f.line}:${f.column} ${f.code}`)).toEqual(['14:5 sigma/unknown-field']);
  });

  it('formats a finding as file:line:col: severity code: message, and a summary', () => {
    const r = lintSources([{ file: '/repo/rules/b.yml', text: bad }], pipelines());
    expect(formatFinding(r.findings[0]!, '/repo')).toBe(
      'rules/b.yml:3:9: error sigma/invalid-status: status "testing" is not one of stable, test, experimental, deprecated, unsupported (did you mean "test"?)',
    );
    expect(formatFinding(r.findings[0]!, '/elsewhere/x')).toMatch(/^\/repo\/rules\/b\.yml:3:9: /);
    expect(formatSummary(r)).toBe('1 error, 0 warnings, 0 info in 1 file (1 document, 0 compiled)');
  });
});

describe('collectRuleFiles and lintFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-lint-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'b.yaml'), rule());
  writeFileSync(join(dir, 'a.yml'), rule().replace('929a690e', '929a690f'));
  writeFileSync(join(dir, 'a.samples.json'), '{}');
  writeFileSync(join(dir, 'notes.txt'), 'not a rule');

  it('takes folders recursively (YAML only, sorted), files as given, and reports missing paths', () => {
    const r = collectRuleFiles([dir, join(dir, 'notes.txt'), join(dir, 'a.yml'), join(dir, 'nope')]);
    expect(r.files).toEqual([join(dir, 'a.yml'), join(dir, 'sub', 'b.yaml'), join(dir, 'notes.txt')]);
    expect(r.missing).toEqual([join(dir, 'nope')]);
  });

  it('lints the files read from disk, an unreadable one as a finding', () => {
    const unreadable = join(dir, 'folder.yml');
    mkdirSync(unreadable);
    const r = lintFiles([join(dir, 'a.yml'), unreadable, join(dir, 'sub', 'b.yaml')], pipelines());
    expect(r.findings.map((f) => `${f.file.slice(dir.length + 1)}:${f.line}:${f.column} ${f.code}`)).toEqual([
      'folder.yml:1:1 sigma/unreadable',
    ]);
    expect(r.findings[0]?.message).toMatch(/^cannot read: EISDIR/);
    expect(r).toMatchObject({ files: 3, documents: 2, counts: { error: 1, warning: 0, info: 0 } });
  });
});
