/**
 * Roles and permissions: the matrix (a permission per row, a role per column, the signed-in
 * user's roles marked), what each role is for, and the roles the user holds.
 */
import { Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { type RoleMatrix, useRoleMatrix } from '../../api/admin.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

export function RolesTab() {
  const matrix = useRoleMatrix();
  const m = matrix.data;
  return (
    <Stack gap="md">
      <ProblemAlert error={matrix.error} />
      {m && <YourRoles matrix={m} />}
      {m && <MatrixTable matrix={m} />}
      {m && (
        <Stack gap={4}>
          <Title order={3} size="h5">
            What each role is for
          </Title>
          <dl style={{ margin: 0 }}>
            {m.roles.map((r) => (
              <Group key={r.id} gap="xs" wrap="nowrap" align="baseline">
                <dt>
                  <Text span size="sm" fw={600} className="vigil-mono">
                    {r.id}
                  </Text>
                </dt>
                <dd style={{ margin: 0 }}>
                  <Text span size="sm">
                    {r.description}
                  </Text>
                </dd>
              </Group>
            ))}
          </dl>
        </Stack>
      )}
    </Stack>
  );
}

function YourRoles({ matrix }: { matrix: RoleMatrix }) {
  const held = matrix.caller.roles;
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        Your roles
      </Title>
      <Group gap="xs" data-your-roles={held.join(' ')}>
        {held.length === 0 ? (
          <Text size="sm">You hold no role.</Text>
        ) : (
          held.map((r) => (
            <Badge key={r} variant="light" tt="none">
              {r}
            </Badge>
          ))
        )}
        <Text size="sm" c="dimmed">
          {matrix.caller.permissions.length} of {matrix.permissions.length} permissions
        </Text>
      </Group>
    </Stack>
  );
}

function MatrixTable({ matrix }: { matrix: RoleMatrix }) {
  const held = new Set(matrix.caller.roles);
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped withColumnBorders verticalSpacing={4} aria-label="Permission matrix">
        <Table.Caption>
          A ✓ marks a permission the role grants. A user holds the union of their roles' permissions, in the
          tenants granted to them.
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Permission</Table.Th>
            {matrix.roles.map((r) => (
              <Table.Th
                key={r.id}
                scope="col"
                ta="center"
                data-role-column={r.id}
                data-held={held.has(r.id) ? 'true' : undefined}
                bg={held.has(r.id) ? 'var(--mantine-primary-color-light)' : undefined}
              >
                {r.id}
                {held.has(r.id) && (
                  <Text span size="xs" display="block" fw={400}>
                    (yours)
                  </Text>
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {matrix.permissions.map((p) => (
            <Table.Tr key={p} data-permission={p}>
              <Table.Th scope="row" fw={400} className="vigil-mono">
                {p}
              </Table.Th>
              {matrix.roles.map((r) => {
                const grants = r.permissions.includes(p);
                return (
                  <Table.Td key={r.id} ta="center" data-grants={grants ? 'true' : 'false'}>
                    {grants ? (
                      <>
                        <span aria-hidden="true">✓</span>
                        <span className="mantine-visually-hidden">granted</span>
                      </>
                    ) : (
                      <span className="mantine-visually-hidden">not granted</span>
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
