/**
 * The board: open and resolved cases in a column per IR phase. A card moves to another phase by
 * its menu, by `[` / `]` while it has focus, or by dragging it to a column; the move shows at once
 * and is undone if Vigil refuses it.
 */
import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Group,
  Menu,
  Paper,
  ScrollArea,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { type DragEvent, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  CASE_PHASES,
  type CasePage,
  type CasePhase,
  type CaseSummary,
  PHASE_LABELS,
} from '../../api/case-types.ts';
import { useMovePhase } from '../../api/cases.ts';
import { useSession } from '../../api/session.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useShortcuts } from '../../keyboard/index.ts';
import type { Assignees } from './assignees.ts';
import { SeverityBadge, SlaBadge } from './badges.tsx';
import { columnsOf, DRAG_TYPE, focusedCaseId } from './board.ts';
import { type Policies, pressingClock, useNow } from './clocks.ts';
import { neighbourPhase } from './phase-steps.ts';

export interface CaseBoardProps {
  page: CasePage;
  policiesOf: (tenant: string) => Policies;
  assignees: Assignees;
}

export function CaseBoard({ page, policiesOf, assignees }: CaseBoardProps) {
  const move = useMovePhase();
  const { can } = useSession();
  const mayMove = can('cases:write');
  const columns = useMemo(() => columnsOf(page.items), [page.items]);
  const now = useNow(1000);
  const [dropTarget, setDropTarget] = useState<CasePhase | null>(null);

  const moveTo = (c: CaseSummary, phase: CasePhase) => {
    if (!mayMove || c.phase === phase || c.status === 'closed') return;
    move.mutate({ id: c.id, version: c.version, phase });
  };
  const byId = (id: string | null) => page.items.find((c) => c.id === id);

  // The shortcuts stay the same objects; what they act on is read when they run.
  const latest = useRef({ byId, moveTo });
  latest.current = { byId, moveTo };
  const shortcuts = useMemo(() => {
    const step = (dir: 1 | -1) => () => {
      const c = latest.current.byId(focusedCaseId());
      const to = c && neighbourPhase(c.phase, dir);
      if (c && to) latest.current.moveTo(c, to);
    };
    return [
      { keys: ']', description: 'Move the focused case to the next phase', group: 'Cases', run: step(1) },
      {
        keys: '[',
        description: 'Move the focused case to the previous phase',
        group: 'Cases',
        run: step(-1),
      },
    ];
  }, []);
  useShortcuts('case-board', shortcuts);

  const onDrop = (phase: CasePhase) => (e: DragEvent) => {
    e.preventDefault();
    setDropTarget(null);
    const c = byId(e.dataTransfer.getData(DRAG_TYPE));
    if (c) moveTo(c, phase);
  };

  return (
    <Stack gap="xs">
      <ProblemAlert error={move.error} title="The case was not moved" />
      <ScrollArea type="auto" offsetScrollbars>
        <Group align="stretch" gap="sm" wrap="nowrap" data-case-board>
          {CASE_PHASES.map((phase) => {
            const cards = columns[phase];
            const headingId = `phase-${phase}`;
            return (
              <Paper
                key={phase}
                component="section"
                aria-labelledby={headingId}
                withBorder
                p="xs"
                miw={230}
                style={{
                  flex: '1 1 0',
                  outline:
                    dropTarget === phase ? '2px dashed var(--mantine-primary-color-filled)' : undefined,
                }}
                data-phase-column={phase}
                onDragOver={(e: DragEvent) => {
                  if (!mayMove || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
                  e.preventDefault();
                  setDropTarget(phase);
                }}
                onDragLeave={() => setDropTarget((t) => (t === phase ? null : t))}
                onDrop={onDrop(phase)}
              >
                <Group justify="space-between" mb="xs" wrap="nowrap">
                  <Title order={3} size="h6" id={headingId}>
                    {PHASE_LABELS[phase]}
                  </Title>
                  <Badge variant="default" aria-label={`${page.phases[phase] ?? cards.length} cases`}>
                    {page.phases[phase] ?? cards.length}
                  </Badge>
                </Group>
                <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {cards.map((c) => (
                    <Box component="li" key={c.id}>
                      <CaseCard
                        c={c}
                        clock={pressingClock(c, policiesOf(c.tenant), now)}
                        assignee={assignees.nameOf(c.assignee)}
                        mayMove={mayMove}
                        onMove={(to) => moveTo(c, to)}
                      />
                    </Box>
                  ))}
                </Stack>
                {cards.length === 0 && (
                  <Text size="xs" c="dimmed" ta="center" py="md">
                    No cases in this phase
                  </Text>
                )}
              </Paper>
            );
          })}
        </Group>
      </ScrollArea>
      {page.nextCursor && (
        <Text size="xs" c="dimmed">
          The board shows the {page.items.length} newest of {page.total} cases; the list view pages through
          all of them.
        </Text>
      )}
    </Stack>
  );
}

function CaseCard(props: {
  c: CaseSummary;
  clock: ReturnType<typeof pressingClock>;
  assignee: string;
  mayMove: boolean;
  onMove: (phase: CasePhase) => void;
}) {
  const { c } = props;
  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      data-case-id={c.id}
      data-case-number={c.number}
      draggable={props.mayMove}
      onDragStart={(e: DragEvent) => {
        e.dataTransfer.setData(DRAG_TYPE, c.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
      style={{ cursor: props.mayMove ? 'grab' : undefined }}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap={4}>
        <Anchor
          component={Link}
          to={`/cases/${c.id}`}
          size="sm"
          fw={500}
          style={{ overflowWrap: 'anywhere' }}
        >
          #{c.number} {c.title}
        </Anchor>
        {props.mayMove && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" size="sm" aria-label={`Move case #${c.number} to another phase`}>
                <Text span size="sm" aria-hidden="true">
                  ⋯
                </Text>
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Move to</Menu.Label>
              {CASE_PHASES.filter((p) => p !== c.phase).map((p) => (
                <Menu.Item key={p} onClick={() => props.onMove(p)}>
                  {PHASE_LABELS[p]}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Group gap={6} mt={6}>
        <SeverityBadge severity={c.severity} />
        {props.clock && <SlaBadge clock={props.clock} />}
      </Group>
      <Group gap="xs" mt={6} justify="space-between">
        <Text size="xs" c="dimmed">
          {props.assignee}
        </Text>
        <Text size="xs" c="dimmed">
          {c.tasksDone}/{c.taskCount} tasks · {c.alertCount} alerts
        </Text>
      </Group>
    </Paper>
  );
}
