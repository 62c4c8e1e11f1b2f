import { describe, expect, it } from 'vitest';
import { breachClocks } from './breach-clock.ts';

const T0 = '2030-01-01T00:00:00.000Z';
const hours = (h: number) => new Date(Date.parse(T0) + h * 3_600_000);
const base = {
  personalData: true,
  regulations: ['gdpr', 'hipaa'],
  awareAt: null,
  createdAt: T0,
  notifiedAt: null,
};

describe('breach-notification clocks', () => {
  it('run only for cases flagged personal_data, one per regulation named', () => {
    expect(breachClocks({ ...base, personalData: false }, hours(1))).toEqual([]);
    expect(
      breachClocks({ ...base, regulations: ['gdpr', 'ccpa'] }, hours(1)).map((c) => c.regulation),
    ).toEqual(['gdpr']);
    expect(breachClocks({ ...base, regulations: ['HIPAA'] }, hours(1)).map((c) => c.regulation)).toEqual([
      'hipaa',
    ]);
  });

  it('start when the case was flagged (its creation) when aware_at is not set: GDPR 72 h, HIPAA 60 days', () => {
    const [gdpr, hipaa] = breachClocks(base, hours(10));
    expect(gdpr).toMatchObject({
      regulation: 'gdpr',
      awareAt: T0,
      deadline: hours(72).toISOString(),
      status: 'running',
      remainingMs: 62 * 3_600_000,
    });
    expect(hipaa).toMatchObject({
      regulation: 'hipaa',
      deadline: hours(60 * 24).toISOString(),
      status: 'running',
    });
  });

  it('start at aware_at when set', () => {
    const [gdpr] = breachClocks(
      { ...base, regulations: ['gdpr'], awareAt: hours(-24).toISOString() },
      hours(10),
    );
    expect(gdpr).toMatchObject({ deadline: hours(48).toISOString(), remainingMs: 38 * 3_600_000 });
  });

  it('are overdue past the deadline, and stop at notified_at: met in time, or overdue when late', () => {
    expect(breachClocks({ ...base, regulations: ['gdpr'] }, hours(73))[0]).toMatchObject({
      status: 'overdue',
      remainingMs: -3_600_000,
    });
    const notified = { ...base, regulations: ['gdpr'], notifiedAt: hours(70).toISOString() };
    expect(breachClocks(notified, hours(500))[0]).toMatchObject({
      status: 'met',
      remainingMs: 2 * 3_600_000,
    });
    const late = { ...base, regulations: ['gdpr'], notifiedAt: hours(80).toISOString() };
    expect(breachClocks(late, hours(500))[0]).toMatchObject({
      status: 'overdue',
      notifiedAt: hours(80).toISOString(),
      remainingMs: -8 * 3_600_000,
    });
  });
});
