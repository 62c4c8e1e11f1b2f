/**
 * Suppress this alert's rule, for all entities or one of the alert's, with a reason, an owner and
 * an expiry (at most 90 days): new detections it covers make no alert until then.
 */
import { Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { type Alert, ENTITY_TYPES, type EntityType, type NewSuppression } from '../../api/alert-types.ts';
import { useCreateSuppression } from '../../api/alerts.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

export const EXPIRY_DAYS = [1, 7, 30, 90] as const;

export interface SuppressForm {
  /** `type:value` of one of the alert's entities, or '' for every entity. */
  entity: string;
  reason: string;
  owner: string;
  days: number;
}

/** The suppression to create, or what is missing. */
export function suppressionOf(
  alert: Pick<Alert, 'ruleId'>,
  form: SuppressForm,
  now: number,
): { ok: true; body: NewSuppression } | { ok: false; errors: Partial<Record<keyof SuppressForm, string>> } {
  const errors: Partial<Record<keyof SuppressForm, string>> = {};
  if (!form.reason.trim()) errors.reason = 'Say why these detections are noise.';
  if (!form.owner.trim()) errors.owner = 'Name who answers for it (a person or a team).';
  if (!(form.days >= 1 && form.days <= 90)) errors.days = 'Between 1 and 90 days.';
  let entity: NewSuppression['entity'];
  if (form.entity) {
    const at = form.entity.indexOf(':');
    const type = form.entity.slice(0, at);
    if (at < 1 || !(ENTITY_TYPES as readonly string[]).includes(type)) errors.entity = 'Choose an entity.';
    else entity = { type: type as EntityType, value: form.entity.slice(at + 1) };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      ruleId: alert.ruleId,
      ...(entity ? { entity } : {}),
      reason: form.reason.trim(),
      owner: form.owner.trim(),
      expiresAt: new Date(now + form.days * 86_400_000).toISOString(),
    },
  };
}

export function SuppressDialog(props: { opened: boolean; alert: Alert; owner: string; onClose: () => void }) {
  const create = useCreateSuppression();
  const [form, setForm] = useState<SuppressForm>({ entity: '', reason: '', owner: props.owner, days: 7 });
  const [errors, setErrors] = useState<Partial<Record<keyof SuppressForm, string>>>({});
  const { opened, owner } = props;
  const reset = create.reset;
  useEffect(() => {
    if (!opened) return;
    setForm({ entity: '', reason: '', owner, days: 7 });
    setErrors({});
    reset();
  }, [opened, owner, reset]);
  const set = (change: Partial<SuppressForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setErrors({});
  };
  const entities = props.alert.entities.filter((e) => (ENTITY_TYPES as readonly string[]).includes(e.type));
  return (
    <Modal opened={opened} onClose={props.onClose} title="Suppress this rule" size="lg">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const r = suppressionOf(props.alert, form, Date.now());
          if (!r.ok) return setErrors(r.errors);
          create.mutate(r.body, { onSuccess: props.onClose });
        }}
      >
        <Stack gap="sm">
          <Text size="sm">
            New detections of <b>{props.alert.title}</b> make no alert until the suppression expires. Its hits
            are counted.
          </Text>
          <Select
            label="For"
            data={[
              { value: '', label: 'Every entity' },
              ...entities.map((e) => ({ value: `${e.type}:${e.value}`, label: `${e.type} ${e.value}` })),
            ]}
            value={form.entity}
            onChange={(v) => set({ entity: v ?? '' })}
            allowDeselect={false}
            error={errors.entity}
          />
          <Textarea
            label="Reason"
            description="Why these detections are noise"
            value={form.reason}
            onChange={(e) => set({ reason: e.currentTarget.value })}
            error={errors.reason}
            withAsterisk
            autosize
            minRows={2}
            data-autofocus
          />
          <TextInput
            label="Owner"
            description="Who answers for it"
            value={form.owner}
            onChange={(e) => set({ owner: e.currentTarget.value })}
            error={errors.owner}
            withAsterisk
          />
          <Select
            label="Expires in"
            data={EXPIRY_DAYS.map((d) => ({ value: String(d), label: d === 1 ? '1 day' : `${d} days` }))}
            value={String(form.days)}
            onChange={(v) => set({ days: Number(v ?? 7) })}
            allowDeselect={false}
            error={errors.days}
          />
          <ProblemAlert error={create.error} title="The suppression could not be created" />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" color="orange" loading={create.isPending}>
              Suppress
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
