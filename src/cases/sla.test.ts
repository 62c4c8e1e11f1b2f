import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alertSla,
  caseSla,
  DEFAULT_SLA_POLICIES,
  effectivePolicies,
  policyFor,
  SEVERITIES,
  slaClock,
  slaPolicyProblem,
} from './sla.ts';

const T0 = '2030-01-01T00:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();
const defaults = effectivePolicies([]);

describe('SLA policies', () => {
  it('default to the table of docs/workflow.md', () => {
    expect(DEFAULT_SLA_POLICIES.critical).toEqual({
      acknowledgeMinutes: 15,
      containMinutes: 240,
      resolveMinutes: 1440,
    });
    expect(DEFAULT_SLA_POLICIES.high).toEqual({
      acknowledgeMinutes: 30,
      containMinutes: 480,
      resolveMinutes: 4320,
    });
    expect(DEFAULT_SLA_POLICIES.medium).toEqual({
      acknowledgeMinutes: 240,
      containMinutes: 1440,
      resolveMinutes: 10080,
    });
    expect(DEFAULT_SLA_POLICIES.low).toEqual({
      acknowledgeMinutes: 1440,
      containMinutes: 4320,
      resolveMinutes: 43200,
    });
    expect(DEFAULT_SLA_POLICIES.informational).toEqual({
      acknowledgeMinutes: 4320,
      containMinutes: 10080,
      resolveMinutes: 129600,
    });
  });

  it("take a tenant's override per severity and keep the other defaults", () => {
    const p = effectivePolicies([
      { severity: 'high', acknowledgeMinutes: 10, containMinutes: 60, resolveMinutes: 600, updatedAt: T0 },
    ]);
    expect(p.high).toEqual({
      severity: 'high',
      acknowledgeMinutes: 10,
      containMinutes: 60,
      resolveMinutes: 600,
      source: 'tenant',
      updatedAt: T0,
    });
    expect(p.critical).toMatchObject({
      ...DEFAULT_SLA_POLICIES.critical,
      source: 'default',
      updatedAt: null,
    });
    expect(Object.keys(p).sort()).toEqual([...SEVERITIES].sort());
  });

  it('read an unknown severity as medium (alerts default to medium)', () => {
    expect(policyFor(defaults, 'bogus')).toBe(defaults.medium);
  });

  it('refuse non-whole, out-of-range minutes and containment after resolution', () => {
    expect(
      slaPolicyProblem({ acknowledgeMinutes: 15, containMinutes: 240, resolveMinutes: 1440 }),
    ).toBeNull();
    expect(slaPolicyProblem({ acknowledgeMinutes: 0, containMinutes: 240, resolveMinutes: 1440 })).toMatch(
      /acknowledgeMinutes must be a whole number of minutes from 1/,
    );
    expect(slaPolicyProblem({ acknowledgeMinutes: 1.5, containMinutes: 240, resolveMinutes: 1440 })).toMatch(
      /whole/,
    );
    expect(
      slaPolicyProblem({ acknowledgeMinutes: 1, containMinutes: 600_000, resolveMinutes: 600_000 }),
    ).toMatch(/containMinutes/);
    expect(slaPolicyProblem({ acknowledgeMinutes: 1, containMinutes: 500, resolveMinutes: 100 })).toMatch(
      /must not exceed resolveMinutes/,
    );
  });
});

describe('an SLA clock', () => {
  it('runs, is at risk in its last quarter, and is breached once past due', () => {
    expect(slaClock('acknowledge', 60, T0, null, at(10))).toMatchObject({
      status: 'running',
      breached: false,
      dueAt: iso(60),
      remainingMs: 50 * 60_000,
    });
    expect(slaClock('acknowledge', 60, T0, null, at(46)).status).toBe('at_risk');
    expect(slaClock('acknowledge', 60, T0, null, at(61))).toMatchObject({
      status: 'breached',
      breached: true,
      stoppedAt: null,
      remainingMs: -60_000,
    });
  });

  it('stops when met: met in time stays met forever, met late stays breached', () => {
    const met = slaClock('acknowledge', 60, T0, iso(20), at(10_000));
    expect(met).toMatchObject({
      status: 'met',
      breached: false,
      stoppedAt: iso(20),
      remainingMs: 40 * 60_000,
    });
    const late = slaClock('acknowledge', 60, T0, iso(90), at(10_000));
    expect(late).toMatchObject({ status: 'breached', breached: true, remainingMs: -30 * 60_000 });
  });

  it('is never both met and breached, and its remaining time does not depend on now once stopped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.option(fc.integer({ min: 0, max: 20_000 })),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        (minutes, stop, now1, now2) => {
          const stopped = stop === null ? null : iso(stop);
          const a = slaClock('resolve', minutes, T0, stopped, at(now1));
          const b = slaClock('resolve', minutes, T0, stopped, at(now2));
          expect(a.status === 'met' && a.breached).toBe(false);
          expect(a.breached).toBe(a.remainingMs < 0);
          if (stopped !== null) expect(a).toEqual(b);
        },
      ),
    );
  });
});

describe('alert and case clocks', () => {
  it("an alert's acknowledge clock stops at acknowledged_at, or at closing", () => {
    const acked = alertSla(
      { severity: 'critical', createdAt: T0, acknowledgedAt: iso(5), closedAt: null },
      defaults,
      at(60),
    );
    expect(acked).toMatchObject({ target: 'acknowledge', minutes: 15, status: 'met' });
    const closed = alertSla(
      { severity: 'critical', createdAt: T0, acknowledgedAt: null, closedAt: iso(20) },
      defaults,
      at(60),
    );
    expect(closed).toMatchObject({ status: 'breached', stoppedAt: iso(20) });
    const open = alertSla(
      { severity: 'critical', createdAt: T0, acknowledgedAt: null, closedAt: null },
      defaults,
      at(16),
    );
    expect(open).toMatchObject({ status: 'breached', stoppedAt: null });
  });

  it("a case's contain and resolve clocks use its severity's policy", () => {
    const c = { severity: 'high', createdAt: T0, containedAt: iso(300), resolvedAt: null, closedAt: null };
    const sla = caseSla(c, defaults, at(600));
    expect(sla.contain).toMatchObject({ target: 'contain', minutes: 480, status: 'met' });
    expect(sla.resolve).toMatchObject({
      target: 'resolve',
      minutes: 4320,
      status: 'running',
      stoppedAt: null,
    });
  });

  it('a case closed without containment stops its containment clock (a false positive needs none)', () => {
    const c = { severity: 'critical', createdAt: T0, containedAt: null, resolvedAt: null, closedAt: iso(30) };
    const sla = caseSla(c, defaults, at(10_000));
    expect(sla.contain).toMatchObject({ status: 'met', stoppedAt: iso(30) });
    expect(sla.resolve).toMatchObject({ status: 'met', stoppedAt: iso(30) });
  });

  it('a case left open past its targets is breached on both', () => {
    const c = { severity: 'critical', createdAt: T0, containedAt: null, resolvedAt: null, closedAt: null };
    const sla = caseSla(c, defaults, at(1441));
    expect([sla.contain.status, sla.resolve.status]).toEqual(['breached', 'breached']);
  });
});
