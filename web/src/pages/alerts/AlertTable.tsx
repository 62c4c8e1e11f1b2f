/**
 * The queue's rows (grouped when asked): severity, title, entities, status and verdict, assignee,
 * detections with their sparkline, last seen. The cursor row is marked (`data-selected`); a click
 * on a row moves the cursor there, its title opens it, its checkbox selects it.
 */
import { Anchor, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { Fragment, useEffect } from 'react';
import { Link } from 'react-router-dom';
import type { Alert } from '../../api/alert-types.ts';
import { formatAgo, formatCount, formatTime } from '../../lib/format.ts';
import { LevelBadge } from '../detections/LevelBadge.tsx';
import { StatusBadge, VerdictBadge } from './AlertBadges.tsx';
import { alertHref } from './alert-format.ts';
import type { CursorState } from './cursor.ts';
import type { AlertGroup } from './grouping.ts';
import { Sparkline } from './Sparkline.tsx';

const COLUMNS = 9;

function entitiesText(a: Alert): string {
  return a.entities
    .filter((e) => e.type === 'host' || e.type === 'user' || e.type === 'ip')
    .slice(0, 4)
    .map((e) => `${e.type} ${e.value}`)
    .join(' · ');
}

export function AlertTable(props: {
  groups: AlertGroup[];
  grouped: boolean;
  cursor: CursorState;
  onCursor: (id: string) => void;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
}) {
  const { cursor } = props;
  const total = cursor.ids.length;
  const selected = cursor.selected.size;
  useEffect(() => {
    if (cursor.cursor === null) return;
    document
      .querySelector(`[data-alert-row="${CSS.escape(cursor.cursor)}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [cursor.cursor]);
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table highlightOnHover verticalSpacing={6} aria-label="Alerts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <Checkbox
                aria-label={selected === total && total > 0 ? 'Select no alert' : 'Select every alert'}
                checked={total > 0 && selected === total}
                indeterminate={selected > 0 && selected < total}
                onChange={props.onToggleAll}
              />
            </Table.Th>
            <Table.Th w={110}>Severity</Table.Th>
            <Table.Th>Alert</Table.Th>
            <Table.Th w={190}>Status</Table.Th>
            <Table.Th w={120}>Assignee</Table.Th>
            <Table.Th w={80} ta="right">
              Count
            </Table.Th>
            <Table.Th w={96}>Activity</Table.Th>
            <Table.Th w={110}>Last seen</Table.Th>
            <Table.Th w={1}>
              <span className="mantine-visually-hidden">Case</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.groups.map((g) => (
            <Fragment key={g.key || '-'}>
              {props.grouped && (
                <Table.Tr data-group={g.key}>
                  <Table.Td colSpan={COLUMNS} bg="var(--mantine-color-default-hover)">
                    <Text size="sm" fw={600}>
                      {g.label}{' '}
                      <Text span size="xs" c="dimmed">
                        · {formatCount(g.alerts.length)} {g.alerts.length === 1 ? 'alert' : 'alerts'}
                      </Text>
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {g.alerts.map((a) => (
                <Table.Tr
                  key={a.id}
                  data-alert-row={a.id}
                  data-selected={cursor.cursor === a.id}
                  data-checked={cursor.selected.has(a.id)}
                  onClick={() => props.onCursor(a.id)}
                >
                  <Table.Td>
                    <Checkbox
                      aria-label={`Select alert ${a.title}`}
                      checked={cursor.selected.has(a.id)}
                      onChange={() => props.onToggle(a.id)}
                      onClick={(e) => e.stopPropagation()}
                    />
                  </Table.Td>
                  <Table.Td>
                    <LevelBadge level={a.severity} />
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      <Anchor component={Link} to={alertHref(a.id)} size="sm" fw={500}>
                        {a.title}
                      </Anchor>
                      <Text size="xs" c="dimmed" className="vigil-truncate">
                        {entitiesText(a) || a.source}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <StatusBadge status={a.status} />
                      <VerdictBadge verdict={a.verdict} />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={a.assigneeName ? undefined : 'dimmed'}>
                      {a.assigneeName ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{formatCount(a.count)}</Table.Td>
                  <Table.Td>
                    <Sparkline data={a.sparkline} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" title={formatTime(a.lastSeen)}>
                      {formatAgo(a.lastSeen)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {a.caseId && (
                      <Anchor component={Link} to={`/cases/${encodeURIComponent(a.caseId)}`} size="xs">
                        case
                      </Anchor>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
