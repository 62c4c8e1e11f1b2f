/**
 * The analyst's command line end to end, with real processes: `vigil serve` runs a rule from
 * `<data>/rules`, `vigil ingest` sends matching Sysmon events, and the alerts they raise are
 * triaged (`vigil alerts list|show|ack|close|reopen|assign`), escalated into a case that is worked
 * (`vigil cases show|phase|note|evidence|close|report`), a suppression hides new detections, and
 * the risk board and SOC metrics read back. A stand-in server checks that a stale version (409)
 * prints the API's message and exits 1.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CliResult,
  runVigil,
  type ServerProcess,
  startVigilServer,
  testScratch,
} from '../../../test/helpers/cli.ts';
import { waitFor } from '../../../test/helpers/vigil.ts';
import type { Alert, AlertPage, CaseDetail, SocMetricsReport, Suppression } from './soc-types.ts';

const RULE_ID = '3f6b2a7e-8c1d-4e5f-9a0b-7c2d1e4f5a61';
const RULE = `title: Encoded PowerShell (CLI e2e)
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

const { fresh, servers } = testScratch();
const dataDir = fresh('vigil-alerts-cli-');
const work = fresh('vigil-alerts-cli-files-');
let server: ServerProcess;
let record = 100;

beforeAll(async () => {
  mkdirSync(join(dataDir, 'rules'), { recursive: true });
  writeFileSync(join(dataDir, 'rules', 'encoded-powershell.yml'), RULE);
  writeFileSync(join(dataDir, 'vigil.yaml'), 'detect:\n  starterRules: false\n');
  server = await startVigilServer(dataDir, ['--port', '0', '--no-syslog', '--log-level', 'warn']);
  servers.push(server);
});

const vigil = (args: string[]) => runVigil(args, { dataDir });
const ok = (r: CliResult, what: string) => {
  expect(r.code, `${what} failed:\n${r.stderr}`).toBe(0);
  return r;
};
const ndjson = <T>(s: string): T[] =>
  s
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

async function api<T>(path: string): Promise<T> {
  const key = readFileSync(join(dataDir, 'secrets', 'admin.key'), 'utf8').trim();
  const res = await fetch(server.info.url + path, { headers: { authorization: `Bearer ${key}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function sysmon(host: string): string {
  const r = record++;
  return JSON.stringify({
    '@timestamp': new Date().toISOString(),
    host: { name: host },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational',
      provider_name: 'Microsoft-Windows-Sysmon',
      event_id: '1',
      computer_name: host,
      record_id: String(r),
      event_data: {
        Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        CommandLine: 'powershell.exe -nop -enc SQBFAFgA',
        User: 'NORTHWIND\\mreyes',
        ProcessId: String(4000 + r),
      },
    },
  });
}

async function ingest(hosts: string[]): Promise<void> {
  const file = join(work, `events-${record}.ndjson`);
  writeFileSync(file, `${hosts.map(sysmon).join('\n')}\n`);
  ok(await vigil(['ingest', '--format', 'windows', '--quiet', file]), 'ingest');
}

/** The alert of `host`, once it has `count` detections. */
const alertOf = (host: string, count: number) =>
  waitFor(
    async () => {
      const page = await api<AlertPage>(`/api/v1/alerts?entity=host:${host}`);
      return page.items[0]?.count === count ? page.items[0] : undefined;
    },
    30_000,
    `an alert of ${host} with ${count} detection(s)`,
  );

describe('vigil alerts and vigil cases against a running server', () => {
  let first: Alert;
  let second: Alert;

  beforeAll(async () => {
    await ingest(['WS-101', 'WS-101', 'WS-102']);
    first = await alertOf('WS-101', 2);
    second = await alertOf('WS-102', 1);
  });

  it('lists, shows and acknowledges alerts, escalates one, and works the case to its report', async () => {
    const list = ok(await vigil(['alerts', 'list']), 'alerts list');
    expect(list.stdout).toMatch(/^ID\s+SEVERITY\s+STATUS\s+COUNT\s+TITLE\s+ENTITIES\s+LAST SEEN$/m);
    expect(list.stdout).toMatch(
      new RegExp(`^${first.id.slice(0, 8)}\\s+high\\s+new\\s+2\\s+Encoded PowerShell \\(CLI e2e\\)`, 'm'),
    );
    expect(list.stderr).toMatch(/2 shown; new 2/);
    const json = ndjson<Alert>(
      ok(
        await vigil(['alerts', 'list', '--json', '--severity', 'high,critical', '--since', '1h']),
        'list --json',
      ).stdout,
    );
    expect(json.map((a) => a.id).sort()).toEqual([first.id, second.id].sort());

    const show = ok(await vigil(['alerts', 'show', first.id.slice(0, 8)]), 'alerts show');
    expect(show.stdout).toContain(`alert:        ${first.id}`);
    expect(show.stdout).toMatch(/^ {2}host\s+WS-101$/m);
    expect(show.stdout).toMatch(/winlog\.event_data\.CommandLine = powershell\.exe -nop -enc SQBFAFgA/);
    expect(show.stdout).toMatch(new RegExp(`Similar alerts \\(1\\)[\\s\\S]*${second.id.slice(0, 8)}`));

    const ack = ok(await vigil(['alerts', 'ack', first.id]), 'alerts ack');
    expect(ack.stdout).toBe(`acknowledged alert ${first.id.slice(0, 8)} — acknowledged, version 2\n`);
    const again = await vigil(['alerts', 'ack', first.id]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/only new alerts can be acknowledged/);

    const esc = ok(
      await vigil(['alerts', 'escalate', first.id.slice(0, 8), '--title', 'PowerShell on WS-101']),
      'alerts escalate',
    );
    const number = /into new case #(\d+) "PowerShell on WS-101"/.exec(esc.stdout)?.[1];
    expect(number, esc.stdout).toBeDefined();

    const shown = ok(await vigil(['cases', 'show', number!]), 'cases show');
    expect(shown.stdout).toContain(`Case #${number}: PowerShell on WS-101`);
    expect(shown.stdout).toMatch(/SLA\n {2}contain: running \(\d h \d+ min left/);
    expect(shown.stdout).toMatch(/Phase history\n {2}\S+ {2}detection analysis/);
    expect(shown.stdout).toMatch(/Observables \(3\)[\s\S]*host\s+WS-101/);
    expect(shown.stdout).toMatch(
      new RegExp(`Alerts \\(1\\)\\n {2}${first.id.slice(0, 8)}\\s+high\\s+escalated`),
    );

    expect(ok(await vigil(['cases', 'phase', `#${number}`, 'containment']), 'cases phase').stdout).toMatch(
      /moved case #\d+ "PowerShell on WS-101" — open, containment, version 2/,
    );
    const at = new Date(Date.now() - 3_600_000).toISOString();
    ok(await vigil(['cases', 'note', number!, 'Isolated WS-101 from the network', '--at', at]), 'cases note');

    const bytes = Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 10, 13, 0x7f, ...Buffer.from('memory notes')]);
    const file = join(work, 'triage.bin');
    writeFileSync(file, bytes);
    const added = ok(
      await vigil(['cases', 'evidence', 'add', number!, file, '--description', 'triage capture']),
      'evidence add',
    );
    const evidenceId = /added evidence (\S+) to case/.exec(added.stdout)?.[1];
    expect(evidenceId, added.stdout).toBeDefined();
    const out = join(work, 'downloaded.bin');
    ok(
      await vigil(['cases', 'evidence', 'get', number!, evidenceId!.slice(0, 8), '-o', out]),
      'evidence get',
    );
    expect(readFileSync(out).equals(bytes)).toBe(true);

    const detail = JSON.parse(
      ok(await vigil(['cases', 'show', number!, '--json']), 'show --json').stdout,
    ) as CaseDetail;
    expect(detail.phase).toBe('containment');
    expect(detail.timeline).toContainEqual(
      expect.objectContaining({ kind: 'note', body: 'Isolated WS-101 from the network', eventTime: at }),
    );
    expect(detail.evidence).toEqual([
      expect.objectContaining({
        id: evidenceId,
        name: 'triage.bin',
        size: bytes.length,
        description: 'triage capture',
      }),
    ]);

    const closed = ok(
      await vigil(['cases', 'close', number!, '--resolution', 'true_positive']),
      'cases close',
    );
    expect(closed.stdout).toMatch(/closed case #\d+ .* 1 alert\(s\) closed as true positive/);
    const after = JSON.parse(
      ok(await vigil(['alerts', 'show', first.id, '--json']), 'show --json').stdout,
    ) as {
      alert: Alert;
    };
    expect(after.alert).toMatchObject({ status: 'closed', verdict: 'true_positive' });

    const report = ok(await vigil(['cases', 'report', number!]), 'cases report');
    expect(report.stdout).toContain(`# Case #${number}: PowerShell on WS-101`);
    expect(report.stdout).toContain('Isolated WS-101 from the network');
    const html = join(work, 'report.html');
    ok(await vigil(['cases', 'report', number!, '--format', 'html', '-o', html]), 'report html');
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/i);
  }, 240_000);

  it('closes with a verdict and comment, reopens and assigns; suppresses; reads risk and SOC metrics', async () => {
    const id = second.id.slice(0, 8);
    expect(
      ok(
        await vigil(['alerts', 'close', id, '--verdict', 'false_positive', '--comment', 'admin script']),
        'alerts close',
      ).stdout,
    ).toMatch(/closed alert \S+ — closed \(false positive\)/);
    expect(ok(await vigil(['alerts', 'show', id]), 'show').stdout).toMatch(
      /Comments \(1\)\n.*: admin script/,
    );
    expect((await vigil(['alerts', 'close', id, '--verdict', 'nonsense'])).code).toBe(2);
    expect(ok(await vigil(['alerts', 'reopen', id]), 'reopen').stdout).toMatch(
      /reopened alert \S+ — in progress/,
    );

    ok(await vigil(['user', 'create', 'dana', '--role', 'analyst']), 'user create');
    expect(ok(await vigil(['alerts', 'assign', id, 'dana']), 'assign').stdout).toMatch(/assigned to dana/);
    const mine = ndjson<Alert>(
      ok(await vigil(['alerts', 'list', '--assignee', 'dana', '--json']), 'list').stdout,
    );
    expect(mine.map((a) => a.id)).toEqual([second.id]);

    const sup = ok(
      await vigil([
        'suppress',
        RULE_ID,
        '--reason',
        'migration scripts',
        '--owner',
        'it-ops',
        '--for',
        '7d',
        '--entity',
        'host=WS-103',
      ]),
      'suppress',
    );
    expect(sup.stdout).toMatch(new RegExp(`suppressed rule ${RULE_ID} for host:WS-103 until \\S+`));
    expect(
      (await vigil(['suppress', RULE_ID, '--reason', 'r', '--owner', 'o', '--for', '100d'])).stderr,
    ).toMatch(/at most 90 days/);
    await ingest(['WS-103']);
    await waitFor(
      async () => (await api<{ items: Suppression[] }>('/api/v1/suppressions')).items[0]?.hits === 1,
      30_000,
      'the suppression to hide a detection',
    );
    const listed = ok(await vigil(['suppressions', 'list']), 'suppressions list');
    expect(listed.stdout).toMatch(
      /host:WS-103\s+active\s+in 6 d 23 h\s+1\s+.+ ago\s+it-ops\s+migration scripts/,
    );
    expect(ok(await vigil(['alerts', 'list', '--json', '--entity', 'host=WS-103']), 'list').stdout).toBe('');

    const risk = ok(await vigil(['risk', '--type', 'host', '--limit', '5']), 'risk');
    expect(risk.stdout).toMatch(/^SCORE\s+TYPE\s+VALUE\s+ALERTS\s+LAST ALERT$/m);
    expect(risk.stdout).toMatch(/^\s*\d+\.\d\s+host\s+WS-101\s+1\s/m);

    const metrics = JSON.parse(
      ok(await vigil(['metrics', 'soc', '--json']), 'metrics --json').stdout,
    ) as SocMetricsReport;
    expect(metrics.overall.alerts).toBe(2);
    expect(metrics.overall.mtta.count).toBe(2);
    expect(metrics.rules[0]).toMatchObject({ ruleId: RULE_ID, alerts: 2 });
    const human = ok(await vigil(['metrics', 'soc', '--since', '7d']), 'metrics soc');
    expect(human.stdout).toMatch(/MTTA \(acknowledge\)\s+2\s+\d+ (s|min)/);
    expect(human.stdout).toMatch(/time to contain\s+\d/);
  }, 240_000);

  it('creates and lists cases by hand, with the template tasks of an incident type', async () => {
    const created = ok(
      await vigil([
        'cases',
        'create',
        '--title',
        'Phishing wave',
        '--type',
        'phishing',
        '--severity',
        'medium',
      ]),
      'cases create',
    );
    const number = /opened case #(\d+) "Phishing wave"/.exec(created.stdout)?.[1];
    expect(number, created.stdout).toBeDefined();
    const list = ndjson<{ number: number; taskCount: number }>(
      ok(await vigil(['cases', 'list', '--status', 'open', '--json']), 'cases list').stdout,
    );
    expect(list).toContainEqual(
      expect.objectContaining({ number: Number(number), taskCount: expect.any(Number) }),
    );
    expect(list.find((c) => c.number === Number(number))!.taskCount).toBeGreaterThan(0);
    const show = ok(await vigil(['cases', 'show', number!]), 'cases show');
    expect(show.stdout).toMatch(/Tasks \(0\/\d+ done\)\n {2}\[ \] detection analysis/);
    expect((await vigil(['cases', 'show', '9999'])).stderr).toMatch(/no case #9999/);
  }, 120_000);
});

describe('a stale version', () => {
  const staleDir = fresh('vigil-alerts-cli-stale-');
  const ID = '11111111-2222-4333-8444-555555555555';
  let fake: Server;
  const posted: unknown[] = [];

  beforeAll(async () => {
    // A stand-in for the server: the alert reads at version 4, and someone else changes it first.
    fake = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        if (req.method === 'GET' && req.url === `/api/v1/alerts/${ID}`) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              alert: { id: ID, version: 4 },
              events: [],
              missingEventIds: [],
              eventsError: null,
            }),
          );
          return;
        }
        posted.push({ url: req.url, body: JSON.parse(body || '{}') });
        res.writeHead(409, { 'content-type': 'application/problem+json' });
        res.end(
          JSON.stringify({
            status: 409,
            code: 'conflict',
            detail: `alert ${ID} was changed by someone else (version 5, you sent 4); reload it and try again`,
            currentVersion: 5,
          }),
        );
      });
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    mkdirSync(join(staleDir, 'run'), { recursive: true });
    mkdirSync(join(staleDir, 'secrets'), { recursive: true });
    writeFileSync(join(staleDir, 'secrets', 'admin.key'), 'stand-in-key\n');
    writeFileSync(
      join(staleDir, 'run', 'server.json'),
      JSON.stringify({
        pid: process.pid,
        url: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`,
        startedAt: new Date().toISOString(),
        syslog: {},
      }),
    );
  });
  afterAll(() => new Promise<void>((r) => fake.close(() => r())));

  it('sends the version it read, prints the API message and exits 1 on a 409', async () => {
    const r = await runVigil(['alerts', 'close', ID, '--verdict', 'true_positive'], { dataDir: staleDir });
    expect(posted).toEqual([
      { url: `/api/v1/alerts/${ID}/close`, body: { version: 4, verdict: 'true_positive' } },
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `vigil: alert ${ID} was changed by someone else (version 5, you sent 4); reload it and try again\n`,
    );
  });
});
