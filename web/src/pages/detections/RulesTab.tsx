/** The rule library: find rules by title, status, level, state; see hits; turn them on and off; import more. */
import {
  Anchor,
  Group,
  MultiSelect,
  Pagination,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { RuleFigures } from '../../api/alert-types.ts';
import { useRuleTuning } from '../../api/alerts.ts';
import { type RuleFilter, useRules, useSetRuleEnabled } from '../../api/rules.ts';
import { useSession } from '../../api/session.tsx';
import type { RuleSummary } from '../../api/types.ts';
import { Empty } from '../../components/Empty.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatAgo, formatCount } from '../../lib/format.ts';
import { ImportRules } from './ImportRules.tsx';
import { LevelBadge } from './LevelBadge.tsx';
import { LEVELS, STATUSES } from './levels.ts';

const PAGE = 50;

export function RulesTab() {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text, 250);
  const [status, setStatus] = useState<string[]>([]);
  const [level, setLevel] = useState<string[]>([]);
  const [state, setState] = useState<string>('all');
  const [page, setPage] = useState(1);
  const filter: RuleFilter = {
    q: q.trim() || undefined,
    status: status.length ? status : undefined,
    level: level.length ? level : undefined,
    enabled: state === 'all' ? undefined : state === 'enabled',
    limit: PAGE,
    offset: (page - 1) * PAGE,
  };
  const rules = useRules(filter);
  const { can } = useSession();
  const writable = can('rules:write');
  const total = rules.data?.total ?? 0;
  return (
    <Stack gap="sm">
      <Group align="flex-end" justify="space-between">
        <Group align="flex-end" gap="xs">
          <TextInput
            label="Title"
            placeholder="e.g. mimikatz"
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setPage(1);
            }}
            data-shortcut-focus
          />
          <MultiSelect
            label="Status"
            data={[...STATUSES]}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            w={200}
            clearable
          />
          <MultiSelect
            label="Level"
            data={[...LEVELS]}
            value={level}
            onChange={(v) => {
              setLevel(v);
              setPage(1);
            }}
            w={200}
            clearable
          />
          <Select
            label="State"
            data={[
              { value: 'all', label: 'All' },
              { value: 'enabled', label: 'Enabled' },
              { value: 'disabled', label: 'Disabled' },
            ]}
            value={state}
            allowDeselect={false}
            onChange={(v) => {
              setState(v ?? 'all');
              setPage(1);
            }}
            w={120}
          />
        </Group>
        {writable && <ImportRules />}
      </Group>
      <ProblemAlert error={rules.error} title="Rules could not be listed" />
      {rules.data && rules.data.items.length === 0 ? (
        <Empty
          title={filter.q || filter.status || filter.level ? 'No rule matches' : 'No rules yet'}
          icon="detections"
        >
          <Text size="sm">
            {filter.q || filter.status || filter.level
              ? 'Clear a filter to see more rules.'
              : 'Import Sigma rules (a .yml, a folder as .zip) with the Import button, or put them in vigil-data/rules/.'}
          </Text>
        </Empty>
      ) : (
        <RulesTable rules={rules.data?.items ?? []} writable={writable} />
      )}
      {total > PAGE && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {formatCount(total)} rules
          </Text>
          <Pagination total={Math.ceil(total / PAGE)} value={page} onChange={setPage} size="sm" />
        </Group>
      )}
    </Stack>
  );
}

/** `12% (3 of 25)`: false positives among the rule's closed alerts; `—` when none is closed. */
export function fpRateText(f: RuleFigures | undefined): string {
  if (!f || f.falsePositiveRate === null || f.closed === 0) return '—';
  return `${Math.round(f.falsePositiveRate * 100)}% (${f.verdicts.false_positive} of ${f.closed})`;
}

function RulesTable({ rules, writable }: { rules: RuleSummary[]; writable: boolean }) {
  const setEnabled = useSetRuleEnabled();
  const tuning = useRuleTuning();
  const figures = new Map((tuning.data?.items ?? []).map((f) => [f.ruleId, f]));
  return (
    <Table.ScrollContainer minWidth={800}>
      <ProblemAlert error={setEnabled.error} title="The rule could not be changed" />
      <Table striped highlightOnHover verticalSpacing={6} aria-label="Detection rules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>On</Table.Th>
            <Table.Th>Title</Table.Th>
            <Table.Th>Level</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th ta="right">Hits</Table.Th>
            <Table.Th>Last hit</Table.Th>
            <Table.Th ta="right" title="Alerts the rule raised">
              Alerts
            </Table.Th>
            <Table.Th title="False positives among the rule's closed alerts">FP rate</Table.Th>
            <Table.Th>Source</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rules.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Switch
                  checked={r.enabled}
                  disabled={!writable || setEnabled.isPending}
                  aria-label={`${r.enabled ? 'Disable' : 'Enable'} rule ${r.title}`}
                  onChange={(e) => setEnabled.mutate({ id: r.id, enabled: e.currentTarget.checked })}
                />
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/detections/rules/${encodeURIComponent(r.id)}`} size="sm">
                  {r.title}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <LevelBadge level={r.level} />
              </Table.Td>
              <Table.Td>{r.status ?? '—'}</Table.Td>
              <Table.Td>{r.kind}</Table.Td>
              <Table.Td ta="right">{formatCount(r.stats.hits)}</Table.Td>
              <Table.Td>{formatAgo(r.stats.lastHitAt)}</Table.Td>
              <Table.Td ta="right">{formatCount(figures.get(r.id)?.alerts ?? 0)}</Table.Td>
              <Table.Td data-fp-rate={r.id}>{fpRateText(figures.get(r.id))}</Table.Td>
              <Table.Td>
                <Text size="xs" className="vigil-truncate" title={r.source}>
                  {r.source}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
