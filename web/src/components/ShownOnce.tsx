/** A secret the server shows only once (a token, a one-time password), with a copy button and a warning. */
import { Alert, Stack, Text } from '@mantine/core';
import { CopyLine } from './CopyLine.tsx';

export function ShownOnce({ label, value }: { label: string; value: string }) {
  return (
    <Alert color="yellow" variant="light" title="Copy it now: it is not shown again" role="status">
      <Stack gap={6}>
        <CopyLine label={label} value={value} />
        <Text size="xs">Vigil keeps only a hash of it.</Text>
      </Stack>
    </Alert>
  );
}
