/**
 * Rules using Sigma's `expand` from the command line, with real processes: the placeholder values
 * come from `detect.placeholders` of the config file the CLI reads (`<data>/vigil.yaml`, or
 * `--config`), for `vigil rules run`, `vigil rules test` and `vigil rules lint`, for the rules
 * `vigil ingest` runs on the data directory (no server: an in-process pipeline), and for
 * `vigil rules hunt` over what it stored (a rule file, and the rule by its id in the library). Without values, a rule is skipped with the setting to set.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runVigil, testScratch } from '../../../test/helpers/cli.ts';
import { listDetections, openStateDb } from '../../store/state/index.ts';
import { scopeOf } from '../../store/tenancy.ts';

const RULE_ID = '7c1e0b5a-2d4f-4a6b-9c8d-0e1f2a3b4c5d';
const RULE = `title: Process run by an administrator (expand)
id: ${RULE_ID}
status: test
level: medium
logsource: {product: windows, category: process_creation}
detection:
  selection:
    User|expand: '%Admins%'
  condition: selection
`;
const CONFIG = `detect:
  starterRules: false
  placeholders:
    Admins: ['CORP\\root', 'CORP\\adm-*']
`;
const SKIPPED = /placeholder %Admins% has no configured values \(set detect\.placeholders\.Admins\)/;

const runBy = (user: string, host: string) => ({
  '@timestamp': new Date(Date.now() - 60_000).toISOString(),
  host: { name: host },
  winlog: {
    channel: 'Microsoft-Windows-Sysmon/Operational',
    event_id: '1',
    computer_name: host,
    event_data: { Image: 'C:\\Windows\\System32\\cmd.exe', User: user },
  },
});

const { fresh } = testScratch();
const dataDir = fresh('vigil-expand-data-');
const work = fresh('vigil-expand-files-');
const rules = join(work, 'rules');
const events = join(work, 'events.ndjson');
const noValues = join(work, 'no-values.yaml');

beforeAll(() => {
  mkdirSync(rules);
  writeFileSync(join(rules, 'admins.yml'), RULE);
  writeFileSync(
    join(rules, 'admins.samples.json'),
    JSON.stringify({
      positive: [{ format: 'windows', note: 'root', raw: runBy('CORP\\root', 'WS-1') }],
      negative: [{ format: 'windows', note: 'a user', raw: runBy('CORP\\jane', 'WS-2') }],
    }),
  );
  writeFileSync(join(dataDir, 'vigil.yaml'), CONFIG);
  writeFileSync(noValues, 'detect:\n  starterRules: false\n');
  writeFileSync(
    events,
    [runBy('CORP\\root', 'WS-1'), runBy('CORP\\jane', 'WS-2'), runBy('CORP\\adm-bob', 'WS-3')]
      .map((e) => JSON.stringify(e))
      .join('\n'),
  );
});

describe('vigil rules run / test / lint with detect.placeholders', () => {
  const run = ['rules', 'run', '--rules', rules, '--events', events, '--json'];

  it('rules run matches the configured values, wildcards included', async () => {
    const r = await runVigil(run, { dataDir });
    expect(r.code, r.stderr).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { event_index: number }).event_index),
    ).toEqual([0, 2]);
    expect(r.stderr).toMatch(/1 rules compiled, 0 skipped/);
  });

  it('rules run with a config file without values skips the rule, naming the setting', async () => {
    const r = await runVigil(['--config', noValues, ...run, '--strict'], { dataDir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(SKIPPED);
    expect(r.stdout).toBe('');
  });

  it('rules test passes the samples with the values, and fails the file without them', async () => {
    const ok = await runVigil(['rules', 'test', rules], { dataDir });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/PASS/);
    const broken = await runVigil(['--config', noValues, 'rules', 'test', rules, '--json'], { dataDir });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(SKIPPED);
  });

  it('rules lint finds nothing to say with the values, and the compile failure without them', async () => {
    const ok = await runVigil(['rules', 'lint', rules, '--json'], { dataDir });
    expect(ok.code, ok.stdout).toBe(0);
    const bad = await runVigil(['--config', noValues, 'rules', 'lint', rules, '--json'], { dataDir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/sigma\/compile-failed/);
    expect(bad.stdout).toMatch(SKIPPED);
  });
});

describe('vigil ingest and vigil rules hunt on the data directory (no server)', () => {
  it('the rules the ingest runs detect with the values, and the hunt finds the same events', async () => {
    mkdirSync(join(dataDir, 'rules'), { recursive: true });
    writeFileSync(join(dataDir, 'rules', 'admins.yml'), RULE);
    const ingest = await runVigil(['ingest', '--format', 'windows', '--quiet', events], { dataDir });
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.stderr).not.toMatch(SKIPPED);

    const db = await openStateDb({ path: join(dataDir, 'state.db') });
    try {
      const found = await listDetections(db, scopeOf(['default']), { limit: 10, ruleId: RULE_ID });
      expect(found.map((d) => d.matched[0]?.value).sort()).toEqual(['CORP\\adm-bob', 'CORP\\root']);
    } finally {
      await db.destroy();
    }

    const hunt = await runVigil(['rules', 'hunt', join(rules, 'admins.yml'), '--since', '1d', '--json'], {
      dataDir,
    });
    expect(hunt.code, hunt.stderr).toBe(0);
    const hosts = hunt.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as Record<string, unknown>)['host.name']);
    expect(hosts.sort()).toEqual(['WS-1', 'WS-3']);
    expect(hunt.stderr).toMatch(/^2 events match "Process run by an administrator \(expand\)"/);

    // the same rule by its id in the library (synced from <data>/rules by the ingest)
    const byId = await runVigil(['rules', 'hunt', '--id', RULE_ID, '--since', '1d', '--json'], { dataDir });
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.stdout).toBe(hunt.stdout);
  });
});
