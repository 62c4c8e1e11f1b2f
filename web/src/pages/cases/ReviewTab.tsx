/**
 * The post-incident review: root cause, what went well, what went badly, and follow-up actions
 * with an owner and a due date. Saved with the case's version (a 409 offers to reload).
 */
import { ActionIcon, Button, Checkbox, Group, Paper, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { CaseDetail, ReviewInput } from '../../api/case-types.ts';
import { useSaveReview } from '../../api/cases.ts';
import { Icon } from '../../components/icons.tsx';
import { formatTime } from '../../lib/format.ts';
import { ConflictAlert } from './ConflictAlert.tsx';
import { dueFromDateInput } from './time-input.ts';

interface ActionRow {
  key: string;
  id?: string;
  text: string;
  owner: string;
  /** `YYYY-MM-DD` or empty. */
  due: string;
  done: boolean;
}

let nextKey = 0;
const rowKey = () => `new-${++nextKey}`;

function rowsOf(c: CaseDetail): ActionRow[] {
  return (c.review?.actions ?? []).map((a) => ({
    key: a.id,
    id: a.id,
    text: a.text,
    owner: a.owner,
    due: a.dueAt ? a.dueAt.slice(0, 10) : '',
    done: a.done,
  }));
}

/** The request body of a review form (rows without text are left out). */
export function reviewInputOf(
  f: { rootCause: string; wentWell: string; wentBadly: string },
  rows: readonly ActionRow[],
): ReviewInput {
  return {
    rootCause: f.rootCause,
    wentWell: f.wentWell,
    wentBadly: f.wentBadly,
    actions: rows
      .filter((r) => r.text.trim())
      .map((r) => ({
        ...(r.id ? { id: r.id } : {}),
        text: r.text.trim(),
        owner: r.owner.trim(),
        dueAt: dueFromDateInput(r.due),
        done: r.done,
      })),
  };
}

export function ReviewTab(props: { c: CaseDetail; mayWrite: boolean; onReload: () => void }) {
  const { c } = props;
  const save = useSaveReview();
  const [text, setText] = useState({ rootCause: '', wentWell: '', wentBadly: '' });
  const [rows, setRows] = useState<ActionRow[]>([]);
  const [dirty, setDirty] = useState(false);
  /** The stored review the form was filled from, and the case version to save against. */
  const [base, setBase] = useState<{ at: string | null; version: number } | null>(null);
  const [saved, setSaved] = useState(false);
  /** The `updatedAt` of the review this form saved, until the case shows it. */
  const [savedAt, setSavedAt] = useState<string | null>(null);
  // Filled from the stored review while the form holds no edits. With edits, a newer case version
  // is taken only if the review itself did not change meanwhile: a review someone else saved
  // makes this save a conflict (409) instead of silently overwriting theirs.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the stored review and version only
  useEffect(() => {
    const at = c.review?.updatedAt ?? null;
    if (dirty && savedAt !== null && at === savedAt) {
      setSavedAt(null);
      setDirty(false);
      return;
    }
    if (!dirty || base === null) {
      setText({
        rootCause: c.review?.rootCause ?? '',
        wentWell: c.review?.wentWell ?? '',
        wentBadly: c.review?.wentBadly ?? '',
      });
      setRows(rowsOf(c));
      setBase({ at, version: c.version });
    } else if (at === base.at) setBase({ at, version: c.version });
  }, [c.id, c.version, c.review?.updatedAt, dirty]);

  const badDue = rows.some((r) => r.due.trim() !== '' && !dueFromDateInput(r.due));
  const editable = props.mayWrite && c.status !== 'closed';
  const edited = () => {
    setDirty(true);
    setSaved(false);
    setSavedAt(null);
  };
  const setRow = (key: string, patch: Partial<ActionRow>) => {
    edited();
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  };
  const field = (k: keyof typeof text, label: string, description: string) => (
    <Textarea
      label={label}
      description={description}
      autosize
      minRows={3}
      value={text[k]}
      readOnly={!editable}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setText((t) => ({ ...t, [k]: v }));
        edited();
      }}
    />
  );

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(
          { id: c.id, version: base?.version ?? c.version, review: reviewInputOf(text, rows) },
          {
            onSuccess: (r) => {
              setSaved(true);
              setSavedAt(r.updatedAt);
              setBase((b) => ({ at: r.updatedAt, version: b?.version ?? c.version }));
            },
          },
        );
      }}
    >
      <Stack gap="sm">
        {c.phase !== 'post_incident' && c.status !== 'closed' && (
          <Text size="sm" c="dimmed">
            The review belongs to the post-incident phase; it can be drafted at any time.
          </Text>
        )}
        {field('rootCause', 'Root cause', 'What made the incident possible')}
        {field('wentWell', 'What went well', 'Detection, response, tools and people that worked')}
        {field('wentBadly', 'What went badly', 'Delays, gaps and surprises')}
        <div>
          <Text size="sm" fw={500}>
            Follow-up actions
          </Text>
          <Stack gap={6} mt={4}>
            {rows.map((r, i) => (
              <Paper key={r.key} withBorder p="xs" data-review-action={i}>
                <Group align="flex-end" gap="xs" wrap="wrap">
                  <TextInput
                    label={`Action ${i + 1}`}
                    value={r.text}
                    readOnly={!editable}
                    onChange={(e) => setRow(r.key, { text: e.currentTarget.value })}
                    style={{ flex: '2 1 260px' }}
                  />
                  <TextInput
                    label="Owner"
                    value={r.owner}
                    readOnly={!editable}
                    onChange={(e) => setRow(r.key, { owner: e.currentTarget.value })}
                    style={{ flex: '1 1 140px' }}
                  />
                  <TextInput
                    label="Due"
                    placeholder="YYYY-MM-DD"
                    error={r.due.trim() && !dueFromDateInput(r.due) ? 'YYYY-MM-DD' : undefined}
                    value={r.due}
                    readOnly={!editable}
                    onChange={(e) => setRow(r.key, { due: e.currentTarget.value })}
                    w={140}
                  />
                  <Checkbox
                    label="Done"
                    checked={r.done}
                    disabled={!editable}
                    onChange={(e) => setRow(r.key, { done: e.currentTarget.checked })}
                    mb={8}
                  />
                  {editable && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove action ${i + 1}`}
                      onClick={() => {
                        edited();
                        setRows((rs) => rs.filter((x) => x.key !== r.key));
                      }}
                      mb={4}
                    >
                      <Icon name="close" size={16} />
                    </ActionIcon>
                  )}
                </Group>
              </Paper>
            ))}
            {rows.length === 0 && (
              <Text size="sm" c="dimmed">
                No follow-up actions yet.
              </Text>
            )}
          </Stack>
          {editable && (
            <Button
              variant="subtle"
              size="xs"
              mt={6}
              leftSection={<Icon name="plus" size={14} />}
              onClick={() => {
                edited();
                setRows((rs) => [...rs, { key: rowKey(), text: '', owner: '', due: '', done: false }]);
              }}
            >
              Add a follow-up action
            </Button>
          )}
        </div>
        <ConflictAlert
          error={save.error}
          title="The review was not saved"
          onReload={() => {
            save.reset();
            setDirty(false);
            props.onReload();
          }}
        />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {c.review
              ? `Last saved by ${c.review.updatedBy}, ${formatTime(c.review.updatedAt)}`
              : 'Not written yet'}
          </Text>
          {editable && (
            <Group gap="xs">
              {saved && !save.isPending && (
                <Text size="sm" role="status">
                  Saved
                </Text>
              )}
              <Button type="submit" loading={save.isPending} disabled={badDue}>
                Save the review
              </Button>
            </Group>
          )}
        </Group>
      </Stack>
    </form>
  );
}
