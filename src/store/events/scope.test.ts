import { describe, expect, it } from 'vitest';
import { estimateRows } from './scope.ts';

describe('scan estimate', () => {
  it('counts the share of each day inside the range', () => {
    const us = (iso: string) => BigInt(Date.parse(iso)) * 1000n;
    const days = [
      { day: '2026-11-21', rows: 2400 },
      { day: '2026-11-22', rows: 4800 },
    ];
    expect(estimateRows(days, us('2026-11-21T00:00:00Z'), us('2026-11-23T00:00:00Z'))).toBe(7200);
    expect(estimateRows(days, us('2026-11-21T12:00:00Z'), us('2026-11-22T01:00:00Z'))).toBe(1200 + 200);
    expect(estimateRows(days, us('2026-11-23T00:00:00Z'), us('2026-11-24T00:00:00Z'))).toBe(0);
  });
});
