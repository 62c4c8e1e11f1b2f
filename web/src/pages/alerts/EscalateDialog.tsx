/**
 * Escalate alerts into a case: a new one (title and severity, defaulting to the first alert's
 * title and the highest severity) or an open one.
 */
import { Button, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { type Alert, SEVERITIES } from '../../api/alert-types.ts';
import { useOpenCases } from '../../api/alerts.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

export type EscalateTarget = { caseId: string } | { case: { title: string; severity: string } };

export function highestSeverity(alerts: readonly Alert[]): string {
  let best = 0;
  for (const a of alerts) best = Math.max(best, SEVERITIES.indexOf(a.severity));
  return SEVERITIES[best] ?? 'medium';
}

export function defaultCaseTitle(alerts: readonly Alert[]): string {
  const first = alerts[0];
  if (!first) return '';
  const others = new Set(alerts.map((a) => a.title)).size - 1;
  return others > 0 ? `${first.title} (+${others} more)` : first.title;
}

export function EscalateDialog(props: {
  opened: boolean;
  alerts: readonly Alert[];
  pending?: boolean;
  onClose: () => void;
  onSubmit: (target: EscalateTarget) => void;
}) {
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<string>('medium');
  const [caseId, setCaseId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cases = useOpenCases(props.opened && mode === 'existing');
  const { opened, alerts } = props;
  useEffect(() => {
    if (!opened) return;
    setMode('new');
    setTitle(defaultCaseTitle(alerts));
    setSeverity(highestSeverity(alerts));
    setCaseId(null);
    setError(null);
  }, [opened, alerts]);
  const n = alerts.length;
  const submit = () => {
    if (mode === 'existing') {
      if (!caseId) return setError('Choose the case to add the alerts to.');
      return props.onSubmit({ caseId });
    }
    if (!title.trim()) return setError('Give the new case a title.');
    props.onSubmit({ case: { title: title.trim(), severity } });
  };
  return (
    <Modal
      opened={opened}
      onClose={props.onClose}
      title={n === 1 ? 'Escalate the alert to a case' : `Escalate ${n} alerts to a case`}
      size="lg"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <SegmentedControl
            aria-label="Escalate into"
            value={mode}
            onChange={(v) => {
              setMode(v as 'new' | 'existing');
              setError(null);
            }}
            data={[
              { value: 'new', label: 'A new case' },
              { value: 'existing', label: 'An open case' },
            ]}
          />
          {mode === 'new' ? (
            <>
              <TextInput
                label="Case title"
                value={title}
                onChange={(e) => {
                  setTitle(e.currentTarget.value);
                  setError(null);
                }}
                error={error}
                withAsterisk
                data-autofocus
              />
              <Select
                label="Severity"
                data={[...SEVERITIES]}
                value={severity}
                onChange={(v) => setSeverity(v ?? 'medium')}
                allowDeselect={false}
              />
            </>
          ) : (
            <>
              <ProblemAlert error={cases.error} title="Open cases could not be listed" />
              <Select
                label="Case"
                placeholder={cases.isPending ? 'Loading the open cases…' : 'Choose a case'}
                searchable
                nothingFoundMessage="No open case matches"
                data={(cases.data?.items ?? []).map((c) => ({
                  value: c.id,
                  label: `#${c.number} ${c.title}`,
                }))}
                value={caseId}
                onChange={(v) => {
                  setCaseId(v);
                  setError(null);
                }}
                error={error}
                withAsterisk
              />
              {cases.data && cases.data.items.length === 0 && (
                <Text size="sm" c="dimmed">
                  There is no open case: escalate into a new one.
                </Text>
              )}
            </>
          )}
          <Text size="xs" c="dimmed">
            The alerts become escalated and their entities the case's observables.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={props.pending}>
              {mode === 'new' ? 'Open the case' : 'Add to the case'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
