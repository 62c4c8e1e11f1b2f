/**
 * The time range: quick relative choices, a custom "last N units", and absolute ISO 8601 bounds
 * (checked with the server's parser; the problem is shown under the field). The button shows the
 * range in words.
 */
import {
  Button,
  Group,
  NumberInput,
  Popover,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import {
  describeRange,
  expressionError,
  parseRelative,
  QUICK_RANGES,
  relativeFrom,
  resolveRange,
  type TimeRange,
  UNITS,
} from './time-range.ts';

export interface TimePickerProps {
  value: TimeRange;
  onChange: (r: TimeRange) => void;
  now?: () => number;
}

export function TimePicker({ value, onChange, now = Date.now }: TimePickerProps) {
  const [opened, setOpened] = useState(false);
  const label = describeRange(value, now());
  const apply = (r: TimeRange) => {
    onChange(r);
    setOpened(false);
  };
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width={360}
      trapFocus
      withArrow
      shadow="md"
    >
      <Popover.Target>
        <Button variant="default" onClick={() => setOpened((o) => !o)} aria-label={`Time range: ${label}`}>
          {label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Tabs defaultValue={parseRelative(value.from) && value.to === 'now' ? 'relative' : 'absolute'}>
          <Tabs.List grow>
            <Tabs.Tab value="relative">Relative</Tabs.Tab>
            <Tabs.Tab value="absolute">Absolute</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="relative" pt="sm">
            <RelativePanel value={value} onApply={apply} />
          </Tabs.Panel>
          <Tabs.Panel value="absolute" pt="sm">
            <AbsolutePanel value={value} onApply={apply} now={now} />
          </Tabs.Panel>
        </Tabs>
      </Popover.Dropdown>
    </Popover>
  );
}

export function RelativePanel({ value, onApply }: { value: TimeRange; onApply: (r: TimeRange) => void }) {
  const current = parseRelative(value.from);
  const [amount, setAmount] = useState<number>(current?.amount ?? 24);
  const [unit, setUnit] = useState<string>(current?.unit ?? 'h');
  return (
    <Stack gap="sm">
      <SimpleGrid cols={2} spacing={4}>
        {QUICK_RANGES.map((q) => (
          <Button
            key={q.from}
            size="xs"
            variant={value.from === q.from && value.to === 'now' ? 'light' : 'subtle'}
            justify="flex-start"
            onClick={() => onApply({ from: q.from, to: 'now' })}
          >
            {q.label}
          </Button>
        ))}
      </SimpleGrid>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <Text size="sm" pb={6}>
          Last
        </Text>
        <NumberInput
          aria-label="Amount"
          w={80}
          min={1}
          value={amount}
          onChange={(v) => setAmount(typeof v === 'number' ? v : Number(v) || 1)}
        />
        <Select
          aria-label="Unit"
          w={110}
          data={[...UNITS]}
          value={unit}
          allowDeselect={false}
          onChange={(v) => setUnit(v ?? 'h')}
        />
        <Button onClick={() => onApply({ from: relativeFrom(amount, unit), to: 'now' })}>Apply</Button>
      </Group>
    </Stack>
  );
}

export function AbsolutePanel(props: {
  value: TimeRange;
  onApply: (r: TimeRange) => void;
  now: () => number;
}) {
  const initial = resolveRange(props.value, props.now());
  const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
  const [from, setFrom] = useState(initial.ok ? iso(initial.from) : props.value.from);
  const [to, setTo] = useState(initial.ok ? iso(initial.to) : props.value.to);
  const fromError = expressionError(from, 'from', props.now());
  const toError = expressionError(to, 'to', props.now());
  const both = !fromError && !toError ? resolveRange({ from, to }, props.now()) : null;
  const orderError = both && !both.ok ? both.error : null;
  return (
    <Stack gap="sm">
      <TextInput
        label="From"
        value={from}
        onChange={(e) => setFrom(e.currentTarget.value)}
        error={fromError}
      />
      <TextInput
        label="To"
        value={to}
        onChange={(e) => setTo(e.currentTarget.value)}
        error={toError ?? orderError}
      />
      <Text size="xs" c="dimmed">
        ISO 8601 (2026-01-05T10:00:00Z), epoch seconds or milliseconds, or now-15m / now-7d / now.
      </Text>
      <Button
        disabled={Boolean(fromError || toError || orderError)}
        onClick={() => props.onApply({ from: from.trim(), to: to.trim() })}
      >
        Apply
      </Button>
    </Stack>
  );
}
