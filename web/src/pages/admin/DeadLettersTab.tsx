/** Input that could not be parsed or accepted: when, from which source, why, and the raw bytes. */
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useDeadLetters } from '../../api/admin.ts';
import { CodeBlock } from '../../components/CodeBlock.tsx';
import { Empty } from '../../components/Empty.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatTime } from '../../lib/format.ts';

export function DeadLettersTab() {
  const dead = useDeadLetters();
  const [open, setOpen] = useState<string | null>(null);
  const items = dead.data?.pages.flatMap((p) => p.items) ?? [];
  if (dead.isSuccess && items.length === 0)
    return (
      <Empty title="No dead letters" icon="search">
        <Text size="sm">
          Everything sent so far was parsed. Events a parser rejects land here with the reason.
        </Text>
      </Empty>
    );
  return (
    <Stack gap="sm">
      <ProblemAlert error={dead.error} />
      <Table.ScrollContainer minWidth={700}>
        <Table striped verticalSpacing={4} fz="sm" aria-label="Dead letters">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Received</Table.Th>
              <Table.Th>Source</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Raw</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((d) => (
              <Fragment key={d.id}>
                <Table.Tr>
                  <Table.Td className="vigil-mono">{formatTime(d.received)}</Table.Td>
                  <Table.Td className="vigil-mono">{d.source}</Table.Td>
                  <Table.Td>{d.reason}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      aria-expanded={open === d.id}
                      onClick={() => setOpen(open === d.id ? null : d.id)}
                    >
                      {open === d.id ? 'Hide' : `Show ${d.raw.length} bytes`}
                    </Button>
                  </Table.Td>
                </Table.Tr>
                {open === d.id && (
                  <Table.Tr>
                    <Table.Td colSpan={4}>
                      <CodeBlock
                        label={`Raw bytes of ${d.id}`}
                        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
                      >
                        {d.raw}
                      </CodeBlock>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {dead.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            loading={dead.isFetchingNextPage}
            onClick={() => void dead.fetchNextPage()}
          >
            More
          </Button>
        </Group>
      )}
    </Stack>
  );
}
