import { describe, expect, it } from 'vitest';
import { parseSamples, samplesPathFor } from './samples.ts';

describe('samples files', () => {
  it('sit beside their rule: X.yml → X.samples.json', () => {
    expect(samplesPathFor('rules/a/whoami.yml')).toBe('rules/a/whoami.samples.json');
    expect(samplesPathFor('rules/a/whoami.YAML')).toBe('rules/a/whoami.samples.json');
  });

  it('read positive and negative samples; a JSON object raw becomes its JSON text; format defaults to auto', () => {
    const r = parseSamples(
      JSON.stringify({
        positive: [{ format: 'syslog', note: 'sudo', raw: '<85>Jan  5 10:00:00 h sudo: x' }],
        negative: [{ raw: { a: 1 } }, { format: 'windows', raw: '{}', note: 'empty' }],
      }),
    );
    expect(r).toEqual({
      ok: true,
      samples: [
        { kind: 'positive', index: 0, format: 'syslog', note: 'sudo', raw: '<85>Jan  5 10:00:00 h sudo: x' },
        { kind: 'negative', index: 0, format: 'auto', note: 'negative[0]', raw: '{"a":1}' },
        { kind: 'negative', index: 1, format: 'windows', note: 'empty', raw: '{}' },
      ],
    });
  });

  it.each([
    ['{', /^not valid JSON: /],
    ['[]', /must be a JSON object/],
    ['{"positive": [{"raw": "x"}]}', /"negative" must be a non-empty list/],
    ['{"positive": [], "negative": [{"raw": "x"}]}', /"positive" must be a non-empty list/],
    ['{"positive": [{"raw": "x"}], "negative": [{"raw": "x"}], "extra": 1}', /unknown key "extra"/],
    [
      '{"positive": [{"raw": "x", "format": "xml"}], "negative": [{"raw": "x"}]}',
      /positive\[0\]\.format "xml" is not one of auto, json/,
    ],
    [
      '{"positive": [{"raw": 5}], "negative": [{"raw": "x"}]}',
      /positive\[0\]\.raw must be a string or a JSON object/,
    ],
    ['{"positive": ["x"], "negative": [{"raw": "x"}]}', /positive\[0\] must be an object/],
    [
      '{"positive": [{"raw": "x", "note": 1}], "negative": [{"raw": "x"}]}',
      /positive\[0\]\.note must be a string/,
    ],
  ])('refuse %s with the reason', (text, reason) => {
    const r = parseSamples(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});
