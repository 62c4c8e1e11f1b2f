/** Sign-in: user name and password, and single sign-on when the server offers it. */
import {
  Alert,
  Button,
  Center,
  Divider,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { messageOf } from '../../api/problem.ts';
import { useLogin, useSession } from '../../api/session.tsx';
import type { AuthMethods } from '../../api/types.ts';
import { Icon } from '../../components/icons.tsx';

/** Only a path of this site is a place to come back to. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/overview';
}

export function LoginPage() {
  const { session } = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const login = useLogin();
  const methods = useQuery({
    queryKey: ['auth-methods'],
    queryFn: () => api<AuthMethods>('/api/v1/auth/methods'),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  if (session) return <Navigate to={next} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ username, password });
  };
  const sso = methods.data?.sso;
  const passwordAllowed = methods.data?.password ?? true;

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="md" p="xl" w={380} radius="md">
        <Stack gap="md">
          <Stack gap={4} align="center">
            <Icon name="detections" size={36} />
            <Title order={1} size="h2">
              Sign in to Vigil
            </Title>
          </Stack>
          {passwordAllowed && (
            <form onSubmit={submit} aria-label="Sign in with a password">
              <Stack gap="sm">
                <TextInput
                  label="User name"
                  autoComplete="username"
                  required
                  autoFocus
                  value={username}
                  onChange={(e) => setUsername(e.currentTarget.value)}
                />
                <PasswordInput
                  label="Password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                />
                {login.error && (
                  <Alert color="red" variant="light" role="alert">
                    {messageOf(login.error)}
                  </Alert>
                )}
                <Button type="submit" loading={login.isPending} fullWidth>
                  Sign in
                </Button>
              </Stack>
            </form>
          )}
          {sso && (
            <>
              {passwordAllowed && <Divider label="or" labelPosition="center" />}
              <Button
                component="a"
                variant="default"
                href={`${sso.loginUrl}?returnTo=${encodeURIComponent(next)}`}
                fullWidth
              >
                Sign in with {sso.label}
              </Button>
            </>
          )}
          <Text size="xs" c="dimmed" ta="center">
            First start? The user <b>admin</b> and its one-time password are in Vigil's start message (lost
            it: <code>npx vigil user reset-password admin</code>).
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
