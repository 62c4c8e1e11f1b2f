/** What a rule test found: per event, the matches with their fields or why not; what a hunt found. */
import { Alert, Badge, Button, Collapse, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { Explanation, HuntResult, RuleTestReport } from '../../api/types.ts';
import { Empty } from '../../components/Empty.tsx';
import { JsonView } from '../../components/JsonView.tsx';
import { formatCount, formatTime, valueText } from '../../lib/format.ts';

type TestedEvent = RuleTestReport['events'][number];

export function TestResults({ report }: { report: RuleTestReport }) {
  const s = report.summary;
  return (
    <Stack gap="xs" aria-label="Test results" component="section">
      <Alert color={s.matched > 0 ? 'green' : 'gray'} variant="light" role="status" data-test-summary>
        {s.matched} of {s.events} events matched ({s.matches} matches); {s.events - s.parsed} not parsed.
        Rules: {report.rules.map((r) => r.title).join(', ')}.
      </Alert>
      {report.problems.map((p) => (
        <Alert key={`${p.line}:${p.reason}`} color="orange" variant="light">
          rule.yml line {p.line}: {p.reason}
        </Alert>
      ))}
      {report.events.map((e) => (
        <EventResult key={e.index} e={e} />
      ))}
    </Stack>
  );
}

function EventResult({ e }: { e: TestedEvent }) {
  const [open, setOpen] = useState(false);
  const where = e.line !== null ? `line ${e.line}` : `event ${e.index + 1}`;
  const status = !e.parsed ? 'not parsed' : e.matches.length > 0 ? 'match' : 'no match';
  const color = status === 'match' ? 'green' : status === 'no match' ? 'gray' : 'red';
  const highlight = e.matches.flatMap((m) => m.fields.map((f) => f.field));
  return (
    <Paper withBorder p="xs" data-event-result={status}>
      <Group justify="space-between">
        <Group gap="xs">
          <Badge color={color} variant="filled" autoContrast>
            {status}
          </Badge>
          <Text size="sm">{where}</Text>
        </Group>
        {e.event && (
          <Button size="compact-xs" variant="subtle" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
            {open ? 'Hide' : 'Show'} the event ({where})
          </Button>
        )}
      </Group>
      {e.reason && (
        <Text size="sm" mt={4}>
          {e.reason}
        </Text>
      )}
      {e.matches.map((m) => (
        <Text size="sm" mt={4} key={m.ruleId}>
          <b>{m.title}</b> matched on{' '}
          {m.fields.map((f) => (
            <code key={f.field} style={{ marginRight: 6 }}>
              {f.field}={valueText(f.value)}
            </code>
          ))}
        </Text>
      ))}
      {e.explanation && <Why explanation={e.explanation} />}
      {e.event && (
        <Collapse expanded={open}>
          <JsonView value={e.event} highlight={highlight} />
        </Collapse>
      )}
    </Paper>
  );
}

/** Why the first rule does not match, in words. */
function Why({ explanation: x }: { explanation: Explanation }) {
  if (!x.inLogsource)
    return (
      <Text size="sm" mt={4}>
        Outside the rule's logsource {x.logsource} (routed on {x.routedOn.join(', ')}; the event has{' '}
        {x.routingFields.length
          ? x.routingFields.map((f) => `${f.field}=${valueText(f.value)}`).join(', ')
          : 'none of them'}
        ).
      </Text>
    );
  const u = x.firstUnmatched;
  if (!u) return null;
  return (
    <Text size="sm" mt={4}>
      Search <code>{u.search}</code> does not match: <code>{u.item}</code>{' '}
      {u.values.map((v) => JSON.stringify(v)).join(', ')};{' '}
      {u.eventFields.length
        ? `the event has ${u.eventFields.map((f) => `${f.field}=${valueText(f.value)}`).join(', ')}`
        : 'the event has none of its fields'}
      .
    </Text>
  );
}

export function HuntResults({ result }: { result: HuntResult }) {
  if (result.events.length === 0)
    return (
      <Empty title="No stored event matches" icon="search">
        <Text size="sm">
          Nothing from {formatTime(result.from)} to {formatTime(result.to)} matches {result.rule.title}.
        </Text>
      </Empty>
    );
  return (
    <Stack gap="xs">
      <Alert color="green" variant="light" role="status">
        {formatCount(result.count)} stored events match {result.rule.title} ({result.tookMs} ms); the newest{' '}
        {result.events.length} are below.
      </Alert>
      <Table striped fz="xs" aria-label="Matching stored events">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>@timestamp</Table.Th>
            <Table.Th>host.name</Table.Th>
            <Table.Th>user.name</Table.Th>
            <Table.Th>message</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.events.map((e, i) => (
            <Table.Tr key={String(e['vigil.id'] ?? i)}>
              <Table.Td className="vigil-mono">{formatTime(String(e['@timestamp'] ?? ''))}</Table.Td>
              <Table.Td>{valueText(e['host.name'])}</Table.Td>
              <Table.Td>{valueText(e['user.name'])}</Table.Td>
              <Table.Td>
                <Text inherit className="vigil-truncate">
                  {valueText(e.message ?? e['event.original'])}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
