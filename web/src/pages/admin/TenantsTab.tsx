/**
 * Tenants: the ones you hold, with their accounts, sources, open alerts and open cases; and, for
 * administrators, a new tenant (granted to you, so you can then add its users and tokens).
 */
import { Alert, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useCreateTenant, useTenants } from '../../api/admin.ts';
import { useSession } from '../../api/session.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatCount, formatTime } from '../../lib/format.ts';

const ID_RE = /^[A-Za-z0-9_.:-]{1,128}$/;

export function TenantsTab() {
  const { can } = useSession();
  const tenants = useTenants();
  return (
    <Stack gap="md">
      {can('settings:admin') && <NewTenantForm />}
      <ProblemAlert error={tenants.error} />
      <Table.ScrollContainer minWidth={760}>
        <Table striped verticalSpacing={6} aria-label="Tenants">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Tenant</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th ta="right">Users</Table.Th>
              <Table.Th ta="right">Service accounts</Table.Th>
              <Table.Th ta="right">Sources</Table.Th>
              <Table.Th ta="right">Open alerts</Table.Th>
              <Table.Th ta="right">Open cases</Table.Th>
              <Table.Th>Created</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(tenants.data?.tenants ?? []).map((t) => (
              <Table.Tr key={t.id} data-tenant={t.id}>
                <Table.Td className="vigil-mono">{t.id}</Table.Td>
                <Table.Td>{t.name}</Table.Td>
                <Table.Td ta="right" data-count="users">
                  {formatCount(t.users)}
                </Table.Td>
                <Table.Td ta="right" data-count="service-accounts">
                  {formatCount(t.serviceAccounts)}
                </Table.Td>
                <Table.Td ta="right" data-count="sources">
                  {formatCount(t.sources)}
                </Table.Td>
                <Table.Td ta="right" data-count="open-alerts">
                  {formatCount(t.openAlerts)}
                </Table.Td>
                <Table.Td ta="right" data-count="open-cases">
                  {formatCount(t.openCases)}
                </Table.Td>
                <Table.Td>{formatTime(t.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        The tenants granted to you. Every record and event belongs to one tenant; people see only the tenants
        granted to them.
      </Text>
    </Stack>
  );
}

function NewTenantForm() {
  const create = useCreateTenant();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [made, setMade] = useState<string | null>(null);
  const bad = id !== '' && !ID_RE.test(id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMade(null);
    create.mutate(
      { id, ...(name.trim() ? { name: name.trim() } : {}) },
      {
        onSuccess: (r) => {
          setMade(
            r.grantedTo
              ? `Created tenant ${r.tenant.id}; it is granted to you (${r.grantedTo.username}). Add its users and ingest tokens with it chosen in the tenant picker.`
              : `Created tenant ${r.tenant.id}.`,
          );
          setId('');
          setName('');
        },
      },
    );
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-label="New tenant">
        <Title order={3} size="h5" mb="xs">
          New tenant
        </Title>
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Tenant id"
            description="Letters, digits and _ . : - ; kept for good"
            required
            placeholder="e.g. acme"
            value={id}
            onChange={(e) => setId(e.currentTarget.value)}
            error={bad ? 'letters, digits and _ . : - only (at most 128)' : undefined}
            w={300}
          />
          <TextInput
            label="Name"
            description="Shown to people; the id when empty"
            placeholder="e.g. Acme Corporation"
            value={name}
            maxLength={128}
            onChange={(e) => setName(e.currentTarget.value)}
            w={300}
          />
          <Button type="submit" loading={create.isPending} disabled={id === '' || bad}>
            Create tenant
          </Button>
        </Group>
      </form>
      <Stack gap="xs" mt={made || create.error ? 'sm' : 0}>
        <ProblemAlert error={create.error} title="The tenant was not created" />
        {made && (
          <Alert color="green" variant="light" role="status">
            {made}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
