/** The overview's SOC figures: open alerts, alerts per day by severity, SLA clocks breached and at risk. */
import { describe, expect, it } from 'vitest';
import type { SlaBreaches, SlaClock } from '../../api/alert-types.ts';
import { formatDuration } from '../alerts/alert-format.ts';
import { alertsByDay, openAlerts, slaCounts } from './soc-figures.ts';

const NOW = Date.UTC(2026, 0, 5, 12);

describe('SOC figures', () => {
  it('counts open alerts as new, acknowledged and in progress', () => {
    expect(openAlerts({ new: 2, acknowledged: 1, in_progress: 3, escalated: 5, closed: 9 })).toBe(6);
    expect(openAlerts(undefined)).toBeNull();
  });

  it('counts alerts per UTC day of their first event, by severity, within the window', () => {
    const s = alertsByDay(
      [
        { firstSeen: '2026-01-05T01:00:00Z', severity: 'high' },
        { firstSeen: '2026-01-05T23:00:00Z', severity: 'high' },
        { firstSeen: '2026-01-04T10:00:00Z', severity: 'critical' },
        { firstSeen: '2025-12-01T10:00:00Z', severity: 'low' },
      ],
      NOW,
      7,
    );
    expect(s.days).toHaveLength(7);
    expect(s.days.at(-1)).toBe('2026-01-05');
    expect(s.bySeverity.high.at(-1)).toBe(2);
    expect(s.bySeverity.critical.at(-2)).toBe(1);
    expect(s.total).toBe(3);
  });

  it('splits SLA clocks into breached and at risk', () => {
    const clock = (breached: boolean) => ({ breached }) as SlaClock;
    const b = {
      alerts: [
        { alert: {}, clock: clock(true) },
        { alert: {}, clock: clock(false) },
      ],
      cases: [{ case: {}, clock: clock(true) }],
      breachClocks: [],
      omitted: { alerts: 0, cases: 0, breachClocks: 0 },
      generatedAt: '',
    } satisfies SlaBreaches;
    expect(slaCounts(b)).toEqual({ breached: 2, atRisk: 1 });
  });

  it('writes durations in the largest sensible unit', () => {
    expect([null, 42, 600, 5400, 47_248, 300_000].map(formatDuration)).toEqual([
      '—',
      '42 s',
      '10 min',
      '1.5 h',
      '13 h',
      '3.5 d',
    ]);
  });
});
