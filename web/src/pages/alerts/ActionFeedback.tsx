/**
 * What came of a triage action: a conflict (someone changed the alert since it was read) with a
 * button that reloads it, another problem, or a notice (a bulk action's outcome).
 */
import { Alert, Button, CloseButton, Group, Text } from '@mantine/core';
import { ApiError } from '../../api/problem.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

export function ActionFeedback(props: {
  error: unknown;
  notice: string | null;
  onReload: () => void;
  onDismiss: () => void;
}) {
  const { error, notice } = props;
  if (error instanceof ApiError && error.status === 409)
    return (
      <Alert color="orange" variant="light" title="Changed meanwhile" role="alert" data-conflict>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text size="sm">
            {error.message}
            {error.currentVersion !== undefined && ` (now at version ${error.currentVersion})`}. Reload to see
            the change, then try again.
          </Text>
          <Button
            size="xs"
            onClick={() => {
              props.onDismiss();
              props.onReload();
            }}
          >
            Reload
          </Button>
        </Group>
      </Alert>
    );
  if (error) return <ProblemAlert error={error} title="The action failed" />;
  if (notice)
    return (
      <Alert color="blue" variant="light" role="status">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">{notice}</Text>
          <CloseButton aria-label="Dismiss" onClick={props.onDismiss} />
        </Group>
      </Alert>
    );
  return null;
}
