/** Users and service accounts of your tenants: create, change roles, disable, reset a password, unlock. */
import {
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  MultiSelect,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useCreateUser, useResetPassword, useUnlockUser, useUpdateUser, useUsers } from '../../api/admin.ts';
import { useSession } from '../../api/session.tsx';
import { ROLES, type UserView } from '../../api/types.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ShownOnce } from '../../components/ShownOnce.tsx';
import { formatAgo } from '../../lib/format.ts';

export function UsersTab() {
  const [kind, setKind] = useState<'user' | 'service'>('user');
  const users = useUsers(kind);
  const [creating, setCreating] = useState(false);
  const update = useUpdateUser();
  const reset = useResetPassword();
  const unlock = useUnlockUser();
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <SegmentedControl
          value={kind}
          onChange={(v) => setKind(v === 'service' ? 'service' : 'user')}
          data={[
            { value: 'user', label: 'People' },
            { value: 'service', label: 'Service accounts' },
          ]}
          aria-label="Kind of account"
        />
        <Button onClick={() => setCreating(true)}>
          {kind === 'user' ? 'Add a user' : 'Add a service account'}
        </Button>
      </Group>
      {secret && <ShownOnce label={secret.label} value={secret.value} />}
      <ProblemAlert error={users.error ?? update.error ?? reset.error ?? unlock.error} />
      <Table.ScrollContainer minWidth={700}>
        <Table striped verticalSpacing={6} aria-label={kind === 'user' ? 'Users' : 'Service accounts'}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Roles</Table.Th>
              <Table.Th>Tenants</Table.Th>
              <Table.Th>Last sign-in</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>
                <span className="mantine-visually-hidden">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data?.users ?? []).map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {u.username}
                  </Text>
                  {u.displayName && u.displayName !== u.username && (
                    <Text size="xs" c="dimmed">
                      {u.displayName}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {u.roles.map((r) => (
                      <Badge key={r} variant="light" tt="none">
                        {r}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{u.tenants.join(', ')}</Table.Td>
                <Table.Td>{u.kind === 'user' ? formatAgo(u.lastLoginAt) : '—'}</Table.Td>
                <Table.Td>
                  <State u={u} />
                </Table.Td>
                <Table.Td>
                  <Menu position="bottom-end">
                    <Menu.Target>
                      <Button size="compact-sm" variant="subtle" aria-label={`Actions for ${u.username}`}>
                        ⋯
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}>
                        {u.disabled ? 'Enable' : 'Disable'}
                      </Menu.Item>
                      {u.kind === 'user' && (
                        <Menu.Item
                          onClick={() =>
                            reset.mutate(u.id, {
                              onSuccess: (r) =>
                                r.oneTimePassword &&
                                setSecret({
                                  label: `One-time password of ${u.username}`,
                                  value: r.oneTimePassword,
                                }),
                            })
                          }
                        >
                          Reset password
                        </Menu.Item>
                      )}
                      {u.locked && <Menu.Item onClick={() => unlock.mutate(u.id)}>Unlock</Menu.Item>}
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <CreateAccount
        opened={creating}
        service={kind === 'service'}
        onClose={() => setCreating(false)}
        onCreated={(name, password) => {
          setCreating(false);
          if (password) setSecret({ label: `One-time password of ${name}`, value: password });
        }}
      />
    </Stack>
  );
}

function State({ u }: { u: UserView }) {
  if (u.disabled) return <Badge color="gray">disabled</Badge>;
  if (u.locked) return <Badge color="red">locked</Badge>;
  if (u.mustChangePassword)
    return (
      <Badge color="yellow" variant="filled" autoContrast>
        must change password
      </Badge>
    );
  return (
    <Badge color="green" variant="light">
      active
    </Badge>
  );
}

function CreateAccount(props: {
  opened: boolean;
  service: boolean;
  onClose: () => void;
  onCreated: (name: string, password: string | null) => void;
}) {
  const { session } = useSession();
  const create = useCreateUser();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<string[]>(['analyst']);
  const [tenants, setTenants] = useState<string[]>([]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        service: props.service,
        username,
        roles,
        ...(displayName ? { displayName } : {}),
        ...(tenants.length ? { tenants } : {}),
      },
      {
        onSuccess: (r) => {
          props.onCreated(username, r.oneTimePassword);
          setUsername('');
          setDisplayName('');
        },
      },
    );
  };
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.service ? 'New service account' : 'New user'}
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label="User name"
            required
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
          />
          <TextInput
            label="Display name"
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
          />
          <MultiSelect label="Roles" data={[...ROLES]} value={roles} onChange={setRoles} required />
          <MultiSelect
            label="Tenants"
            description="Empty: your current tenant"
            data={session?.tenants ?? []}
            value={tenants}
            onChange={setTenants}
          />
          <Text size="xs" c="dimmed">
            {props.service
              ? 'A service account signs in with API keys only; give it keys from the command line (npx vigil user api-key NAME).'
              : 'Vigil makes a one-time password, shown once; the user chooses a new one at the first sign-in.'}
          </Text>
          <ProblemAlert error={create.error} title="Could not create it" />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!username || roles.length === 0}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
