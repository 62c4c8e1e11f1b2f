/**
 * Search: query bar and time picker, filters, histogram, the field sidebar with top values, the
 * results (page by page) with each event's fields and JSON, and export of what is on screen.
 */
import { Alert, Button, Grid, Group, Menu, Stack, Text, Title } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useEventCount, useEventSearch, useHistogram, useStats } from '../../api/events.ts';
import { Empty } from '../../components/Empty.tsx';
import { Icon } from '../../components/icons.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { downloadText } from '../../lib/download.ts';
import { formatCount } from '../../lib/format.ts';
import { toCsv, toNdjson } from './export.ts';
import { FieldSidebar } from './FieldSidebar.tsx';
import { FilterPills } from './FilterPills.tsx';
import { addFilter, composeQuery, type FilterValue, invertFilter, removeFilter } from './filters.ts';
import { Histogram } from './Histogram.tsx';
import { QueryBar } from './QueryBar.tsx';
import { checkQuery } from './query-check.ts';
import { ResultsTable } from './ResultsTable.tsx';
import { useSearchState } from './search-state.ts';
import { TimePicker } from './TimePicker.tsx';
import { absoluteRange, resolveRange } from './time-range.ts';

export function SearchPage() {
  const [state, update] = useSearchState();
  const q = composeQuery(state.text, state.filters);
  const rangeCheck = resolveRange(state.range);
  const valid = checkQuery(q) === null && rangeCheck.ok;
  const query = useMemo(() => ({ q, range: state.range }), [q, state.range]);
  const search = useEventSearch(query, valid);
  const count = useEventCount(query, valid);
  const histogram = useHistogram(query, valid);
  const [selected, setSelected] = useState(0);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const events = useMemo(() => search.data?.pages.flatMap((p) => p.events) ?? [], [search.data]);

  const reset = () => {
    setSelected(0);
    setExpanded(new Set());
  };
  const onFilter = useCallback(
    (field: string, value: FilterValue, negate: boolean) => {
      update({ filters: addFilter(state.filters, { field, value, negate }) });
      setSelected(0);
      setExpanded(new Set());
    },
    [state.filters, update],
  );
  const onToggle = useCallback((i: number) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });
  }, []);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Search</Title>
        <ExportMenu events={events} columns={state.columns} />
      </Group>
      <QueryBar
        value={state.text}
        onSubmit={(text) => {
          update({ text });
          reset();
          if (text === state.text) void search.refetch();
        }}
      >
        <TimePicker
          value={state.range}
          onChange={(range) => {
            update({ range });
            reset();
          }}
        />
      </QueryBar>
      <FilterPills
        filters={state.filters}
        onInvert={(f) => update({ filters: invertFilter(state.filters, f) })}
        onRemove={(f) => update({ filters: removeFilter(state.filters, f) })}
      />
      {!rangeCheck.ok && <Alert color="red">{rangeCheck.error}</Alert>}
      <ProblemAlert error={search.error ?? histogram.error} title="The search failed" />
      <Histogram
        data={histogram.data}
        loading={histogram.isFetching}
        onZoom={(from, to) => update({ range: absoluteRange(from, to) })}
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <FieldSidebar
            events={events}
            query={query}
            columns={state.columns}
            onFilter={onFilter}
            onToggleColumn={(field) =>
              update({
                columns: state.columns.includes(field)
                  ? state.columns.filter((c) => c !== field)
                  : [...state.columns, field],
              })
            }
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Group justify="space-between" mb={4}>
            <Text size="sm" aria-live="polite">
              {count.data ? `${formatCount(count.data.count)} events` : search.isFetching ? 'Searching…' : ''}
              {search.data?.pages[0] ? ` · ${search.data.pages[0].tookMs} ms` : ''}
            </Text>
            <Text size="xs" c="dimmed">
              j / k to move, o to open
            </Text>
          </Group>
          {events.length > 0 ? (
            <ResultsTable
              events={events}
              columns={state.columns}
              selected={selected}
              onSelect={setSelected}
              expanded={expanded}
              onToggle={onToggle}
              onFilter={onFilter}
            />
          ) : (
            search.isSuccess && <NoResults filtered={q !== ''} />
          )}
          {search.hasNextPage && (
            <Group justify="center" mt="sm">
              <Button
                variant="default"
                loading={search.isFetchingNextPage}
                onClick={() => void search.fetchNextPage()}
              >
                Load {100} more
              </Button>
            </Group>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function ExportMenu({ events, columns }: { events: Record<string, unknown>[]; columns: string[] }) {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button
          variant="default"
          size="xs"
          leftSection={<Icon name="download" size={14} />}
          disabled={events.length === 0}
        >
          Export {events.length > 0 ? `${events.length} events` : ''}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          onClick={() =>
            downloadText(`vigil-events-${stamp}.ndjson`, toNdjson(events), 'application/x-ndjson')
          }
        >
          NDJSON (every field)
        </Menu.Item>
        <Menu.Item onClick={() => downloadText(`vigil-events-${stamp}.csv`, toCsv(events), 'text/csv')}>
          CSV (every field)
        </Menu.Item>
        <Menu.Item
          onClick={() =>
            downloadText(`vigil-events-${stamp}.csv`, toCsv(events, ['@timestamp', ...columns]), 'text/csv')
          }
        >
          CSV (the table's columns)
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function NoResults({ filtered }: { filtered: boolean }) {
  const stats = useStats();
  if (stats.data && stats.data.totalEvents === 0)
    return (
      <Empty title="No events yet" icon="search">
        <Text size="sm">
          Load a synthetic day of Windows, Linux, network and AWS events with <code>npx vigil demo</code>, or
          send your own: syslog to Vigil's syslog port (5514 unless configured), Splunk HEC or Elastic _bulk
          with an ingest token.
        </Text>
        <Group justify="center">
          <Button component={Link} to="/admin/tokens" variant="light" size="xs">
            Create an ingest token
          </Button>
        </Group>
      </Empty>
    );
  return (
    <Empty title="No events match" icon="search">
      <Text size="sm">
        {filtered
          ? 'Widen the time range, or remove a filter or part of the query.'
          : 'Nothing in this time range: widen it with the time picker.'}
      </Text>
    </Empty>
  );
}
