/**
 * A case's clocks, ticking: the SLA to acknowledge (its first alert), contain and resolve — due
 * time, what is left or how late — and, when personal data is involved, the breach-notification
 * deadlines of the regulations it falls under (GDPR 72 h, HIPAA 60 d), with the flag, the
 * regulations and the aware/notified times editable.
 */
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { type CaseDetail, REGULATIONS, type Regulation } from '../../api/case-types.ts';
import { useCaseQueueAlerts, useUpdateCase } from '../../api/cases.ts';
import { useSession } from '../../api/session.tsx';
import { formatTime } from '../../lib/format.ts';
import { ConflictAlert } from './ConflictAlert.tsx';
import {
  breachClocksOf,
  breachTone,
  caseClocks,
  type Policies,
  remainingText,
  type SlaClock,
  slaTone,
  TONE_COLOR,
  TONE_LABEL,
  useNow,
} from './clocks.ts';
import { inputFromUtc, utcFromInput } from './time-input.ts';

const TARGET_LABEL = { acknowledge: 'Acknowledge', contain: 'Contain', resolve: 'Resolve' } as const;

export function ClocksPanel(props: {
  c: CaseDetail;
  policies: Policies;
  mayWrite: boolean;
  onReload: () => void;
}) {
  const { c } = props;
  const { can } = useSession();
  const alerts = useCaseQueueAlerts(c.id, can('alerts:read') && c.alerts.length > 0);
  const now = useNow(1000);
  const clocks = caseClocks(c, props.policies, alerts.data?.items ?? [], now);
  const sla = [clocks.acknowledge, clocks.contain, clocks.resolve].filter((k): k is SlaClock => k !== null);
  return (
    <Stack gap="sm">
      <Paper withBorder p="sm" component="section" aria-labelledby="sla-clocks">
        <Title order={3} size="h5" id="sla-clocks" mb="xs">
          SLA clocks
        </Title>
        <Table verticalSpacing={4} aria-label="SLA clocks" data-sla-clocks>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Target</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>Remaining</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sla.map((k) => {
              const tone = slaTone(k);
              return (
                <Table.Tr key={k.target} data-clock={k.target} data-tone={tone}>
                  <Table.Td>
                    <Text size="sm">{TARGET_LABEL[k.target]}</Text>
                    {k.target === 'acknowledge' && (
                      <Text size="xs" c="dimmed">
                        first alert
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{formatTime(k.dueAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={TONE_COLOR[tone]} variant="light" tt="none">
                      {TONE_LABEL[tone]}
                    </Badge>
                    <Text size="xs" data-remaining>
                      {remainingText(k.remainingMs, k.stoppedAt !== null)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed" mt={4}>
          Policy for {c.severity}: contain in {hours(clocks.contain.minutes)}, resolve in{' '}
          {hours(clocks.resolve.minutes)}.
        </Text>
      </Paper>
      <BreachPanel
        c={c}
        now={now}
        mayWrite={props.mayWrite && c.status !== 'closed'}
        onReload={props.onReload}
      />
    </Stack>
  );
}

const hours = (minutes: number) =>
  minutes % 1440 === 0 ? `${minutes / 1440} d` : minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;

function BreachPanel(props: { c: CaseDetail; now: Date; mayWrite: boolean; onReload: () => void }) {
  const { c } = props;
  const update = useUpdateCase();
  const clocks = breachClocksOf(c, props.now);
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState(() => formOf(c));
  // biome-ignore lint/correctness/useExhaustiveDependencies: refilled when editing starts
  useEffect(() => {
    if (editing) setForm(formOf(c));
  }, [editing]);
  const aware = form.awareAt ? utcFromInput(form.awareAt) : null;
  const notified = form.notifiedAt ? utcFromInput(form.notifiedAt) : null;
  const bad = (form.awareAt !== '' && !aware) || (form.notifiedAt !== '' && !notified);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="breach-clocks">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" id="breach-clocks">
          Breach notification
        </Title>
        {props.mayWrite && !editing && (
          <Button size="xs" variant="subtle" onClick={() => setEditing(true)}>
            Edit
          </Button>
        )}
      </Group>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate(
              {
                id: c.id,
                version: c.version,
                patch: {
                  personalData: form.personalData,
                  regulations: form.regulations,
                  awareAt: aware,
                  notifiedAt: notified,
                },
              },
              { onSuccess: () => setEditing(false) },
            );
          }}
        >
          <Stack gap="xs">
            <Switch
              label="Personal data involved"
              checked={form.personalData}
              onChange={(e) => setForm({ ...form, personalData: e.currentTarget.checked })}
            />
            <Checkbox.Group
              label="Regulations"
              value={form.regulations}
              onChange={(v) => setForm({ ...form, regulations: v as Regulation[] })}
            >
              <Group gap="md" mt={4}>
                {REGULATIONS.map((r) => (
                  <Checkbox key={r} value={r} label={r.toUpperCase()} />
                ))}
              </Group>
            </Checkbox.Group>
            <TextInput
              label="Aware at (UTC)"
              placeholder="2026-01-05 09:30"
              description="empty: when the case was flagged"
              error={form.awareAt !== '' && !aware ? 'write it as YYYY-MM-DD HH:MM' : undefined}
              value={form.awareAt}
              onChange={(e) => setForm({ ...form, awareAt: e.currentTarget.value })}
            />
            <TextInput
              label="Notified at (UTC)"
              placeholder="2026-01-07 16:00"
              error={form.notifiedAt !== '' && !notified ? 'write it as YYYY-MM-DD HH:MM' : undefined}
              value={form.notifiedAt}
              onChange={(e) => setForm({ ...form, notifiedAt: e.currentTarget.value })}
            />
            <ConflictAlert
              error={update.error}
              title="The breach details were not saved"
              onReload={() => {
                update.reset();
                setEditing(false);
                props.onReload();
              }}
            />
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setEditing(false)}>
                Cancel
              </Button>
              <Button size="xs" type="submit" disabled={bad} loading={update.isPending}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      ) : !c.personalData ? (
        <Text size="sm" c="dimmed">
          No personal data flagged: no notification deadline runs.
        </Text>
      ) : (
        <Stack gap={6} data-breach-clocks>
          <Text size="xs" c="dimmed">
            Aware at {formatTime(c.awareAt ?? c.createdAt)} · notified{' '}
            {c.notifiedAt ? formatTime(c.notifiedAt) : 'not yet'}
          </Text>
          {clocks.length === 0 && (
            <Text size="sm" c="dimmed">
              Personal data is flagged but no regulation is named.
            </Text>
          )}
          {clocks.map((k) => {
            const tone = breachTone(k);
            return (
              <div key={k.regulation} data-breach-clock={k.regulation} data-tone={tone}>
                <Group justify="space-between" gap="xs">
                  <Text size="sm" fw={500}>
                    {k.regulation.toUpperCase()}
                  </Text>
                  <Badge color={TONE_COLOR[tone]} variant="light" tt="none">
                    {remainingText(k.remainingMs, k.notifiedAt !== null)}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed">
                  {k.label}; deadline {formatTime(k.deadline)}
                </Text>
              </div>
            );
          })}
        </Stack>
      )}
    </Paper>
  );
}

function formOf(c: CaseDetail) {
  return {
    personalData: c.personalData,
    regulations: c.regulations.filter((r): r is Regulation => (REGULATIONS as readonly string[]).includes(r)),
    awareAt: inputFromUtc(c.awareAt),
    notifiedAt: inputFromUtc(c.notifiedAt),
  };
}
