/** Sources: their health, and the registered ones with their default format. */
import { Stack, Table, Title } from '@mantine/core';
import { useSources } from '../../api/admin.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatTime } from '../../lib/format.ts';
import { IngestHealth } from '../overview/IngestHealth.tsx';

export function SourcesTab() {
  const sources = useSources();
  return (
    <Stack gap="md">
      <Title order={3} size="h5">
        Health
      </Title>
      <IngestHealth />
      <Title order={3} size="h5">
        Registered sources
      </Title>
      <ProblemAlert error={sources.error} />
      <Table striped verticalSpacing={4} aria-label="Registered sources">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Format</Table.Th>
            <Table.Th>Since</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(sources.data?.sources ?? []).map((s) => (
            <Table.Tr key={s.name}>
              <Table.Td className="vigil-mono">{s.name}</Table.Td>
              <Table.Td>{s.format}</Table.Td>
              <Table.Td>{formatTime(s.createdAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
