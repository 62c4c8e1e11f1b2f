import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseSigmaDocument } from './parse.ts';
import { parseSigmaString } from './values.ts';

const runs = { numRuns: Number(process.env.FUZZ_RUNS ?? 300) };

const yamlish = fc.array(
  fc.oneof(
    fc.constantFrom(
      'title: t\n',
      'detection:\n',
      '  sel:\n',
      '    A|contains: x\n',
      '  condition: sel\n',
      '---\n',
      'action: global\n',
      'action: repeat\n',
      'logsource: {product: x}\n',
      '- ',
      ': ',
      '|',
      '&a ',
      '*a ',
      '"',
      "'",
      '\t',
      '[',
      ']',
      '{',
      '}',
      'correlation: {type: temporal, rules: [a], timespan: 1h}\n',
      'filter: {rules: [a], s: x, condition: s}\n',
    ),
    fc.string(),
  ),
  { maxLength: 30 },
);

describe('parseSigmaDocument', () => {
  it('property: never throws on random YAML-ish text, and every error is located', () => {
    fc.assert(
      fc.property(yamlish, (chunks) => {
        const r = parseSigmaDocument(chunks.join(''), 'fuzz.yml');
        for (const e of r.errors) {
          expect(e.file).toBe('fuzz.yml');
          expect(e.line).toBeGreaterThan(0);
          expect(e.column).toBeGreaterThan(0);
          expect(e.reason).not.toContain('internal error');
        }
      }),
      runs,
    );
  });

  it('property: a generated rule printed as YAML parses back to the same searches and values', () => {
    // search names, not the words of the condition language (`of or a` is no condition)
    const CONDITION_WORDS = new Set(['and', 'or', 'not', 'of', 'all', 'them', 'condition']);
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter((n) => !CONDITION_WORDS.has(n));
    const field = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.]{0,10}$/);
    const value = fc.string({
      unit: fc.constantFrom('a', 'b', '\\', '*', '?', ' ', '%', ':', '#', "'", '-'),
    });
    const search = fc.dictionary(field, fc.array(value, { minLength: 1, maxLength: 3 }), {
      minKeys: 1,
      maxKeys: 4,
    });
    fc.assert(
      fc.property(fc.dictionary(name, search, { minKeys: 1, maxKeys: 4 }), (searches) => {
        const names = Object.keys(searches);
        fc.pre(names.length > 0);
        const detection = { ...searches, condition: names.join(' or ') };
        const text = stringify({ title: 'generated', logsource: { product: 'p' }, detection });
        const r = parseSigmaDocument(text, 'gen.yml');
        expect(r.errors.map((e) => e.message)).toEqual([]);
        const rule = r.rules[0];
        expect(rule?.detection.condition).toEqual([
          names.length === 1
            ? { kind: 'search', name: names[0] }
            : { kind: 'or', operands: names.map((n) => ({ kind: 'search', name: n })) },
        ]);
        for (const n of names) {
          const s = rule?.detection.searches.get(n);
          const got = s?.kind === 'maps' ? s.maps[0]?.map((i) => [i.field, i.values]) : undefined;
          const want = Object.entries(searches[n] ?? {}).map(([f, vs]) => [
            f,
            vs.map((v) => ({ kind: 'string', parts: parseSigmaString(v) })),
          ]);
          expect(got).toEqual(want);
        }
      }),
      runs,
    );
  });
});
