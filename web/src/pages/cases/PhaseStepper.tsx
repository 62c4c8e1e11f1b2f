/**
 * The IR phases of a case as a stepper: done, current and upcoming phases with the time the case
 * entered each (and how often, when it went back); buttons move it on or back.
 */
import { Box, Button, Group, Menu, Paper, Text, ThemeIcon, Tooltip, VisuallyHidden } from '@mantine/core';
import { CASE_PHASES, type CaseDetail, type CasePhase, PHASE_LABELS } from '../../api/case-types.ts';
import { formatTime } from '../../lib/format.ts';
import { neighbourPhase, phaseSteps } from './phase-steps.ts';

const STATE_COLOR = { done: 'teal', current: 'blue', upcoming: 'gray' } as const;

export function PhaseStepper(props: {
  c: CaseDetail;
  mayMove: boolean;
  moving: boolean;
  onMove: (phase: CasePhase) => void;
}) {
  const { c } = props;
  const steps = phaseSteps(c.phase, c.phases);
  const next = neighbourPhase(c.phase, 1);
  const back = neighbourPhase(c.phase, -1);
  const canMove = props.mayMove && c.status !== 'closed';
  return (
    <Paper withBorder p="sm">
      <Box
        component="ol"
        aria-label="Incident-response phases"
        data-phase-stepper
        style={{ display: 'flex', gap: 8, listStyle: 'none', margin: 0, padding: 0, flexWrap: 'wrap' }}
      >
        {steps.map((s) => (
          <Box
            component="li"
            key={s.phase}
            aria-current={s.state === 'current' ? 'step' : undefined}
            data-step={s.phase}
            data-state={s.state}
            style={{ flex: '1 1 150px', minWidth: 150 }}
          >
            <Group gap={8} wrap="nowrap" align="flex-start">
              <ThemeIcon
                radius="xl"
                size="md"
                color={STATE_COLOR[s.state]}
                variant={s.state === 'upcoming' ? 'light' : 'filled'}
                aria-hidden="true"
              >
                <Text span size="xs" fw={700}>
                  {s.state === 'done' ? '✓' : s.number}
                </Text>
              </ThemeIcon>
              <div>
                <Text size="sm" fw={s.state === 'current' ? 700 : 500}>
                  {s.label}
                  {s.state === 'current' && <VisuallyHidden> (current phase)</VisuallyHidden>}
                </Text>
                <Text size="xs" c="dimmed" data-entered-at={s.enteredAt ?? ''}>
                  {s.enteredAt ? `entered ${formatTime(s.enteredAt)}` : 'not yet'}
                </Text>
                {s.entries.length > 1 && (
                  <Tooltip label={s.entries.map(formatTime).join(', ')} withArrow>
                    <Text size="xs" c="dimmed" tabIndex={0}>
                      entered {s.entries.length} times
                    </Text>
                  </Tooltip>
                )}
              </div>
            </Group>
          </Box>
        ))}
      </Box>
      {canMove && (
        <Group gap="xs" mt="sm">
          {next && (
            <Button size="xs" onClick={() => props.onMove(next)} loading={props.moving}>
              Move to {PHASE_LABELS[next]}
            </Button>
          )}
          {back && (
            <Button size="xs" variant="default" onClick={() => props.onMove(back)} disabled={props.moving}>
              Back to {PHASE_LABELS[back]}
            </Button>
          )}
          <Menu position="bottom-start">
            <Menu.Target>
              <Button size="xs" variant="subtle" disabled={props.moving}>
                Move to…
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {CASE_PHASES.filter((p) => p !== c.phase).map((p) => (
                <Menu.Item key={p} onClick={() => props.onMove(p)}>
                  {PHASE_LABELS[p]}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Text size="xs" c="dimmed">
            Keys: <b>]</b> next phase, <b>[</b> previous
          </Text>
        </Group>
      )}
    </Paper>
  );
}
