/**
 * Ingest health per source: events in the last 24 hours, when it last delivered, events it sent
 * that could not be parsed (dead letters), and a state from that.
 */
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useSources } from '../../api/admin.ts';
import { api } from '../../api/client.ts';
import { useSession } from '../../api/session.tsx';
import type { DeadLetter, SearchResult, TopValues } from '../../api/types.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatAgo, formatCount } from '../../lib/format.ts';
import { STATE_COLOR, sourceNames, sourceState } from './ingest-health.ts';

const quote = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** `limit`: show the busiest sources only (plus a count of the others). */
export function IngestHealth({ limit }: { limit?: number } = {}) {
  const { can } = useSession();
  const sources = useSources();
  const top = useQuery({
    queryKey: ['ingest-health', 'top'],
    queryFn: () =>
      api<TopValues>('/api/v1/events/top', {
        query: { field: 'vigil.source', from: 'now-24h', to: 'now', limit: 100 },
      }),
  });
  const dead = useQuery({
    queryKey: ['ingest-health', 'dead-letters'],
    queryFn: () => api<{ items: DeadLetter[] }>('/api/v1/dead-letters', { query: { limit: 1000 } }),
  });
  const counts = new Map((top.data?.values ?? []).map((v) => [String(v.value), v.count]));
  const all = sourceNames(
    can('sources:read') ? (sources.data?.sources ?? []).map((s) => s.name) : [],
    (top.data?.values ?? []).map((v) => String(v.value)),
  );
  const names =
    limit === undefined
      ? all
      : [...all]
          .sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a.localeCompare(b))
          .slice(0, limit);
  const last = useQueries({
    queries: names.map((name) => ({
      queryKey: ['ingest-health', 'last', name],
      queryFn: () =>
        api<SearchResult>('/api/v1/events/search', {
          query: { q: `vigil.source:${quote(name)}`, from: 'now-30d', to: 'now+1h', limit: 1 },
        }),
    })),
  });
  const rejected = new Map<string, number>();
  for (const d of dead.data?.items ?? []) rejected.set(d.source, (rejected.get(d.source) ?? 0) + 1);
  if (names.length === 0)
    return (
      <>
        <ProblemAlert error={top.error} />
        <Text size="sm" c="dimmed">
          No source has sent events yet.
        </Text>
      </>
    );
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing={4} aria-label="Ingest health per source">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Source</Table.Th>
            <Table.Th ta="right">Events, 24 h</Table.Th>
            <Table.Th>Last event</Table.Th>
            <Table.Th ta="right">Not parsed</Table.Th>
            <Table.Th>State</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {names.map((name, i) => {
            const e = last[i]?.data?.events[0];
            const at = e ? String(e['vigil.ingested'] ?? e['@timestamp'] ?? '') || null : null;
            const state = last[i]?.isPending ? null : sourceState(at);
            return (
              <Table.Tr key={name} data-source={name}>
                <Table.Td className="vigil-mono">{name}</Table.Td>
                <Table.Td ta="right">{formatCount(counts.get(name) ?? 0)}</Table.Td>
                <Table.Td>{last[i]?.isPending ? '…' : formatAgo(at)}</Table.Td>
                <Table.Td ta="right">{formatCount(rejected.get(name) ?? 0)}</Table.Td>
                <Table.Td>
                  {state && (
                    <Badge color={STATE_COLOR[state]} variant="filled" autoContrast>
                      {state}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {names.length < all.length && (
        <Anchor component={Link} to="/admin/sources" size="sm">
          The {names.length} busiest of {all.length} sources · see all
        </Anchor>
      )}
    </Table.ScrollContainer>
  );
}
