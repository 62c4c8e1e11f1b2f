/**
 * The SQL readings of an element against the matcher's own functions (`detect/engine/scalar.ts`
 * and `re2`), evaluated by DuckDB over random values: string forms of JSON numbers, numbers read
 * from text, time parts of timestamps, and regular expressions with their flags.
 */
import { DuckDBInstance, listValue } from '@duckdb/node-api';
import fc from 'fast-check';
import RE2 from 're2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as scalar from '../../../detect/engine/scalar.ts';
import { type Frag, raw } from '../sql.ts';
import { stringForm } from './elements.ts';
import { lowerJs } from './lower.ts';
import { regexPred, sqlRegex, translateRegex } from './patterns.ts';
import { numberForm, TIME_PARTS, timePart } from './time.ts';

const runs = { numRuns: Number(process.env.FUZZ_RUNS ?? 100) };

let instance: DuckDBInstance;
/** `expr` (over the JSON value `e`) for each value, in order. */
let evalOver: (expr: Frag, values: unknown[]) => Promise<unknown[]>;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  evalOver = async (expr, values) => {
    const rows = (
      await conn.runAndReadAll(
        `SELECT ${expr.text} FROM (SELECT CAST(j AS JSON) AS e, k FROM unnest(?::VARCHAR[]) WITH ORDINALITY AS t(j, k)) ORDER BY k`,
        [...expr.params, listValue(values.map((v) => JSON.stringify(v)))],
      )
    ).getRows();
    return rows.map((r) => r[0]);
  };
});
afterAll(() => instance.closeSync());

const e = raw('e');
const double = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(1e21, -1e21, 1e-7, 123e-20, 2 ** 63, 2 ** 64, 0.1, 100, -0),
);
const WS = [' ', '\t', '\n', '\u000b', '\u00a0', '\u2028', '\ufeff', '\u3000'];
const numericText = fc.oneof(
  fc
    .array(fc.constantFrom('1', '0', '9', '.', '-', '+', 'e', 'E', '5', 'x', ...WS), { maxLength: 8 })
    .map((p) => p.join('')),
  fc.constantFrom(
    '1e400',
    '-1e400',
    ' +1e999\u00a0',
    '1e-400',
    '-0',
    '.5',
    '5.',
    '+.5e1',
    '0x10',
    '1_000',
    'Infinity',
  ),
);
const isoText = fc
  .tuple(
    fc.constantFrom('2026', '0099', '0000', '1970', '9999', '1900', '2024'),
    fc.constantFrom('01', '02', '12', '13', '00', '1'),
    fc.constantFrom('01', '29', '30', '31', '32', '00'),
    fc.option(
      fc.tuple(
        fc.constantFrom('T', ' ', 't'),
        fc.constantFrom('00', '23', '24'),
        fc.constantFrom('00', '59', '60'),
      ),
    ),
    fc.option(fc.constantFrom(':00', ':59', ':60', ':61', ':30.123456789', ':30,5', ':30.1234567890')),
    fc.constantFrom('', 'Z', 'z', '+02:00', '-0530', '+23', '+24:00', '-01:60', ' Z', '\u00a0+01:00'),
    fc.constantFrom('', ' ', '\u2028'),
  )
  .map(([y, m, d, t, s, z, w]) => `${w}${y}-${m}-${d}${t ? `${t[0]}${t[1]}:${t[2]}${s ?? ''}` : ''}${z}${w}`);

describe('element readings in SQL', () => {
  it('property: string forms of numbers, booleans and strings are JavaScript’s', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(double, fc.boolean(), fc.string()), { minLength: 1 }),
        async (values) => {
          const got = await evalOver(stringForm(e), values);
          expect(got).toEqual(values.map((v) => scalar.stringForm(JSON.parse(JSON.stringify(v)))));
        },
      ),
      runs,
    );
  });

  it('property: numbers read from numbers and text as numberForm reads them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(numericText, double, fc.boolean()), { minLength: 1 }),
        async (values) => {
          const got = await evalOver(numberForm(e), values);
          expect(got).toEqual(values.map((v) => scalar.numberForm(JSON.parse(JSON.stringify(v)))));
        },
      ),
      runs,
    );
  });

  it('property: time parts of ISO text and epoch numbers as timePart reads them', async () => {
    const epoch = fc.oneof(
      fc.integer({ min: -10, max: 2 ** 40 }),
      fc.double({ min: 0, max: 9e15, noNaN: true }),
      fc.constantFrom(1e11 - 1, 1e11, 8.64e15, 8.64e15 + 1, 1_700_000_000.9999),
    );
    for (const part of TIME_PARTS) {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(isoText, epoch), { minLength: 1, maxLength: 30 }),
          async (values) => {
            const got = (await evalOver(timePart(e, part), values)).map((v) =>
              v === null ? null : Number(v),
            );
            const want = values.map((v) => {
              const p = scalar.timePart(v, part);
              return p === null || Number.isNaN(p) ? null : p;
            });
            expect(values.map((v, i) => [v, got[i]])).toEqual(values.map((v, i) => [v, want[i]]));
          },
        ),
        { numRuns: Math.ceil(runs.numRuns / 3) },
      );
    }
  });
});

describe('lower-casing', () => {
  it('property: lowerJs is JavaScript’s toLowerCase (final sigma, dotted capital I)', async () => {
    const chars = ['Σ', 'σ', 'ς', 'Α', 'ά', 'İ', 'I', 'i', 'K', '\u212a', 'a', 'Z', ' ', "'", '.', '’', '1'];
    const special = ['\u0301', '\u00ad', 'ʰ', 'ª', 'Ⓐ', 'ⅰ', '\u05f4', '˅', '😀', 'Ǆ'];
    const text = fc.array(fc.constantFrom(...chars, ...special), { maxLength: 8 }).map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 20 }), async (texts) => {
        const got = await evalOver(lowerJs(raw("json_extract_string(e, '$')")), texts);
        expect(texts.map((t, k) => [t, got[k]])).toEqual(texts.map((t) => [t, t.toLowerCase()]));
      }),
      runs,
    );
  });
});

describe('regular expressions', () => {
  it('translates JavaScript syntax as re2 does', () => {
    expect(translateRegex('\\u0041\\u{1F600}\\cJ\\p{Letter}\\P{Script=Greek}(?<n>a)(?<=b)a/b\\d')).toBe(
      '\\x{0041}\\x{1F600}\\x0A\\pL\\P{Greek}(?P<n>a)(?<=b)a\\/b\\d',
    );
    expect(translateRegex('')).toBe('(?:)');
    expect(sqlRegex('^a.b$', { i: true, m: true, s: true })).toBe('(?ims)^a.b$');
    expect(sqlRegex('', { i: false, m: true, s: false })).toBe('(?:)');
  });

  it('property: DuckDB finds what re2 finds, with the i, m and s flags', async () => {
    const PATTERNS = [
      '^a',
      'b$',
      'a.b',
      '^b$',
      'A+',
      '\\u0062',
      '[a-c]{2}',
      '(?<x>a)b',
      'a/b',
      '\\w\\s',
      '.',
      '^$',
      '',
    ];
    const text = fc
      .array(fc.constantFrom('a', 'b', 'A', '\n', '/', ' ', 'é'), { maxLength: 6 })
      .map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PATTERNS),
        fc.record({ i: fc.boolean(), m: fc.boolean(), s: fc.boolean() }),
        fc.array(text, { minLength: 1, maxLength: 10 }),
        async (pattern, flags, texts) => {
          const re = new RE2(pattern, `${flags.i ? 'i' : ''}${flags.m ? 'm' : ''}${flags.s ? 's' : ''}`);
          const got = await evalOver(
            regexPred(sqlRegex(pattern, flags))(raw("json_extract_string(e, '$')")),
            texts,
          );
          expect(texts.map((t, k) => [t, got[k]])).toEqual(texts.map((t) => [t, re.test(t)]));
        },
      ),
      runs,
    );
  });
});
