/**
 * A case's tasks grouped by IR phase: complete or reopen one, add one by hand, or add the tasks of
 * an incident type's template (each once; those already there are skipped).
 */
import { Badge, Button, Checkbox, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import {
  CASE_PHASES,
  type CaseDetail,
  type CasePhase,
  type CaseTask,
  INCIDENT_TYPE_LABELS,
  PHASE_LABELS,
} from '../../api/case-types.ts';
import { useAddTask, useAddTemplateTasks, useCaseTemplates, useUpdateTask } from '../../api/cases.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatTime } from '../../lib/format.ts';
import { ConflictAlert } from './ConflictAlert.tsx';

export function tasksByPhase(tasks: readonly CaseTask[]): { phase: CasePhase; tasks: CaseTask[] }[] {
  return CASE_PHASES.map((phase) => ({
    phase,
    tasks: tasks.filter((t) => t.phase === phase).sort((a, b) => a.position - b.position),
  })).filter((g) => g.tasks.length > 0);
}

export function TasksTab(props: { c: CaseDetail; mayWrite: boolean; onReload: () => void }) {
  const { c } = props;
  const editable = props.mayWrite && c.status !== 'closed';
  const update = useUpdateTask();
  const groups = tasksByPhase(c.tasks);
  // A task being changed shows its new state at once.
  const pending = update.isPending ? update.variables : undefined;
  const isDone = (t: CaseTask) =>
    pending?.taskId === t.id ? pending.status === 'done' : t.status === 'done';
  const done = c.tasks.filter((t) => t.status === 'done').length;
  return (
    <Stack gap="md">
      {editable && <AddTasks c={c} />}
      <ConflictAlert
        error={update.error}
        title="The task was not changed"
        onReload={() => {
          update.reset();
          props.onReload();
        }}
      />
      {c.tasks.length === 0 ? (
        <Text size="sm" c="dimmed">
          No tasks yet. Add the tasks of an incident type's template, or your own.
        </Text>
      ) : (
        <Text size="sm">
          {done} of {c.tasks.length} done
        </Text>
      )}
      {groups.map((g) => (
        <section key={g.phase} aria-labelledby={`tasks-${g.phase}`} data-task-phase={g.phase}>
          <Title order={3} size="h5" id={`tasks-${g.phase}`} mb={6}>
            {PHASE_LABELS[g.phase]}{' '}
            <Text span size="sm" c="dimmed">
              {g.tasks.filter((t) => t.status === 'done').length}/{g.tasks.length}
            </Text>
          </Title>
          <Stack gap={6}>
            {g.tasks.map((t) => (
              <Paper key={t.id} withBorder p="xs" data-task={t.title} data-task-status={t.status}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Checkbox
                    checked={isDone(t)}
                    disabled={!editable || update.isPending}
                    onChange={(e) =>
                      update.mutate({
                        id: c.id,
                        taskId: t.id,
                        version: t.version,
                        status: e.currentTarget.checked ? 'done' : 'todo',
                      })
                    }
                    label={
                      <Text
                        size="sm"
                        td={t.status === 'done' || t.status === 'skipped' ? 'line-through' : undefined}
                      >
                        {t.title}
                      </Text>
                    }
                    description={t.description || undefined}
                  />
                  <Group gap={4} wrap="nowrap">
                    {t.status === 'in_progress' && (
                      <Badge size="sm" variant="light">
                        in progress
                      </Badge>
                    )}
                    {t.status === 'skipped' && (
                      <Badge size="sm" variant="light" color="gray">
                        skipped
                      </Badge>
                    )}
                    {t.template && (
                      <Badge size="sm" variant="default" tt="none">
                        template
                      </Badge>
                    )}
                    {t.completedAt && (
                      <Text size="xs" c="dimmed">
                        done {formatTime(t.completedAt)}
                      </Text>
                    )}
                  </Group>
                </Group>
              </Paper>
            ))}
          </Stack>
        </section>
      ))}
    </Stack>
  );
}

function AddTasks({ c }: { c: CaseDetail }) {
  const add = useAddTask();
  const fromTemplate = useAddTemplateTasks();
  const templates = useCaseTemplates();
  const [title, setTitle] = useState('');
  const [phase, setPhase] = useState<CasePhase>(c.phase);
  const [template, setTemplate] = useState<string | null>(
    c.incidentType && c.incidentType !== 'other' ? c.incidentType : null,
  );
  const [added, setAdded] = useState<string | null>(null);
  return (
    <Paper withBorder p="sm">
      <Stack gap="sm">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate({ id: c.id, title: title.trim(), phase }, { onSuccess: () => setTitle('') });
          }}
        >
          <Group align="flex-end" gap="sm">
            <TextInput
              label="New task"
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              style={{ flex: '1 1 260px' }}
            />
            <Select
              label="Phase"
              data={CASE_PHASES.map((p) => ({ value: p, label: PHASE_LABELS[p] }))}
              value={phase}
              onChange={(v) => v && setPhase(v as CasePhase)}
              allowDeselect={false}
              w={220}
            />
            <Button type="submit" disabled={!title.trim()} loading={add.isPending}>
              Add task
            </Button>
          </Group>
        </form>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!template) return;
            const before = c.tasks.length;
            fromTemplate.mutate(
              { id: c.id, template },
              {
                onSuccess: (r) =>
                  setAdded(
                    r.tasks.length === 0
                      ? 'Every task of this template is already in the case.'
                      : `Added ${r.tasks.length} tasks${before ? ' (those already there were skipped)' : ''}.`,
                  ),
              },
            );
          }}
        >
          <Group align="flex-end" gap="sm">
            <Select
              label="Tasks of a template"
              placeholder="Pick an incident type"
              data={(templates.data?.items ?? []).map((t) => ({
                value: t.type,
                label: `${INCIDENT_TYPE_LABELS[t.type] ?? t.name} (${t.tasks.length} tasks)`,
              }))}
              value={template}
              onChange={(v) => {
                setTemplate(v);
                setAdded(null);
              }}
              w={300}
            />
            <Button type="submit" variant="light" disabled={!template} loading={fromTemplate.isPending}>
              Add template tasks
            </Button>
            {added && (
              <Text size="sm" role="status">
                {added}
              </Text>
            )}
          </Group>
        </form>
        <ProblemAlert error={add.error ?? fromTemplate.error} title="The tasks were not added" />
      </Stack>
    </Paper>
  );
}
