/**
 * What can be done to a whole case: close it with a resolution (its escalated alerts close with
 * that verdict), reopen it, merge it into another case, link it to one, and download its report.
 */
import { Alert, Button, Group, Menu, Modal, Radio, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  CASE_RESOLUTIONS,
  type CaseDetail,
  type CaseResolution,
  RESOLUTION_LABELS,
} from '../../api/case-types.ts';
import { reportUrl, useCases, useCloseCase, useLinkCase, useMergeCase } from '../../api/cases.ts';
import { Icon } from '../../components/icons.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ConflictAlert } from './ConflictAlert.tsx';

export function CloseCaseDialog(props: {
  c: CaseDetail;
  opened: boolean;
  onClose: () => void;
  onReload: () => void;
}) {
  const close = useCloseCase();
  const [resolution, setResolution] = useState<CaseResolution | null>(null);
  const open = props.c.alerts.filter((a) => a.status !== 'closed').length;
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={`Close case #${props.c.number}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (resolution)
            close.mutate(
              { id: props.c.id, version: props.c.version, resolution },
              { onSuccess: props.onClose },
            );
        }}
      >
        <Stack gap="sm">
          <Radio.Group
            label="Resolution"
            description="How the incident ended; it is the verdict of the case's alerts too"
            value={resolution}
            onChange={(v) => setResolution(v as CaseResolution)}
            required
          >
            <Stack gap={6} mt={6}>
              {CASE_RESOLUTIONS.map((r) => (
                <Radio key={r} value={r} label={RESOLUTION_LABELS[r]} />
              ))}
            </Stack>
          </Radio.Group>
          {open > 0 && (
            <Text size="sm">
              {open === 1 ? 'Its open alert' : `Its ${open} open alerts`} will be closed with this verdict.
            </Text>
          )}
          <ConflictAlert
            error={close.error}
            title="The case was not closed"
            onReload={() => {
              close.reset();
              props.onReload();
            }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={!resolution} loading={close.isPending}>
              Close the case
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Another case to merge into or link to: the open ones (200 newest), by number and title. */
function useOtherCases(c: CaseDetail, enabled: boolean) {
  const cases = useCases({ status: ['open', 'resolved'], limit: 200 }, enabled);
  const linked = new Set(c.links.map((l) => l.id));
  return {
    loading: cases.isPending && enabled,
    options: (cases.data?.items ?? [])
      .filter((o) => o.id !== c.id && o.tenant === c.tenant)
      .map((o) => ({ value: o.id, label: `#${o.number} ${o.title}`, linked: linked.has(o.id) })),
  };
}

export function MergeCaseDialog(props: {
  c: CaseDetail;
  opened: boolean;
  onClose: () => void;
  onReload: () => void;
}) {
  const merge = useMergeCase();
  const navigate = useNavigate();
  const others = useOtherCases(props.c, props.opened);
  const [target, setTarget] = useState<string | null>(null);
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={`Merge case #${props.c.number} into another`}>
      <Stack gap="sm">
        <Select
          label="Case to merge into"
          placeholder={others.loading ? 'Loading…' : 'Pick a case'}
          data={others.options}
          value={target}
          onChange={setTarget}
          searchable
          nothingFoundMessage="No other open case"
        />
        <Alert color="yellow" variant="light">
          Its alerts, tasks, observables, timeline, evidence and links move to that case, and this one is
          closed as merged. This cannot be undone.
        </Alert>
        <ConflictAlert
          error={merge.error}
          title="The case was not merged"
          onReload={() => {
            merge.reset();
            props.onReload();
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            color="orange"
            disabled={!target}
            loading={merge.isPending}
            onClick={() =>
              target &&
              merge.mutate(
                { id: props.c.id, version: props.c.version, targetId: target },
                {
                  onSuccess: (r) => {
                    props.onClose();
                    navigate(`/cases/${r.target.id}`);
                  },
                },
              )
            }
          >
            Merge
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function LinkCaseDialog(props: { c: CaseDetail; opened: boolean; onClose: () => void }) {
  const link = useLinkCase();
  const others = useOtherCases(props.c, props.opened);
  const [other, setOther] = useState<string | null>(null);
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={`Link case #${props.c.number} to another`}>
      <Stack gap="sm">
        <Select
          label="Related case"
          placeholder={others.loading ? 'Loading…' : 'Pick a case'}
          data={others.options.filter((o) => !o.linked)}
          value={other}
          onChange={setOther}
          searchable
          nothingFoundMessage="No other open case to link"
        />
        <Text size="sm" c="dimmed">
          Linked cases stay separate; each lists the other.
        </Text>
        <ProblemAlert error={link.error} title="The cases were not linked" />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            disabled={!other}
            loading={link.isPending}
            onClick={() =>
              other &&
              link.mutate(
                { id: props.c.id, otherId: other },
                {
                  onSuccess: () => {
                    setOther(null);
                    props.onClose();
                  },
                },
              )
            }
          >
            Link
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The case report, downloaded as Markdown or as a self-contained HTML page. */
export function ReportMenu({ c }: { c: CaseDetail }) {
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" leftSection={<Icon name="download" size={16} />}>
          Report
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component="a" href={reportUrl(c, 'markdown')} download={`case-${c.number}.md`}>
          Markdown
        </Menu.Item>
        <Menu.Item component="a" href={reportUrl(c, 'html')} download={`case-${c.number}.html`}>
          HTML page
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
