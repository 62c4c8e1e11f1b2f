import { describe, expect, it } from 'vitest';
import { slaClock } from '../../cases/sla.ts';
import { alertTable } from './alerts.ts';
import { metricsLines } from './soc.ts';
import {
  ago,
  breachText,
  bytesText,
  entityList,
  fields,
  intFlag,
  listFlag,
  parseEntity,
  parseSpan,
  seconds,
  shortId,
  slaText,
  table,
  truncate,
} from './soc-format.ts';
import type { Alert, SocMetricsReport } from './soc-types.ts';

const NOW = Date.parse('2026-11-22T12:00:00Z');

describe('tables', () => {
  it('aligns columns under their headers, right-aligns numbers, and leaves no trailing spaces', () => {
    const lines = table(
      [{ header: 'ID' }, { header: 'COUNT', align: 'right' }, { header: 'TITLE' }],
      [
        ['a1', '3', 'Short'],
        ['b22222', '1200', ''],
      ],
    );
    expect(lines).toEqual(['ID      COUNT  TITLE', 'a1          3  Short', 'b22222   1200']);
  });

  it('cuts long cells with an ellipsis and flattens newlines', () => {
    expect(truncate('one\ntwo', 20)).toBe('one two');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    const [, row] = table([{ header: 'T', max: 4 }, { header: 'X' }], [['abcdefgh', 'x']]);
    expect(row).toBe('abc…  x');
  });

  it('prints label: value lines aligned', () => {
    expect(
      fields([
        ['id', '1'],
        ['severity', 'high'],
      ]),
    ).toEqual(['id:       1', 'severity: high']);
  });

  it('lists alerts with an 8-character id, the verdict of closed ones, entities and relative last seen', () => {
    const alert = {
      id: '0123456789abcdef',
      severity: 'high',
      status: 'closed',
      verdict: 'false_positive',
      count: 3,
      title: 'Encoded PowerShell',
      entities: [
        { type: 'host', value: 'ws-01' },
        { type: 'user', value: 'alice' },
      ],
      lastSeen: '2026-11-22T11:55:00Z',
    } as Alert;
    const [header, row] = alertTable([alert], NOW);
    expect(header).toMatch(/^ID\s+SEVERITY\s+STATUS\s+COUNT\s+TITLE\s+ENTITIES\s+LAST SEEN$/);
    expect(row).toMatch(
      /^01234567\s+high\s+closed \(false positive\)\s+3\s+Encoded PowerShell\s+host:ws-01, user:alice\s+5 min ago$/,
    );
  });
});

describe('times and sizes', () => {
  it('says how long ago, or how far ahead', () => {
    expect(ago('2026-11-22T11:59:30Z', NOW)).toBe('30 s ago');
    expect(ago('2026-11-20T10:00:00Z', NOW)).toBe('2 d 2 h ago');
    expect(ago('2026-11-29T12:00:00Z', NOW)).toBe('in 7 d');
    expect(ago(null, NOW)).toBe('-');
  });

  it('prints metric seconds as human durations', () => {
    expect(seconds(null)).toBe('-');
    expect(seconds(42)).toBe('42 s');
    expect(seconds(3 * 3600 + 300)).toBe('3 h 5 min');
    expect(seconds(90_000)).toBe('1 d 1 h');
  });

  it('prints sizes', () => {
    expect(bytesText(512)).toBe('512 B');
    expect(bytesText(1536)).toBe('1.5 KiB');
    expect(bytesText(5 * 1024 * 1024)).toBe('5.0 MiB');
  });

  it('shortens ids and lists entities', () => {
    expect(shortId('aa157c6e-d7e6-4976')).toBe('aa157c6e');
    expect(entityList([])).toBe('-');
    expect(entityList([{ type: 'ip', value: '10.0.0.1' }])).toBe('ip:10.0.0.1');
  });

  it('reads SLA clocks: running, at risk, breached and met', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    expect(slaText(slaClock('contain', 240, '2026-11-22T11:00:00Z', null, now))).toBe(
      'running (3 h left, due 2026-11-22T15:00:00.000Z)',
    );
    expect(slaText(slaClock('contain', 240, '2026-11-22T08:30:00Z', null, now))).toMatch(
      /^AT RISK \(30 min left/,
    );
    expect(slaText(slaClock('contain', 60, '2026-11-22T10:00:00Z', null, now))).toMatch(
      /^BREACHED \(overdue by 1 h, due/,
    );
    expect(slaText(slaClock('contain', 60, '2026-11-22T10:00:00Z', '2026-11-22T10:20:00Z', now))).toBe(
      'met (40 min to spare)',
    );
    expect(
      breachText({
        regulation: 'gdpr',
        label: '',
        awareAt: '2026-11-20T12:00:00Z',
        deadline: '2026-11-23T12:00:00Z',
        notifiedAt: null,
        status: 'running',
        remainingMs: 86_400_000,
      }),
    ).toBe('running (1 d left, deadline 2026-11-23T12:00:00Z)');
  });
});

describe('flags', () => {
  it('reads spans for --for', () => {
    expect(parseSpan('7d', '--for')).toBe(7 * 86_400_000);
    expect(parseSpan('12h', '--for')).toBe(12 * 3_600_000);
    expect(parseSpan('2w', '--for')).toBe(14 * 86_400_000);
    expect(() => parseSpan('7', '--for')).toThrow(/--for "7" is not a span/);
    expect(() => parseSpan('0d', '--for')).toThrow(/not a span/);
  });

  it('reads entities as type=value (or type:value), values keeping their own = and :', () => {
    expect(parseEntity('host=ws-01', '--entity')).toEqual({ type: 'host', value: 'ws-01' });
    expect(parseEntity('url:https://x.test/?a=b', '--entity')).toEqual({
      type: 'url',
      value: 'https://x.test/?a=b',
    });
    expect(() => parseEntity('planet=mars', '--entity')).toThrow(/one of user, host/);
  });

  it('checks comma lists and numbers', () => {
    expect(listFlag('new, acknowledged,new', ['new', 'acknowledged', 'closed'], '--status')).toEqual([
      'new',
      'acknowledged',
    ]);
    expect(listFlag(undefined, ['a'], '--x')).toBeUndefined();
    expect(() => listFlag('new,bogus', ['new'], '--status')).toThrow('--status: "bogus" is not one of new');
    expect(intFlag('20', '--limit', 1, 500)).toBe(20);
    expect(() => intFlag('0', '--limit', 1, 500)).toThrow('--limit is a whole number from 1 to 500');
  });
});

describe('SOC metrics', () => {
  it('prints the four measures as human durations, severities most severe first, and rules with FP rate', () => {
    const stats = (median: number | null) => ({
      count: median === null ? 0 : 2,
      mean: median,
      median,
      p90: median,
    });
    const set = (m: number | null) => ({
      mttd: stats(m),
      mtta: stats(60),
      mttc: stats(null),
      mttr: stats(7200),
      alerts: 2,
      cases: 1,
    });
    const report = {
      since: '2026-10-23T00:00:00.000Z',
      until: '2026-11-22T00:00:00.000Z',
      overall: set(30),
      groups: {
        severity: [
          { key: 'high', ...set(30) },
          { key: 'critical', ...set(5) },
        ],
      },
      rules: [
        {
          ruleId: 'r1',
          title: 'Encoded PowerShell',
          alerts: 2,
          detections: 4,
          open: 0,
          closed: 2,
          verdicts: { true_positive: 1, benign_true_positive: 0, false_positive: 1, duplicate: 0 },
          falsePositiveRate: 0.5,
        },
      ],
    } as SocMetricsReport;
    const text = metricsLines(report).join('\n');
    expect(text).toContain('2 alert(s), 1 case(s)');
    expect(text).toMatch(/MTTD \(detect\)\s+2\s+30 s\s+30 s\s+30 s/);
    expect(text).toMatch(/MTTA \(acknowledge\)\s+2\s+1 min/);
    expect(text).toMatch(/time to contain\s+0\s+-\s+-\s+-/);
    expect(text).toMatch(/MTTR \(resolve\)\s+2\s+2 h/);
    expect(text.indexOf('critical')).toBeLessThan(text.indexOf('  high'));
    expect(text).toMatch(/50%\s+Encoded PowerShell/);
  });
});
