/** One event opened in the results: its fields (each with filter for / out) and its JSON. */
import { ActionIcon, Group, Table, Tabs, Text } from '@mantine/core';
import type { EventRecord } from '../../api/types.ts';
import { Icon } from '../../components/icons.tsx';
import { JsonView } from '../../components/JsonView.tsx';
import { valueText } from '../../lib/format.ts';
import { canFilter, type FilterValue, toFilterValue } from './filters.ts';

export function EventDetail(props: {
  event: EventRecord;
  highlight?: string[];
  onFilter?: (field: string, value: FilterValue, negate: boolean) => void;
}) {
  const keys = Object.keys(props.event).sort();
  return (
    <Tabs defaultValue="table" keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="table">Fields</Tabs.Tab>
        <Tabs.Tab value="json">JSON</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="table" pt="xs">
        <Table withRowBorders={false} verticalSpacing={2} aria-label="Event fields">
          <Table.Tbody>
            {keys.map((k) => {
              const v = props.event[k];
              const text = valueText(v);
              return (
                <Table.Tr key={k}>
                  <Table.Td w={260} className="vigil-mono" style={{ verticalAlign: 'top' }}>
                    {k}
                  </Table.Td>
                  <Table.Td className="vigil-mono" style={{ overflowWrap: 'anywhere' }}>
                    <Text inherit span fw={props.highlight?.includes(k) ? 700 : undefined}>
                      {text}
                    </Text>
                  </Table.Td>
                  <Table.Td w={64}>
                    {props.onFilter && canFilter(k) && (
                      <Group gap={2} wrap="nowrap">
                        <ActionIcon
                          size="sm"
                          variant="subtle"
                          aria-label={`Filter for ${k}: ${text}`}
                          onClick={() => props.onFilter?.(k, toFilterValue(v), false)}
                        >
                          <Icon name="plus" size={14} />
                        </ActionIcon>
                        <ActionIcon
                          size="sm"
                          variant="subtle"
                          color="red"
                          aria-label={`Filter out ${k}: ${text}`}
                          onClick={() => props.onFilter?.(k, toFilterValue(v), true)}
                        >
                          <Icon name="minus" size={14} />
                        </ActionIcon>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Tabs.Panel>
      <Tabs.Panel value="json" pt="xs">
        <JsonView value={props.event} highlight={props.highlight ?? []} />
      </Tabs.Panel>
    </Tabs>
  );
}
