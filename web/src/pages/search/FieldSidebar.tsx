/**
 * The fields of the events on screen (how many have each), and for a field its top values over
 * the whole search, each with "filter for" (+) and "filter out" (−), and a column toggle.
 */
import {
  ActionIcon,
  Box,
  Group,
  Loader,
  Progress,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { type EventQuery, useTopValues } from '../../api/events.ts';
import type { EventRecord } from '../../api/types.ts';
import { Icon } from '../../components/icons.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { valueText } from '../../lib/format.ts';
import { canFilter, type FilterValue, toFilterValue } from './filters.ts';

export interface FieldSidebarProps {
  events: EventRecord[];
  query: EventQuery;
  columns: string[];
  onFilter: (field: string, value: FilterValue, negate: boolean) => void;
  onToggleColumn: (field: string) => void;
}

/** Field names of the events with how many events have a value for each, most common first. */
export function fieldPresence(events: readonly EventRecord[]): { field: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const e of events)
    for (const [k, v] of Object.entries(e))
      if (v !== null && v !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts.entries()]
    .map(([field, count]) => ({ field, count }))
    .sort((a, b) => b.count - a.count || a.field.localeCompare(b.field));
}

export function FieldSidebar(props: FieldSidebarProps) {
  const [open, setOpen] = useState<string | null>(null);
  const [find, setFind] = useState('');
  const fields = useMemo(() => fieldPresence(props.events), [props.events]);
  const shown = fields.filter((f) => f.field.toLowerCase().includes(find.trim().toLowerCase()));
  return (
    <Stack gap="xs" component="aside" aria-label="Fields">
      <TextInput
        size="xs"
        label="Find a field"
        placeholder="e.g. user"
        value={find}
        onChange={(e) => setFind(e.currentTarget.value)}
      />
      <ScrollArea.Autosize mah="70vh" type="auto" offsetScrollbars>
        <Stack gap={2}>
          {shown.length === 0 && (
            <Text size="xs" c="dimmed">
              {fields.length === 0 ? 'Fields appear with the first results.' : 'No field matches.'}
            </Text>
          )}
          {shown.map((f) => (
            <Box key={f.field}>
              <Group gap={4} wrap="nowrap" justify="space-between">
                <UnstyledButton
                  onClick={() => setOpen(open === f.field ? null : f.field)}
                  aria-expanded={open === f.field}
                  aria-label={`Top values of ${f.field}`}
                  className="vigil-mono"
                  style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', flex: 1 }}
                  title={f.field}
                >
                  {f.field}
                </UnstyledButton>
                <Text size="xs" c="dimmed">
                  {f.count}
                </Text>
                <Tooltip label={props.columns.includes(f.field) ? 'Remove column' : 'Add column'}>
                  <ActionIcon
                    size="sm"
                    variant={props.columns.includes(f.field) ? 'light' : 'subtle'}
                    aria-label={`${props.columns.includes(f.field) ? 'Remove' : 'Add'} column ${f.field}`}
                    aria-pressed={props.columns.includes(f.field)}
                    onClick={() => props.onToggleColumn(f.field)}
                  >
                    <Icon name="columns" size={14} />
                  </ActionIcon>
                </Tooltip>
              </Group>
              {open === f.field && <TopValuesList field={f.field} {...props} />}
            </Box>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Stack>
  );
}

function TopValuesList({ field, query, onFilter }: { field: string } & FieldSidebarProps) {
  const top = useTopValues(query, field);
  if (top.isPending) return <Loader size="xs" m="xs" aria-label={`Loading top values of ${field}`} />;
  if (top.error) return <ProblemAlert error={top.error} title="Top values failed" />;
  const values = top.data.values;
  const total = values.reduce((n, v) => n + v.count, 0);
  const filterable = canFilter(field);
  return (
    <Stack gap={4} pl="xs" py={4} data-top-values={field}>
      {values.length === 0 && (
        <Text size="xs" c="dimmed">
          No values in this search.
        </Text>
      )}
      {values.map((v) => {
        const text = valueText(v.value);
        const value = toFilterValue(v.value);
        return (
          <Box key={text}>
            <Group gap={4} wrap="nowrap">
              <Text size="xs" className="vigil-mono" style={{ flex: 1, overflowWrap: 'anywhere' }}>
                {text}
              </Text>
              <Text size="xs" c="dimmed">
                {v.count}
              </Text>
              {filterable && (
                <>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    aria-label={`Filter for ${field}: ${text}`}
                    onClick={() => onFilter(field, value, false)}
                  >
                    <Icon name="plus" size={14} />
                  </ActionIcon>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="red"
                    aria-label={`Filter out ${field}: ${text}`}
                    onClick={() => onFilter(field, value, true)}
                  >
                    <Icon name="minus" size={14} />
                  </ActionIcon>
                </>
              )}
            </Group>
            <Progress value={total ? (100 * v.count) / total : 0} size="xs" aria-hidden="true" />
          </Box>
        );
      })}
    </Stack>
  );
}
