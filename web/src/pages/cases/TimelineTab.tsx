/**
 * The case timeline in incident order: automatic entries for every change and the analysts' notes,
 * each with when it happened and, where that differs, when it was written down. A note may name a
 * past time (what happened at 09:12 that was only learnt at noon).
 */
import {
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
} from '@mantine/core';
import { useState } from 'react';
import type { CaseDetail, TimelineEntry } from '../../api/case-types.ts';
import { useAddNote } from '../../api/cases.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatTime } from '../../lib/format.ts';
import { utcFromInput } from './time-input.ts';

/** Whether an entry was recorded later than it happened (by more than a minute). */
export function recordedLater(e: Pick<TimelineEntry, 'eventTime' | 'recordedAt'>): boolean {
  return Date.parse(e.recordedAt) - Date.parse(e.eventTime) > 60_000;
}

export function TimelineTab({ c, mayWrite }: { c: CaseDetail; mayWrite: boolean }) {
  const [show, setShow] = useState<'all' | 'note' | 'auto'>('all');
  const entries = c.timeline.filter((e) => show === 'all' || e.kind === show);
  return (
    <Stack gap="md">
      {mayWrite && c.status !== 'closed' && <NoteForm caseId={c.id} />}
      <SegmentedControl
        aria-label="Timeline entries to show"
        value={show}
        onChange={(v) => setShow(v as typeof show)}
        data={[
          { value: 'all', label: `All (${c.timeline.length})` },
          { value: 'note', label: 'Notes' },
          { value: 'auto', label: 'Changes' },
        ]}
        w="fit-content"
      />
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing here yet.
        </Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2} aria-label="Case timeline">
          {entries.map((e) => (
            <Timeline.Item
              key={e.id}
              color={e.kind === 'note' ? 'blue' : 'gray'}
              data-timeline-entry={e.kind}
              title={
                <Group gap={6}>
                  <Text size="sm" fw={600}>
                    {e.title || (e.kind === 'note' ? 'Note' : e.action)}
                  </Text>
                  {e.kind === 'note' && (
                    <Badge size="xs" variant="light">
                      note
                    </Badge>
                  )}
                </Group>
              }
            >
              {e.body && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {e.body}
                </Text>
              )}
              <Text size="xs" c="dimmed" mt={2}>
                <time dateTime={e.eventTime}>{formatTime(e.eventTime)}</time> · {e.author.name}
                {recordedLater(e) && (
                  <>
                    {' '}
                    · recorded <time dateTime={e.recordedAt}>{formatTime(e.recordedAt)}</time>
                  </>
                )}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Stack>
  );
}

function NoteForm({ caseId }: { caseId: string }) {
  const add = useAddNote();
  const [body, setBody] = useState('');
  const [title, setTitle] = useState('');
  const [when, setWhen] = useState('');
  const eventTime = when ? utcFromInput(when) : null;
  return (
    <Paper withBorder p="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate(
            { id: caseId, body: body.trim(), title: title.trim(), ...(eventTime ? { eventTime } : {}) },
            {
              onSuccess: () => {
                setBody('');
                setTitle('');
                setWhen('');
              },
            },
          );
        }}
      >
        <Stack gap="xs">
          <Group grow align="flex-start">
            <TextInput label="Note title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
            <TextInput
              label="When it happened (UTC)"
              placeholder="2026-01-05 09:12"
              description="leave empty for now"
              value={when}
              onChange={(e) => setWhen(e.currentTarget.value)}
              error={when && !eventTime ? 'write it as YYYY-MM-DD HH:MM' : undefined}
            />
          </Group>
          <Textarea
            label="Note"
            required
            autosize
            minRows={2}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
          />
          <ProblemAlert error={add.error} title="The note was not added" />
          <Group justify="flex-end">
            <Button
              type="submit"
              loading={add.isPending}
              disabled={!body.trim() || (when !== '' && !eventTime)}
            >
              Add note
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
