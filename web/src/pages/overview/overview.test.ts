/** The overview's arithmetic: detections per hour and level, top rules, source states. */
import { describe, expect, it } from 'vitest';
import type { Detection } from '../../api/types.ts';
import { detectionsByHour, topRules } from './detections-over-time.ts';
import { sourceNames, sourceState } from './ingest-health.ts';

const NOW = Date.UTC(2026, 0, 5, 12, 30);
const d = (ruleId: string, level: string | null, eventTime: string): Detection => ({
  id: `${ruleId}-${eventTime}`,
  seq: 1,
  kind: 'rule',
  ruleId,
  title: `Title ${ruleId}`,
  level,
  tags: [],
  source: 's',
  eventIds: [],
  eventTime,
  matched: [],
  createdAt: '2026-01-05T12:30:00Z',
});

describe('detectionsByHour', () => {
  it('counts by the hour of the event and by level (no level counts as medium), within the window', () => {
    const s = detectionsByHour(
      [
        d('a', 'high', '2026-01-05T12:10:00Z'),
        d('a', 'high', '2026-01-05T11:59:59Z'),
        d('b', null, '2026-01-05T12:00:00Z'),
        d('c', 'critical', '2026-01-04T12:00:00Z'), // just out of the 24 h window
      ],
      NOW,
      24,
    );
    expect(s.hours).toHaveLength(24);
    expect(s.hours.at(-1)).toBe('2026-01-05T12:00:00.000Z');
    expect(s.byLevel.high.at(-1)).toBe(1);
    expect(s.byLevel.high.at(-2)).toBe(1);
    expect(s.byLevel.medium.at(-1)).toBe(1);
    expect(s.byLevel.critical.reduce((a, b) => a + b, 0)).toBe(0);
    expect(s.total).toBe(3);
  });

  it('ranks the rules that fired most since a time', () => {
    const list = [
      d('a', 'low', '2026-01-05T10:00:00Z'),
      d('b', 'low', '2026-01-05T10:00:00Z'),
      d('b', 'low', '2026-01-05T11:00:00Z'),
    ];
    expect(topRules(list, Date.UTC(2026, 0, 5, 0))).toEqual([
      { ruleId: 'b', title: 'Title b', count: 2 },
      { ruleId: 'a', title: 'Title a', count: 1 },
    ]);
  });
});

describe('ingest health', () => {
  it('calls a source receiving, quiet, silent or never by its last delivery', () => {
    expect(sourceState(new Date(NOW - 60_000).toISOString(), NOW)).toBe('receiving');
    expect(sourceState(new Date(NOW - 3_600_000).toISOString(), NOW)).toBe('quiet');
    expect(sourceState(new Date(NOW - 2 * 86_400_000).toISOString(), NOW)).toBe('silent');
    expect(sourceState(null, NOW)).toBe('never');
    expect(sourceNames(['b', 'a'], ['c', 'a'])).toEqual(['a', 'b', 'c']);
  });
});
