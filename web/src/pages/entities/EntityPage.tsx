/**
 * One entity (a host, a user, an address, …): its current risk score (decayed to now), its alerts
 * newest first, and the cases they are in.
 */
import { Anchor, Card, Center, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import type { CaseRef } from '../../api/alert-types.ts';
import { useEntity } from '../../api/alerts.ts';
import { api } from '../../api/client.ts';
import { useSession } from '../../api/session.tsx';
import { Empty } from '../../components/Empty.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatAgo, formatCount, formatTime } from '../../lib/format.ts';
import { StatusBadge, VerdictBadge } from '../alerts/AlertBadges.tsx';
import { alertHref, caseHref, formatScore } from '../alerts/alert-format.ts';
import { LevelBadge } from '../detections/LevelBadge.tsx';

const CASES_SHOWN = 20;

function Tile(props: { label: string; value: string; hint?: string }) {
  return (
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
}

function EntityCases({ ids }: { ids: string[] }) {
  const { can } = useSession();
  const shown = ids.slice(0, CASES_SHOWN);
  const cases = useQueries({
    queries: shown.map((id) => ({
      queryKey: ['cases', 'ref', id],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<CaseRef>(`/api/v1/cases/${encodeURIComponent(id)}`, { signal }),
      enabled: can('cases:read'),
    })),
  });
  if (ids.length === 0)
    return (
      <Text size="sm" c="dimmed">
        None of its alerts is in a case.
      </Text>
    );
  return (
    <Stack gap={4} data-entity-cases>
      {shown.map((id, i) => {
        const c = cases[i]?.data;
        return (
          <Anchor key={id} component={Link} to={caseHref(id)} size="sm">
            {c ? `#${c.number} ${c.title} (${c.status})` : id}
          </Anchor>
        );
      })}
      {ids.length > CASES_SHOWN && (
        <Text size="xs" c="dimmed">
          and {ids.length - CASES_SHOWN} more
        </Text>
      )}
    </Stack>
  );
}

export function EntityPage() {
  const { type = '', value = '' } = useParams();
  const entity = useEntity(type, value);
  const d = entity.data;
  const score = d ? d.risk.reduce((n, r) => n + r.score, 0) : null;
  const last =
    d?.risk
      .map((r) => r.lastAlertAt)
      .sort()
      .at(-1) ?? null;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/alerts" size="sm">
        ← Alert queue
      </Anchor>
      <Group gap="xs" align="baseline">
        <Title order={2}>
          <Text span inherit c="dimmed">
            {type}{' '}
          </Text>
          <span style={{ overflowWrap: 'anywhere' }}>{value}</span>
        </Title>
      </Group>
      <ProblemAlert error={entity.error} title="The entity could not be read" />
      {entity.isPending ? (
        <Center h={160}>
          <Loader aria-label="Loading the entity" />
        </Center>
      ) : d ? (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            <Tile
              label="Risk score"
              value={score === null ? '—' : formatScore(score)}
              hint="decayed to now"
            />
            <Tile label="Alerts" value={formatCount(d.alerts.length)} />
            <Tile label="Cases" value={formatCount(d.caseIds.length)} />
            <Tile label="Last alert" value={formatAgo(last)} hint={last ? formatTime(last) : undefined} />
          </SimpleGrid>
          <Card withBorder>
            <Group justify="space-between" mb="xs">
              <Title order={3} size="h5">
                Alerts
              </Title>
              <Anchor
                component={Link}
                to={`/alerts?status=any&entity=${encodeURIComponent(`${type}:${value}`)}`}
                size="sm"
              >
                Open in the queue
              </Anchor>
            </Group>
            {d.alerts.length === 0 ? (
              <Empty title="No alerts" icon="alerts">
                <Text size="sm">No alert names this {type}.</Text>
              </Empty>
            ) : (
              <Table.ScrollContainer minWidth={700}>
                <Table verticalSpacing={4} aria-label="Alerts of the entity">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Severity</Table.Th>
                      <Table.Th>Alert</Table.Th>
                      <Table.Th>Status</Table.Th>
                      <Table.Th ta="right">Count</Table.Th>
                      <Table.Th>Last seen</Table.Th>
                      <Table.Th>Case</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.alerts.map((a) => (
                      <Table.Tr key={a.id} data-entity-alert={a.id}>
                        <Table.Td>
                          <LevelBadge level={a.severity} />
                        </Table.Td>
                        <Table.Td>
                          <Anchor component={Link} to={alertHref(a.id)} size="sm">
                            {a.title}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <StatusBadge status={a.status} />
                            <VerdictBadge verdict={a.verdict} />
                          </Group>
                        </Table.Td>
                        <Table.Td ta="right">{formatCount(a.count)}</Table.Td>
                        <Table.Td>
                          <Text size="sm" title={formatTime(a.lastSeen)}>
                            {formatAgo(a.lastSeen)}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          {a.caseId ? (
                            <Anchor component={Link} to={caseHref(a.caseId)} size="sm">
                              open
                            </Anchor>
                          ) : (
                            '—'
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Card>
          <Card withBorder>
            <Title order={3} size="h5" mb="xs">
              Cases
            </Title>
            <EntityCases ids={d.caseIds} />
          </Card>
        </>
      ) : null}
    </Stack>
  );
}

export default EntityPage;
