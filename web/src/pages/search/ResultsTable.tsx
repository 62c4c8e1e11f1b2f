/**
 * The events found: time and the chosen columns; a row opens to its fields and JSON. `j`/`k` move
 * the selection, `o` opens the selected event.
 */
import { ActionIcon, Table, Text } from '@mantine/core';
import { Fragment, useEffect, useMemo } from 'react';
import type { EventRecord } from '../../api/types.ts';
import { type Shortcut, useShortcuts } from '../../keyboard/index.ts';
import { formatTime, valueText } from '../../lib/format.ts';
import { EventDetail } from './EventDetail.tsx';
import type { FilterValue } from './filters.ts';

export interface ResultsTableProps {
  events: EventRecord[];
  columns: string[];
  selected: number;
  onSelect: (i: number) => void;
  expanded: ReadonlySet<number>;
  onToggle: (i: number) => void;
  onFilter: (field: string, value: FilterValue, negate: boolean) => void;
}

export function ResultsTable(props: ResultsTableProps) {
  const { events, selected, onSelect, onToggle } = props;
  const shortcuts = useMemo<Shortcut[]>(
    () => [
      {
        keys: 'j',
        group: 'Search',
        description: 'Next event',
        run: () => onSelect(Math.min(events.length - 1, selected + 1)),
      },
      {
        keys: 'k',
        group: 'Search',
        description: 'Previous event',
        run: () => onSelect(Math.max(0, selected - 1)),
      },
      {
        keys: 'o',
        group: 'Search',
        description: 'Open or close the selected event',
        run: () => onToggle(selected),
      },
    ],
    [events.length, selected, onSelect, onToggle],
  );
  useShortcuts('search-results', shortcuts);
  useEffect(() => {
    document.querySelector(`[data-row="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped highlightOnHover verticalSpacing={4} fz="xs" aria-label="Events">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={32}>
              <span className="mantine-visually-hidden">Open</span>
            </Table.Th>
            <Table.Th w={170}>@timestamp</Table.Th>
            {props.columns.map((c) => (
              <Table.Th key={c} className="vigil-mono">
                {c}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e, i) => {
            const open = props.expanded.has(i);
            const id = String(e['vigil.id'] ?? i);
            return (
              <Fragment key={id}>
                <Table.Tr
                  data-row={i}
                  data-selected={i === selected}
                  onClick={() => {
                    onSelect(i);
                    onToggle(i);
                  }}
                  style={{ cursor: 'pointer' }}
                >
                  <Table.Td>
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      aria-expanded={open}
                      aria-label={`${open ? 'Close' : 'Open'} event ${formatTime(String(e['@timestamp'] ?? ''))}`}
                      onClick={(ev) => {
                        ev.stopPropagation();
                        onSelect(i);
                        onToggle(i);
                      }}
                    >
                      {open ? '▾' : '▸'}
                    </ActionIcon>
                  </Table.Td>
                  <Table.Td className="vigil-mono" style={{ whiteSpace: 'nowrap' }}>
                    {formatTime(String(e['@timestamp'] ?? ''))}
                  </Table.Td>
                  {props.columns.map((c) => (
                    <Table.Td key={c} className="vigil-mono">
                      <Text inherit className="vigil-truncate" title={valueText(e[c])}>
                        {e[c] === undefined ? '' : valueText(e[c])}
                      </Text>
                    </Table.Td>
                  ))}
                </Table.Tr>
                {open && (
                  <Table.Tr>
                    <Table.Td colSpan={props.columns.length + 2}>
                      <EventDetail event={e} onFilter={props.onFilter} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
