/**
 * One case (`/cases/:id`): header and actions, the IR phase stepper, and tabs for its timeline,
 * tasks, alerts, observables, evidence, comments and post-incident review; beside them the SLA
 * and breach-notification clocks, linked cases and the case's facts.
 */
import {
  ActionIcon,
  Anchor,
  Badge,
  Grid,
  Group,
  Paper,
  Stack,
  Tabs,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useMemo, useRef } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { type CaseDetail, type CasePhase, PHASE_LABELS } from '../../api/case-types.ts';
import { useCase, useLinkCase, useMovePhase } from '../../api/cases.ts';
import { useSession } from '../../api/session.tsx';
import { Icon } from '../../components/icons.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useShortcuts } from '../../keyboard/index.ts';
import { formatTime } from '../../lib/format.ts';
import { AlertsTab } from './AlertsTab.tsx';
import { useAssignees } from './assignees.ts';
import { CaseHeader } from './CaseHeader.tsx';
import { ClocksPanel } from './ClocksPanel.tsx';
import { CommentsTab } from './CommentsTab.tsx';
import { ConflictAlert } from './ConflictAlert.tsx';
import { EvidenceTab } from './EvidenceTab.tsx';
import { ObservablesTab } from './ObservablesTab.tsx';
import { PhaseStepper } from './PhaseStepper.tsx';
import { neighbourPhase } from './phase-steps.ts';
import { usePoliciesOf } from './policies.ts';
import { ReviewTab } from './ReviewTab.tsx';
import { TasksTab } from './TasksTab.tsx';
import { TimelineTab } from './TimelineTab.tsx';

const TABS = ['timeline', 'tasks', 'alerts', 'observables', 'evidence', 'comments', 'review'] as const;
type Tab = (typeof TABS)[number];

export default function CaseDetailPage() {
  const { id = '' } = useParams();
  const query = useCase(id);
  if (query.error)
    return (
      <Stack gap="sm">
        <Anchor component={Link} to="/cases" size="sm">
          ← All cases
        </Anchor>
        <Title order={2}>Case</Title>
        <ProblemAlert error={query.error} title="This case could not be opened" />
      </Stack>
    );
  if (!query.data)
    return (
      <>
        <Title order={2}>Case</Title>
        <Text size="sm">Loading…</Text>
      </>
    );
  return <CaseView c={query.data} onReload={async () => (await query.refetch()).data} />;
}

function CaseView({ c, onReload }: { c: CaseDetail; onReload: () => Promise<CaseDetail | undefined> }) {
  const { can } = useSession();
  const mayWrite = can('cases:write');
  const assignees = useAssignees();
  const policiesOf = usePoliciesOf();
  const move = useMovePhase();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'timeline';
  const reload = () => void onReload();
  const moveTo = (phase: CasePhase) => {
    move.reset();
    move.mutate({ id: c.id, version: c.version, phase });
  };

  const latestMove = useRef(moveTo);
  latestMove.current = moveTo;
  const movable = mayWrite && c.status !== 'closed';
  const next = neighbourPhase(c.phase, 1);
  const back = neighbourPhase(c.phase, -1);
  const shortcuts = useMemo(
    () =>
      movable
        ? [
            ...(next
              ? [
                  {
                    keys: ']',
                    description: `Move the case to ${PHASE_LABELS[next]}`,
                    group: 'Case',
                    run: () => latestMove.current(next),
                  },
                ]
              : []),
            ...(back
              ? [
                  {
                    keys: '[',
                    description: `Move the case back to ${PHASE_LABELS[back]}`,
                    group: 'Case',
                    run: () => latestMove.current(back),
                  },
                ]
              : []),
          ]
        : [],
    [movable, next, back],
  );
  useShortcuts('case-phase', shortcuts);

  const count = (n: number) => (n > 0 ? ` (${n})` : '');
  return (
    <Stack gap="sm" data-case={c.number}>
      <CaseHeader c={c} mayWrite={mayWrite} assignees={assignees} onReload={onReload} />
      <PhaseStepper c={c} mayMove={mayWrite} moving={move.isPending} onMove={moveTo} />
      <ConflictAlert
        error={move.error}
        title="The case was not moved"
        onReload={() => {
          move.reset();
          reload();
        }}
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Tabs
            value={tab}
            onChange={(v) => {
              const p = new URLSearchParams(params);
              p.set('tab', v ?? 'timeline');
              setParams(p, { replace: true });
            }}
            keepMounted={false}
          >
            <Tabs.List>
              <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
              <Tabs.Tab value="tasks">
                Tasks ({c.tasks.filter((t) => t.status === 'done').length}/{c.tasks.length})
              </Tabs.Tab>
              <Tabs.Tab value="alerts">Alerts{count(c.alerts.length)}</Tabs.Tab>
              <Tabs.Tab value="observables">Observables{count(c.observables.length)}</Tabs.Tab>
              <Tabs.Tab value="evidence">Evidence{count(c.evidence.length)}</Tabs.Tab>
              <Tabs.Tab value="comments">Comments</Tabs.Tab>
              <Tabs.Tab value="review">Review</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="timeline" pt="sm">
              <TimelineTab c={c} mayWrite={mayWrite} />
            </Tabs.Panel>
            <Tabs.Panel value="tasks" pt="sm">
              <TasksTab c={c} mayWrite={mayWrite} onReload={reload} />
            </Tabs.Panel>
            <Tabs.Panel value="alerts" pt="sm">
              <AlertsTab c={c} />
            </Tabs.Panel>
            <Tabs.Panel value="observables" pt="sm">
              <ObservablesTab c={c} mayWrite={mayWrite} />
            </Tabs.Panel>
            <Tabs.Panel value="evidence" pt="sm">
              <EvidenceTab c={c} mayWrite={mayWrite} />
            </Tabs.Panel>
            <Tabs.Panel value="comments" pt="sm">
              <CommentsTab caseId={c.id} mayWrite={mayWrite} />
            </Tabs.Panel>
            <Tabs.Panel value="review" pt="sm">
              <ReviewTab c={c} mayWrite={mayWrite} onReload={reload} />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="sm">
            <ClocksPanel c={c} policies={policiesOf(c.tenant)} mayWrite={mayWrite} onReload={reload} />
            <LinksPanel c={c} mayWrite={mayWrite} />
            <FactsPanel c={c} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function LinksPanel({ c, mayWrite }: { c: CaseDetail; mayWrite: boolean }) {
  const unlink = useLinkCase();
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="linked-cases">
      <Title order={3} size="h5" id="linked-cases" mb="xs">
        Linked cases
      </Title>
      {c.links.length === 0 ? (
        <Text size="sm" c="dimmed">
          None. Link related cases from the More menu.
        </Text>
      ) : (
        <Stack gap={4}>
          {c.links.map((l) => (
            <Group key={l.id} justify="space-between" wrap="nowrap" gap="xs">
              <Anchor component={Link} to={`/cases/${l.id}`} size="sm">
                #{l.number} {l.title}
              </Anchor>
              <Group gap={4} wrap="nowrap">
                <Badge size="sm" variant="light" color={l.status === 'closed' ? 'gray' : 'blue'}>
                  {l.status}
                </Badge>
                {mayWrite && (
                  <Tooltip label="Unlink" withArrow>
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      aria-label={`Unlink case #${l.number}`}
                      onClick={() => unlink.mutate({ id: c.id, otherId: l.id, unlink: true })}
                    >
                      <Icon name="close" size={14} />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      <ProblemAlert error={unlink.error} title="The cases were not unlinked" />
    </Paper>
  );
}

function FactsPanel({ c }: { c: CaseDetail }) {
  const facts: [string, string][] = [
    ['Opened', `${formatTime(c.createdAt)} by ${c.createdBy}`],
    ['Contained', formatTime(c.containedAt)],
    ['Resolved', formatTime(c.resolvedAt)],
    ['Closed', formatTime(c.closedAt)],
    ['Updated', formatTime(c.updatedAt)],
    ['Tenant', c.tenant],
  ];
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="case-facts">
      <Title order={3} size="h5" id="case-facts" mb="xs">
        Details
      </Title>
      <Stack gap={4}>
        {facts.map(([k, v]) => (
          <Group key={k} justify="space-between" gap="xs" wrap="nowrap">
            <Text size="xs" c="dimmed">
              {k}
            </Text>
            <Text size="xs" ta="right">
              {v}
            </Text>
          </Group>
        ))}
      </Stack>
      {c.description && (
        <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {c.description}
        </Text>
      )}
    </Paper>
  );
}
