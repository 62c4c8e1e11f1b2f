/** Time ranges: relative and absolute expressions as the server reads them, and how they are described. */
import { describe, expect, it } from 'vitest';
import {
  absoluteRange,
  describeRange,
  expressionError,
  parseRelative,
  relativeFrom,
  resolveRange,
} from './time-range.ts';

const NOW = Date.UTC(2026, 0, 5, 12, 0, 0);

describe('time ranges', () => {
  it('reads relative expressions and writes them back', () => {
    expect(parseRelative('now-15m')).toEqual({ amount: 15, unit: 'm' });
    expect(parseRelative('24h')).toEqual({ amount: 24, unit: 'h' });
    expect(parseRelative('2026-01-05T10:00:00Z')).toBeNull();
    expect(relativeFrom(90, 'm')).toBe('now-90m');
    expect(relativeFrom(0, 'd')).toBe('now-1d');
  });

  it('resolves both ends with the server parser, and refuses a range that ends before it starts', () => {
    expect(resolveRange({ from: 'now-1h', to: 'now' }, NOW)).toEqual({
      ok: true,
      from: NOW - 3_600_000,
      to: NOW,
    });
    expect(resolveRange({ from: '2026-01-05T10:00:00Z', to: '2026-01-05T11:00:00Z' }, NOW)).toMatchObject({
      ok: true,
    });
    expect(resolveRange({ from: 'now', to: 'now-1h' }, NOW)).toEqual({
      ok: false,
      error: 'from must be before to',
    });
    expect(expressionError('yesterday-ish', 'from', NOW)).toMatch(/from "yesterday-ish" is not a time/);
    expect(expressionError('1767607200', 'to', NOW)).toBeNull();
  });

  it('describes ranges in words: quick ones by name, others by amount, absolute ones by their bounds', () => {
    expect(describeRange({ from: 'now-24h', to: 'now' }, NOW)).toBe('Last 24 hours');
    expect(describeRange({ from: 'now-90m', to: 'now' }, NOW)).toBe('Last 90 minutes');
    expect(describeRange({ from: 'now-1w', to: 'now' }, NOW)).toBe('Last week');
    expect(describeRange(absoluteRange(NOW - 7_200_000, NOW), NOW)).toBe(
      '2026-01-05 10:00:00 → 2026-01-05 12:00:00 UTC',
    );
  });
});
