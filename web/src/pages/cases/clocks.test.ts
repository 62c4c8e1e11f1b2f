/** Clock texts: what is left, how much overdue, met in time or late; the clocks of a case at a given time. */
import { describe, expect, it } from 'vitest';
import type { CaseRecord, QueueAlert } from '../../api/case-types.ts';
import {
  breachClocksOf,
  breachTone,
  caseClocks,
  DEFAULT_SLA_POLICIES,
  formatDuration,
  pressingClock,
  remainingText,
  slaTone,
} from './clocks.ts';

const MIN = 60_000;
const H = 60 * MIN;

describe('formatDuration', () => {
  it('writes at most two units, padding the smaller one', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(12 * MIN + 5_000)).toBe('12 min 05 s');
    expect(formatDuration(3 * H + 7 * MIN + 59_000)).toBe('3 h 07 min');
    expect(formatDuration(52 * H)).toBe('2 d 4 h');
    expect(formatDuration(-(90 * MIN))).toBe('1 h 30 min');
  });
});

describe('remainingText', () => {
  it('reads a running clock as time left or overdue', () => {
    expect(remainingText(2 * H, false)).toBe('2 h 00 min left');
    expect(remainingText(-(12 * MIN + 5_000), false)).toBe('overdue by 12 min 05 s');
  });
  it('reads a stopped clock as met with time to spare, or met late', () => {
    expect(remainingText(30 * MIN, true)).toBe('met with 30 min 00 s to spare');
    expect(remainingText(-5 * MIN, true)).toBe('met 5 min 00 s late');
  });
});

const base: CaseRecord = {
  id: 'c1',
  tenant: 'default',
  number: 7,
  seq: 1,
  title: 'Ransomware on FILESRV-02',
  description: '',
  severity: 'high',
  tlp: 'amber',
  incidentType: 'ransomware',
  status: 'open',
  phase: 'containment',
  resolution: null,
  assignee: null,
  tags: [],
  personalData: false,
  regulations: [],
  awareAt: null,
  notifiedAt: null,
  mergedInto: null,
  createdBy: 'alice',
  createdAt: '2026-01-05T10:00:00.000Z',
  updatedAt: '2026-01-05T10:00:00.000Z',
  containedAt: null,
  resolvedAt: null,
  closedAt: null,
  version: 1,
};

describe('caseClocks', () => {
  it('runs contain and resolve from creation by the severity policy, and the first alert’s acknowledge clock', () => {
    const now = new Date('2026-01-05T16:30:00.000Z'); // 6.5 h in
    const alerts: QueueAlert[] = [
      {
        id: 'a2',
        title: 'later',
        severity: 'high',
        status: 'escalated',
        verdict: null,
        createdAt: '2026-01-05T09:50:00.000Z',
        acknowledgedAt: '2026-01-05T10:00:00.000Z',
        closedAt: null,
        version: 2,
      },
      {
        id: 'a1',
        title: 'first',
        severity: 'high',
        status: 'escalated',
        verdict: null,
        createdAt: '2026-01-05T09:00:00.000Z',
        acknowledgedAt: '2026-01-05T09:45:00.000Z',
        closedAt: null,
        version: 2,
      },
    ];
    const k = caseClocks(base, DEFAULT_SLA_POLICIES, alerts, now);
    // high: acknowledge 30 min, contain 8 h, resolve 3 d.
    expect(k.acknowledge).toMatchObject({ startedAt: '2026-01-05T09:00:00.000Z', breached: true });
    expect(slaTone(k.acknowledge!)).toBe('met_late');
    expect(remainingText(k.acknowledge!.remainingMs, true)).toBe('met 15 min 00 s late');
    expect(k.contain).toMatchObject({
      dueAt: '2026-01-05T18:00:00.000Z',
      remainingMs: 1.5 * H,
      status: 'at_risk',
    });
    expect(slaTone(k.contain)).toBe('at_risk');
    expect(k.resolve.remainingMs).toBe(65.5 * H);
    expect(remainingText(k.contain.remainingMs, false)).toBe('1 h 30 min left');
    expect(slaTone(k.resolve)).toBe('running');
    expect(k.breach).toEqual([]);
  });

  it('has no acknowledge clock without alerts; a card shows the running clock with the least time left', () => {
    const now = new Date('2026-01-05T19:00:00.000Z');
    expect(caseClocks(base, DEFAULT_SLA_POLICIES, [], now).acknowledge).toBeNull();
    const clock = pressingClock(base, DEFAULT_SLA_POLICIES, now);
    expect(clock).toMatchObject({ target: 'contain', status: 'breached' });
    expect(remainingText(clock!.remainingMs, false)).toBe('overdue by 1 h 00 min');
    // Contained in time: the resolve clock is what is left to watch.
    const contained = { ...base, containedAt: '2026-01-05T12:00:00.000Z' };
    expect(pressingClock(contained, DEFAULT_SLA_POLICIES, now)?.target).toBe('resolve');
    // Closed in time: nothing pressing.
    const closed = { ...contained, status: 'closed' as const, closedAt: '2026-01-05T13:00:00.000Z' };
    expect(pressingClock(closed, DEFAULT_SLA_POLICIES, now)).toBeNull();
  });

  it('runs GDPR (72 h) and HIPAA (60 d) clocks from aware-at until notified, when personal data is flagged', () => {
    const flagged = {
      ...base,
      personalData: true,
      regulations: ['gdpr', 'hipaa'],
      awareAt: '2026-01-05T12:00:00.000Z',
    };
    const now = new Date('2026-01-08T13:00:00.000Z'); // 73 h after aware-at
    const [gdpr, hipaa] = breachClocksOf(flagged, now);
    expect(gdpr).toMatchObject({
      regulation: 'gdpr',
      deadline: '2026-01-08T12:00:00.000Z',
      status: 'overdue',
    });
    expect(breachTone(gdpr!)).toBe('breached');
    expect(remainingText(gdpr!.remainingMs, false)).toBe('overdue by 1 h 00 min');
    expect(hipaa).toMatchObject({ regulation: 'hipaa', status: 'running' });
    expect(breachTone(hipaa!)).toBe('running');
    const notified = breachClocksOf({ ...flagged, notifiedAt: '2026-01-07T12:00:00.000Z' }, now);
    expect(notified.map(breachTone)).toEqual(['met', 'met']);
    expect(remainingText(notified[0]!.remainingMs, true)).toBe('met with 1 d 0 h to spare');
    expect(breachClocksOf({ ...flagged, personalData: false }, now)).toEqual([]);
  });
});
