/** One's own account: who one is here, and changing the password. */
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useSession } from '../../api/session.tsx';
import { formatTime } from '../../lib/format.ts';
import { ChangePasswordForm } from '../login/ChangePasswordForm.tsx';

export function AccountPage() {
  const { session } = useSession();
  if (!session) return null;
  return (
    <Stack maw={520}>
      <Title order={2}>Your account</Title>
      <Paper withBorder p="md">
        <Stack gap={6}>
          <Text>
            <b>{session.displayName || session.name}</b> ({session.name})
          </Text>
          <Group gap={4}>
            {session.roles.map((r) => (
              <Badge key={r} variant="light">
                {r}
              </Badge>
            ))}
          </Group>
          <Text size="sm">Tenants: {session.tenants.join(', ')}</Text>
          <Text size="sm" c="dimmed">
            Session ends at {formatTime(session.expiresAt)} at the latest.
          </Text>
        </Stack>
      </Paper>
      <Title order={3}>Change password</Title>
      <ChangePasswordForm />
    </Stack>
  );
}
