/** `vigil rules run`: Sigma rules over an events file, one JSON line per match; bad rules skipped or fatal with --strict. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVigil } from '../helpers/cli.ts';
import { tempDir } from '../helpers/vigil.ts';

const RULE = `title: Encoded PowerShell (cli test)
id: 0b5a8d7e-1c2f-4e3a-9b8c-7d6e5f4a3b2c
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

const event = (cmd: string) =>
  JSON.stringify({
    '@timestamp': '2026-11-22T10:00:00Z',
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational',
      event_id: '1',
      computer_name: 'WS-1',
      event_data: {
        Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        CommandLine: cmd,
      },
    },
  });

describe('vigil rules run', () => {
  const dir = tempDir('vigil-rules-');
  mkdirSync(join(dir, 'rules'));
  writeFileSync(join(dir, 'rules', 'ps.yml'), RULE);
  writeFileSync(
    join(dir, 'rules', 'broken.yml'),
    'title: broken\nlogsource: {product: windows}\ndetection: {condition: nope}\n',
  );
  writeFileSync(
    join(dir, 'events.ndjson'),
    [
      event('powershell.exe -File x.ps1'),
      event('powershell -enc AAAA'),
      '<13>Nov 22 10:00:00 h app: hi',
    ].join('\n'),
  );
  const args = ['rules', 'run', '--rules', join(dir, 'rules'), '--events', join(dir, 'events.ndjson')];

  it('prints one JSON line per match with the 0-based line index, and lists skipped rules on stderr', async () => {
    const r = await runVigil([...args, '--json']);
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      {
        rule_id: '0b5a8d7e-1c2f-4e3a-9b8c-7d6e5f4a3b2c',
        title: 'Encoded PowerShell (cli test)',
        event_index: 1,
      },
    ]);
    expect(r.stderr).toMatch(/skipped: .*broken\.yml:\d+:\d+: /);
    expect(r.stderr).toMatch(/1 rules compiled, 1 skipped; 3 lines, 0 not parsed; 1 matches/);
  });

  it('fails with --strict when a rule cannot load', async () => {
    const r = await runVigil([...args, '--strict']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/could not be loaded or compiled/);
  });
});
