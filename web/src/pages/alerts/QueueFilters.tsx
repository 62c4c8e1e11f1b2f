/**
 * The queue's filters: text, severity, assignee, time, sort and grouping; rule, entity, ATT&CK
 * tactic and technique. Text fields apply as typed (text after a pause; entity and technique once
 * they are well formed).
 */
import { Button, Group, MultiSelect, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { ALERT_SORTS, SEVERITIES, type Severity } from '../../api/alert-types.ts';
import { ATTACK_TACTICS } from '../../shared.ts';
import {
  type AssigneeFilter,
  DEFAULT_FILTER,
  GROUPS,
  type GroupBy,
  type QueueFilter,
  TIME_RANGES,
} from './queue-filter.ts';

const SORT_LABEL: Record<(typeof ALERT_SORTS)[number], string> = {
  newest: 'Newest',
  severity: 'Severity',
  count: 'Detections',
  last_seen: 'Last seen',
};

const GROUP_LABEL: Record<GroupBy, string> = {
  none: 'No grouping',
  rule: 'Rule',
  host: 'Host',
  user: 'User',
  severity: 'Severity',
};

const TACTICS = ATTACK_TACTICS.map((t) => ({ value: t.name, label: t.title }));

/** A text field applied once it is empty or well formed (`check` says what is wrong otherwise). */
function CheckedInput(props: {
  label: string;
  placeholder: string;
  value: string;
  check: (s: string) => string | null;
  onApply: (s: string) => void;
  w: number;
}) {
  const [text, setText] = useState(props.value);
  useEffect(() => setText(props.value), [props.value]);
  const problem = text.trim() === '' ? null : props.check(text.trim());
  return (
    <TextInput
      label={props.label}
      placeholder={props.placeholder}
      value={text}
      w={props.w}
      error={problem}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setText(v);
        if (v.trim() === '' || props.check(v.trim()) === null) props.onApply(v.trim());
      }}
    />
  );
}

export function QueueFilters(props: {
  filter: QueueFilter;
  onChange: (change: Partial<QueueFilter>) => void;
  rules: { value: string; label: string }[];
}) {
  const { filter, onChange } = props;
  const [text, setText] = useState(filter.q);
  const applyText = useDebouncedCallback((q: string) => onChange({ q }), 300);
  useEffect(() => setText(filter.q), [filter.q]);
  const rules =
    filter.rule && !props.rules.some((r) => r.value === filter.rule)
      ? [...props.rules, { value: filter.rule, label: filter.rule }]
      : props.rules;
  return (
    <>
      <Group align="flex-end" gap="xs">
        <TextInput
          label="Search"
          placeholder="Title, rule, entity or alert id"
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            applyText(e.currentTarget.value);
          }}
          w={260}
          data-shortcut-focus
        />
        <MultiSelect
          label="Severity"
          data={[...SEVERITIES].reverse()}
          value={filter.severity}
          onChange={(v) => onChange({ severity: v as Severity[] })}
          w={220}
          clearable
        />
        <Select
          label="Assignee"
          data={[
            { value: '', label: 'Anyone' },
            { value: 'me', label: 'Me' },
            { value: 'none', label: 'Unassigned' },
          ]}
          value={filter.assignee}
          onChange={(v) => onChange({ assignee: (v ?? '') as AssigneeFilter })}
          allowDeselect={false}
          w={130}
        />
        <Select
          label="Last seen"
          data={TIME_RANGES.map((r) => ({ value: r.value, label: r.label }))}
          value={filter.since}
          onChange={(v) => onChange({ since: v ?? '' })}
          allowDeselect={false}
          w={150}
        />
        <Select
          label="Sort by"
          data={ALERT_SORTS.map((s) => ({ value: s, label: SORT_LABEL[s] }))}
          value={filter.sort}
          onChange={(v) => onChange({ sort: (v ?? 'newest') as QueueFilter['sort'] })}
          allowDeselect={false}
          w={130}
        />
        <Select
          label="Group by"
          data={GROUPS.map((g) => ({ value: g, label: GROUP_LABEL[g] }))}
          value={filter.group}
          onChange={(v) => onChange({ group: (v ?? 'none') as GroupBy })}
          allowDeselect={false}
          w={140}
        />
      </Group>
      <Group align="flex-end" gap="xs">
        <Select
          label="Rule"
          placeholder="Any rule"
          data={rules}
          value={filter.rule || null}
          onChange={(v) => onChange({ rule: v ?? '' })}
          searchable
          clearable
          w={300}
          nothingFoundMessage="No rule with alerts matches"
        />
        <CheckedInput
          label="Entity"
          placeholder="host:ws-01, user:alice"
          value={filter.entity}
          check={(s) => (/^[a-z]+:.+$/s.test(s) ? null : 'type:value, e.g. host:ws-01')}
          onApply={(entity) => onChange({ entity })}
          w={220}
        />
        <Select
          label="Tactic"
          placeholder="Any tactic"
          data={TACTICS}
          value={filter.tactic || null}
          onChange={(v) => onChange({ tactic: v ?? '' })}
          searchable
          clearable
          w={200}
        />
        <CheckedInput
          label="Technique"
          placeholder="T1003 or T1003.001"
          value={filter.technique}
          check={(s) => (/^[Tt]\d{4}(\.\d{3})?$/.test(s) ? null : 'an ATT&CK id, e.g. T1003.001')}
          onApply={(technique) => onChange({ technique: technique.toUpperCase() })}
          w={170}
        />
        <Button variant="subtle" onClick={() => onChange({ ...DEFAULT_FILTER })}>
          Reset filters
        </Button>
      </Group>
    </>
  );
}
