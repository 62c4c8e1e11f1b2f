/** The `?` overlay: every shortcut that works here, by group. */
import { Group, Kbd, Modal, Stack, Table, Text } from '@mantine/core';
import type { Shortcut } from './keys.ts';

function Keys({ keys }: { keys: string }) {
  const [first, second] = keys.split(' ');
  return (
    <Group gap={4} wrap="nowrap">
      <Kbd>{first}</Kbd>
      {second !== undefined && (
        <>
          <Text span size="xs" c="dimmed">
            then
          </Text>
          <Kbd>{second}</Kbd>
        </>
      )}
    </Group>
  );
}

export function HelpOverlay(props: { opened: boolean; onClose: () => void; shortcuts: Shortcut[] }) {
  const groups = new Map<string, Shortcut[]>();
  for (const s of props.shortcuts) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Keyboard shortcuts" size="lg">
      <Stack gap="md">
        {[...groups.entries()].map(([group, list]) => (
          <div key={group}>
            <Text fw={600} size="sm" mb={4}>
              {group}
            </Text>
            <Table verticalSpacing={4}>
              <Table.Tbody>
                {list.map((s) => (
                  <Table.Tr key={s.keys}>
                    <Table.Td w={140}>
                      <Keys keys={s.keys} />
                    </Table.Td>
                    <Table.Td>{s.description}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        ))}
        <Text size="xs" c="dimmed">
          Shortcuts do nothing while you type in a field; press Escape to leave it.
        </Text>
      </Stack>
    </Modal>
  );
}
