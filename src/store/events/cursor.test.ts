import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../core/errors.ts';
import {
  decodeDeadLetterCursor,
  decodeSearchCursor,
  encodeDeadLetterCursor,
  encodeSearchCursor,
  fingerprint,
} from './cursor.ts';

describe('cursors', () => {
  it('round-trip and stay opaque URL-safe text', () => {
    const c = {
      ts: 1795366614123456n,
      id: 'a-b/c"d',
      from: 1795300000000000n,
      to: 1795400000000000n,
      seq: 42n,
      fp: fingerprint(['q', 'desc']),
    };
    const text = encodeSearchCursor(c);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSearchCursor(text, c.fp)).toEqual(c);
    const d = { received: 5n, id: 'x' };
    expect(decodeDeadLetterCursor(encodeDeadLetterCursor(d))).toEqual(d);
  });

  it('reject garbage, the wrong kind and another query', () => {
    const fp = fingerprint(['q']);
    const text = encodeSearchCursor({ ts: 1n, id: 'a', from: 0n, to: 2n, seq: 1n, fp });
    for (const bad of [
      '',
      '!!!',
      'abc',
      encodeDeadLetterCursor({ received: 1n, id: 'a' }),
      'x'.repeat(3000),
    ]) {
      expect(() => decodeSearchCursor(bad, fp)).toThrow(BadRequestError);
    }
    expect(() => decodeSearchCursor(text, fingerprint(['other']))).toThrow(/different query/);
    expect(() => decodeDeadLetterCursor(text)).toThrow(/invalid cursor/);
    expect(fingerprint(['a', 'b'])).not.toBe(fingerprint(['ab']));
  });
});
