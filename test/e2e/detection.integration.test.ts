/**
 * Detection in the pipeline: a Sigma rule from the data directory's rules folder matches an event
 * sent over HEC, and the detection (rule, event id, matched fields) is stored once and listed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestVigil, type TestVigil, tempDir, waitFor } from '../helpers/vigil.ts';

const RULE = `title: Encoded PowerShell (test rule)
id: 6f1c2a9e-3b7d-4c52-9a0e-1d2f3a4b5c6d
status: test
level: high
tags:
  - attack.execution
  - attack.t1059.001
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\powershell.exe'
    CommandLine|contains: ' -enc '
  condition: selection
`;

function sysmonProcess(commandLine: string, host: string): string {
  return JSON.stringify({
    '@timestamp': new Date().toISOString(),
    host: { name: host },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational',
      provider_name: 'Microsoft-Windows-Sysmon',
      event_id: '1',
      computer_name: host,
      record_id: '4711',
      event_data: {
        Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        CommandLine: commandLine,
        ParentImage: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
        User: 'NORTHWIND\\mreyes',
        ProcessId: '4242',
      },
    },
  });
}

let v: TestVigil;
beforeAll(async () => {
  const dataDir = tempDir();
  mkdirSync(join(dataDir, 'rules'), { recursive: true });
  writeFileSync(join(dataDir, 'rules', 'encoded-powershell.yml'), RULE);
  v = await startTestVigil({ 'detect.starterRules': false }, { dataDir });
});
afterAll(async () => {
  await v?.close();
});

interface Detections {
  items: {
    ruleId: string;
    title: string;
    level: string;
    tags: string[];
    eventIds: string[];
    matched: { field: string; value: unknown }[];
  }[];
}

describe('detection in the pipeline', () => {
  it('stores a detection for a matching event and none for a benign one', async () => {
    const token = await v.token('winlogbeat');
    const body =
      JSON.stringify({
        event: JSON.parse(sysmonProcess('powershell.exe -nop -w hidden -enc SQBFAFgA', 'WS-003')),
      }) +
      JSON.stringify({
        event: JSON.parse(sysmonProcess('powershell.exe -File C:\\scripts\\backup.ps1', 'WS-004')),
      });
    const res = await v.http('/services/collector/event', {
      method: 'POST',
      body,
      headers: { authorization: `Splunk ${token}` },
    });
    expect(res.status).toBe(200);
    const d = await waitFor(
      async () => {
        const r = await v.api<Detections>('/api/v1/detections');
        return r.items.length > 0 ? r : undefined;
      },
      30_000,
      'a detection',
    );
    await waitFor(
      async () =>
        (await v.api<{ count: number }>('/api/v1/events/count?q=host.name:WS-004&from=now-1h&to=now%2B1h'))
          .count === 1,
    );
    const again = await v.api<Detections>('/api/v1/detections');
    expect(again.items).toHaveLength(1);
    const hit = d.items[0]!;
    expect(hit).toMatchObject({
      ruleId: '6f1c2a9e-3b7d-4c52-9a0e-1d2f3a4b5c6d',
      title: 'Encoded PowerShell (test rule)',
      level: 'high',
      tags: ['attack.execution', 'attack.t1059.001'],
    });
    expect(hit.matched.map((m) => m.field).sort()).toEqual([
      'winlog.event_data.CommandLine',
      'winlog.event_data.Image',
    ]);
    const ev = await v.api<{ events: Record<string, unknown>[] }>(
      `/api/v1/events/search?q=${encodeURIComponent('host.name:WS-003')}&from=now-1h&to=now%2B1h`,
    );
    expect(ev.events[0]?.['vigil.id']).toBe(hit.eventIds[0]);
  });
});
