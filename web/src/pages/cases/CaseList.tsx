/** The list view: every case (closed ones too) with filters by status, severity, assignee, tag and text. */
import { Anchor, Button, Group, MultiSelect, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { CASE_STATUSES, type CaseSummary, PHASE_LABELS, SEVERITIES } from '../../api/case-types.ts';
import { useCasePages } from '../../api/cases.ts';
import { Empty } from '../../components/Empty.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatAgo, formatCount } from '../../lib/format.ts';
import type { Assignees } from './assignees.ts';
import { SeverityBadge, SlaBadge, StatusBadge } from './badges.tsx';
import { type Policies, pressingClock, useNow } from './clocks.ts';
import { apiFilterOf, type ListFilters } from './filters.ts';

export function CaseList(props: {
  filters: ListFilters;
  onFilters: (f: ListFilters) => void;
  policiesOf: (tenant: string) => Policies;
  assignees: Assignees;
}) {
  const { filters: f, onFilters, assignees } = props;
  const pages = useCasePages(apiFilterOf(f));
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const total = pages.data?.pages[0]?.total;
  const now = useNow(1000);
  const [text, setText] = useState(f.q);
  const [tag, setTag] = useState(f.tag);
  useEffect(() => setText(f.q), [f.q]);
  useEffect(() => setTag(f.tag), [f.tag]);

  const assigneeOptions = [
    { value: '', label: 'Anyone' },
    ...(assignees.me ? [{ value: assignees.me, label: 'Me' }] : []),
    ...assignees.options.filter((o) => o.value !== assignees.me),
  ];

  return (
    <Stack gap="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onFilters({ ...f, q: text.trim(), tag: tag.trim() });
        }}
      >
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Text or case number"
            placeholder="ransomware, #42"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            data-shortcut-focus
            w={220}
          />
          <MultiSelect
            label="Status"
            data={CASE_STATUSES.map((s) => ({ value: s, label: s }))}
            value={f.status}
            onChange={(v) => onFilters({ ...f, status: v as ListFilters['status'] })}
            placeholder={f.status.length ? undefined : 'any'}
            w={220}
          />
          <MultiSelect
            label="Severity"
            data={[...SEVERITIES].reverse().map((s) => ({ value: s, label: s }))}
            value={f.severity}
            onChange={(v) => onFilters({ ...f, severity: v as ListFilters['severity'] })}
            placeholder={f.severity.length ? undefined : 'any'}
            w={220}
          />
          <Select
            label="Assignee"
            data={assigneeOptions}
            value={f.assignee}
            onChange={(v) => onFilters({ ...f, assignee: v ?? '' })}
            allowDeselect={false}
            w={170}
          />
          <TextInput label="Tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)} w={140} />
          <Button type="submit" variant="light">
            Filter
          </Button>
        </Group>
      </form>
      <ProblemAlert error={pages.error} title="The cases could not be listed" />
      {total !== undefined && (
        <Text size="sm" c="dimmed">
          {formatCount(total)} {total === 1 ? 'case' : 'cases'}
        </Text>
      )}
      {pages.isSuccess && items.length === 0 ? (
        <Empty title="No case matches these filters" icon="cases">
          Widen the status or severity, or clear the text.
        </Empty>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped highlightOnHover aria-label="Cases">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Case</Table.Th>
                <Table.Th w={110}>Severity</Table.Th>
                <Table.Th>Phase</Table.Th>
                <Table.Th w={100}>Status</Table.Th>
                <Table.Th>Assignee</Table.Th>
                <Table.Th>Tasks</Table.Th>
                <Table.Th>Alerts</Table.Th>
                <Table.Th w={220}>SLA</Table.Th>
                <Table.Th>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <CaseRow
                  key={c.id}
                  c={c}
                  assignee={assignees.nameOf(c.assignee)}
                  clock={c.status === 'closed' ? null : pressingClock(c, props.policiesOf(c.tenant), now)}
                  now={now.getTime()}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pages.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function CaseRow(props: {
  c: CaseSummary;
  assignee: string;
  clock: ReturnType<typeof pressingClock>;
  now: number;
}) {
  const { c } = props;
  return (
    <Table.Tr data-case-row={c.number}>
      <Table.Td>
        <Anchor component={Link} to={`/cases/${c.id}`} size="sm">
          #{c.number} {c.title}
        </Anchor>
        {c.tags.length > 0 && (
          <Text size="xs" c="dimmed">
            {c.tags.join(', ')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <SeverityBadge severity={c.severity} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{PHASE_LABELS[c.phase]}</Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={c.status} />
        {c.resolution && (
          <Text size="xs" c="dimmed">
            {c.resolution.replace(/_/g, ' ')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{props.assignee}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {c.tasksDone}/{c.taskCount}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{c.alertCount}</Text>
      </Table.Td>
      <Table.Td>{props.clock && <SlaBadge clock={props.clock} />}</Table.Td>
      <Table.Td>
        <Text size="sm">{formatAgo(c.updatedAt, props.now)}</Text>
      </Table.Td>
    </Table.Tr>
  );
}
