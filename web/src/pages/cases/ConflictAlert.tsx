/**
 * A refused change: a 409 (someone changed the record since it was read) offers to reload it;
 * any other problem shows as usual.
 */
import { Alert, Button, Group, Text } from '@mantine/core';
import { ApiError } from '../../api/problem.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

export function isConflict(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status === 409;
}

export function ConflictAlert(props: { error: unknown; title: string; onReload: () => void }) {
  const { error } = props;
  if (!error) return null;
  if (!isConflict(error)) return <ProblemAlert error={error} title={props.title} />;
  return (
    <Alert color="yellow" variant="light" title="Someone else changed this case meanwhile" role="alert">
      <Text size="sm">
        {error.message}
        {error.currentVersion !== undefined && ` (it is now at version ${error.currentVersion}).`}
      </Text>
      <Text size="sm" mt={4}>
        Nothing was changed. Reload to see their change, then make yours again.
      </Text>
      <Group mt="xs">
        <Button size="xs" variant="light" color="yellow" onClick={props.onReload}>
          Reload the case
        </Button>
      </Group>
    </Alert>
  );
}
