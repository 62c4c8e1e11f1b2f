import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitConcatenatedJson } from './json-stream.ts';

describe('concatenated JSON splitting (HEC bodies)', () => {
  it('splits adjacent and whitespace-separated objects, respecting strings and nesting', () => {
    const r = splitConcatenatedJson('{"event":"a}{"}{"event":{"x":[1,{"y":"\\"}"}]}}\n  {"event":"c"}\n');
    expect(r).toEqual({
      ok: true,
      pieces: ['{"event":"a}{"}', '{"event":{"x":[1,{"y":"\\"}"}]}}', '{"event":"c"}'],
    });
  });

  it('names the first piece that is not an object', () => {
    expect(splitConcatenatedJson('{"a":1} [1]')).toMatchObject({ ok: false, index: 1 });
    expect(splitConcatenatedJson('{"a":1}{"b":')).toMatchObject({ ok: false, index: 1 });
    expect(splitConcatenatedJson('garbage')).toMatchObject({ ok: false, index: 0 });
  });

  it('property: re-splits any list of serialized objects exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.string(), fc.jsonValue())),
        fc.constantFrom('', '\n', ' \r\n'),
        (objs, sep) => {
          const texts = objs.map((o) => JSON.stringify(o));
          const r = splitConcatenatedJson(texts.join(sep));
          expect(r).toEqual({ ok: true, pieces: texts });
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('property: never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        splitConcatenatedJson(s);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
