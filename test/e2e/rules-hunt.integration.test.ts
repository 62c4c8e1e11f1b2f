/**
 * Hunting with a Sigma rule end to end: events sent over HEC to a running Vigil, then the rule
 * run over the stored events through `POST /api/v1/rules/hunt` and through `vigil rules hunt`
 * (the CLI finds the running server in the data directory), with the errors a rule author sees;
 * and a rule of the library hunted by id, with the filter imported beside it folded in.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVigil } from '../helpers/cli.ts';
import { ingestAndWait, startTestVigil, type TestVigil, tempDir } from '../helpers/vigil.ts';

const RULE = `title: Encoded PowerShell (hunt test)
id: 9d3f6a1e-0c2b-4e8d-a7f5-3b1c2d4e5f60
status: test
level: high
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\powershell.exe'
    CommandLine|contains: ' -enc '
  condition: selection
`;
const UNKNOWN_FIELD = RULE.replace("CommandLine|contains: ' -enc '", 'NoSuchField: x');
/** A filter the library folds into the rule above: the backup job's encoded command is known. */
const FILTER = `title: The backup job's encoded command
id: 5b0c8e2a-1d4f-4a6b-9c3e-7f8a9b0c1d2e
logsource:
  product: windows
  category: process_creation
filter:
  rules: [9d3f6a1e-0c2b-4e8d-a7f5-3b1c2d4e5f60]
  selection:
    CommandLine|contains: SQBFAFgA
  condition: not selection
`;

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function sysmon(commandLine: string, host: string, at: string, image = 'powershell.exe') {
  return {
    '@timestamp': at,
    host: { name: host },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational',
      event_id: '1',
      computer_name: host,
      event_data: {
        Image: `C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\${image}`,
        CommandLine: commandLine,
      },
    },
  };
}

let v: TestVigil;
let dir: string;
beforeAll(async () => {
  v = await startTestVigil({ 'detect.starterRules': false });
  dir = tempDir('vigil-hunt-');
  writeFileSync(join(dir, 'encoded.yml'), RULE);
  writeFileSync(join(dir, 'unknown-field.yml'), UNKNOWN_FIELD);
  writeFileSync(
    join(dir, 'broken.yml'),
    'title: broken\nlogsource: {product: windows}\ndetection: {condition: nope}\n',
  );
  const events = [
    sysmon('powershell.exe -nop -enc SQBFAFgA', 'WS-1', minutesAgo(30)),
    sysmon('powershell.exe -File backup.ps1', 'WS-2', minutesAgo(20)),
    sysmon('powershell.exe -w hidden -enc AAAA', 'WS-3', minutesAgo(10)),
    sysmon('cmd.exe /c powershell -enc AAAA', 'WS-4', minutesAgo(5), 'pwsh.exe'),
  ];
  await ingestAndWait(v, 'winlogbeat', events);
  const library = tempDir('vigil-hunt-library-');
  writeFileSync(join(library, 'encoded.yml'), RULE);
  writeFileSync(join(library, 'backup-filter.yml'), FILTER);
  const imported = await runVigil(['rules', 'import', library], { dataDir: v.dataDir });
  expect(imported.code, imported.stderr).toBe(0);
});
afterAll(async () => {
  await v?.close();
});

const hunt = (body: unknown, auth = `Bearer ${v.adminKey}`) =>
  v.http('/api/v1/rules/hunt', {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

interface HuntResponse {
  rule: { id: string; title: string; file: string };
  events: Record<string, unknown>[];
  count: number;
  from: string;
  to: string;
  nextCursor: string | null;
}

describe('POST /api/v1/rules/hunt', () => {
  it('returns the stored events the rule matches, newest first, with the count and range', async () => {
    const res = await hunt({ rule: RULE, since: '7d' });
    expect(res.status).toBe(200);
    const r = (await res.json()) as HuntResponse;
    expect(r.events.map((e) => e['host.name'])).toEqual(['WS-3', 'WS-1']);
    expect(r.count).toBe(2);
    expect(r.rule).toMatchObject({
      id: '9d3f6a1e-0c2b-4e8d-a7f5-3b1c2d4e5f60',
      title: 'Encoded PowerShell (hunt test)',
    });
    expect(Date.parse(r.to) - Date.parse(r.from)).toBe(7 * 86_400_000);
    expect(r.events[0]?.['vigil.id']).toEqual(expect.any(String));
  });

  it('pages with limit and cursor', async () => {
    const first = (await (await hunt({ rule: RULE, since: '1d', limit: 1 })).json()) as HuntResponse;
    expect(first.events.map((e) => e['host.name'])).toEqual(['WS-3']);
    const next = (await (
      await hunt({ rule: RULE, since: '1d', limit: 1, cursor: first.nextCursor })
    ).json()) as HuntResponse;
    expect(next.events.map((e) => e['host.name'])).toEqual(['WS-1']);
    expect(next.nextCursor).toBeNull();
  });

  it('answers problems that name the rule file, line and reason', async () => {
    const unknown = await hunt({ rule: UNKNOWN_FIELD, file: 'mine.yml', since: '7d' });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const p = (await unknown.json()) as { detail: string; location: string };
    expect(p.location).toBe('mine.yml:11');
    expect(p.detail).toMatch(/^mine\.yml:11: search "selection": field "NoSuchField" is not known/);

    const broken = (await (await hunt({ rule: 'title: x\ndetection: [', since: '7d' })).json()) as {
      status: number;
      location: string;
    };
    expect(broken).toMatchObject({ status: 400, location: expect.stringMatching(/^rule\.yml:\d+:\d+$/) });

    expect((await hunt({ rule: RULE, since: '7d', from: 'now-1h' })).status).toBe(400);
    expect((await hunt({ since: '7d' })).status).toBe(400);
  });

  it('needs an API key with the read scope (an ingest token is refused)', async () => {
    expect((await hunt({ rule: RULE }, '')).status).toBe(401);
    const token = await v.token('other');
    expect([401, 403]).toContain((await hunt({ rule: RULE }, `Bearer ${token}`)).status);
  });
});

describe('vigil rules hunt', () => {
  it('prints the matches as NDJSON and a summary on stderr', async () => {
    const r = await runVigil(['rules', 'hunt', join(dir, 'encoded.yml'), '--since', '7d', '--json'], {
      dataDir: v.dataDir,
    });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((e) => e['host.name'])).toEqual(['WS-3', 'WS-1']);
    expect(r.stderr).toMatch(
      /^2 events match "Encoded PowerShell \(hunt test\)" \(9d3f6a1e-[^)]*\) from \S+ to \S+; 2 shown/m,
    );
  });

  it('prints one line per match with time and host, and pages with --limit/--cursor', async () => {
    const r = await runVigil(['rules', 'hunt', join(dir, 'encoded.yml'), '--since', '1d', '--limit', '1'], {
      dataDir: v.dataDir,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\S+Z\s+\S+\s+WS-3\s/),
    ]);
    const cursor = /more: --cursor (\S+)/.exec(r.stderr)?.[1];
    expect(cursor).toBeDefined();
    const next = await runVigil(
      [
        'rules',
        'hunt',
        join(dir, 'encoded.yml'),
        '--since',
        '1d',
        '--limit',
        '1',
        '--cursor',
        cursor as string,
      ],
      { dataDir: v.dataDir },
    );
    expect(next.stdout).toMatch(/WS-1/);
  });

  it('hunts a rule of the library by --id as live detection runs it, its filters folded in', async () => {
    const r = await runVigil(
      ['rules', 'hunt', '--id', '9d3f6a1e-0c2b-4e8d-a7f5-3b1c2d4e5f60', '--since', '7d', '--json'],
      { dataDir: v.dataDir },
    );
    expect(r.code, r.stderr).toBe(0);
    const hosts = r.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as Record<string, unknown>)['host.name']);
    // WS-1 runs the backup job's command, which the filter leaves out (the rule file alone finds it)
    expect(hosts).toEqual(['WS-3']);
    const res = await hunt({ ruleId: '9d3f6a1e-0c2b-4e8d-a7f5-3b1c2d4e5f60', since: '7d' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ count: 1, filters: ['5b0c8e2a-1d4f-4a6b-9c3e-7f8a9b0c1d2e'] });
    const unknown = await runVigil(['rules', 'hunt', '--id', 'no-such-rule'], { dataDir: v.dataDir });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/no rule "no-such-rule"/);
    const both = await runVigil(['rules', 'hunt', join(dir, 'encoded.yml'), '--id', 'x'], {
      dataDir: v.dataDir,
    });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give a rule file or --id RULE_ID, one of them/);
  });

  it('exits 2 naming the file, line and reason of a rule that cannot run', async () => {
    const unknown = await runVigil(['rules', 'hunt', join(dir, 'unknown-field.yml')], { dataDir: v.dataDir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /unknown-field\.yml:11: search "selection": field "NoSuchField" is not known/,
    );
    const broken = await runVigil(['rules', 'hunt', join(dir, 'broken.yml')], { dataDir: v.dataDir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.yml:3:\d+: /);
    const missing = await runVigil(['rules', 'hunt', join(dir, 'nope.yml')], { dataDir: v.dataDir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the rule file .*nope\.yml/);
  });
});
