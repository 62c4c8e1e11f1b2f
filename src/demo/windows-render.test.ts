import { describe, expect, it } from 'vitest';
import { WORKSTATIONS } from './entities.ts';
import { renderEvtx, renderWinlogbeat, type WinEvent } from './windows-render.ts';

const host = WORKSTATIONS[2]!;
const T = Date.UTC(2026, 10, 22, 10, 14, 41, 600);
const ev: WinEvent = {
  time: T,
  host,
  channel: 'sysmon',
  id: 1,
  data: {
    RuleName: '-',
    ProcessId: '4242',
    Image: 'C:\\Windows\\System32\\cmd.exe',
    CommandLine: 'cmd.exe /c whoami',
  },
};

describe('winlogbeat shape', () => {
  it('carries the winlog envelope with string ids and the Sysmon message text', () => {
    const o = JSON.parse(renderWinlogbeat(ev, 77));
    expect(o['@timestamp']).toBe('2026-11-22T10:14:41.600Z');
    expect(o.winlog).toMatchObject({
      channel: 'Microsoft-Windows-Sysmon/Operational',
      provider_name: 'Microsoft-Windows-Sysmon',
      computer_name: 'WS-003.northwind.local',
      event_id: '1',
      record_id: '77',
      event_data: { ProcessId: '4242', CommandLine: 'cmd.exe /c whoami' },
    });
    expect(o.event.code).toBe('1');
    expect(o.host.name).toBe('WS-003');
    expect(o.message).toBe(
      'Process Create:\nRuleName: -\nProcessId: 4242\nImage: C:\\Windows\\System32\\cmd.exe\nCommandLine: cmd.exe /c whoami',
    );
  });

  it('marks failed logons as audit failures', () => {
    const o = JSON.parse(renderWinlogbeat({ ...ev, channel: 'security', id: 4625, data: {} }, 1));
    expect(o.event.outcome).toBe('failure');
    expect(o.winlog.keywords).toEqual(['Audit Failure']);
  });
});

describe('evtx_dump shape', () => {
  it('puts System and EventData under Event, with numbers where the manifest has integers', () => {
    const o = JSON.parse(renderEvtx(ev, 78));
    expect(o.Event.System).toMatchObject({
      EventID: 1,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'WS-003.northwind.local',
      EventRecordID: 78,
      TimeCreated: { '#attributes': { SystemTime: '2026-11-22T10:14:41.6000000Z' } },
    });
    expect(o.Event.EventData).toEqual({
      RuleName: '-',
      ProcessId: 4242,
      Image: 'C:\\Windows\\System32\\cmd.exe',
      CommandLine: 'cmd.exe /c whoami',
    });
  });

  it('refuses an event id it has no metadata for', () => {
    expect(() => renderEvtx({ ...ev, id: 9999 }, 1)).toThrow(/no metadata/);
  });
});
