/** Loading pipeline files: the shipped ones validate; a broken one is refused naming file and key. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.ts';
import { loadPipelines, parsePipelineText, readPipelines } from './load.ts';

const GOOD = `
name: demo
sourceTemplate: 'demo.{field}'
fields: { EventID: demo.id }
logsources:
  - id: thing
    product: demo
    category: thing
    when: { field: event.dataset, equals: demo }
    sourceFields: [Name]
`;

const dirs: string[] = [];
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-pipelines-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the shipped pipelines', () => {
  it('load and validate, one file per source family', () => {
    const p = loadPipelines();
    const names = p.files.map((f) => f.split('/').pop());
    expect(names).toEqual([
      'antivirus.yaml',
      'aws.yaml',
      'azure.yaml',
      'bitbucket.yaml',
      'declared.yaml',
      'gcp.yaml',
      'github.yaml',
      'kubernetes.yaml',
      'linux.yaml',
      'm365.yaml',
      'macos.yaml',
      'network.yaml',
      'okta.yaml',
      'onelogin.yaml',
      'opencanary.yaml',
      'rpc-firewall.yaml',
      'web.yaml',
      'windows.yaml',
      'zeek.yaml',
    ]);
    expect(p.routes.length).toBeGreaterThan(50);
  });
});

describe('parsePipelineText', () => {
  it('merges file-wide fields and the source template into each logsource', () => {
    const out = parsePipelineText(GOOD, 'demo.yaml');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const r = out.routes[0]!;
    expect([r.pipeline, r.id, r.product, r.category, r.service]).toEqual([
      'demo',
      'thing',
      'demo',
      'thing',
      undefined,
    ]);
    expect(r.fields.get('EventID')).toEqual(['demo.id']);
    expect(r.sourceTemplate).toEqual(['demo.{field}']);
  });

  it('names the key of a bad condition', () => {
    const out = parsePipelineText(GOOD.replace('equals: demo', 'equal: demo'), 'demo.yaml');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.problems[0]).toMatchObject({ file: 'demo.yaml', key: 'logsources.0.when' });
  });

  it('refuses unknown keys, upper-case logsource values and templates without {field}', () => {
    const cases: [string, string][] = [
      [GOOD.replace('    sourceFields', '    sourcefields'), 'logsources.0'],
      [GOOD.replace('category: thing', 'category: Thing'), 'logsources.0.category'],
      [GOOD.replace("'demo.{field}'", "'demo.name'"), 'sourceTemplate'],
    ];
    for (const [text, key] of cases) {
      const out = parsePipelineText(text, 'demo.yaml');
      expect(out.ok ? [] : out.problems.map((p) => p.key)).toContain(key);
    }
  });

  it('refuses a logsource with no product, category or service, and duplicate ids', () => {
    const bare = parsePipelineText(GOOD.replace('    product: demo\n    category: thing\n', ''), 'demo.yaml');
    expect(bare.ok ? '' : bare.problems[0]?.message).toMatch(/at least one of product, category, service/);
    const twice = `${GOOD}  - id: thing\n    product: other\n    when: { field: a, equals: 1 }\n`;
    const dup = parsePipelineText(twice, 'demo.yaml');
    expect(dup.ok ? [] : dup.problems).toEqual([
      { file: 'demo.yaml', key: 'logsources.1.id', message: 'duplicate logsource id thing' },
    ]);
  });

  it('refuses sourceFields without a template, and text that is not YAML', () => {
    const noTemplate = parsePipelineText(GOOD.replace("sourceTemplate: 'demo.{field}'\n", ''), 'demo.yaml');
    expect(noTemplate.ok ? [] : noTemplate.problems.map((p) => p.key)).toEqual(['logsources.0.sourceFields']);
    const notYaml = parsePipelineText('name: [unclosed', 'demo.yaml');
    expect(notYaml.ok ? '' : notYaml.problems[0]?.message).toMatch(/^not valid YAML/);
  });
});

describe('readPipelines / loadPipelines on a folder', () => {
  it('reports a broken file by path and key, without throwing', () => {
    const dir = dirWith({ 'good.yaml': GOOD, 'bad.yaml': GOOD.replace('name: demo', 'name: 7 Bad') });
    const out = readPipelines(dir);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.problems).toEqual([expect.objectContaining({ file: join(dir, 'bad.yaml'), key: 'name' })]);
  });

  it('refuses two files routing the same logsource, naming the first', () => {
    const dir = dirWith({ 'a.yaml': GOOD, 'b.yaml': GOOD.replace('name: demo', 'name: demo2') });
    const out = readPipelines(dir);
    expect(out.ok ? '' : out.problems[0]?.message).toMatch(/already routed by a\.yaml \(thing\)/);
  });

  it('loadPipelines throws a ConfigError whose message names file and key', () => {
    const dir = dirWith({ 'bad.yaml': GOOD.replace('equals: demo', 'equals: []') });
    expect(() => loadPipelines(dir)).toThrow(ConfigError);
    expect(() => loadPipelines(dir)).toThrow(/bad\.yaml: logsources\.0\.when/);
  });

  it('reports a folder that cannot be read', () => {
    const out = readPipelines(join(tmpdir(), 'vigil-no-such-folder-xyz'));
    expect(out.ok ? '' : out.problems[0]?.message).toMatch(/^cannot read/);
  });
});
