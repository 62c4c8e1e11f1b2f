import { describe, expect, it } from 'vitest';
import { addedScore, alertRiskTotal, decayedScore, riskContribution, withdrawnScore } from './risk.ts';

const T0 = new Date('2026-11-20T00:00:00.000Z');
const hoursLater = (h: number) => new Date(T0.getTime() + h * 3_600_000);

describe('entity risk', () => {
  it('adds points × confidence for an alert, 10% of that for a grouped repeat', () => {
    expect(riskContribution('high', 0.75, false)).toBe(30);
    expect(riskContribution('high', 0.75, true)).toBeCloseTo(3);
    expect(riskContribution('critical', 0.9, false)).toBeCloseTo(72);
    expect(alertRiskTotal('high', 0.75, 3)).toBeCloseTo(36);
  });

  it('halves every half-life and never grows from a future time', () => {
    expect(decayedScore(100, T0.toISOString(), hoursLater(72), 72)).toBeCloseTo(50);
    expect(decayedScore(100, T0.toISOString(), hoursLater(144), 72)).toBeCloseTo(25);
    expect(decayedScore(100, hoursLater(5), T0, 72)).toBe(100);
  });

  it('adds to the decayed score', () => {
    expect(addedScore(null, 15, T0, 72)).toBe(15);
    expect(addedScore({ score: 40, scoredAt: T0.toISOString() }, 10, hoursLater(24), 24)).toBeCloseTo(30);
  });

  it('withdraws the decayed contribution of an alert, never below 0', () => {
    const alert = { severity: 'high' as const, confidence: 0.75, count: 1, createdAt: T0.toISOString() };
    // The entity had 30 from this alert and 20 from another, both at T0; a half-life later: 25 − 15.
    expect(withdrawnScore({ score: 50, scoredAt: T0.toISOString() }, alert, hoursLater(10), 10)).toBeCloseTo(
      10,
    );
    expect(withdrawnScore({ score: 5, scoredAt: T0.toISOString() }, alert, hoursLater(1), 10)).toBe(0);
  });
});
