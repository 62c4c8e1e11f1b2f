/**
 * Editing a case's fields with optimistic concurrency: the form sends the version it was filled
 * from; if someone changed the case meanwhile, Vigil refuses (409) and the dialog offers to reload
 * the case, which refills the form with what is there now.
 */
import { Button, Group, Modal, Select, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import {
  type CaseDetail,
  type CasePatch,
  INCIDENT_TYPE_LABELS,
  INCIDENT_TYPES,
  type IncidentType,
  SEVERITIES,
  type Severity,
  TLP_LEVELS,
  type Tlp,
} from '../../api/case-types.ts';
import { useUpdateCase } from '../../api/cases.ts';
import type { Assignees } from './assignees.ts';
import { ConflictAlert } from './ConflictAlert.tsx';

interface Form {
  version: number;
  title: string;
  description: string;
  severity: Severity;
  tlp: Tlp;
  incidentType: IncidentType | null;
  assignee: string;
  tags: string[];
  /** A user name to assign to (when the caller cannot list users). */
  handOver: string;
}

const formOf = (c: CaseDetail): Form => ({
  version: c.version,
  title: c.title,
  description: c.description,
  severity: c.severity,
  tlp: c.tlp,
  incidentType: c.incidentType,
  assignee: c.assignee ?? '',
  tags: c.tags,
  handOver: '',
});

/** Only what the form changed from the case it was filled from. */
export function patchOf(from: CaseDetail, f: Form): CasePatch {
  const p: CasePatch = {};
  if (f.title.trim() !== from.title) p.title = f.title.trim();
  if (f.description !== from.description) p.description = f.description;
  if (f.severity !== from.severity) p.severity = f.severity;
  if (f.tlp !== from.tlp) p.tlp = f.tlp;
  if (f.incidentType !== from.incidentType) p.incidentType = f.incidentType;
  if (f.handOver.trim()) p.assignee = f.handOver.trim();
  else if ((f.assignee || null) !== from.assignee) p.assignee = f.assignee || null;
  if (f.tags.join('\u0000') !== from.tags.join('\u0000')) p.tags = f.tags;
  return p;
}

export function EditCaseDialog(props: {
  c: CaseDetail;
  opened: boolean;
  onClose: () => void;
  onReload: () => Promise<CaseDetail | undefined>;
  assignees: Assignees;
}) {
  const update = useUpdateCase();
  const [base, setBase] = useState(props.c);
  const [form, setForm] = useState<Form>(() => formOf(props.c));
  // Filled from the case as it is when the dialog opens.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on opening
  useEffect(() => {
    if (!props.opened) return;
    setBase(props.c);
    setForm(formOf(props.c));
    update.reset();
  }, [props.opened]);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const reload = async () => {
    const fresh = await props.onReload();
    if (!fresh) return;
    setBase(fresh);
    setForm(formOf(fresh));
    update.reset();
  };
  const patch = patchOf(base, form);
  const changed = Object.keys(patch).length > 0;
  const pick = props.assignees.options.length > 0;

  return (
    <Modal opened={props.opened} onClose={props.onClose} title={`Edit case #${props.c.number}`} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ id: base.id, version: form.version, patch }, { onSuccess: props.onClose });
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="Title"
            required
            value={form.title}
            onChange={(e) => set('title', e.currentTarget.value)}
          />
          <Group grow>
            <Select
              label="Severity"
              data={[...SEVERITIES].reverse()}
              value={form.severity}
              onChange={(v) => v && set('severity', v as Severity)}
              allowDeselect={false}
            />
            <Select
              label="TLP"
              data={TLP_LEVELS.map((t) => ({ value: t, label: `TLP:${t.toUpperCase()}` }))}
              value={form.tlp}
              onChange={(v) => v && set('tlp', v as Tlp)}
              allowDeselect={false}
            />
            <Select
              label="Incident type"
              placeholder="none"
              data={INCIDENT_TYPES.map((t) => ({ value: t, label: INCIDENT_TYPE_LABELS[t] }))}
              value={form.incidentType}
              onChange={(v) => set('incidentType', v as IncidentType | null)}
              clearable
            />
          </Group>
          {pick ? (
            <Select
              label="Assignee"
              placeholder="Unassigned"
              data={props.assignees.options}
              value={form.assignee || null}
              onChange={(v) => set('assignee', v ?? '')}
              clearable
              searchable
            />
          ) : (
            <TextInput
              label="Hand over to"
              description="a user name; leave empty to keep the assignee"
              value={form.handOver}
              onChange={(e) => set('handOver', e.currentTarget.value)}
            />
          )}
          <TagsInput label="Tags" value={form.tags} onChange={(v) => set('tags', v)} clearable maxTags={50} />
          <Textarea
            label="Description"
            autosize
            minRows={3}
            maxRows={12}
            value={form.description}
            onChange={(e) => set('description', e.currentTarget.value)}
          />
          <ConflictAlert error={update.error} title="The case was not saved" onReload={() => void reload()} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending} disabled={!changed || !form.title.trim()}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
