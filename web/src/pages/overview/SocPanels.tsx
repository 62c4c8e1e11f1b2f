/** The overview's SOC panels: alerts per day by severity, the riskiest entities, open cases by IR phase. */
import { Anchor, Group, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { CASE_PHASES, PHASE_LABELS } from '../../api/alert-types.ts';
import { useAlertList, useOpenCaseCounts, useRiskLeaderboard } from '../../api/alerts.ts';
import { type ChartOption, EChart } from '../../components/EChart.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatCount } from '../../lib/format.ts';
import { entityHref, formatScore } from '../alerts/alert-format.ts';
import { alertsByDay, SEVERITY_ORDER } from './soc-figures.ts';

export const SEVERITY_COLORS: Record<string, string> = {
  critical: '#e03131',
  high: '#f76707',
  medium: '#f59f00',
  low: '#0ca678',
  informational: '#868e96',
};

const DAYS = 14;

export function AlertVolume() {
  const list = useAlertList({ since: `now-${DAYS}d`, limit: 500, sort: 'newest' });
  const now = Date.now();
  const series = useMemo(() => alertsByDay(list.data?.items ?? [], now, DAYS), [list.data, now]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 12, top: 30, bottom: 28 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: series.days.map((d) => d.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: SEVERITY_ORDER.map((s) => ({
        name: s,
        type: 'bar',
        stack: 'severity',
        data: series.bySeverity[s],
        itemStyle: { color: SEVERITY_COLORS[s] },
      })),
    }),
    [series],
  );
  const capped = list.data?.nextCursor ? '+' : '';
  return (
    <>
      <ProblemAlert error={list.error} title="Alerts could not be listed" />
      <EChart
        option={option}
        label={`Alerts per day by severity: ${series.total}${capped} in ${DAYS} days`}
        height={240}
      />
    </>
  );
}

export function RiskyEntities() {
  const risk = useRiskLeaderboard(8);
  const items = risk.data?.items ?? [];
  if (risk.error) return <ProblemAlert error={risk.error} title="Entity risk" />;
  if (risk.data && items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No entity has risk yet: alerts add to the risk of the hosts and users they name.
      </Text>
    );
  return (
    <Table verticalSpacing={4} aria-label="Top risky entities">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Entity</Table.Th>
          <Table.Th ta="right">Risk</Table.Th>
          <Table.Th ta="right">Alerts</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((e) => (
          <Table.Tr key={`${e.tenant}:${e.type}:${e.value}`} data-risky-entity={`${e.type}:${e.value}`}>
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                <Text span size="xs" c="dimmed">
                  {e.type}
                </Text>
                <Anchor
                  component={Link}
                  to={entityHref(e)}
                  size="sm"
                  className="vigil-truncate"
                  maw={200}
                  title={e.value}
                >
                  {e.value}
                </Anchor>
              </Group>
            </Table.Td>
            <Table.Td ta="right">{formatScore(e.score)}</Table.Td>
            <Table.Td ta="right">{formatCount(e.alerts)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function CasesByPhase() {
  const cases = useOpenCaseCounts(true);
  if (cases.error) return <ProblemAlert error={cases.error} title="Cases" />;
  const phases = cases.data?.phases ?? {};
  const max = Math.max(1, ...CASE_PHASES.map((p) => phases[p] ?? 0));
  return (
    <Table verticalSpacing={4} aria-label="Open cases by phase">
      <Table.Tbody>
        {CASE_PHASES.map((p) => {
          const n = phases[p] ?? 0;
          return (
            <Table.Tr key={p} data-phase={p}>
              <Table.Td w="45%">
                <Anchor component={Link} to="/cases?view=board&status=open" size="sm">
                  {PHASE_LABELS[p]}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <div
                  aria-hidden="true"
                  style={{
                    height: 8,
                    borderRadius: 4,
                    width: `${(n / max) * 100}%`,
                    minWidth: n > 0 ? 6 : 0,
                    background: 'var(--mantine-primary-color-filled)',
                  }}
                />
              </Table.Td>
              <Table.Td ta="right" w={60}>
                {cases.data ? formatCount(n) : '…'}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
