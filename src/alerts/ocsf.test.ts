import { describe, expect, it } from 'vitest';
import { attacksOf, type OcsfAlertInput, severityId, statusId, toDetectionFinding } from './ocsf.ts';

const alert = (over: Partial<OcsfAlertInput> = {}): OcsfAlertInput => ({
  id: 'al-1',
  tenant: 'acme',
  kind: 'sigma',
  ruleId: 'rule-9',
  title: 'Mimikatz via LSASS access',
  severity: 'high',
  confidence: 0.9,
  tactics: ['credential-access'],
  techniques: ['T1003.001'],
  entities: [
    { type: 'host', value: 'ws-17' },
    { type: 'user', value: 'bob' },
    { type: 'ip', value: '10.0.0.5' },
    { type: 'hash', value: 'a'.repeat(64) },
    { type: 'process', value: 'C:\\Windows\\System32\\rundll32.exe' },
  ],
  source: 'winlog',
  status: 'new',
  verdict: null,
  caseId: null,
  count: 3,
  firstSeen: '2030-01-01T00:00:00.000Z',
  lastSeen: '2030-01-01T00:10:00.000Z',
  createdAt: '2030-01-01T00:00:05.000Z',
  updatedAt: '2030-01-01T00:00:05.000Z',
  closedAt: null,
  ...over,
});

describe('an alert as an OCSF Detection Finding', () => {
  it('carries the class, category, activity and type uids', () => {
    const f = toDetectionFinding(alert());
    expect(f).toMatchObject({
      class_uid: 2004,
      category_uid: 2,
      activity_id: 1,
      activity_name: 'Create',
      type_uid: 200401,
      is_alert: true,
      count: 3,
      message: 'Mimikatz via LSASS access',
    });
    expect(
      toDetectionFinding(alert({ updatedAt: '2030-01-01T01:00:00.000Z', status: 'acknowledged' })),
    ).toMatchObject({ activity_id: 2, type_uid: 200402, time: Date.parse('2030-01-01T01:00:00.000Z') });
    expect(
      toDetectionFinding(
        alert({
          status: 'closed',
          verdict: 'false_positive',
          updatedAt: '2030-01-01T02:00:00.000Z',
          closedAt: '2030-01-01T02:00:00.000Z',
        }),
      ),
    ).toMatchObject({ activity_id: 3, type_uid: 200403, status_id: 3, status: 'Suppressed' });
  });

  it('gives times in epoch milliseconds', () => {
    const f = toDetectionFinding(alert());
    expect(f.time).toBe(Date.parse('2030-01-01T00:00:05.000Z'));
    expect(f.finding_info).toMatchObject({
      uid: 'al-1',
      title: 'Mimikatz via LSASS access',
      created_time: Date.parse('2030-01-01T00:00:05.000Z'),
      first_seen_time: Date.parse('2030-01-01T00:00:00.000Z'),
      last_seen_time: Date.parse('2030-01-01T00:10:00.000Z'),
      analytic: { uid: 'rule-9', name: 'Mimikatz via LSASS access', type_id: 1, type: 'Rule' },
    });
    expect([f.start_time, f.end_time]).toEqual([
      f.finding_info.first_seen_time,
      f.finding_info.last_seen_time,
    ]);
  });

  it('maps severities and triage statuses to OCSF ids', () => {
    expect(
      ['informational', 'low', 'medium', 'high', 'critical', 'odd'].map((s) => severityId(s).id),
    ).toEqual([1, 2, 3, 4, 5, 0]);
    expect(statusId('new', null)).toEqual({ id: 1, name: 'New' });
    for (const s of ['acknowledged', 'in_progress', 'escalated']) expect(statusId(s, null).id).toBe(2);
    expect(statusId('closed', 'true_positive')).toEqual({ id: 4, name: 'Resolved' });
    expect(statusId('closed', 'benign_true_positive').id).toBe(3);
    expect(statusId('closed', 'duplicate').id).toBe(3);
  });

  it('names ATT&CK tactics and techniques, with sub-techniques apart', () => {
    expect(toDetectionFinding(alert()).finding_info.attacks).toEqual([
      {
        tactic: { uid: 'TA0006', name: 'Credential Access' },
        technique: { uid: 'T1003' },
        sub_technique: { uid: 'T1003.001' },
      },
    ]);
    expect(attacksOf(['execution', 'persistence'], ['T1059'])).toEqual([
      { technique: { uid: 'T1059' } },
      { tactic: { uid: 'TA0002', name: 'Execution' } },
      { tactic: { uid: 'TA0003', name: 'Persistence' } },
    ]);
    expect(attacksOf(['impact'], [])).toEqual([{ tactic: { uid: 'TA0040', name: 'Impact' } }]);
    // a tactic whose id Vigil does not know (ATT&CK v18) keeps its short name as the uid
    expect(attacksOf(['stealth', 'evasion'], [])).toEqual([
      { tactic: { uid: 'stealth', name: 'Stealth' } },
      { tactic: { uid: 'TA0103', name: 'Evasion' } },
    ]);
    expect(attacksOf([], [])).toEqual([]);
  });

  it('turns entities into resources, typed evidences and observables', () => {
    const f = toDetectionFinding(alert());
    expect(f.resources[0]).toEqual({ uid: 'host:ws-17', name: 'ws-17', type: 'host' });
    expect(f.evidences).toEqual([
      { name: 'host', device: { hostname: 'ws-17', name: 'ws-17', type_id: 0 } },
      { name: 'user', user: { name: 'bob' } },
      { name: 'ip', src_endpoint: { ip: '10.0.0.5' } },
      {
        name: 'hash',
        file: { name: 'a'.repeat(64), type_id: 0, hashes: [{ algorithm_id: 3, value: 'a'.repeat(64) }] },
      },
      {
        name: 'process',
        process: {
          name: 'rundll32.exe',
          file: { name: 'rundll32.exe', path: 'C:\\Windows\\System32\\rundll32.exe', type_id: 1 },
        },
      },
    ]);
    expect(f.observables.map((o) => [o.type_id, o.value])).toEqual([
      [1, 'ws-17'],
      [4, 'bob'],
      [2, '10.0.0.5'],
      [8, 'a'.repeat(64)],
      [9, 'C:\\Windows\\System32\\rundll32.exe'],
    ]);
  });

  it('names the product and schema version, and the tenant', () => {
    expect(toDetectionFinding(alert()).metadata).toMatchObject({
      product: { name: 'Vigil', vendor_name: 'Vigil' },
      version: expect.stringMatching(/^1\.\d+\.\d+$/),
      tenant_uid: 'acme',
    });
    expect(toDetectionFinding(alert()).confidence_id).toBe(3);
    expect(toDetectionFinding(alert({ confidence: 0.5 })).confidence_id).toBe(1);
  });
});
