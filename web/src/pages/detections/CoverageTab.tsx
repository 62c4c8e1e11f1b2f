/**
 * The ATT&CK matrix of the enabled rules: a column per tactic, a cell per technique with how many
 * rules cover it (click for the rules), and the layer export for the ATT&CK Navigator.
 */
import {
  Anchor,
  Box,
  Button,
  Group,
  Paper,
  Popover,
  ScrollArea,
  Stack,
  Text,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { useEnabledRules } from '../../api/rules.ts';
import { Empty } from '../../components/Empty.tsx';
import { Icon } from '../../components/icons.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { downloadText } from '../../lib/download.ts';
import { buildCoverage, type CoverageCell } from './coverage.ts';
import { navigatorLayer } from './navigator-layer.ts';

export function CoverageTab() {
  const rules = useEnabledRules();
  const coverage = useMemo(() => buildCoverage(rules.data ?? []), [rules.data]);
  if (rules.error) return <ProblemAlert error={rules.error} title="Rules could not be listed" />;
  if (!rules.data) return <Text size="sm">Loading the enabled rules…</Text>;
  if (coverage.techniques === 0)
    return (
      <Empty title="No ATT&CK coverage yet" icon="detections">
        <Text size="sm">
          None of the {coverage.rules} enabled rules carries an ATT&CK tag (attack.t1059.001,
          attack.execution). Enable or import tagged rules in the Rules tab.
        </Text>
      </Empty>
    );
  const exportLayer = () =>
    downloadText(
      'vigil-attack-coverage.json',
      `${JSON.stringify(navigatorLayer(coverage), null, 2)}\n`,
      'application/json',
    );
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" aria-live="polite">
          {coverage.techniques} techniques covered by {coverage.rules - coverage.withoutTechnique} of{' '}
          {coverage.rules} enabled rules ({coverage.withoutTechnique} without an ATT&CK technique tag).
        </Text>
        <Button variant="light" leftSection={<Icon name="download" size={16} />} onClick={exportLayer}>
          Export ATT&CK Navigator layer
        </Button>
      </Group>
      <ScrollArea type="auto" offsetScrollbars>
        <Group
          align="flex-start"
          gap={6}
          wrap="nowrap"
          role="group"
          aria-label="ATT&CK coverage matrix"
          data-coverage-matrix
        >
          {coverage.columns.map((c) => (
            <Paper
              key={c.tactic}
              withBorder
              p={6}
              w={150}
              miw={150}
              component="section"
              aria-label={c.name}
              data-tactic={c.tactic}
            >
              <Box mb={6}>
                <Text size="xs" fw={700}>
                  {c.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {c.id ?? 'ATT&CK v18'} · {c.techniques.length} techniques
                </Text>
              </Box>
              <Stack gap={4}>
                {c.techniques.length === 0 && (
                  <Text size="xs" c="dimmed">
                    not covered
                  </Text>
                )}
                {c.techniques.map((cell) => (
                  <TechniqueCell key={cell.technique} cell={cell} tactic={c.name} />
                ))}
              </Stack>
            </Paper>
          ))}
        </Group>
      </ScrollArea>
      {coverage.unmapped.length > 0 && (
        <>
          <Title order={4}>Techniques whose rules name no tactic</Title>
          <Group gap={6}>
            {coverage.unmapped.map((cell) => (
              <TechniqueCell key={cell.technique} cell={cell} tactic="no tactic" />
            ))}
          </Group>
        </>
      )}
    </Stack>
  );
}

function TechniqueCell({ cell, tactic }: { cell: CoverageCell; tactic: string }) {
  const n = cell.rules.length;
  return (
    <Popover width={320} position="bottom-start" withArrow shadow="md" trapFocus returnFocus>
      <Popover.Target>
        <UnstyledButton
          data-technique={cell.technique}
          px={6}
          py={2}
          style={{
            borderRadius: 4,
            background: n >= 3 ? 'var(--mantine-color-blue-filled)' : 'var(--mantine-color-blue-light)',
            color: n >= 3 ? 'var(--mantine-color-white)' : 'var(--mantine-color-text)',
          }}
        >
          <Group justify="space-between" gap={4} wrap="nowrap">
            <Text size="xs" inherit className="vigil-mono">
              {cell.technique}
              <VisuallyHidden> in {tactic}:</VisuallyHidden>
            </Text>
            <Text size="xs" inherit fw={700}>
              {n}
              <VisuallyHidden> {n === 1 ? 'rule' : 'rules'}</VisuallyHidden>
            </Text>
          </Group>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="sm" fw={600} mb={4}>
          {cell.technique} · {tactic}
        </Text>
        <Stack gap={2}>
          {cell.rules.map((r) => (
            <Anchor
              key={r.id}
              component={Link}
              to={`/detections/rules/${encodeURIComponent(r.id)}`}
              size="sm"
            >
              {r.title}
            </Anchor>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
