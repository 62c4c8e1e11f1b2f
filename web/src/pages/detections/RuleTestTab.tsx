/**
 * Trying a rule before it runs: on pasted events (the same engine as `vigil rules test`: what
 * matched, on which fields, and why the others did not), or over stored events (a hunt). A hunt
 * may take a while: it shows the time it has run and can be cancelled (the console stops waiting;
 * the server finishes the query it started).
 */
import { Button, Group, Progress, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { useRuleTest } from '../../api/rules.ts';
import { FORMATS, type HuntResult } from '../../api/types.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { EXAMPLE_EVENTS, EXAMPLE_RULE } from './examples.ts';
import { HuntResults, TestResults } from './RuleTestResults.tsx';

const SINCE = [
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
];

export function RuleTestTab() {
  const location = useLocation();
  const initial = (location.state as { yaml?: string } | null)?.yaml ?? EXAMPLE_RULE;
  const [yaml, setYaml] = useState(initial);
  const [mode, setMode] = useState<'pasted' | 'stored'>('pasted');
  const [events, setEvents] = useState(initial === EXAMPLE_RULE ? EXAMPLE_EVENTS : '');
  const [format, setFormat] = useState('auto');
  const [since, setSince] = useState('24h');
  const test = useRuleTest();
  const hunt = useCancellableHunt();
  const busy = test.isPending || hunt.isPending;
  const run = () => {
    if (mode === 'pasted') test.mutate({ yaml, events, format });
    else hunt.start({ rule: yaml, since });
  };
  const error = mode === 'pasted' ? test.error : hunt.error;
  return (
    <Stack gap="sm">
      <Textarea
        label="Sigma rule (YAML)"
        description="One or more detection rules; correlations and filters are not tested here."
        autosize
        minRows={10}
        maxRows={24}
        value={yaml}
        onChange={(e) => setYaml(e.currentTarget.value)}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
        spellCheck={false}
      />
      <SegmentedControl
        value={mode}
        onChange={(v) => setMode(v === 'stored' ? 'stored' : 'pasted')}
        data={[
          { value: 'pasted', label: 'Pasted events' },
          { value: 'stored', label: 'Stored events' },
        ]}
        w={320}
        aria-label="Events to test on"
      />
      {mode === 'pasted' ? (
        <Group align="flex-start" grow>
          <Textarea
            label="Events"
            description="One per line (NDJSON, syslog, CEF…), a JSON array, or one JSON object; at most 1,000 events and 1 MB."
            autosize
            minRows={5}
            maxRows={16}
            value={events}
            onChange={(e) => setEvents(e.currentTarget.value)}
            wrap="off"
            styles={{
              input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12, overflowX: 'auto' },
            }}
            spellCheck={false}
          />
          <Select
            label="Format"
            data={[...FORMATS]}
            value={format}
            allowDeselect={false}
            onChange={(v) => setFormat(v ?? 'auto')}
            maw={180}
          />
        </Group>
      ) : (
        <Group align="flex-end">
          <Select
            label="Over"
            data={SINCE}
            value={since}
            allowDeselect={false}
            onChange={(v) => setSince(v ?? '24h')}
            w={200}
          />
          <Text size="sm" c="dimmed" pb={8}>
            Runs the rule as SQL over the stored events of the range (a hunt).
          </Text>
        </Group>
      )}
      <Group>
        <Button
          onClick={run}
          loading={busy}
          disabled={yaml.trim() === '' || (mode === 'pasted' && events.trim() === '')}
        >
          {mode === 'pasted' ? 'Run the test' : 'Hunt'}
        </Button>
      </Group>
      {mode === 'stored' && hunt.isPending && (
        <HuntRunning startedAt={hunt.startedAt} onCancel={hunt.cancel} />
      )}
      {mode === 'stored' && hunt.cancelledAfter !== null && (
        <Text size="sm" role="status" data-hunt-cancelled>
          Hunt cancelled after {formatSeconds(hunt.cancelledAfter)}.
        </Text>
      )}
      <ProblemAlert
        error={error}
        title={mode === 'pasted' ? 'The test could not run' : 'The hunt could not run'}
      />
      {mode === 'pasted' && test.data && <TestResults report={test.data} />}
      {mode === 'stored' && hunt.data && <HuntResults result={hunt.data} />}
    </Stack>
  );
}

/** A hunt (`POST /api/v1/rules/hunt`) that can be cancelled, with the time it started. */
function useCancellableHunt() {
  const controller = useRef<AbortController | null>(null);
  const [startedAt, setStartedAt] = useState(0);
  const [cancelledAfter, setCancelledAfter] = useState<number | null>(null);
  const mutation = useMutation({
    mutationFn: (v: { body: { rule: string; since: string }; signal: AbortSignal }) =>
      api<HuntResult>('/api/v1/rules/hunt', {
        method: 'POST',
        json: { limit: 50, ...v.body },
        signal: v.signal,
      }),
  });
  // Leaving the page stops waiting too.
  useEffect(() => () => controller.current?.abort(), []);
  const cancelled = mutation.error instanceof DOMException && mutation.error.name === 'AbortError';
  return {
    isPending: mutation.isPending,
    data: mutation.data,
    error: cancelled ? null : mutation.error,
    startedAt,
    cancelledAfter,
    start(body: { rule: string; since: string }) {
      controller.current?.abort();
      const c = new AbortController();
      controller.current = c;
      setStartedAt(Date.now());
      setCancelledAfter(null);
      mutation.mutate({ body, signal: c.signal });
    },
    cancel() {
      controller.current?.abort();
      controller.current = null;
      setCancelledAfter(Date.now() - startedAt);
    },
  };
}

function formatSeconds(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** An indeterminate bar, the time the hunt has run, and Cancel. */
function HuntRunning({ startedAt, onCancel }: { startedAt: number; onCancel: () => void }) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <Stack gap={4} maw={560} data-hunt-running>
      <Group justify="space-between" align="center">
        <Text size="sm">
          Hunting over the stored events…{' '}
          <span data-hunt-elapsed>{formatSeconds(Math.max(0, now - startedAt))}</span>
        </Text>
        <Button size="compact-sm" variant="default" onClick={onCancel}>
          Cancel
        </Button>
      </Group>
      <Progress value={100} animated striped aria-label="Hunt in progress" />
    </Stack>
  );
}
