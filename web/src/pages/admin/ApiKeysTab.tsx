/** Your personal API keys for scripts: create (scopes at most your permissions, optional expiry), list, revoke. */
import {
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../../api/admin.ts';
import { useSession } from '../../api/session.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ShownOnce } from '../../components/ShownOnce.tsx';
import { formatAgo, formatTime } from '../../lib/format.ts';

export function ApiKeysTab() {
  const { session } = useSession();
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['events:read']);
  const [expires, setExpires] = useState('');
  const [token, setToken] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, scopes, ...(expires ? { expiresAt: new Date(expires).toISOString() } : {}) },
      {
        onSuccess: (r) => {
          setToken(r.token);
          setName('');
        },
      },
    );
  };
  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <form onSubmit={submit} aria-label="New API key">
          <Title order={3} size="h5" mb="xs">
            New API key
          </Title>
          <Group align="flex-end" gap="sm">
            <TextInput
              label="Name"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              placeholder="e.g. soar-export"
            />
            <MultiSelect
              label="Scopes"
              data={session?.permissions ?? []}
              value={scopes}
              onChange={setScopes}
              miw={260}
              searchable
            />
            <TextInput
              label="Expires (optional)"
              placeholder="2026-12-31"
              value={expires}
              onChange={(e) => setExpires(e.currentTarget.value)}
              error={
                expires && Number.isNaN(new Date(expires).getTime()) ? 'a date such as 2026-12-31' : undefined
              }
            />
            <Button type="submit" loading={create.isPending} disabled={!name || scopes.length === 0}>
              Create
            </Button>
          </Group>
        </form>
        <Text size="xs" c="dimmed" mt="xs">
          Send it as <code>Authorization: Bearer vgk_…</code>. A key never holds more than you do now.
        </Text>
      </Paper>
      {token && <ShownOnce label="Your new API key" value={token} />}
      <ProblemAlert error={create.error ?? revoke.error ?? keys.error} />
      <Table striped verticalSpacing={6} aria-label="Your API keys">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Prefix</Table.Th>
            <Table.Th>Scopes</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>
              <span className="mantine-visually-hidden">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(keys.data?.keys ?? []).length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text size="sm" c="dimmed">
                  No API keys yet. Make one above for a script or a tool.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {(keys.data?.keys ?? []).map((k) => (
            <Table.Tr key={k.id}>
              <Table.Td>{k.name}</Table.Td>
              <Table.Td className="vigil-mono">{k.prefix}…</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {k.scopes.map((s) => (
                    <Badge key={s} variant="default" tt="none">
                      {s}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{formatAgo(k.lastUsedAt)}</Table.Td>
              <Table.Td>{k.revokedAt ? 'revoked' : formatTime(k.expiresAt)}</Table.Td>
              <Table.Td>
                {!k.revokedAt && (
                  <Button
                    size="compact-sm"
                    color="red"
                    variant="subtle"
                    onClick={() => revoke.mutate(k.id)}
                    aria-label={`Revoke ${k.name}`}
                  >
                    Revoke
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
