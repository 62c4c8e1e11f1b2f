/**
 * Sigma correlations in the pipeline, across a restart: two of three matching events arrive, Vigil
 * stops and starts again on the same data directory, the third arrives, and the correlation fires
 * with all three events (its window was committed with the batches). A filter from the rules
 * folder keeps the build server out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestVigil, type TestVigil, tempDir, waitFor } from '../helpers/vigil.ts';

const RULE = `title: Whoami run (test rule)
id: 0b7c6f0e-9a53-4a41-8f54-3f9a1e1b2c01
status: test
level: low
logsource: {product: windows, category: process_creation}
detection:
  selection: {Image|endswith: '\\whoami.exe'}
  condition: selection
`;

const CORRELATION = `title: Repeated discovery on one host (test correlation)
id: 9e1f2a3b-4c5d-4e6f-8a7b-1c2d3e4f5a6b
status: test
level: high
tags: [attack.discovery, attack.t1033]
correlation:
  type: event_count
  rules: [0b7c6f0e-9a53-4a41-8f54-3f9a1e1b2c01]
  group-by: [ComputerName]
  timespan: 10m
  condition: {gte: 3}
`;

const FILTER = `title: Not on the build server (test filter)
id: 5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a
logsource: {product: windows, category: process_creation}
filter:
  rules: [0b7c6f0e-9a53-4a41-8f54-3f9a1e1b2c01]
  selection: {ComputerName: BUILD-01}
  condition: not selection
`;

function whoami(host: string, at: Date): string {
  return JSON.stringify({
    event: {
      '@timestamp': at.toISOString(),
      host: { name: host },
      winlog: {
        channel: 'Microsoft-Windows-Sysmon/Operational',
        event_id: '1',
        computer_name: host,
        event_data: { Image: 'C:\\Windows\\System32\\whoami.exe', CommandLine: 'whoami /all' },
      },
    },
  });
}

interface Detections {
  items: {
    kind: string;
    ruleId: string;
    title: string;
    eventIds: string[];
    matched: { field: string; value: unknown }[];
  }[];
}

const dataDir = tempDir();
let v: TestVigil | undefined;
afterAll(async () => {
  await v?.close();
});

async function send(vigil: TestVigil, body: string): Promise<void> {
  const token = await vigil.token('winlogbeat');
  const res = await vigil.http('/services/collector/event', {
    method: 'POST',
    body,
    headers: { authorization: `Splunk ${token}` },
  });
  expect(res.status).toBe(200);
}

async function stored(vigil: TestVigil, n: number): Promise<void> {
  await waitFor(
    async () =>
      (await vigil.api<{ count: number }>('/api/v1/events/count?q=*&from=now-1h&to=now%2B1h')).count === n,
    30_000,
    `${n} stored events`,
  );
}

describe('correlations in the pipeline', () => {
  it('fires across a restart, with the filtered host left out', async () => {
    mkdirSync(join(dataDir, 'rules'), { recursive: true });
    writeFileSync(join(dataDir, 'rules', 'whoami.yml'), RULE);
    writeFileSync(join(dataDir, 'rules', 'whoami-burst.yml'), CORRELATION);
    writeFileSync(join(dataDir, 'rules', 'not-build.yml'), FILTER);
    const t0 = Date.now() - 60_000;
    v = await startTestVigil({ 'detect.starterRules': false }, { dataDir });
    // Two on WS-7, three on the build server (filtered out: never reaches the correlation).
    await send(
      v,
      [whoami('WS-7', new Date(t0)), whoami('WS-7', new Date(t0 + 1000))]
        .concat([0, 1, 2].map((i) => whoami('BUILD-01', new Date(t0 + 2000 + i))))
        .join(''),
    );
    await stored(v, 5);
    expect((await v.api<Detections>('/api/v1/detections')).items).toEqual([]);
    await v.close();

    v = await startTestVigil({ 'detect.starterRules': false }, { dataDir });
    await send(v, whoami('WS-7', new Date(t0 + 5000)));
    const d = await waitFor(
      async () => {
        const r = await v!.api<Detections>('/api/v1/detections');
        return r.items.length > 0 ? r : undefined;
      },
      30_000,
      'the correlation',
    );
    expect(d.items).toHaveLength(1);
    const hit = d.items[0]!;
    expect(hit).toMatchObject({
      kind: 'correlation',
      ruleId: '9e1f2a3b-4c5d-4e6f-8a7b-1c2d3e4f5a6b',
      title: 'Repeated discovery on one host (test correlation)',
    });
    expect(hit.eventIds).toHaveLength(3);
    expect(hit.matched).toContainEqual({ field: 'ComputerName', value: 'WS-7' });
    expect(hit.matched).toContainEqual({ field: 'correlation.event_count', value: 3 });
  }, 120_000);
});
