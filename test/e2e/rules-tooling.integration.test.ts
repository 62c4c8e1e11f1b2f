/**
 * `vigil rules test` and `vigil rules lint`, the real CLI as a CI job runs it: exit codes, the
 * readable report and the --json shape, on rule folders written here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVigil } from '../helpers/cli.ts';
import { tempDir } from '../helpers/vigil.ts';

const RULE = `title: Whoami Lists Privileges (tooling test)
id: 3c9f1e0a-6a2b-4d7e-9f10-2b3c4d5e6f70
status: test
level: medium
date: 2026-01-05
tags:
  - attack.discovery
  - attack.t1033
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\whoami.exe'
    CommandLine|contains: ' /priv'
  condition: selection
falsepositives:
  - Administrators checking their own rights
`;

const sysmon = (cmd: string) => ({
  winlog: {
    channel: 'Microsoft-Windows-Sysmon/Operational',
    event_id: '1',
    computer_name: 'WS-1',
    event_data: { Image: 'C:\\Windows\\System32\\whoami.exe', CommandLine: cmd },
  },
});

function samples(negativeCmd: string): string {
  return JSON.stringify({
    positive: [{ format: 'windows', note: 'whoami /priv', raw: sysmon('whoami /priv') }],
    negative: [{ format: 'windows', note: 'the negative', raw: sysmon(negativeCmd) }],
  });
}

/** A folder with one rule and its samples; `negativeCmd` decides whether the negative holds. */
function ruleDir(negativeCmd: string): string {
  const dir = tempDir('vigil-tooling-');
  writeFileSync(join(dir, 'whoami.yml'), RULE);
  writeFileSync(join(dir, 'whoami.samples.json'), samples(negativeCmd));
  return dir;
}

describe('vigil rules test', () => {
  it('passes a rule whose samples hold, exit 0', async () => {
    const dir = ruleDir('whoami /groups');
    const r = await runVigil(['rules', 'test', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^PASS +.*whoami\.yml — Whoami Lists Privileges \(tooling test\) \(1 positive, 1 negative\)$/m,
    );
    expect(r.stdout).toMatch(
      /1 rule files: 1 passed, 0 failed, 0 broken, 0 untested, 0 skipped; 2 samples, 0 failed/,
    );
  });

  it('fails with exit 1 and says which sample and why', async () => {
    const dir = ruleDir('whoami /priv');
    const r = await runVigil(['rules', 'test', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL +.*whoami\.yml/m);
    expect(r.stdout).toContain(
      'FAIL negative[0] "the negative" (windows): expected no match, got match on winlog.event_data.CommandLine="whoami /priv"',
    );
  });

  it('prints the report as JSON', async () => {
    const dir = ruleDir('whoami /priv');
    const r = await runVigil(['rules', 'test', dir, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      ok: false,
      summary: { files: 1, passed: 0, failed: 1, samples: 2, samplesFailed: 1 },
      results: [
        {
          file: join(dir, 'whoami.yml'),
          samplesFile: join(dir, 'whoami.samples.json'),
          status: 'failed',
          rules: [
            { id: '3c9f1e0a-6a2b-4d7e-9f10-2b3c4d5e6f70', title: 'Whoami Lists Privileges (tooling test)' },
          ],
          samples: [
            { kind: 'positive', index: 0, expected: 'match', got: 'match', passed: true },
            {
              kind: 'negative',
              index: 0,
              note: 'the negative',
              format: 'windows',
              expected: 'no match',
              got: 'match',
              passed: false,
              matched: { ruleId: '3c9f1e0a-6a2b-4d7e-9f10-2b3c4d5e6f70' },
            },
          ],
        },
      ],
    });
  });

  it('reports rules without samples as untested, a failure only with --require-samples; a broken rule fails', async () => {
    const dir = ruleDir('whoami /groups');
    writeFileSync(join(dir, 'bare.yml'), RULE.replace('3c9f1e0a', '3c9f1e0b'));
    const lenient = await runVigil(['rules', 'test', dir]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/^UNTESTED .*bare\.yml/m);
    const strict = await runVigil(['rules', 'test', dir, '--require-samples']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('1 rule file(s) without samples (--require-samples)');

    writeFileSync(join(dir, 'bare.yml'), RULE.replace('3c9f1e0a', '3c9f1e0b').replace('Image|', 'Imagee|'));
    const broken = await runVigil(['rules', 'test', dir]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(
      /^BROKEN .*bare\.yml[^\n]*\n +.*bare\.yml:\d+: does not compile: .*"Imagee"/m,
    );
  });

  it('refuses a path that does not exist with exit 2', async () => {
    const r = await runVigil(['rules', 'test', join(tempDir('vigil-tooling-'), 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file or folder: .*nope/);
  });
});

describe('vigil rules lint', () => {
  it('passes clean rules with exit 0 and a summary', async () => {
    const dir = ruleDir('whoami /groups');
    const r = await runVigil(['rules', 'lint', dir, '--max-warnings', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('0 errors, 0 warnings, 0 info in 1 file (1 document, 1 compiled)');
  });

  it('fails with exit 1 on errors, each at file:line:col with severity and code', async () => {
    const dir = ruleDir('whoami /groups');
    writeFileSync(
      join(dir, 'bad.yml'),
      RULE.replace('status: test', 'status: testing').replace(
        "CommandLine|contains: ' /priv'",
        "CommandLine|contain: ' /priv'",
      ),
    );
    const r = await runVigil(['rules', 'lint', dir]);
    expect(r.code).toBe(1);
    const file = join(dir, 'bad.yml');
    // the files go in sorted order; the id is reported on the later one
    expect(r.stdout).toContain(
      `${join(dir, 'whoami.yml')}:2:5: error sigma/duplicate-id: id 3c9f1e0a-6a2b-4d7e-9f10-2b3c4d5e6f70 is also the id of ${file}:1`,
    );
    expect(r.stdout).toContain(`${file}:3:9: error sigma/invalid-status: status "testing" is not one of`);
    expect(r.stdout).toContain(`${file}:15:17: error sigma/unknown-modifier: unknown modifier "contain"`);
    expect(r.stdout).toMatch(/^3 errors, 0 warnings, 0 info in 2 files/m);
  });

  it('prints JSON findings, and fails on more warnings than --max-warnings', async () => {
    const dir = ruleDir('whoami /groups');
    writeFileSync(join(dir, 'whoami.yml'), RULE.replace(/id: .*\n/, ''));
    const lenient = await runVigil(['rules', 'lint', dir, '--json']);
    expect(lenient.code).toBe(0);
    const report = JSON.parse(lenient.stdout);
    expect(report).toMatchObject({
      ok: true,
      paths: [dir],
      files: 1,
      documents: 1,
      compiled: 1,
      counts: { error: 0, warning: 1, info: 0 },
      findings: [
        {
          file: join(dir, 'whoami.yml'),
          line: 1,
          column: 1,
          severity: 'warning',
          code: 'sigma/missing-id',
          message: expect.stringContaining('id is missing'),
        },
      ],
    });
    const strict = await runVigil(['rules', 'lint', dir, '--max-warnings', '0']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('too many warnings: 1, more than --max-warnings 0');
    const bad = await runVigil(['rules', 'lint', dir, '--max-warnings', 'lots']);
    expect(bad.code).toBe(2);
  });

  it('lints the configured rule folders by default: the starter pack and <data>/rules', async () => {
    const data = tempDir('vigil-tooling-data-');
    mkdirSync(join(data, 'rules'));
    writeFileSync(join(data, 'rules', 'mine.yml'), RULE.replace('product: windows', 'product: windwos'));
    const r = await runVigil(['rules', 'lint', '--json'], { dataDir: data });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.paths).toHaveLength(2);
    expect(report.paths[0]).toMatch(/rules\/starter$/);
    expect(report.paths[1]).toBe(join(data, 'rules'));
    expect(report.files).toBeGreaterThanOrEqual(21);
    expect(report.counts.error).toBe(0);
    const mine = report.findings.filter((f: { file: string }) => f.file === join(data, 'rules', 'mine.yml'));
    expect(mine.map((f: { code: string; message: string }) => [f.code, f.message])).toEqual([
      ['sigma/unknown-logsource', expect.stringContaining('did you mean product "windows"?')],
    ]);
  });
});
