import { describe, expect, it } from 'vitest';
import {
  epochToIso,
  isoToMicros,
  millisToIso,
  normalizeTimestamp,
  parseIsoToMillis,
  utcDay,
} from './time.ts';

describe('timestamps', () => {
  it.each([
    ['2026-11-22T16:56:54Z', '2026-11-22T16:56:54.000Z'],
    ['2026-11-22T16:56:54.123456Z', '2026-11-22T16:56:54.123456Z'],
    ['2026-11-22T16:56:54.1+02:00', '2026-11-22T14:56:54.100Z'],
    ['2026-11-22 16:56:54,5-0130', '2026-11-22T18:26:54.500Z'],
    ['2026-11-22', '2026-11-22T00:00:00.000Z'],
    [1763830614, '2025-11-22T16:56:54.000Z'],
    [1763830614123, '2025-11-22T16:56:54.123Z'],
    ['1763830614.5', '2025-11-22T16:56:54.500Z'],
  ])('normalizes %s', (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });

  it.each(['', 'yesterday', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-11-22T25:00:00Z'])(
    'rejects %j',
    (input) => {
      expect(normalizeTimestamp(input)).toBeNull();
    },
  );

  it('reads zone-less time in the assumed offset', () => {
    expect(parseIsoToMillis('2026-01-01T00:00:00', 60)).toBe(Date.UTC(2025, 11, 31, 23, 0, 0));
  });

  it('round-trips microseconds', () => {
    expect(isoToMicros('2026-11-22T16:56:54.123456Z')).toBe(
      BigInt(Date.UTC(2026, 10, 22, 16, 56, 54)) * 1000n + 123456n,
    );
    expect(millisToIso(Date.UTC(2026, 0, 1) + 0.001)).toBe('2026-01-01T00:00:00.000001Z');
    expect(millisToIso(Date.UTC(2026, 0, 1) + 0.9996)).toBe('2026-01-01T00:00:00.001Z');
  });

  it('gives the UTC day', () => {
    expect(utcDay(Date.UTC(2026, 10, 22, 23, 59))).toBe('2026-11-22');
    expect(epochToIso(-1)).toBeNull();
  });
});
