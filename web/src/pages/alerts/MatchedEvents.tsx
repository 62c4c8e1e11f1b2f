/**
 * The events an alert matched, oldest first: the fields its rule matched on, highlighted, then
 * the whole event as JSON with those fields marked.
 */
import { Button, Card, Group, Mark, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { EventRecord, MatchedField } from '../../api/types.ts';
import { JsonView } from '../../components/JsonView.tsx';
import { formatTime, valueText } from '../../lib/format.ts';

const SHOWN = 5;

function MatchedEvent(props: { event: EventRecord; fields: string[]; open: boolean; index: number }) {
  const [open, setOpen] = useState(props.open);
  const e = props.event;
  const present = props.fields.filter((f) => f in e);
  return (
    <Card withBorder padding="sm" data-matched-event={String(e['vigil.id'] ?? props.index)}>
      <Group justify="space-between" mb={6}>
        <Text size="sm" fw={600}>
          {formatTime(String(e['@timestamp'] ?? ''))}{' '}
          <Text span size="xs" c="dimmed">
            {String(e['vigil.source'] ?? '')} · {String(e['event.dataset'] ?? '')}
          </Text>
        </Text>
        <Button size="compact-xs" variant="subtle" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {open ? 'Hide the event JSON' : 'Show the event JSON'}
        </Button>
      </Group>
      {present.length > 0 ? (
        <Table withRowBorders={false} verticalSpacing={2} aria-label="Matched fields">
          <Table.Tbody>
            {present.map((f) => (
              <Table.Tr key={f}>
                <Table.Td w={280} className="vigil-mono" style={{ verticalAlign: 'top' }}>
                  {f}
                </Table.Td>
                <Table.Td className="vigil-mono" style={{ overflowWrap: 'anywhere' }}>
                  <Mark color="yellow" data-matched-field={f}>
                    {valueText(e[f])}
                  </Mark>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="xs" c="dimmed">
          None of the fields the alert matched on (those of its first detection) is in this event.
        </Text>
      )}
      {open && (
        <div style={{ marginTop: 8 }}>
          <JsonView value={e} highlight={props.fields} />
        </div>
      )}
    </Card>
  );
}

export function MatchedEvents(props: {
  events: EventRecord[];
  matched: MatchedField[];
  missing: number;
  error: string | null;
}) {
  const [all, setAll] = useState(false);
  const fields = [...new Set(props.matched.map((m) => m.field))];
  const shown = all ? props.events : props.events.slice(0, SHOWN);
  return (
    <Stack gap="xs">
      {props.error && (
        <Text size="sm" c="red" role="alert">
          The events could not be read: {props.error}
        </Text>
      )}
      {props.events.length === 0 && !props.error && (
        <Text size="sm" c="dimmed">
          None of the matched events is stored any more (retention).
        </Text>
      )}
      {shown.map((e, i) => (
        <MatchedEvent key={String(e['vigil.id'] ?? i)} event={e} fields={fields} open={i === 0} index={i} />
      ))}
      {!all && props.events.length > SHOWN && (
        <Button variant="default" onClick={() => setAll(true)}>
          Show all {props.events.length} events
        </Button>
      )}
      {props.missing > 0 && (
        <Text size="xs" c="dimmed">
          {props.missing} matched {props.missing === 1 ? 'event is' : 'events are'} no longer stored.
        </Text>
      )}
    </Stack>
  );
}
