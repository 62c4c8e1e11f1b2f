import { describe, expect, it } from 'vitest';
import { BadRequestError } from './errors.ts';
import { parseTimeExpression, resolveTimeRange } from './time-range.ts';

const now = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('time ranges', () => {
  it.each([
    ['now', now],
    ['now-15m', now - 15 * 60_000],
    ['-24h', now - 86_400_000],
    ['7d', now - 7 * 86_400_000],
    ['now+1h', now + 3_600_000],
    ['now/d', Date.UTC(2026, 10, 22)],
    ['2026-11-01T00:00:00Z', Date.UTC(2026, 10, 1)],
    ['1763812800', 1763812800000],
  ])('reads %s', (text, expected) => {
    expect(parseTimeExpression(text, now)).toBe(expected);
  });

  it('defaults to the last 24 hours and checks the order', () => {
    expect(resolveTimeRange(undefined, undefined, now)).toEqual({
      from: '2026-11-21T12:00:00.000Z',
      to: '2026-11-22T12:00:00.000Z',
    });
    expect(() => resolveTimeRange('now', 'now-1h', now)).toThrow(/must be before/);
    expect(() => resolveTimeRange('last tuesday', undefined, now)).toThrow(BadRequestError);
  });
});
