/** Value encodings: base64 offsets (pySigma's), windash variants, the variant limit. */
import { describe, expect, it } from 'vitest';
import { base64Offsets, MAX_VARIANTS, stringPatterns, windashVariants } from './encode.ts';

describe('value encodings', () => {
  it('base64offset gives the three shifted forms pySigma gives', () => {
    // pySigma: `sigma.modifiers.SigmaBase64OffsetModifier` on "/bin/sh"
    expect(base64Offsets(Buffer.from('/bin/sh'))).toEqual(['L2Jpbi9za', '9iaW4vc2', 'vYmluL3No']);
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const encoded = Buffer.from(`${prefix}/bin/sh tail`).toString('base64');
      expect(base64Offsets(Buffer.from('/bin/sh')).some((v) => encoded.includes(v))).toBe(true);
    }
  });

  it('windash varies only dashes that start a flag', () => {
    const v = windashVariants([' -a x-y /b']);
    expect(typeof v).not.toBe('string');
    if (typeof v !== 'string') {
      expect(v).toHaveLength(25);
      expect(v.map((t) => t.join(''))).toContain(' \u2014a x-y -b');
      expect(v.every((t) => t.join('').includes('x-y'))).toBe(true);
    }
  });

  it('refuses values with too many variants', () => {
    const many = Array.from({ length: 8 }, (_, i) => ` -f${i}`).join('');
    expect(5 ** 8).toBeGreaterThan(MAX_VARIANTS);
    const r = stringPatterns([many], ['windash'], false, {});
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/windash gives more than/) });
  });
});
