/** An API error shown where the action failed: the problem's detail, and its location when it has one. */
import { Alert, Code, Text } from '@mantine/core';
import { ApiError, messageOf } from '../api/problem.ts';

export function ProblemAlert({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const location = error instanceof ApiError ? error.location : undefined;
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {messageOf(error)}
      </Text>
      {location && (
        <Text size="xs" mt={4}>
          at <Code>{location}</Code>
        </Text>
      )}
    </Alert>
  );
}
