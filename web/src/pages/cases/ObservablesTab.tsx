/**
 * A case's observables (IPs, domains, hashes, users, hosts…): how often each was seen across the
 * tenant's alerts and cases, whether it is an indicator of compromise; add one.
 */
import { Badge, Button, Checkbox, Code, Group, Paper, Select, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { type CaseDetail, OBSERVABLE_TYPES, type ObservableType } from '../../api/case-types.ts';
import { useAddObservable } from '../../api/cases.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatTime } from '../../lib/format.ts';

export function ObservablesTab({ c, mayWrite }: { c: CaseDetail; mayWrite: boolean }) {
  return (
    <>
      {mayWrite && c.status !== 'closed' && <AddObservable caseId={c.id} />}
      {c.observables.length === 0 ? (
        <Text size="sm" c="dimmed" mt="sm">
          No observables yet. Escalated alerts bring their hosts, users and addresses; add others here.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640} mt="sm">
          <Table aria-label="Observables" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Type</Table.Th>
                <Table.Th>Value</Table.Th>
                <Table.Th>IoC</Table.Th>
                <Table.Th>TLP</Table.Th>
                <Table.Th>Sightings</Table.Th>
                <Table.Th>Last seen</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.observables.map((o) => (
                <Table.Tr key={o.id} data-observable={o.value}>
                  <Table.Td>
                    <Text size="sm">{o.type}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Code style={{ overflowWrap: 'anywhere' }}>{o.value}</Code>
                  </Table.Td>
                  <Table.Td>
                    {o.ioc ? (
                      <Badge color="red" variant="light">
                        IoC
                      </Badge>
                    ) : (
                      <Text size="sm" c="dimmed">
                        no
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{o.tlp}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={o.sightings > 1 ? 700 : undefined}>
                      {o.sightings}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatTime(o.lastSeen)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}

function AddObservable({ caseId }: { caseId: string }) {
  const add = useAddObservable();
  const [type, setType] = useState<ObservableType>('ip');
  const [value, setValue] = useState('');
  const [ioc, setIoc] = useState(false);
  return (
    <Paper withBorder p="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({ id: caseId, type, value: value.trim(), ioc }, { onSuccess: () => setValue('') });
        }}
      >
        <Group align="flex-end" gap="sm">
          <Select
            label="Type"
            data={[...OBSERVABLE_TYPES]}
            value={type}
            onChange={(v) => v && setType(v as ObservableType)}
            allowDeselect={false}
            w={130}
          />
          <TextInput
            label="Value"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            style={{ flex: '1 1 240px' }}
          />
          <Checkbox
            label="Indicator of compromise"
            checked={ioc}
            onChange={(e) => setIoc(e.currentTarget.checked)}
            mb={8}
          />
          <Button type="submit" disabled={!value.trim()} loading={add.isPending}>
            Add observable
          </Button>
        </Group>
        <ProblemAlert error={add.error} title="The observable was not added" />
      </form>
    </Paper>
  );
}
