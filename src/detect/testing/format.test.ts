import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../ingest/index.ts';
import { loadPipelines } from '../pipelines/index.ts';
import { formatResult, formatTestSummary } from './format.ts';
import { type EventParser, runRuleTests, SAMPLE_RECEIVED } from './run.ts';

const parse: EventParser = (raw, format) =>
  parseEvent(raw, format, { received: SAMPLE_RECEIVED, assumeTimeZone: 'UTC' });

const RULE = `title: Whoami Privileges
id: 929a690e-bef0-4204-a928-ef5e620d6fcc
logsource: {product: windows, category: process_creation}
detection:
  sel:
    Image|endswith: '\\whoami.exe'
    CommandLine|contains: ' /priv'
  condition: sel
`;
const ev = (cmd: string, image = 'C:\\Windows\\System32\\whoami.exe') => ({
  winlog: {
    channel: 'Microsoft-Windows-Sysmon/Operational',
    event_id: '1',
    event_data: { Image: image, CommandLine: cmd },
  },
});

describe('the rules test report', () => {
  const report = runRuleTests(
    [
      {
        file: '/repo/rules/whoami.yml',
        text: RULE,
        samples: {
          file: '/repo/rules/whoami.samples.json',
          text: JSON.stringify({
            positive: [
              { format: 'windows', note: 'priv', raw: ev('whoami /priv') },
              { format: 'windows', note: 'groups', raw: ev('whoami /groups') },
            ],
            negative: [{ format: 'windows', note: 'plain', raw: ev('whoami /priv') }],
          }),
        },
      },
      { file: '/repo/rules/other.yml', text: RULE.replace('929a690e', '929a690f') },
    ],
    { pipelines: loadPipelines(), parse },
  );

  it('prints a line per file and, under a failure, each failed sample with why', () => {
    expect(formatResult(report.results[0]!, { cwd: '/repo' })).toEqual([
      'FAIL     rules/whoami.yml — Whoami Privileges (2 positive, 1 negative)',
      '          FAIL positive[1] "groups" (windows): expected match, got no match',
      '            search "sel" does not match: CommandLine|contains " /priv"; the event has winlog.event_data.CommandLine="whoami /groups"',
      '          FAIL negative[0] "plain" (windows): expected no match, got match on winlog.event_data.CommandLine="whoami /priv", winlog.event_data.Image="C:\\\\Windows\\\\System32\\\\whoami.exe"',
    ]);
    expect(formatResult(report.results[1]!, { cwd: '/repo' })).toEqual([
      'UNTESTED rules/other.yml — Whoami Privileges',
      '          no samples file',
    ]);
  });

  it('lists passing samples too with verbose, and sums up', () => {
    const lines = formatResult(report.results[0]!, { verbose: true });
    expect(lines[1]).toMatch(/^ {10}ok {3}positive\[0\] "priv" \(windows\): expected match, got match on /);
    expect(formatTestSummary(report)).toBe(
      '2 rule files: 0 passed, 1 failed, 0 broken, 1 untested, 0 skipped; 3 samples, 2 failed',
    );
  });
});
