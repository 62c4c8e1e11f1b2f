import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  fromTexts,
  readRuleFile,
  readRuleFolder,
  readRuleSource,
  readRuleZip,
  unsafePath,
} from './sources.ts';

const RULE = 'title: t\nlogsource: {product: windows}\ndetection: {s: {a: 1}, condition: s}\n';
const tmp = () => mkdtempSync(join(tmpdir(), 'vigil-lib-'));

/** Patches the declared uncompressed size of every entry (local header and central directory). */
function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
  const z = Buffer.from(zip);
  for (let i = 0; i + 4 <= z.length; i++) {
    const sig = z.readUInt32LE(i);
    if (sig === 0x04034b50) z.writeUInt32LE(size, i + 22);
    else if (sig === 0x02014b50) z.writeUInt32LE(size, i + 24);
  }
  return z;
}

describe('readRuleFolder', () => {
  it('reads every .yml/.yaml below the folder, sorted, with paths relative to it; other files are only counted', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'windows', 'deep'), { recursive: true });
    writeFileSync(join(dir, 'windows', 'b.yml'), RULE);
    writeFileSync(join(dir, 'windows', 'deep', 'a.YAML'), RULE);
    writeFileSync(join(dir, 'a.yml'), RULE);
    writeFileSync(join(dir, 'README.md'), '# hi');
    writeFileSync(join(dir, 'windows', 'b.samples.json'), '{}');
    const r = readRuleFolder(dir);
    expect(r.files.map((f) => f.path)).toEqual(['a.yml', 'windows/b.yml', 'windows/deep/a.YAML']);
    expect(r.files[0]!.text).toBe(RULE);
    expect(r.ignored).toBe(2);
    expect(r.problems).toEqual([]);
  });

  it('follows a symbolic link to a folder once, even when it loops', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'x.yml'), RULE);
    symlinkSync(dir, join(dir, 'sub', 'loop'));
    expect(readRuleFolder(dir).files.map((f) => f.path)).toEqual(['sub/x.yml']);
  });

  it('reports an oversized or non-UTF-8 file with its path and reason, and keeps the others', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'big.yml'), 'x'.repeat(200));
    writeFileSync(join(dir, 'latin1.yml'), Buffer.from([0x74, 0x69, 0x74, 0xe9, 0x0a]));
    writeFileSync(join(dir, 'ok.yml'), RULE);
    const r = readRuleFolder(dir, { ...DEFAULT_LIMITS, maxFileBytes: 100 });
    expect(r.files.map((f) => f.path)).toEqual(['ok.yml']);
    expect(r.problems).toEqual([
      { path: 'big.yml', reason: 'the file has 200 bytes; the limit is 100 bytes per rule file' },
      { path: 'latin1.yml', reason: 'the file is not valid UTF-8' },
    ]);
  });

  it('refuses a folder with more files than the limit, and a missing folder', () => {
    const dir = tmp();
    for (const n of ['a', 'b', 'c']) writeFileSync(join(dir, `${n}.yml`), RULE);
    expect(() => readRuleFolder(dir, { ...DEFAULT_LIMITS, maxFiles: 2 })).toThrow(/more than 2 YAML files/);
    expect(() => readRuleFolder(join(dir, 'nope'))).toThrow(/cannot read the rule folder/);
  });
});

describe('readRuleZip', () => {
  it('reads the YAML entries of a zip built in memory; non-YAML entries are ignored', () => {
    const zip = zipSync({
      'rules/b.yml': strToU8(RULE),
      'rules/a.yaml': strToU8(RULE),
      'rules/README.md': strToU8('# readme'),
      'rules/a.samples.json': strToU8('{}'),
    });
    const r = readRuleZip(zip);
    expect(r.files.map((f) => f.path)).toEqual(['rules/a.yaml', 'rules/b.yml']);
    expect(r.files[0]!.text).toBe(RULE);
    expect(r.ignored).toBe(2);
    expect(r.problems).toEqual([]);
  });

  it('refuses entries whose names climb out of the archive or are absolute (zip slip)', () => {
    const zip = zipSync({
      '../evil.yml': strToU8(RULE),
      'a/../../evil2.yml': strToU8(RULE),
      '/etc/evil3.yml': strToU8(RULE),
      'good.yml': strToU8(RULE),
    });
    const r = readRuleZip(zip);
    expect(r.files.map((f) => f.path)).toEqual(['good.yml']);
    expect(r.problems.map((p) => p.path).sort()).toEqual([
      '../evil.yml',
      '/etc/evil3.yml',
      'a/../../evil2.yml',
    ]);
    for (const p of r.problems)
      expect(p.reason).toMatch(/^refused: the name (climbs out|is an absolute path)/);
  });

  it('skips an entry whose declared size is over the per-file limit, before inflating it', () => {
    const zip = zipSync({ 'big.yml': strToU8(`# ${'a'.repeat(5000)}\n${RULE}`), 'ok.yml': strToU8(RULE) });
    const r = readRuleZip(zip, { ...DEFAULT_LIMITS, maxFileBytes: 1000 });
    expect(r.files.map((f) => f.path)).toEqual(['ok.yml']);
    expect(r.problems).toEqual([
      { path: 'big.yml', reason: expect.stringMatching(/the limit is 1000 bytes/) },
    ]);
  });

  it('never expands past the declared size (a zip bomb whose headers lie): the entry comes out truncated', () => {
    const bomb = zipSync({ 'bomb.yml': new Uint8Array(2 * 1024 * 1024).fill(0x61) }, { level: 9 });
    expect(bomb.length).toBeLessThan(20_000);
    const r = readRuleZip(lieAboutSizes(bomb, 100));
    const total = r.files.reduce((n, f) => n + f.text.length, 0);
    expect(total).toBeLessThanOrEqual(100);
  });

  it('refuses archives over the total limit and bytes that are not a zip', () => {
    const zip = zipSync({ 'a.yml': strToU8(RULE), 'b.yml': strToU8(RULE) });
    expect(() => readRuleZip(zip, { ...DEFAULT_LIMITS, maxTotalBytes: RULE.length + 10 })).toThrow(
      /more than \d+ bytes of YAML/,
    );
    expect(() => readRuleZip(strToU8('title: not a zip'))).toThrow(/not a readable zip archive/);
  });
});

describe('single files and uploads', () => {
  it('reads one YAML file under its base name, and refuses other kinds of file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'one.yaml'), RULE);
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect(readRuleFile(join(dir, 'one.yaml')).files).toEqual([{ path: 'one.yaml', text: RULE }]);
    expect(() => readRuleFile(join(dir, 'notes.txt'))).toThrow(/not a \.yml\/\.yaml file/);
  });

  it('readRuleSource tells a folder, a zip and a file apart', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'f'));
    writeFileSync(join(dir, 'f', 'r.yml'), RULE);
    writeFileSync(join(dir, 'pack.zip'), zipSync({ 'z/r.yml': strToU8(RULE) }));
    expect(readRuleSource(join(dir, 'f')).files.map((f) => f.path)).toEqual(['r.yml']);
    expect(readRuleSource(join(dir, 'pack.zip')).files.map((f) => f.path)).toEqual(['z/r.yml']);
    expect(readRuleSource(join(dir, 'f', 'r.yml')).files.map((f) => f.path)).toEqual(['r.yml']);
  });

  it('checks uploaded paths like zip entries, strips a BOM, and refuses duplicates', () => {
    const r = fromTexts([
      { path: './a//r.yml', text: `\ufeff${RULE}` },
      { path: 'a/r.yml', text: RULE },
      { path: '../x.yml', text: RULE },
      { path: 'notes.md', text: 'x' },
    ]);
    expect(r.files).toEqual([{ path: 'a/r.yml', text: RULE }]);
    expect(r.ignored).toBe(1);
    expect(r.problems.map((p) => p.reason)).toEqual([
      'the same path is given twice',
      'refused: the name climbs out of the archive ("..")',
    ]);
  });

  it('unsafePath accepts plain relative names only', () => {
    expect(unsafePath('windows/x.yml')).toBeNull();
    expect(unsafePath('C:/x.yml')).toMatch(/absolute/);
    expect(unsafePath('a\\..\\x.yml')).toMatch(/backslash/);
    expect(unsafePath('')).toMatch(/empty/);
  });
});
