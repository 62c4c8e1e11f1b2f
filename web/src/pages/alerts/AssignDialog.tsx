/** Assign alerts: to me, to another user (by name or id), or to nobody. */
import { Button, Group, Modal, Radio, Stack, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';

export function AssignDialog(props: {
  opened: boolean;
  count: number;
  pending?: boolean;
  onClose: () => void;
  /** `me`, a user name or id, or null to unassign. */
  onSubmit: (assignee: string | null) => void;
}) {
  const [who, setWho] = useState('me');
  const [user, setUser] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (props.opened) {
      setWho('me');
      setUser('');
      setError(null);
    }
  }, [props.opened]);
  const submit = () => {
    if (who === 'me') return props.onSubmit('me');
    if (who === 'nobody') return props.onSubmit(null);
    if (!user.trim()) return setError('Name the user (user name or id).');
    props.onSubmit(user.trim());
  };
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.count === 1 ? 'Assign the alert' : `Assign ${props.count} alerts`}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <Radio.Group label="Assign to" value={who} onChange={setWho}>
            <Stack gap={6} mt={6}>
              <Radio value="me" label="Me" />
              <Radio value="user" label="Another user" />
              <Radio value="nobody" label="Nobody (unassign)" />
            </Stack>
          </Radio.Group>
          {who === 'user' && (
            <TextInput
              label="User"
              description="A user name or id; the user must be allowed to work alerts"
              value={user}
              onChange={(e) => {
                setUser(e.currentTarget.value);
                setError(null);
              }}
              error={error}
              data-autofocus
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={props.pending}>
              Assign
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
