/**
 * Sigma's `expand` on a running Vigil configured with `detect.placeholders`: a rule from the data
 * directory's rules folder detects with the values (the pipeline worker compiles it with them); a
 * rule imported later runs after the reload, or reports the setting it lacks; and a hunt, over
 * `POST /api/v1/rules/hunt` and through `vigil rules hunt`, finds the same events.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVigil } from '../helpers/cli.ts';
import { ingestAndWait, startTestVigil, type TestVigil, tempDir, waitFor } from '../helpers/vigil.ts';

const ADMINS_ID = '2b7d9e4c-1a3f-4c5e-8d6b-9f0a1b2c3d4e';
const expandRule = (id: string, placeholder: string) => `title: Run by ${placeholder} (expand test)
id: ${id}
status: test
level: high
logsource: {product: windows, category: process_creation}
detection:
  selection:
    User|expand: '%${placeholder}%'
  condition: selection
`;
const ADMINS = expandRule(ADMINS_ID, 'Admins');

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const runBy = (user: string, host: string, at: string) => ({
  '@timestamp': at,
  host: { name: host },
  winlog: {
    channel: 'Microsoft-Windows-Sysmon/Operational',
    event_id: '1',
    computer_name: host,
    event_data: { Image: 'C:\\Windows\\System32\\cmd.exe', User: user },
  },
});

interface Detections {
  items: { ruleId: string; matched: { field: string; value: unknown }[] }[];
}
interface RuleDetail {
  running: boolean;
  loadError: { line: number; reason: string } | null;
}

let v: TestVigil;
let dir: string;
beforeAll(async () => {
  const dataDir = tempDir('vigil-expand-');
  mkdirSync(join(dataDir, 'rules'));
  writeFileSync(join(dataDir, 'rules', 'admins.yml'), ADMINS);
  v = await startTestVigil(
    {
      'detect.starterRules': false,
      'detect.placeholders': { Admins: ['CORP\\root', 'CORP\\adm-*'], Servers: ['CORP\\svc-*'] },
    },
    { dataDir },
  );
  dir = tempDir('vigil-expand-rules-');
  writeFileSync(join(dir, 'admins.yml'), ADMINS);
  const events = [
    runBy('CORP\\root', 'WS-1', minutesAgo(30)),
    runBy('CORP\\jane', 'WS-2', minutesAgo(20)),
    runBy('CORP\\adm-bob', 'WS-3', minutesAgo(10)),
  ];
  await ingestAndWait(v, 'winlogbeat', events);
});
afterAll(async () => {
  await v?.close();
});

const post = (path: string, body: string, type = 'application/json') =>
  v.http(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${v.adminKey}`, 'content-type': type },
    body,
  });

describe('detect.placeholders on a running Vigil', () => {
  it('the rules folder rule using `expand` detects the events of the configured values', async () => {
    const d = await waitFor(
      async () => {
        const r = await v.api<Detections>('/api/v1/detections');
        return r.items.length >= 2 ? r : undefined;
      },
      30_000,
      'two detections',
    );
    expect(d.items.every((i) => i.ruleId === ADMINS_ID)).toBe(true);
    expect(d.items.map((i) => i.matched[0]?.value).sort()).toEqual(['CORP\\adm-bob', 'CORP\\root']);
    expect(await v.api<RuleDetail>(`/api/v1/rules/${ADMINS_ID}`)).toMatchObject({
      running: true,
      loadError: null,
    });
  });

  it('an imported rule runs with the values after the reload; one without values reports the setting', async () => {
    const res = await post(
      '/api/v1/rules/import',
      JSON.stringify({
        files: [
          { path: 'servers.yml', text: expandRule('x-servers', 'Servers') },
          { path: 'unset.yml', text: expandRule('x-unset', 'Unset') },
        ],
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      committed: true,
      totals: { imported: 2, unsupported: 1 },
      reload: {
        failed: [{ ruleId: 'x-unset', reason: expect.stringMatching(/set detect\.placeholders\.Unset\)$/) }],
      },
    });
    expect(await v.api<RuleDetail>('/api/v1/rules/x-servers')).toMatchObject({
      running: true,
      loadError: null,
    });
    expect(await v.api<RuleDetail>('/api/v1/rules/x-unset')).toMatchObject({
      running: false,
      loadError: {
        line: 8,
        reason:
          'search "selection": field "User": placeholder %Unset% has no configured values (set detect.placeholders.Unset)',
      },
    });
  });

  it('POST /api/v1/rules/hunt finds the same events with the configured values', async () => {
    const res = await post('/api/v1/rules/hunt', JSON.stringify({ rule: ADMINS, since: '1d' }));
    expect(res.status).toBe(200);
    const r = (await res.json()) as { events: Record<string, unknown>[]; count: number };
    expect(r.events.map((e) => e['host.name'])).toEqual(['WS-3', 'WS-1']);
    expect(r.count).toBe(2);
  });

  it("vigil rules hunt through the running server uses the server's values", async () => {
    const r = await runVigil(['rules', 'hunt', join(dir, 'admins.yml'), '--since', '1d', '--json'], {
      dataDir: v.dataDir,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as Record<string, unknown>)['host.name']),
    ).toEqual(['WS-3', 'WS-1']);
  });
});
