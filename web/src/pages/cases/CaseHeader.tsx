/**
 * A case's header: number, title, severity, TLP, status (and resolution), assignee and tags, with
 * the actions on the whole case (edit, assign to me, close or reopen, merge, link, report).
 */
import { Anchor, Badge, Button, Group, Menu, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { type CaseDetail, INCIDENT_TYPE_LABELS, RESOLUTION_LABELS } from '../../api/case-types.ts';
import { useReopenCase, useUpdateCase } from '../../api/cases.ts';
import { useShortcuts } from '../../keyboard/index.ts';
import type { Assignees } from './assignees.ts';
import { SeverityBadge, StatusBadge, TlpBadge } from './badges.tsx';
import { CloseCaseDialog, LinkCaseDialog, MergeCaseDialog, ReportMenu } from './CaseActions.tsx';
import { ConflictAlert } from './ConflictAlert.tsx';
import { EditCaseDialog } from './EditCaseDialog.tsx';

type Dialog = 'edit' | 'close' | 'merge' | 'link' | null;

export function CaseHeader(props: {
  c: CaseDetail;
  mayWrite: boolean;
  assignees: Assignees;
  onReload: () => Promise<CaseDetail | undefined>;
}) {
  const { c, mayWrite, assignees } = props;
  const [dialog, setDialog] = useState<Dialog>(null);
  const reopen = useReopenCase();
  const assign = useUpdateCase();
  const closed = c.status === 'closed';
  const reload = () => void props.onReload();

  const shortcuts = useMemo(
    () =>
      mayWrite && !closed
        ? [{ keys: 'e', description: 'Edit the case', group: 'Case', run: () => setDialog('edit') }]
        : [],
    [mayWrite, closed],
  );
  useShortcuts('case-header', shortcuts);

  return (
    <Stack gap={6}>
      <Anchor component={Link} to="/cases" size="sm">
        ← All cases
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={6} style={{ flex: '1 1 400px' }}>
          <Title order={2} style={{ overflowWrap: 'anywhere' }}>
            <Text span inherit c="dimmed">
              #{c.number}
            </Text>{' '}
            {c.title}
          </Title>
          <Group gap={6}>
            <SeverityBadge severity={c.severity} />
            <TlpBadge tlp={c.tlp} />
            <StatusBadge status={c.status} />
            {c.resolution && (
              <Badge variant="outline" color="gray" tt="none" data-resolution={c.resolution}>
                {RESOLUTION_LABELS[c.resolution] ?? c.resolution}
              </Badge>
            )}
            {c.incidentType && (
              <Badge variant="default" tt="none">
                {INCIDENT_TYPE_LABELS[c.incidentType] ?? c.incidentType}
              </Badge>
            )}
            <Text size="sm">
              Assignee: <b>{assignees.nameOf(c.assignee)}</b>
            </Text>
            {c.tags.map((t) => (
              <Badge key={t} variant="dot" color="gray" tt="none">
                {t}
              </Badge>
            ))}
          </Group>
          {c.mergedInto && (
            <Text size="sm">
              Merged into{' '}
              <Anchor component={Link} to={`/cases/${c.mergedInto}`}>
                another case
              </Anchor>
              ; its records are there now.
            </Text>
          )}
        </Stack>
        <Group gap="xs">
          {mayWrite && !closed && (
            <>
              {assignees.me && c.assignee !== assignees.me && (
                <Button
                  variant="light"
                  loading={assign.isPending}
                  onClick={() =>
                    assign.mutate({ id: c.id, version: c.version, patch: { assignee: assignees.me } })
                  }
                >
                  Assign to me
                </Button>
              )}
              <Button variant="default" onClick={() => setDialog('edit')}>
                Edit
              </Button>
              <Button color="red" variant="light" onClick={() => setDialog('close')}>
                Close case
              </Button>
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button variant="default">More</Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => setDialog('link')}>Link to another case</Menu.Item>
                  <Menu.Item onClick={() => setDialog('merge')}>Merge into another case</Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </>
          )}
          {mayWrite && closed && !c.mergedInto && (
            <Button
              variant="light"
              loading={reopen.isPending}
              onClick={() => reopen.mutate({ id: c.id, version: c.version })}
            >
              Reopen
            </Button>
          )}
          <ReportMenu c={c} />
        </Group>
      </Group>
      <ConflictAlert
        error={reopen.error ?? assign.error}
        title="The case was not changed"
        onReload={() => {
          reopen.reset();
          assign.reset();
          reload();
        }}
      />
      {mayWrite && (
        <>
          <EditCaseDialog
            c={c}
            opened={dialog === 'edit'}
            onClose={() => setDialog(null)}
            onReload={props.onReload}
            assignees={assignees}
          />
          <CloseCaseDialog
            c={c}
            opened={dialog === 'close'}
            onClose={() => setDialog(null)}
            onReload={reload}
          />
          <MergeCaseDialog
            c={c}
            opened={dialog === 'merge'}
            onClose={() => setDialog(null)}
            onReload={reload}
          />
          <LinkCaseDialog c={c} opened={dialog === 'link'} onClose={() => setDialog(null)} />
        </>
      )}
    </Stack>
  );
}
