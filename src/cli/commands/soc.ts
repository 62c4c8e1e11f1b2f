/**
 * `vigil metrics soc`: MTTD, MTTA, time to contain and MTTR over a window (alerts and cases created
 * in it), as human durations, per severity, and the busiest rules with their false-positive rate.
 */
import type { Command } from 'commander';
import { SEVERITIES } from '../../cases/sla.ts';
import { out } from '../context.ts';
import { query, socClient } from './soc-client.ts';
import { seconds, table } from './soc-format.ts';
import type { SocMetricsReport } from './soc-types.ts';

/** Rules `vigil metrics soc` lists (the busiest); --json has them all. */
const SHOWN_RULES = 10;

type MetricSet = SocMetricsReport['overall'];
const MEASURES = [
  ['mttd', 'MTTD (detect)'],
  ['mtta', 'MTTA (acknowledge)'],
  ['mttc', 'time to contain'],
  ['mttr', 'MTTR (resolve)'],
] as const;

export function metricsLines(r: SocMetricsReport): string[] {
  const o = r.overall;
  const lines = [
    `SOC metrics from ${r.since} to ${r.until}: ${o.alerts} alert(s), ${o.cases} case(s)`,
    '',
    ...table(
      [
        { header: 'MEASURE' },
        { header: 'COUNT', align: 'right' },
        { header: 'MEAN' },
        { header: 'MEDIAN' },
        { header: 'P90' },
      ],
      MEASURES.map(([key, label]) => {
        const s = o[key];
        return [label, String(s.count), seconds(s.mean), seconds(s.median), seconds(s.p90)];
      }),
    ),
  ];
  const bySeverity = [...(r.groups.severity ?? [])].sort(
    (a, b) =>
      SEVERITIES.indexOf(b.key as (typeof SEVERITIES)[number]) -
      SEVERITIES.indexOf(a.key as (typeof SEVERITIES)[number]),
  );
  if (bySeverity.length > 0)
    lines.push(
      '',
      'By severity (medians)',
      ...table(
        [
          { header: 'SEVERITY' },
          { header: 'ALERTS', align: 'right' },
          { header: 'CASES', align: 'right' },
          { header: 'MTTD' },
          { header: 'MTTA' },
          { header: 'CONTAIN' },
          { header: 'MTTR' },
        ],
        bySeverity.map((g: MetricSet & { key: string }) => [
          g.key,
          String(g.alerts),
          String(g.cases),
          ...MEASURES.map(([key]) => seconds(g[key].median)),
        ]),
      ).map((l) => `  ${l}`),
    );
  if (r.rules.length > 0)
    lines.push(
      '',
      `Rules (busiest ${Math.min(SHOWN_RULES, r.rules.length)} of ${r.rules.length})`,
      ...table(
        [
          { header: 'ALERTS', align: 'right' },
          { header: 'OPEN', align: 'right' },
          { header: 'CLOSED', align: 'right' },
          { header: 'FP RATE', align: 'right' },
          { header: 'RULE', max: 70 },
        ],
        r.rules
          .slice(0, SHOWN_RULES)
          .map((x) => [
            String(x.alerts),
            String(x.open),
            String(x.closed),
            x.falsePositiveRate === null ? '-' : `${Math.round(x.falsePositiveRate * 100)}%`,
            x.title,
          ]),
      ).map((l) => `  ${l}`),
    );
  return lines;
}

export function socCommand(program: Command): void {
  const metrics = program.command('metrics').description('measures of the security operation');
  metrics
    .command('soc')
    .description('MTTD, MTTA, time to contain and MTTR of alerts and cases created in a window')
    .option('--since <time>', 'start: 30d, 7d, now-24h or an ISO time', '30d')
    .option('--until <time>', 'end: an ISO time or now-1d', 'now')
    .option('--json', 'print the full report (seconds; every group) as JSON')
    .action(async (flags: { since: string; until: string; json?: boolean }) => {
      const r = await socClient(program).json<SocMetricsReport>(
        'GET',
        `/api/v1/metrics/soc${query({
          since: flags.since,
          until: flags.until,
          groupBy: flags.json ? undefined : 'severity',
        })}`,
      );
      if (flags.json) out(JSON.stringify(r));
      else for (const line of metricsLines(r)) out(line);
    });
}
