/**
 * Opening a case by hand: title, severity, TLP and incident type (whose template tasks the case
 * gets, listed here before it is opened); then the new case opens.
 */
import { Button, Group, List, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  INCIDENT_TYPE_LABELS,
  INCIDENT_TYPES,
  type IncidentType,
  PHASE_LABELS,
  SEVERITIES,
  type Severity,
  TLP_LEVELS,
  type Tlp,
} from '../../api/case-types.ts';
import { useCaseTemplates, useCreateCase } from '../../api/cases.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

export function NewCaseDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateCase();
  const templates = useCaseTemplates();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('medium');
  const [tlp, setTlp] = useState<Tlp>('amber');
  const [type, setType] = useState<IncidentType | null>(null);
  const [description, setDescription] = useState('');
  const template = templates.data?.items.find((t) => t.type === type);

  const close = () => {
    create.reset();
    onClose();
  };
  const submit = () =>
    create.mutate(
      {
        title: title.trim(),
        severity,
        tlp,
        incidentType: type,
        ...(description.trim() ? { description: description.trim() } : {}),
      },
      {
        onSuccess: (c) => {
          setTitle('');
          setDescription('');
          setType(null);
          onClose();
          navigate(`/cases/${c.id}`);
        },
      },
    );

  return (
    <Modal opened={opened} onClose={close} title="New case" size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="Title"
            required
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            placeholder="Ransomware note on FILESRV-02"
            data-autofocus
          />
          <Group grow>
            <Select
              label="Severity"
              data={[...SEVERITIES].reverse()}
              value={severity}
              onChange={(v) => v && setSeverity(v as Severity)}
              allowDeselect={false}
            />
            <Select
              label="TLP"
              data={TLP_LEVELS.map((t) => ({ value: t, label: `TLP:${t.toUpperCase()}` }))}
              value={tlp}
              onChange={(v) => v && setTlp(v as Tlp)}
              allowDeselect={false}
            />
            <Select
              label="Incident type"
              placeholder="none yet"
              data={INCIDENT_TYPES.map((t) => ({ value: t, label: INCIDENT_TYPE_LABELS[t] }))}
              value={type}
              onChange={(v) => setType(v as IncidentType | null)}
              clearable
            />
          </Group>
          {template && (
            <div data-template-preview>
              <Text size="sm">
                {template.summary} The case starts with {template.tasks.length} tasks:
              </Text>
              <List size="xs" mt={4} spacing={2}>
                {template.tasks.map((t) => (
                  <List.Item key={t.key}>
                    {t.title}{' '}
                    <Text span size="xs" c="dimmed">
                      ({PHASE_LABELS[t.phase]})
                    </Text>
                  </List.Item>
                ))}
              </List>
            </div>
          )}
          <Textarea
            label="Description"
            autosize
            minRows={3}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <ProblemAlert error={create.error} title="The case was not opened" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!title.trim()}>
              Open the case
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
