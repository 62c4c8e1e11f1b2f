/**
 * runRuleTests with the real engine and Vigil's real parsers (`parseEvent` from ingest, injected
 * as the event parser, as the CLI does).
 */
import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../ingest/index.ts';
import { loadPipelines } from '../pipelines/index.ts';
import { type EventParser, type RuleFileInput, runRuleTests, SAMPLE_RECEIVED } from './run.ts';

const parse: EventParser = (raw, format) =>
  parseEvent(raw, format, { received: SAMPLE_RECEIVED, assumeTimeZone: 'UTC' });
const opts = { pipelines: loadPipelines(), parse };

const RULE = `title: Encoded PowerShell
id: 0b5a8d7e-1c2f-4e3a-9b8c-7d6e5f4a3b2c
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\powershell.exe'
    CommandLine|contains: ' -enc '
  filter:
    User: svc_backup
  condition: selection and not filter
`;

function sysmon(data: Record<string, string>): Record<string, unknown> {
  return { winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', event_id: '1', event_data: data } };
}
const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

function input(samples: object | undefined, text = RULE, file = 'r/ps.yml'): RuleFileInput {
  const i: RuleFileInput = { file, text };
  if (samples !== undefined)
    i.samples = { file: file.replace('.yml', '.samples.json'), text: JSON.stringify(samples) };
  return i;
}

describe('runRuleTests', () => {
  it('passes a rule that matches its positives and none of its negatives, with the matched fields', () => {
    const r = runRuleTests(
      [
        input({
          positive: [
            {
              format: 'windows',
              note: 'encoded',
              raw: sysmon({ Image: PS, CommandLine: 'powershell -enc AAAA' }),
            },
          ],
          negative: [
            {
              format: 'windows',
              note: 'a file',
              raw: sysmon({ Image: PS, CommandLine: 'powershell -File x.ps1' }),
            },
          ],
        }),
      ],
      opts,
    );
    expect(r.summary).toEqual({
      files: 1,
      passed: 1,
      failed: 0,
      broken: 0,
      untested: 0,
      skipped: 0,
      samples: 2,
      samplesFailed: 0,
    });
    const [pos, neg] = r.results[0]!.samples;
    expect(pos).toMatchObject({ kind: 'positive', expected: 'match', got: 'match', passed: true });
    expect(pos?.matched?.fields.map((f) => f.field).sort()).toEqual([
      'winlog.event_data.CommandLine',
      'winlog.event_data.Image',
    ]);
    expect(neg).toMatchObject({ kind: 'negative', expected: 'no match', got: 'no match', passed: true });
    expect(r.results[0]?.rules).toEqual([
      { id: '0b5a8d7e-1c2f-4e3a-9b8c-7d6e5f4a3b2c', title: 'Encoded PowerShell' },
    ]);
  });

  it('explains a failed positive: the first search that does not match, with the event values', () => {
    const r = runRuleTests(
      [
        input({
          positive: [
            { format: 'windows', raw: sysmon({ Image: PS, CommandLine: 'powershell -File x.ps1' }) },
          ],
          negative: [{ raw: 'x' }],
        }),
      ],
      opts,
    );
    const s = r.results[0]!.samples[0]!;
    expect(r.results[0]?.status).toBe('failed');
    expect(s).toMatchObject({ passed: false, got: 'no match' });
    expect(s.explanation).toMatchObject({
      inLogsource: true,
      firstUnmatched: {
        search: 'selection',
        item: 'CommandLine|contains',
        values: [' -enc '],
        eventFields: [{ field: 'winlog.event_data.CommandLine', value: 'powershell -File x.ps1' }],
      },
    });
  });

  it('explains a positive blocked by a filter, and one outside the logsource', () => {
    const r = runRuleTests(
      [
        input({
          positive: [
            {
              format: 'windows',
              raw: sysmon({ Image: PS, CommandLine: 'powershell -enc AA', User: 'svc_backup' }),
            },
            { format: 'syslog', raw: '<13>Jan  5 10:00:00 h app: powershell -enc AA' },
          ],
          negative: [{ raw: 'x' }],
        }),
      ],
      opts,
    );
    const [filtered, outside] = r.results[0]!.samples;
    expect(filtered?.explanation?.searches).toEqual([
      { name: 'selection', needed: true, matched: true, fields: expect.any(Array) },
      {
        name: 'filter',
        needed: false,
        matched: true,
        fields: [{ field: 'winlog.event_data.User', value: 'svc_backup' }],
      },
    ]);
    expect(outside?.explanation).toMatchObject({
      inLogsource: false,
      routedOn: ['winlog.channel', 'winlog.event_id'],
    });
  });

  it('fails a matched negative and a sample the parser rejects', () => {
    const r = runRuleTests(
      [
        input({
          positive: [{ format: 'json', note: 'not JSON', raw: 'plain text' }],
          negative: [{ format: 'windows', raw: sysmon({ Image: PS, CommandLine: 'powershell -enc BB' }) }],
        }),
      ],
      opts,
    );
    const [rejected, matched] = r.results[0]!.samples;
    expect(rejected).toMatchObject({ got: 'not parsed', passed: false });
    expect(rejected?.reason).toMatch(/^the json parser rejects it: /);
    expect(matched).toMatchObject({ expected: 'no match', got: 'match', passed: false });
    expect(matched?.matched?.ruleId).toBe('0b5a8d7e-1c2f-4e3a-9b8c-7d6e5f4a3b2c');
    expect(r.summary.samplesFailed).toBe(2);
  });

  it('reports rules without samples as untested, broken rules and samples as broken, correlations as skipped', () => {
    const corr = `title: Many\nid: 5b1a3c2d-0e4f-4a6b-8c7d-9e0f1a2b3c4d\ncorrelation:\n  type: event_count\n  rules: [x]\n  group-by: [User]\n  timespan: 5m\n  condition: {gte: 3}\n`;
    const r = runRuleTests(
      [
        input(undefined, RULE, 'a.yml'),
        input({ positive: [], negative: [] }, RULE.replace('0b5a8d7e', '0b5a8d7f'), 'b.yml'),
        input(
          { positive: [{ raw: 'x' }], negative: [{ raw: 'x' }] },
          RULE.replace('Image|', 'Imagee|'),
          'c.yml',
        ),
        input(undefined, corr, 'd.yml'),
      ],
      opts,
    );
    expect(r.results.map((x) => [x.file, x.status, x.problems.join(' | ')])).toEqual([
      ['a.yml', 'untested', 'no samples file'],
      ['b.yml', 'broken', 'b.samples.json: "positive" must be a non-empty list of samples'],
      [
        'c.yml',
        'broken',
        expect.stringMatching(
          /^c\.yml:\d+: does not compile: search "selection": field "Imagee" is not known/,
        ),
      ],
      ['d.yml', 'skipped', expect.stringMatching(/no detection rule/)],
    ]);
  });

  it('counts a positive matched by any rule of its file, and only rules of its file', () => {
    const other = RULE.replace('0b5a8d7e', '0b5a8d7f').replace("' -enc '", "' -File '");
    const r = runRuleTests(
      [
        input({
          positive: [{ format: 'windows', raw: sysmon({ Image: PS, CommandLine: 'powershell -File x' }) }],
          negative: [{ raw: 'x' }],
        }),
        input(undefined, other, 'r/other.yml'),
      ],
      opts,
    );
    expect(r.results[0]?.samples[0]).toMatchObject({ got: 'no match', passed: false });
  });

  it('compiles rules using `expand` with the given placeholder values, and explains a failed sample with them', () => {
    const text = RULE.replace("CommandLine|contains: ' -enc '", "CommandLine|expand: '%EncodedRun%'");
    const samples = {
      positive: [
        {
          format: 'windows',
          note: 'listed',
          raw: sysmon({ Image: PS, CommandLine: 'powershell -enc AAAA' }),
        },
      ],
      negative: [
        {
          format: 'windows',
          note: 'the same event as a negative: fails, explained',
          raw: sysmon({ Image: PS, CommandLine: 'powershell -enc AAAA' }),
        },
      ],
    };
    const r = runRuleTests([input(samples, text)], { ...opts, placeholders: { EncodedRun: ['* -enc *'] } });
    expect(r.results[0]?.samples.map((s) => s.passed)).toEqual([true, false]);
    expect(r.results[0]?.samples[1]?.explanation?.searches).toContainEqual(
      expect.objectContaining({ name: 'selection', matched: true }),
    );
    const without = runRuleTests([input(samples, text)], opts);
    expect(without.results[0]).toMatchObject({ status: 'broken' });
    expect(without.results[0]?.problems[0]).toMatch(/set detect\.placeholders\.EncodedRun\)$/);
  });
});
