/** Closing needs a verdict; a duplicate names its original, which is none of the alerts being closed. */
import { describe, expect, it } from 'vitest';
import { alertIdOf, checkClose } from './verdict.ts';

describe('checkClose', () => {
  it('refuses to close without a verdict', () => {
    expect(checkClose({ verdict: null, duplicateOf: '' }, ['a'])).toEqual({
      ok: false,
      errors: { verdict: expect.stringMatching(/verdict/) },
    });
    expect(checkClose({ verdict: 'maybe', duplicateOf: '' }, ['a']).ok).toBe(false);
  });

  it('closes with a verdict, leaving out an original typed before the verdict changed', () => {
    expect(checkClose({ verdict: 'false_positive', duplicateOf: 'b' }, ['a'])).toEqual({
      ok: true,
      request: { action: 'close', verdict: 'false_positive', duplicateOf: null },
    });
  });

  it('a duplicate needs the original, which may be given as a link, and is not one of those closed', () => {
    expect(checkClose({ verdict: 'duplicate', duplicateOf: '  ' }, ['a'])).toMatchObject({
      ok: false,
      errors: { duplicateOf: expect.stringMatching(/original/) },
    });
    expect(checkClose({ verdict: 'duplicate', duplicateOf: 'a' }, ['a'])).toMatchObject({
      ok: false,
      errors: { duplicateOf: expect.stringMatching(/itself/) },
    });
    expect(checkClose({ verdict: 'duplicate', duplicateOf: 'b' }, ['a', 'b'])).toMatchObject({ ok: false });
    expect(
      checkClose({ verdict: 'duplicate', duplicateOf: 'https://vigil.example/alerts/orig-1?x=1' }, ['a']),
    ).toEqual({ ok: true, request: { action: 'close', verdict: 'duplicate', duplicateOf: 'orig-1' } });
  });

  it('reads an alert id from a link or as given', () => {
    expect(alertIdOf('/alerts/a%20b')).toBe('a b');
    expect(alertIdOf(' abc ')).toBe('abc');
  });
});
