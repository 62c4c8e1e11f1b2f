/**
 * The overview: volumes (events, detections, enabled rules), open alerts and cases, MTTD, MTTA,
 * MTTR and SLA breaches; alerts per day by severity, the riskiest entities, open cases by IR
 * phase; detections over the last day by level, the rules that fired most, events per day, and
 * ingest health per source.
 */
import {
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { useAlertList, useOpenCaseCounts, useSlaBreaches, useSocMetrics } from '../../api/alerts.ts';
import { api } from '../../api/client.ts';
import { useEventCount, useStats } from '../../api/events.ts';
import { useRules } from '../../api/rules.ts';
import { useSession } from '../../api/session.tsx';
import type { Detection } from '../../api/types.ts';
import { type ChartOption, EChart } from '../../components/EChart.tsx';
import { Empty } from '../../components/Empty.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatBytes, formatCount } from '../../lib/format.ts';
import { formatDuration } from '../alerts/alert-format.ts';
import { DEFAULT_RANGE } from '../search/time-range.ts';
import { detectionsByHour, LEVEL_ORDER, topRules } from './detections-over-time.ts';
import { IngestHealth } from './IngestHealth.tsx';
import { AlertVolume, CasesByPhase, RiskyEntities } from './SocPanels.tsx';
import { openAlerts, slaCounts } from './soc-figures.ts';

const LEVEL_COLORS: Record<string, string> = {
  critical: '#e03131',
  high: '#f76707',
  medium: '#f59f00',
  low: '#0ca678',
  informational: '#868e96',
};

function Tile(props: { label: string; value: string; hint?: string; to?: string }) {
  const body = (
    <Card withBorder padding="sm" data-tile={props.label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {props.label}
      </Text>
      <Text fz={26} fw={700} lh={1.3}>
        {props.value}
      </Text>
      {props.hint && (
        <Text size="xs" c="dimmed">
          {props.hint}
        </Text>
      )}
    </Card>
  );
  return props.to ? (
    <Anchor component={Link} to={props.to} underline="never" c="inherit">
      {body}
    </Anchor>
  ) : (
    body
  );
}

const NOT_ALLOWED = 'not in your permissions';

export function OverviewPage() {
  const { can } = useSession();
  const stats = useStats();
  const events24h = useEventCount({ q: '', range: DEFAULT_RANGE });
  const rules = useRules({ enabled: true, limit: 1 });
  const detections = useQuery({
    queryKey: ['detections', 'recent'],
    queryFn: () => api<{ items: Detection[] }>('/api/v1/detections', { query: { limit: 1000 } }),
    enabled: can('detections:read'),
  });
  const alertsRead = can('alerts:read');
  const casesRead = can('cases:read');
  const alertCounts = useAlertList({ limit: 1 }, alertsRead);
  const cases = useOpenCaseCounts(casesRead);
  const metrics = useSocMetrics('now-30d', alertsRead);
  const breaches = useSlaBreaches(alertsRead);
  const open = openAlerts(alertCounts.data?.counts);
  const sla = slaCounts(breaches.data);
  const m = metrics.data?.overall;
  const now = Date.now();
  const series = useMemo(
    () => detectionsByHour(detections.data?.items ?? [], now, 24),
    [detections.data, now],
  );
  const top = useMemo(
    () => topRules(detections.data?.items ?? [], now - 24 * 3_600_000),
    [detections.data, now],
  );
  const detectionOption = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 12, top: 30, bottom: 28 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: series.hours.map((h) => h.slice(11, 16)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: LEVEL_ORDER.map((l) => ({
        name: l,
        type: 'bar',
        stack: 'level',
        data: series.byLevel[l],
        itemStyle: { color: LEVEL_COLORS[l] },
      })),
    }),
    [series],
  );
  const daysOption = useMemo<ChartOption>(() => {
    const days = stats.data?.days.slice(-14) ?? [];
    return {
      grid: { left: 56, right: 12, top: 12, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)) },
      yAxis: { type: 'value' },
      series: [
        { type: 'bar', name: 'events', data: days.map((d) => d.events), itemStyle: { color: '#4dabf7' } },
      ],
    };
  }, [stats.data]);

  if (stats.data && stats.data.totalEvents === 0) return <Welcome />;
  const capped = (detections.data?.items.length ?? 0) >= 1000;
  return (
    <Stack gap="md">
      <Title order={2}>Overview</Title>
      <ProblemAlert error={stats.error ?? detections.error ?? metrics.error ?? breaches.error} />
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 8 }} spacing="sm">
        <Tile
          label="Events, 24 h"
          value={events24h.data ? formatCount(events24h.data.count) : '…'}
          to="/search"
        />
        <Tile
          label="Stored"
          value={stats.data ? formatCount(stats.data.totalEvents) : '…'}
          hint={formatBytes(stats.data?.bytes ?? null)}
        />
        <Tile
          label="Detections, 24 h"
          value={`${formatCount(series.total)}${capped ? '+' : ''}`}
          to="/detections"
        />
        <Tile
          label="Enabled rules"
          value={rules.data ? formatCount(rules.data.total) : '…'}
          to="/detections"
        />
        <Tile
          label="Open alerts"
          value={!alertsRead ? '—' : open === null ? '…' : formatCount(open)}
          hint={
            !alertsRead
              ? NOT_ALLOWED
              : alertCounts.data
                ? `${formatCount(alertCounts.data.counts.new)} new`
                : undefined
          }
          to="/alerts"
        />
        <Tile
          label="Open cases"
          value={!casesRead ? '—' : cases.data ? formatCount(cases.data.total) : '…'}
          hint={casesRead ? undefined : NOT_ALLOWED}
          to="/cases"
        />
        <Tile
          label="MTTD / MTTA"
          value={
            !alertsRead
              ? '—'
              : m
                ? `${formatDuration(m.mttd.median)} / ${formatDuration(m.mtta.median)}`
                : '…'
          }
          hint={alertsRead ? 'median, 30 days' : NOT_ALLOWED}
        />
        <Tile
          label="MTTR · SLA breaches"
          value={
            !alertsRead
              ? '—'
              : m && sla
                ? `${formatDuration(m.mttr.median)} · ${formatCount(sla.breached)}`
                : '…'
          }
          hint={!alertsRead ? NOT_ALLOWED : sla ? `${formatCount(sla.atRisk)} at risk` : undefined}
        />
      </SimpleGrid>
      <Grid gap="md">
        {alertsRead && (
          <>
            <Grid.Col span={{ base: 12, lg: casesRead ? 6 : 8 }}>
              <Card withBorder h="100%">
                <Title order={3} size="h5" mb="xs">
                  Alerts per day by severity (first event, UTC)
                </Title>
                <AlertVolume />
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6, lg: casesRead ? 3 : 4 }}>
              <Card withBorder h="100%">
                <Title order={3} size="h5" mb="xs">
                  Top risky entities
                </Title>
                <RiskyEntities />
              </Card>
            </Grid.Col>
          </>
        )}
        {casesRead && (
          <Grid.Col span={{ base: 12, md: 6, lg: alertsRead ? 3 : 4 }}>
            <Card withBorder h="100%">
              <Title order={3} size="h5" mb="xs">
                Open cases by phase
              </Title>
              <CasesByPhase />
            </Card>
          </Grid.Col>
        )}
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Card withBorder>
            <Title order={3} size="h5" mb="xs">
              Detections in the last 24 hours, by level (UTC)
            </Title>
            <EChart
              option={detectionOption}
              label={`Detections per hour by level: ${series.total} in 24 hours`}
              height={240}
            />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Card withBorder h="100%">
            <Title order={3} size="h5" mb="xs">
              Top rules, 24 h
            </Title>
            {top.length === 0 ? (
              <Text size="sm" c="dimmed">
                No detection in the last 24 hours.
              </Text>
            ) : (
              <Table verticalSpacing={4} aria-label="Top rules">
                <Table.Tbody>
                  {top.map((r) => (
                    <Table.Tr key={r.ruleId}>
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={`/detections/rules/${encodeURIComponent(r.ruleId)}`}
                          size="sm"
                        >
                          {r.title}
                        </Anchor>
                      </Table.Td>
                      <Table.Td ta="right">{formatCount(r.count)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card withBorder>
            <Title order={3} size="h5" mb="xs">
              Ingest health
            </Title>
            <IngestHealth limit={10} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Card withBorder>
            <Group justify="space-between" mb="xs">
              <Title order={3} size="h5">
                Events per day
              </Title>
              {stats.data?.backlogBytes !== null && stats.data?.backlogBytes !== undefined && (
                <Tooltip label="Acknowledged, not yet stored">
                  <Text size="xs" c="dimmed">
                    backlog {formatBytes(stats.data.backlogBytes)}
                  </Text>
                </Tooltip>
              )}
            </Group>
            <EChart option={daysOption} label="Events stored per day" height={200} />
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** The first-run overview: nothing stored yet, so say how to get events in. */
function Welcome() {
  return (
    <Stack gap="md">
      <Title order={2}>Welcome to Vigil</Title>
      <Empty title="No events yet" icon="overview">
        <Text size="sm">
          Try it with a synthetic day of Windows, Linux, network and AWS events (with a few attacks to find):
        </Text>
        <Text size="sm" className="vigil-mono">
          npx vigil demo
        </Text>
        <Text size="sm">
          Or send your own: syslog to Vigil's syslog port (5514 unless configured), Splunk HEC, Elastic _bulk
          or NDJSON with an ingest token.
        </Text>
      </Empty>
      <Group justify="center">
        <Button component={Link} to="/admin/tokens">
          Create an ingest token
        </Button>
        <Button component={Link} to="/detections" variant="default">
          Look at the detection rules
        </Button>
      </Group>
    </Stack>
  );
}
