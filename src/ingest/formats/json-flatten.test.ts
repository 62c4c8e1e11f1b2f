import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../core/event.ts';
import {
  flattenInto,
  flattenJson,
  MAX_FLATTEN_DEPTH,
  MAX_FLATTEN_FIELDS,
  newBudget,
} from './json-flatten.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 300);

function isFieldValue(v: unknown): v is FieldValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  return Array.isArray(v) && v.every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x));
}

describe('flattenJson', () => {
  it('turns nested objects into dotted keys and keeps scalars as they are', () => {
    const { fields, dropped } = flattenJson({
      source: { ip: '10.0.0.1', port: 443, geo: { country_iso_code: 'DE' } },
      ok: true,
      nothing: null,
      n: 1.5,
    });
    expect(dropped).toBe(0);
    expect(fields).toEqual({
      'source.ip': '10.0.0.1',
      'source.port': 443,
      'source.geo.country_iso_code': 'DE',
      ok: true,
      nothing: null,
      n: 1.5,
    });
  });

  it('keeps arrays of scalars as arrays and arrays holding objects or arrays as JSON text', () => {
    const { fields } = flattenJson({
      tags: ['a', 'b'],
      mixed: [1, 'x', null, false],
      empty: [],
      resources: [{ ARN: 'arn:aws:s3:::b', type: 'AWS::S3::Bucket' }],
      matrix: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(fields).toEqual({
      tags: ['a', 'b'],
      mixed: [1, 'x', null, false],
      empty: [],
      resources: '[{"ARN":"arn:aws:s3:::b","type":"AWS::S3::Bucket"}]',
      matrix: '[[1,2],[3,4]]',
    });
  });

  it('copies arrays, so changing the event does not change the input', () => {
    const input = { tags: ['a'] };
    const { fields } = flattenJson(input);
    (fields.tags as string[]).push('b');
    expect(input.tags).toEqual(['a']);
  });

  it('drops empty objects and keeps already-dotted keys as written', () => {
    expect(flattenJson({ a: {}, 'id.orig_h': '10.0.0.1', id: { resp_h: '10.0.0.2' } }).fields).toEqual({
      'id.orig_h': '10.0.0.1',
      'id.resp_h': '10.0.0.2',
    });
  });

  it('lets the later of two paths with the same name win', () => {
    expect(flattenJson({ 'a.b': 1, a: { b: 2 } }).fields).toEqual({ 'a.b': 2 });
  });

  it('keeps a __proto__ key as an ordinary field without touching the prototype', () => {
    const { fields } = flattenJson(JSON.parse('{"__proto__":{"polluted":1},"x":1}'));
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.keys(fields).sort()).toEqual(['__proto__.polluted', 'x']);
    const top = flattenJson(JSON.parse('{"__proto__":"text"}')).fields;
    expect(Object.getPrototypeOf(top)).toBe(Object.prototype);
    expect(Object.hasOwn(top, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(top, '__proto__')?.value).toBe('text');
  });

  it(`keeps objects nested deeper than ${MAX_FLATTEN_DEPTH} levels as JSON text`, () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < MAX_FLATTEN_DEPTH + 5; i++) deep = { k: deep };
    const { fields } = flattenJson(deep);
    const keys = Object.keys(fields);
    expect(keys).toHaveLength(1);
    const key = keys[0] ?? '';
    expect(key.split('.')).toHaveLength(MAX_FLATTEN_DEPTH);
    expect(JSON.parse(String(fields[key]))).toEqual({ k: { k: { k: { k: { k: { leaf: 1 } } } } } });
  });

  it(`writes at most ${MAX_FLATTEN_FIELDS} fields and counts the rest as dropped`, () => {
    const big: Record<string, number> = {};
    for (let i = 0; i < MAX_FLATTEN_FIELDS + 25; i++) big[`f${i}`] = i;
    const { fields, dropped } = flattenJson(big);
    expect(Object.keys(fields)).toHaveLength(MAX_FLATTEN_FIELDS);
    expect(dropped).toBe(25);
    expect(fields.f0).toBe(0);
    expect(fields[`f${MAX_FLATTEN_FIELDS}`]).toBeUndefined();
  });

  it('flattens under a prefix and shares one budget between calls', () => {
    const out = {};
    const budget = newBudget();
    flattenInto(out, 'zeek.conn', { 'id.orig_h': '10.0.0.1', history: 'ShADad' }, budget);
    flattenInto(out, 'labels', { env: 'prod' }, budget);
    expect(out).toEqual({
      'zeek.conn.id.orig_h': '10.0.0.1',
      'zeek.conn.history': 'ShADad',
      'labels.env': 'prod',
    });
    expect(budget).toEqual({ written: 3, dropped: 0 });
  });

  it('property: any JSON object flattens to scalar or scalar-array fields without throwing', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
        const { fields, dropped } = flattenJson(o);
        expect(dropped).toBeGreaterThanOrEqual(0);
        expect(Object.keys(fields).length).toBeLessThanOrEqual(MAX_FLATTEN_FIELDS);
        for (const k of Object.keys(fields)) expect(isFieldValue(fields[k])).toBe(true);
      }),
      { numRuns: runs },
    );
  });

  it('property: every scalar leaf of a small document can be found under its dotted path', () => {
    const key = fc.stringMatching(/^[a-z]{1,6}$/);
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const doc = fc.letrec((tie) => ({
      node: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, tie('node')), { maxKeys: 4 }),
    })).node as fc.Arbitrary<Record<string, unknown>>;
    fc.assert(
      fc.property(doc, (o) => {
        const { fields } = flattenJson(o);
        const walk = (v: unknown, path: string): void => {
          if (v !== null && typeof v === 'object') {
            for (const [k, c] of Object.entries(v)) walk(c, path === '' ? k : `${path}.${k}`);
          } else {
            expect(fields[path]).toBe(v);
          }
        };
        walk(o, '');
      }),
      { numRuns: runs },
    );
  });
});
