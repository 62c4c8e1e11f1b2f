/**
 * The rule library end to end, with real processes: `vigil serve` runs; `vigil rules import`
 * uploads a zip (built here with fflate) and the rule detects a matching event without a restart;
 * `vigil rules disable` stops it; the counters show hits and the last hit; after a restart the
 * enabled flags (of an imported rule and of a starter rule) and the counters are still there, and
 * re-enabling the rule makes it detect again.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runVigil, type ServerProcess, startVigilServer } from '../helpers/cli.ts';
import { tempDir, waitFor } from '../helpers/vigil.ts';

const RULE_ID = '5d1e7a3c-9b2f-4c6d-8e0a-1f2b3c4d5e6f';
const RULE = `title: Canary tool started (rules e2e)
id: ${RULE_ID}
status: experimental
level: high
tags: [attack.execution]
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\vigil-e2e-canary.exe'
  condition: selection
`;
const BROKEN = `title: Broken rule (rules e2e)
logsource:
  product: windows
detection:
  selection:
    Image|endswith: '\\x.exe'
  condition: selection and nothing
`;
const STARTER_WHOAMI = /^id: (\S+)/m.exec(
  readFileSync(
    join(import.meta.dirname, '../../rules/starter/windows/proc_creation_whoami_privilege_discovery.yml'),
    'utf8',
  ),
)![1]!;

const dataDir = tempDir('vigil-rules-e2e-');
const work = tempDir('vigil-rules-e2e-src-');
let server: ServerProcess | null = null;
const serve = () => startVigilServer(dataDir, ['--port', '0', '--no-syslog', '--log-level', 'warn']);
beforeAll(async () => {
  server = await serve();
});
afterAll(async () => {
  await server?.stop('SIGKILL').catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

const ok = (r: CliResult, what: string) => expect(r.code, `${what} failed:\n${r.stderr}`).toBe(0);
const vigil = (args: string[]) => runVigil(args, { dataDir });
const adminKey = () => readFileSync(join(dataDir, 'secrets', 'admin.key'), 'utf8').trim();

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(server!.info.url + path, {
    ...init,
    headers: { authorization: `Bearer ${adminKey()}`, ...(init.headers ?? {}) },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function sysmon(image: string, host: string): string {
  return JSON.stringify({
    '@timestamp': new Date().toISOString(),
    host: { name: host },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational',
      provider_name: 'Microsoft-Windows-Sysmon',
      event_id: '1',
      computer_name: host,
      event_data: { Image: image, CommandLine: `${image} --run`, ProcessId: '4242' },
    },
  });
}

async function ingestCanary(host: string): Promise<void> {
  await api('/api/v1/ingest?format=windows&source=winlogbeat', {
    method: 'POST',
    body: sysmon('C:\\Tools\\vigil-e2e-canary.exe', host),
    headers: { 'content-type': 'application/x-ndjson' },
  });
  await waitFor(
    async () =>
      (await api<{ count: number }>(`/api/v1/events/count?q=host.name:${host}&from=now-1h&to=now%2B1h`))
        .count === 1,
    30_000,
    `event from ${host} stored`,
  );
}

const detections = async () =>
  (await api<{ items: { eventTime: string }[] }>(`/api/v1/detections?ruleId=${RULE_ID}`)).items;

interface ListedRule {
  id: string;
  enabled: boolean;
  source: string;
  stats: { hits: number; lastHitAt: string | null };
}
/** The rule as `vigil rules list --json` prints it. */
async function listed(id: string): Promise<ListedRule | undefined> {
  const r = await vigil(['rules', 'list', '--json', '--limit', '1000']);
  ok(r, 'rules list --json');
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ListedRule)
    .find((x) => x.id === id);
}
/** The same through the API (cheaper to poll than a CLI process). */
const shown = (id: string) => api<ListedRule>(`/api/v1/rules/${id}`);

// Each step runs several `vigil` processes; on a busy 2-core machine that takes a while.
describe('vigil rules: import, enable/disable and counters on a running server', { timeout: 180_000 }, () => {
  let firstHitTime = '';

  it('imports a rule from a zip through the running server, reporting the broken file at its line', async () => {
    const zip = join(work, 'team-pack.zip');
    writeFileSync(
      zip,
      zipSync({
        'windows/canary.yml': strToU8(RULE),
        'windows/broken.yml': strToU8(BROKEN),
        'README.md': strToU8('# team rules'),
      }),
    );
    const r = await vigil(['rules', 'import', zip]);
    expect(r.code, r.stderr).toBe(1); // one file had an error; the valid rule is imported anyway
    expect(r.stdout).toContain(`imported   windows/canary.yml  ${RULE_ID}`);
    expect(r.stderr).toMatch(/error: windows\/broken\.yml:7:\d+: .*nothing/);
    expect(r.stderr).toMatch(
      /1 imported, 0 updated, 0 unchanged, 1 errors, 0 unsupported, 1 other files ignored/,
    );
    expect(await shown(RULE_ID)).toMatchObject({ source: 'import:team-pack.zip', enabled: true });
  });

  it('detects a matching event without a restart', async () => {
    await ingestCanary('WS-E2E-1');
    const d = await waitFor(
      async () => ((await detections()).length === 1 ? detections() : undefined),
      30_000,
      'a detection',
    );
    firstHitTime = d[0]!.eventTime;
  });

  it('counts hits and the last hit, per rule', async () => {
    await waitFor(async () => (await shown(RULE_ID)).stats.hits === 1, 30_000, 'the hit counted');
    const rule = await waitFor(
      async () => {
        const x = await listed(RULE_ID);
        return x && x.stats.hits === 1 ? x : undefined;
      },
      30_000,
      'the hit counted',
    );
    expect(rule.stats.lastHitAt).toBe(firstHitTime);
    const show = await vigil(['rules', 'show', RULE_ID]);
    ok(show, 'rules show');
    expect(show.stdout).toMatch(/^hits:\s+1$/m);
    expect(show.stdout).toMatch(/^running:\s+true$/m);
    expect(show.stdout).toContain("Image|endswith: '\\vigil-e2e-canary.exe'");
  });

  it('stops detecting once the rule is disabled (no restart), and a starter rule can be disabled too', async () => {
    ok(await vigil(['rules', 'disable', RULE_ID]), 'rules disable');
    ok(await vigil(['rules', 'disable', STARTER_WHOAMI]), 'rules disable (starter)');
    await ingestCanary('WS-E2E-2');
    expect(await detections()).toHaveLength(1);
    expect(await shown(RULE_ID)).toMatchObject({
      enabled: false,
      stats: { hits: 1, lastHitAt: firstHitTime },
    });
  });

  it('keeps enabled flags and counters across a restart; re-enabling detects again', async () => {
    expect(await server!.stop('SIGTERM')).toBe(0);
    server = await serve();
    expect(await listed(RULE_ID)).toMatchObject({
      enabled: false,
      stats: { hits: 1, lastHitAt: firstHitTime },
    });
    expect(await shown(STARTER_WHOAMI)).toMatchObject({ enabled: false, source: 'builtin:rules/starter' });
    const list = await vigil(['rules', 'list', '--disabled']);
    ok(list, 'rules list --disabled');
    expect(list.stdout).toContain(RULE_ID);
    expect(list.stderr).toMatch(/^2 of 2 rules$/m);

    ok(await vigil(['rules', 'enable', RULE_ID]), 'rules enable');
    await ingestCanary('WS-E2E-3');
    await waitFor(async () => (await detections()).length === 2, 30_000, 'a second detection');
    await waitFor(async () => (await shown(RULE_ID)).stats.hits === 2, 30_000, 'the second hit counted');
  });
});
