/** The first sign-in's forced password change (nothing else is allowed until it is done). */
import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useLogout } from '../../api/session.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';

export function ChangePasswordPage({ forced }: { forced: boolean }) {
  const logout = useLogout();
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="md" p="xl" w={420} radius="md">
        <Stack gap="md">
          <Title order={1} size="h3">
            Choose a new password
          </Title>
          {forced && (
            <Text size="sm">
              Your password was set by an administrator or is a one-time password. Choose your own before
              going on.
            </Text>
          )}
          <ChangePasswordForm />
          <Button variant="subtle" onClick={() => logout.mutate()}>
            Sign out instead
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
