/** Changing one's own password: the current one, and the new one twice. */
import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { messageOf } from '../../api/problem.ts';
import { useChangePassword } from '../../api/session.tsx';

export function ChangePasswordForm({ onDone }: { onDone?: () => void }) {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const mismatch = again !== '' && next !== again;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    change.mutate({ currentPassword: current, newPassword: next }, { onSuccess: () => onDone?.() });
  };
  return (
    <form onSubmit={submit} aria-label="Change password">
      <Stack gap="sm">
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
        />
        <PasswordInput
          label="New password"
          description="At least 12 characters; common passwords are refused."
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
        />
        <PasswordInput
          label="New password again"
          autoComplete="new-password"
          required
          value={again}
          error={mismatch ? 'The two new passwords differ' : undefined}
          onChange={(e) => setAgain(e.currentTarget.value)}
        />
        {change.error && (
          <Alert color="red" variant="light" role="alert">
            {messageOf(change.error)}
          </Alert>
        )}
        {change.isSuccess && (
          <Alert color="green" variant="light" role="status">
            Password changed. Your other sessions were signed out.
          </Alert>
        )}
        <Button type="submit" loading={change.isPending} disabled={mismatch}>
          Change password
        </Button>
      </Stack>
    </form>
  );
}
