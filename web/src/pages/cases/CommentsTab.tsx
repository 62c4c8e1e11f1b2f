/** Discussion on a case, oldest first, and a comment box. */
import { Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useAddComment, useCaseComments } from '../../api/cases.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatTime } from '../../lib/format.ts';

export function CommentsTab({ caseId, mayWrite }: { caseId: string; mayWrite: boolean }) {
  const comments = useCaseComments(caseId);
  const add = useAddComment();
  const [body, setBody] = useState('');
  const items = comments.data?.items ?? [];
  return (
    <Stack gap="sm">
      <ProblemAlert error={comments.error} title="The comments could not be read" />
      {comments.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          No comments yet.
        </Text>
      )}
      {items.map((c) => (
        <Paper key={c.id} withBorder p="sm" data-comment>
          <Text size="xs" c="dimmed">
            {c.authorName} · {formatTime(c.createdAt)}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {c.body}
          </Text>
        </Paper>
      ))}
      {mayWrite && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate({ id: caseId, body: body.trim() }, { onSuccess: () => setBody('') });
          }}
        >
          <Stack gap="xs">
            <Textarea
              label="Comment"
              autosize
              minRows={2}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
            />
            <ProblemAlert error={add.error} title="The comment was not added" />
            <Group justify="flex-end">
              <Button type="submit" disabled={!body.trim()} loading={add.isPending}>
                Comment
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
