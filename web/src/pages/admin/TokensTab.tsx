/**
 * Ingest tokens, one per source: create (the token and the setup lines with it are shown once),
 * list, revoke; the setup lines with a placeholder for tokens made earlier.
 */
import { Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useCreateIngestToken, useIngestTokens, useRevokeIngestToken } from '../../api/admin.ts';
import { FORMATS } from '../../api/types.ts';
import { CopyLine } from '../../components/CopyLine.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ShownOnce } from '../../components/ShownOnce.tsx';
import { formatTime } from '../../lib/format.ts';
import { setupLines, TOKEN_PLACEHOLDER } from './setup-lines.ts';

export function TokensTab() {
  const tokens = useIngestTokens();
  const create = useCreateIngestToken();
  const revoke = useRevokeIngestToken();
  const [source, setSource] = useState('');
  const [format, setFormat] = useState('auto');
  const [made, setMade] = useState<{ token: string; source: string } | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ source, format }, { onSuccess: (r) => setMade({ token: r.token, source: r.source }) });
  };
  const lines = setupLines({
    origin: window.location.origin,
    token: made?.token ?? TOKEN_PLACEHOLDER,
    source: made?.source ?? 'myapp',
  });
  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <form onSubmit={submit} aria-label="New ingest token">
          <Title order={3} size="h5" mb="xs">
            New ingest token
          </Title>
          <Group align="flex-end" gap="sm">
            <TextInput
              label="Source"
              description="Names the events' vigil.source"
              required
              placeholder="e.g. firewall"
              value={source}
              onChange={(e) => setSource(e.currentTarget.value)}
              error={
                source && !/^[A-Za-z0-9_.:-]+$/.test(source) ? 'letters, digits and _ . : - only' : undefined
              }
            />
            <Select
              label="Format"
              data={[...FORMATS]}
              value={format}
              allowDeselect={false}
              onChange={(v) => setFormat(v ?? 'auto')}
              w={150}
            />
            <Button type="submit" loading={create.isPending} disabled={!source}>
              Create
            </Button>
          </Group>
        </form>
      </Paper>
      <ProblemAlert error={create.error ?? revoke.error ?? tokens.error} />
      {made && <ShownOnce label={`Ingest token for ${made.source}`} value={made.token} />}
      <Paper withBorder p="md">
        <Title order={3} size="h5" mb="xs">
          Send events {made ? `as ${made.source}` : ''}
        </Title>
        {!made && (
          <Text size="xs" c="dimmed" mb="xs">
            Replace {TOKEN_PLACEHOLDER} with the token of the source (shown once when it was made).
          </Text>
        )}
        <Stack gap="sm">
          {lines.map((l) => (
            <CopyLine key={l.id} label={l.label} value={l.text} block />
          ))}
        </Stack>
      </Paper>
      <Table striped verticalSpacing={6} aria-label="Ingest tokens">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Source</Table.Th>
            <Table.Th>Prefix</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>
              <span className="mantine-visually-hidden">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(tokens.data?.tokens ?? []).map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>{t.source ?? '—'}</Table.Td>
              <Table.Td className="vigil-mono">{t.prefix}…</Table.Td>
              <Table.Td>{formatTime(t.createdAt)}</Table.Td>
              <Table.Td>
                {t.revokedAt
                  ? `revoked ${formatTime(t.revokedAt)}`
                  : t.expiresAt
                    ? `expires ${formatTime(t.expiresAt)}`
                    : 'active'}
              </Table.Td>
              <Table.Td>
                {!t.revokedAt && (
                  <Button
                    size="compact-sm"
                    color="red"
                    variant="subtle"
                    onClick={() => revoke.mutate(t.id)}
                    aria-label={`Revoke the token of ${t.source ?? t.name}`}
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
