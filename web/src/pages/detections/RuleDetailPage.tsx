/** One rule: metadata, counters, why it does not load (if so), its YAML; enable/disable, test it. */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useRule, useSetRuleEnabled } from '../../api/rules.ts';
import { useSession } from '../../api/session.tsx';
import { CodeBlock } from '../../components/CodeBlock.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatCount, formatTime } from '../../lib/format.ts';
import { LevelBadge } from './LevelBadge.tsx';

export function RuleDetailPage() {
  const { id = '' } = useParams();
  const rule = useRule(id);
  const setEnabled = useSetRuleEnabled();
  const { can } = useSession();
  const navigate = useNavigate();
  if (rule.error) return <ProblemAlert error={rule.error} title="No such rule" />;
  const r = rule.data;
  if (!r) return <Text size="sm">Loading…</Text>;
  const facts: [string, string][] = [
    ['Id', r.id],
    ['Status', r.status ?? '—'],
    ['Kind', r.kind],
    ['Scope', r.scope === 'global' ? 'built-in (every tenant)' : 'this tenant'],
    ['Source', `${r.source} · ${r.path}:${r.line}`],
    ['Hits', formatCount(r.stats.hits)],
    ['Last hit', formatTime(r.stats.lastHitAt)],
    ['Time spent', `${r.stats.timeMs.toFixed(1)} ms`],
    ['Updated', formatTime(r.updatedAt)],
  ];
  return (
    <Stack gap="sm">
      <Anchor component={Link} to="/detections" size="sm">
        ← All rules
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Group gap="sm">
          <Title order={3}>{r.title}</Title>
          <LevelBadge level={r.level} />
          {!r.running && r.enabled && (
            <Badge color="orange" variant="light">
              not running
            </Badge>
          )}
        </Group>
        <Group>
          <Switch
            label={r.enabled ? 'Enabled' : 'Disabled'}
            checked={r.enabled}
            disabled={!can('rules:write') || setEnabled.isPending}
            onChange={(e) => setEnabled.mutate({ id: r.id, enabled: e.currentTarget.checked })}
          />
          <Button variant="light" onClick={() => navigate('/detections/test', { state: { yaml: r.yaml } })}>
            Test this rule
          </Button>
        </Group>
      </Group>
      <ProblemAlert error={setEnabled.error} title="The rule could not be changed" />
      {r.loadError && (
        <Alert color="red" title="This rule did not load at the last reload">
          <Code>
            {r.loadError.file}:{r.loadError.line}:{r.loadError.column}
          </Code>{' '}
          {r.loadError.reason}
        </Alert>
      )}
      <Paper withBorder p="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          {facts.map(([k, v]) => (
            <div key={k}>
              <Text size="xs" c="dimmed">
                {k}
              </Text>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {v}
              </Text>
            </div>
          ))}
        </SimpleGrid>
        {r.tags.length > 0 && (
          <Group gap={4} mt="sm">
            {r.tags.map((t) => (
              <Badge key={t} variant="default" tt="none">
                {t}
              </Badge>
            ))}
          </Group>
        )}
      </Paper>
      <CodeBlock label="Rule YAML" maxHeight={640}>
        {r.yaml}
      </CodeBlock>
    </Stack>
  );
}
