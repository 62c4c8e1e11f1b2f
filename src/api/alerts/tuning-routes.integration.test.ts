/**
 * Alerts from the real pipeline, over HTTP (starts a Vigil): events sent over HEC match a rule,
 * their detections group into one alert whose entities gain risk, and a suppression stops new
 * alerts (counting what it hid) until it is revoked.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestVigil, type TestVigil, tempDir, waitFor } from '../../../test/helpers/vigil.ts';
import type { EntityPage, EntityRisk, RuleTuning, Suppression } from '../../workflow/tuning.ts';

const RULE_ID = '0c7a4c3e-5d9b-4e61-8f2a-6b1d9e3f4a70';
const RULE = `title: Encoded PowerShell (tuning test)
id: ${RULE_ID}
status: test
level: high
tags: [attack.execution, attack.t1059.001]
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\powershell.exe'
    CommandLine|contains: ' -enc '
  condition: selection
`;

function sysmon(host: string, record: number): Record<string, unknown> {
  return {
    '@timestamp': new Date().toISOString(),
    host: { name: host },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational',
      provider_name: 'Microsoft-Windows-Sysmon',
      event_id: '1',
      computer_name: host,
      record_id: String(record),
      event_data: {
        Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        CommandLine: 'powershell.exe -nop -enc SQBFAFgA',
        User: 'NORTHWIND\\mreyes',
        ProcessId: String(4000 + record),
      },
    },
  };
}

let v: TestVigil;
let token: string;
let record = 1000;

beforeAll(async () => {
  const dataDir = tempDir();
  mkdirSync(join(dataDir, 'rules'), { recursive: true });
  writeFileSync(join(dataDir, 'rules', 'encoded-powershell.yml'), RULE);
  v = await startTestVigil({ 'detect.starterRules': false }, { dataDir });
  token = await v.token('winlogbeat');
});
afterAll(async () => {
  await v?.close();
});

async function send(host: string, n: number): Promise<void> {
  const body = Array.from({ length: n }, () => JSON.stringify({ event: sysmon(host, record++) })).join('');
  const res = await v.http('/services/collector/event', {
    method: 'POST',
    body,
    headers: { authorization: `Splunk ${token}` },
  });
  expect(res.status).toBe(200);
}

async function detections(): Promise<number> {
  return (await v.api<{ items: unknown[] }>('/api/v1/detections?limit=500')).items.length;
}

const call = (method: string, path: string, body?: unknown) =>
  v.http(path, {
    method,
    headers: {
      authorization: `Bearer ${v.adminKey}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

describe('alerts from the pipeline, tuned over the API', () => {
  it('groups repeats into one alert, scores its entities, and a suppression stops new alerts', async () => {
    expect((await v.api<{ items: Suppression[] }>('/api/v1/suppressions?state=all')).items).toEqual([]);

    await send('WS-003', 3);
    await waitFor(async () => (await detections()) === 3, 30_000, 'three detections');

    const ws3 = await waitFor(
      async () => {
        const page = await v.api<EntityPage>('/api/v1/entities/host/WS-003');
        return page.alerts[0]?.count === 3 ? page : undefined;
      },
      10_000,
      'a grouped alert',
    );
    expect(ws3.alerts).toHaveLength(1);
    expect(ws3.alerts[0]).toMatchObject({ ruleId: RULE_ID, severity: 'high', status: 'new', count: 3 });
    // high (40) × test (0.75) = 30, plus two repeats of 3.
    expect(ws3.risk).toEqual([expect.objectContaining({ type: 'host', value: 'WS-003', alerts: 1 })]);
    expect(ws3.risk[0]!.score).toBeCloseTo(36, 0);

    // Any entity value, URL-encoded in the path (backslashes, slashes).
    const exe = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
    const proc = await v.api<EntityPage>(`/api/v1/entities/process/${encodeURIComponent(exe)}`);
    expect(proc).toMatchObject({ type: 'process', value: exe, alerts: [{ id: ws3.alerts[0]!.id }] });
    expect((await v.api<EntityPage>(`/api/v1/entities/file/${encodeURIComponent('/tmp/a b/c')}`)).value).toBe(
      '/tmp/a b/c',
    );

    const board = await v.api<{ items: EntityRisk[] }>('/api/v1/entities/risk?type=host');
    expect(board.items.map((r) => r.value)).toEqual(['WS-003']);
    expect((await v.api<{ items: EntityRisk[] }>('/api/v1/entities/risk')).items.length).toBeGreaterThan(1);

    const created = await call('POST', '/api/v1/suppressions', {
      ruleId: RULE_ID,
      reason: 'admin scripts during the migration',
      owner: 'it-ops',
      expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    expect(created.status).toBe(201);
    const suppression = (await created.json()) as Suppression;
    expect(suppression).toMatchObject({ ruleId: RULE_ID, entity: null, hits: 0, active: true });

    await send('WS-009', 2);
    await waitFor(async () => (await detections()) === 5, 30_000, 'five detections');
    expect((await v.api<EntityPage>('/api/v1/entities/host/WS-009')).alerts).toEqual([]);
    const [listed] = (await v.api<{ items: Suppression[] }>('/api/v1/suppressions')).items;
    expect(listed).toMatchObject({ id: suppression.id, hits: 2 });

    const [figures] = (await v.api<{ items: RuleTuning[] }>('/api/v1/tuning/rules?sort=fp_rate')).items;
    expect(figures).toMatchObject({
      ruleId: RULE_ID,
      title: 'Encoded PowerShell (tuning test)',
      alerts: 1,
      detections: 3,
      suppressedHits: 2,
      falsePositiveRate: null,
    });

    expect((await call('DELETE', `/api/v1/suppressions/${suppression.id}`)).status).toBe(204);
    expect((await call('DELETE', `/api/v1/suppressions/${suppression.id}`)).status).toBe(404);
    await send('WS-009', 1);
    const ws9 = await waitFor(
      async () => {
        const page = await v.api<EntityPage>('/api/v1/entities/host/WS-009');
        return page.alerts.length === 1 ? page : undefined;
      },
      30_000,
      'an alert after the revocation',
    );
    expect(ws9.alerts[0]).toMatchObject({ count: 1, status: 'new' });
  });

  it('refuses a suppression without an owner or beyond 90 days', async () => {
    const bad = await call('POST', '/api/v1/suppressions', {
      ruleId: RULE_ID,
      reason: 'x',
      owner: 'y',
      expiresAt: new Date(Date.now() + 91 * 86_400_000).toISOString(),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/at most 90 days/);
    const missing = await call('POST', '/api/v1/suppressions', {
      ruleId: RULE_ID,
      reason: 'x',
      expiresAt: new Date().toISOString(),
    });
    expect(missing.status).toBe(400);
  });
});
