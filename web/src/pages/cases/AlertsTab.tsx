/** The alerts of a case, with their triage status and verdict; each opens in the alert queue. */
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { CaseDetail } from '../../api/case-types.ts';
import { formatTime } from '../../lib/format.ts';
import { SeverityBadge } from './badges.tsx';

export function AlertsTab({ c }: { c: CaseDetail }) {
  if (c.alerts.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No alerts in this case. Escalate alerts into it from the alert queue.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label="Alerts of the case" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Alert</Table.Th>
            <Table.Th w={110}>Severity</Table.Th>
            <Table.Th w={110}>Status</Table.Th>
            <Table.Th>Verdict</Table.Th>
            <Table.Th>Detections</Table.Th>
            <Table.Th>Last seen</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {c.alerts.map((a) => (
            <Table.Tr key={a.id} data-alert-row={a.id} data-alert-status={a.status}>
              <Table.Td>
                <Anchor component={Link} to={`/alerts/${a.id}`} size="sm">
                  {a.title}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <SeverityBadge severity={a.severity} />
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={a.status === 'closed' ? 'gray' : 'blue'}>
                  {a.status}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{a.verdict ? a.verdict.replace(/_/g, ' ') : '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{a.count ?? '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatTime(a.lastSeen)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
