/** Close alerts with a verdict: the four verdicts explained; `duplicate` asks for the original alert. */
import { Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { VERDICTS } from '../../api/alert-types.ts';
import type { TriageRequest } from '../../api/alerts.ts';
import { VERDICT_HELP, VERDICT_LABEL } from './alert-format.ts';
import { type CloseCheck, checkClose } from './verdict.ts';

export function CloseDialog(props: {
  opened: boolean;
  /** The ids of the alerts to close. */
  closing: readonly string[];
  pending?: boolean;
  onClose: () => void;
  onSubmit: (request: Extract<TriageRequest, { action: 'close' }>) => void;
}) {
  const [verdict, setVerdict] = useState<string | null>(null);
  const [duplicateOf, setDuplicateOf] = useState('');
  const [errors, setErrors] = useState<Extract<CloseCheck, { ok: false }>['errors']>({});
  useEffect(() => {
    if (props.opened) {
      setVerdict(null);
      setDuplicateOf('');
      setErrors({});
    }
  }, [props.opened]);
  const n = props.closing.length;
  const submit = () => {
    const check = checkClose({ verdict, duplicateOf }, props.closing);
    if (!check.ok) return setErrors(check.errors);
    props.onSubmit(check.request);
  };
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={n === 1 ? 'Close the alert' : `Close ${n} alerts`}
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
          <Radio.Group
            label="Verdict"
            value={verdict}
            onChange={(v) => {
              setVerdict(v);
              setErrors({});
            }}
            error={errors.verdict}
            withAsterisk
          >
            <Stack gap={8} mt={6}>
              {VERDICTS.map((v) => (
                <Radio key={v} value={v} label={VERDICT_LABEL[v]} description={VERDICT_HELP[v]} />
              ))}
            </Stack>
          </Radio.Group>
          {verdict === 'duplicate' && (
            <TextInput
              label="Original alert"
              description="The alert this one repeats: its id, or a link to it"
              value={duplicateOf}
              onChange={(e) => {
                setDuplicateOf(e.currentTarget.value);
                setErrors({});
              }}
              error={errors.duplicateOf}
              withAsterisk
              data-autofocus
            />
          )}
          {n > 1 && (
            <Text size="xs" c="dimmed">
              Every alert gets this verdict; alerts someone else changed meanwhile are reported, not closed.
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={props.pending}>
              {n === 1 ? 'Close alert' : `Close ${n} alerts`}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
