/**
 * The fast block-YAML reader builds exactly the tree the `yaml` package gives (values, kinds,
 * positions), or gives up: on the SigmaHQ corpus (every file it reads), on random documents of
 * the constructs it reads and of those it must leave to the package, and on examples.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseAllDocuments } from 'yaml';
import { parseBlockYaml, resolvePlain } from './fastyaml.ts';
import { toYNode, type YNode } from './ynode.ts';

/** The tree through the `yaml` package; null when it has errors or is not one document. */
function reference(text: string): YNode | null {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false });
  if (!Array.isArray(docs) || docs.length !== 1) return null;
  const doc = docs[0];
  if (doc === undefined || doc.errors.length > 0) return null;
  const start = lc.linePos(doc.range[0]);
  return toYNode(doc, lc, { line: start.line, column: start.col }) ?? null;
}

function agrees(text: string): boolean {
  const fast = parseBlockYaml(text);
  if (fast === undefined) return false;
  expect(fast, text).toEqual(reference(text));
  return true;
}

const corpus = resolve(import.meta.dirname, '../../../../shared/corpus/sigma');

describe('parseBlockYaml', () => {
  it('reads maps, sequences, plain, quoted and block scalars like the yaml package', () => {
    const text = [
      'title: Some rule # a comment',
      'id: 5b9c8b8e-6a3c-4b5c-9f5e-0a1b2c3d4e5f',
      'description: |',
      '    line one',
      '',
      '    line two',
      'folded: >-',
      '  a',
      '  b',
      '',
      '  c',
      'numbers: [not, a, flow, list]',
      'tags:',
      '  - attack.execution',
      '  - attack.t1059.001',
      'logsource:',
      '  product: windows',
      'detection:',
      '  selection:',
      "    Image|endswith: '\\cmd.exe'",
      '    CommandLine|contains:',
      '    - "a\\tb"',
      '    - -enc',
      '    EventID: 4688',
      '    Other: ~',
      '  empty:',
      '  long: this is a plain',
      '    scalar over lines',
      '',
      '    with a blank one',
      '  condition: selection',
      'level: high',
      '',
    ].join('\n');
    expect(parseBlockYaml(text)).toBeUndefined(); // the flow list
    expect(agrees(text.replace('numbers: [not, a, flow, list]', 'numbers: 0x1F'))).toBe(true);
  });

  it('resolves plain scalars by the YAML 1.2 core schema', () => {
    expect(['~', 'null', 'NULL', ''].map(resolvePlain)).toEqual([null, null, null, null]);
    expect(['true', 'False', 'yes'].map(resolvePlain)).toEqual([true, false, 'yes']);
    expect(['012', '0o17', '0x1F', '1e3', '.5', '+1', '1_000'].map(resolvePlain)).toEqual([
      12,
      15,
      31,
      1000,
      0.5,
      1,
      '1_000',
    ]);
    expect(resolvePlain('9007199254740993')).toBe('9007199254740993');
  });

  it('leaves what it does not read to the yaml package', () => {
    for (const text of [
      'a: 1\n---\nb: 2\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a:\n\t- 1\n',
      "a: 'two\n  lines'\n",
      'a: 1\na: 2\n',
      'a: b: c\n',
      'a:\n  b: 1\n   c: 2\n',
      'a: {b: 1}\n',
      '- a\n- b\n', // fine YAML, but not a map (read anyway? then it must agree)
    ]) {
      const fast = parseBlockYaml(text);
      if (fast !== undefined) expect(fast, text).toEqual(reference(text));
    }
    expect(parseBlockYaml('a: 1\na: 2\n')).toBeUndefined();
    expect(parseBlockYaml('a: b: c\n')).toBeUndefined();
  });

  describe.skipIf(!existsSync(corpus))(`the SigmaHQ corpus (${corpus}; skipped when absent)`, () => {
    it('reads nearly every file, each exactly as the yaml package does', () => {
      const files: string[] = [];
      const walk = (d: string) => {
        for (const n of readdirSync(d)) {
          const p = join(d, n);
          if (statSync(p).isDirectory()) walk(p);
          else if (/\.ya?ml$/.test(n)) files.push(p);
        }
      };
      walk(corpus);
      let read = 0;
      for (const f of files) if (agrees(readFileSync(f, 'utf8'))) read++;
      expect(read / files.length).toBeGreaterThan(0.95);
    });
  });

  const key = fc.constantFrom('a', 'b', 'Image|endswith', 'EventID', 'x y', 'true', '1', 'null', 'k:v', '-k');
  const scalar = fc.constantFrom(
    'plain',
    'two words',
    '42',
    '-1',
    '-enc',
    '0x1F',
    '1.50',
    '~',
    'True',
    "'single ''quoted'' #'",
    '"double \\" \\x41 \\u00e9 #"',
    '"bad \\q escape"',
    'C:\\Windows\\',
    'a #comment',
    'a#b',
    'x: y',
    '*alias',
    '[flow]',
    "'unterminated",
    '',
  );
  const block = fc.constantFrom(
    '|\n  one\n  two\n',
    '|-\n  one\n\n  two\n',
    '>\n  one\n  two\n\n  three\n',
    '>\n    deeper\n  less\n',
    '|\n  x\n',
  );
  type Tree =
    | { kind: 'map'; entries: [string, Tree][] }
    | { kind: 'seq'; items: Tree[] }
    | { kind: 'scalar'; text: string };
  const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar.map((text): Tree => ({ kind: 'scalar', text })),
      block.map((text): Tree => ({ kind: 'scalar', text })),
      fc
        .array(fc.tuple(key, tie('t')), { minLength: 1, maxLength: 3 })
        .map((entries): Tree => ({ kind: 'map', entries })),
      fc.array(tie('t'), { minLength: 1, maxLength: 3 }).map((items): Tree => ({ kind: 'seq', items })),
    ),
  })).t;
  /** Renders a tree as block YAML, with a random indentation step and the odd comment line. */
  function render(t: Tree, indent: number, step: number, out: string[], prefix: string): void {
    const pad = ' '.repeat(indent);
    if (t.kind === 'scalar') {
      const [first, ...rest] = t.text.split('\n');
      out.push(`${prefix}${first}`.trimEnd());
      for (const l of rest) out.push(l === '' ? '' : `${pad}${' '.repeat(step)}${l}`);
      if (rest.length > 0 && out[out.length - 1] === '') out.pop();
      return;
    }
    if (t.kind === 'map') {
      t.entries.forEach(([k, v], i) => {
        const head = i === 0 ? prefix : pad;
        if (v.kind === 'scalar') render(v, indent, step, out, `${head}${k}: `);
        else {
          out.push(`${head}${k}:`);
          if (i % 2 === 1) out.push(`${pad}  # a comment line`);
          render(v, indent + step, step, out, ' '.repeat(indent + step));
        }
      });
      return;
    }
    t.items.forEach((v, i) => {
      const head = i === 0 ? prefix : pad;
      if (v.kind === 'seq') {
        out.push(`${head}-`);
        render(v, indent + step, step, out, ' '.repeat(indent + step));
      } else render(v, indent + 2, step, out, `${head}- `);
    });
  }

  it('property: on random documents, either gives up or builds the yaml package tree', () => {
    let read = 0;
    fc.assert(
      fc.property(tree, fc.constantFrom(2, 3, 4), (t, step) => {
        const out: string[] = [];
        render(t, 0, step, out, '');
        const text = `${out.join('\n')}\n`;
        const fast = parseBlockYaml(text);
        if (fast === undefined) return;
        read++;
        expect(fast, text).toEqual(reference(text));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1000) },
    );
    expect(read).toBeGreaterThan(50);
  });
});
