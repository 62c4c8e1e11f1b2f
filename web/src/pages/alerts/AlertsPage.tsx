/**
 * The alert queue: counts per status, filters (kept in the URL) and saved views, alerts grouped
 * and sorted, multi-select with bulk triage, and the keyboard: `j`/`k` move, `x` selects, Enter or
 * `o` opens, `a` acknowledges, `s` starts, `e` escalates, `c` closes with a verdict. Live changes
 * refresh the list; when the user has scrolled down, a "N new" button says alerts arrived above.
 */
import { Affix, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Alert } from '../../api/alert-types.ts';
import { useAlertQueue, useRuleTuning } from '../../api/alerts.ts';
import { useLiveChanges } from '../../api/live.ts';
import { useSession } from '../../api/session.tsx';
import { Empty } from '../../components/Empty.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { isTyping, type Shortcut, useShortcuts } from '../../keyboard/index.ts';
import { formatCount } from '../../lib/format.ts';
import { ActionFeedback } from './ActionFeedback.tsx';
import { AlertTable } from './AlertTable.tsx';
import { alertHref } from './alert-format.ts';
import {
  actionTargets,
  type CursorState,
  clearSelection,
  EMPTY_CURSOR,
  moveCursor,
  setCursor,
  syncRows,
  toggleAll,
  toggleSelected,
} from './cursor.ts';
import { groupAlerts } from './grouping.ts';
import { QueueFilters } from './QueueFilters.tsx';
import { alertQueryOf, DEFAULT_FILTER, isNarrowed } from './queue-filter.ts';
import { SavedViews } from './SavedViews.tsx';
import { StatusCounts } from './StatusCounts.tsx';
import { type AlertAction, useAlertActions } from './useAlertActions.tsx';
import { useQueueFilter } from './useQueueFilter.ts';

/** Scrolled further than this, new alerts are announced instead of only appearing at the top. */
const SCROLLED_PX = 240;

export function AlertsPage() {
  const [filter, setFilter] = useQueueFilter();
  const query = useMemo(() => alertQueryOf(filter), [filter]);
  const queue = useAlertQueue(query);
  const { can } = useSession();
  const writable = can('alerts:write');
  const tuning = useRuleTuning(can('rules:read'));
  const navigate = useNavigate();
  const client = useQueryClient();

  const alerts = useMemo(() => queue.data?.pages.flatMap((p) => p.items) ?? [], [queue.data]);
  const counts = queue.data?.pages[0]?.counts;
  const groups = useMemo(() => groupAlerts(alerts, filter.group), [alerts, filter.group]);
  const ids = useMemo(() => groups.flatMap((g) => g.alerts.map((a) => a.id)), [groups]);
  const byId = useMemo(() => new Map(alerts.map((a) => [a.id, a])), [alerts]);

  const [cursor, setCursorState] = useState<CursorState>(EMPTY_CURSOR);
  useEffect(() => setCursorState((s) => syncRows(s, ids)), [ids]);

  const actions = useAlertActions({
    onDone: () => setCursorState((s) => clearSelection(s)),
  });
  const targets = useCallback(
    (s: CursorState): Alert[] =>
      actionTargets(s)
        .map((id) => byId.get(id))
        .filter((a): a is Alert => a !== undefined),
    [byId],
  );

  // Keyboard: shortcuts rest while a dialog is open.
  const state = useRef({ cursor, actions, targets });
  state.current = { cursor, actions, targets };
  const open = useCallback(() => {
    const id = state.current.cursor.cursor;
    if (id && !state.current.actions.dialogOpen) navigate(alertHref(id));
  }, [navigate]);
  const act = useCallback((action: AlertAction) => {
    const { cursor: c, actions: a, targets: t } = state.current;
    if (!a.dialogOpen) a.run(action, t(c));
  }, []);
  const shortcuts = useMemo<Shortcut[]>(() => {
    const page = 'Alert queue';
    const move = (d: number) => () => {
      if (!state.current.actions.dialogOpen) setCursorState((s) => moveCursor(s, d));
    };
    const list: Shortcut[] = [
      { keys: 'j', group: page, description: 'Next alert', run: move(1) },
      { keys: 'k', group: page, description: 'Previous alert', run: move(-1) },
      {
        keys: 'x',
        group: page,
        description: 'Select or unselect the alert',
        run: () => {
          if (!state.current.actions.dialogOpen) setCursorState((s) => toggleSelected(s));
        },
      },
      { keys: 'o', group: page, description: 'Open the alert (or Enter)', run: open },
    ];
    if (writable)
      list.push(
        { keys: 'a', group: page, description: 'Acknowledge', run: () => act('acknowledge') },
        { keys: 's', group: page, description: 'Start working on it', run: () => act('start') },
        { keys: 'e', group: page, description: 'Escalate to a case', run: () => act('escalate') },
        { keys: 'c', group: page, description: 'Close with a verdict', run: () => act('close') },
      );
    return list;
  }, [open, act, writable]);
  useShortcuts('alert-queue', shortcuts);
  useEffect(() => {
    // Enter is not a shortcut key (it stays with focused controls): it opens the cursor's alert
    // when nothing else has focus, or a row does.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey) return;
      const t = e.target;
      if (isTyping(t)) return;
      if (t !== document.body && !(t instanceof HTMLElement && t.matches('[data-alert-row]'))) return;
      e.preventDefault();
      open();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  // New alerts while scrolled down.
  const [arrived, setArrived] = useState(0);
  useLiveChanges((c) => {
    if (c.action === 'alert.created' && window.scrollY > SCROLLED_PX) setArrived((n) => n + 1);
  });
  useEffect(() => {
    const onScroll = () => {
      if (window.scrollY <= SCROLLED_PX) setArrived(0);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);

  const rules = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of tuning.data?.items ?? []) m.set(r.ruleId, r.title);
    for (const a of alerts) if (!m.has(a.ruleId)) m.set(a.ruleId, a.title);
    return [...m].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
  }, [tuning.data, alerts]);

  const selected = targets(cursor);
  const bulk = cursor.selected.size > 0;
  const totalEver = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : null;

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Alerts</Title>
        <SavedViews filter={filter} onApply={(f) => setFilter(f)} />
      </Group>
      <StatusCounts counts={counts} status={filter.status} onChange={(status) => setFilter({ status })} />
      <QueueFilters filter={filter} onChange={setFilter} rules={rules} />
      <ProblemAlert error={queue.error} title="The alerts could not be listed" />
      <ActionFeedback
        error={actions.error}
        notice={actions.notice}
        onDismiss={actions.dismiss}
        onReload={() => void client.invalidateQueries({ queryKey: ['alerts'] })}
      />
      {writable && (
        <Group gap="xs" data-bulk-bar>
          <Text size="sm" c="dimmed" w={120}>
            {bulk ? `${formatCount(cursor.selected.size)} selected` : 'Current alert'}
          </Text>
          {(
            [
              ['acknowledge', 'Acknowledge', 'a'],
              ['start', 'Start', 's'],
              ['close', 'Close…', 'c'],
              ['escalate', 'Escalate…', 'e'],
              ['assign', 'Assign…', null],
            ] as const
          ).map(([action, label, key]) => (
            <Button
              key={action}
              size="compact-sm"
              variant="default"
              disabled={selected.length === 0 || actions.busy}
              onClick={() => actions.run(action, selected)}
              aria-keyshortcuts={key ?? undefined}
            >
              {label}
            </Button>
          ))}
          {bulk && (
            <Button
              size="compact-sm"
              variant="subtle"
              onClick={() => setCursorState((s) => clearSelection(s))}
            >
              Clear selection
            </Button>
          )}
        </Group>
      )}
      {queue.isPending ? (
        <Group justify="center" p="xl">
          <Loader aria-label="Loading the alerts" />
        </Group>
      ) : alerts.length === 0 ? (
        totalEver === 0 && !isNarrowed(filter) ? (
          <Empty title="No alerts yet" icon="alerts">
            <Text size="sm">
              Alerts appear when enabled rules match incoming events. To see some now, load the demo day:
            </Text>
            <Text size="sm" className="vigil-mono">
              npx vigil demo
            </Text>
            <Text size="sm">Then come back here: new alerts show up as they are made.</Text>
          </Empty>
        ) : (
          <Empty
            title="No alert matches"
            icon="alerts"
            actions={<Button onClick={() => setFilter({ ...DEFAULT_FILTER })}>Reset filters</Button>}
          >
            <Text size="sm">
              {totalEver
                ? `${formatCount(totalEver)} alerts match the other filters; choose another status above, or`
                : 'Try'}{' '}
              widen the filters.
            </Text>
          </Empty>
        )
      ) : (
        <AlertTable
          groups={groups}
          grouped={filter.group !== 'none'}
          cursor={cursor}
          onCursor={(id) => setCursorState((s) => setCursor(s, id))}
          onToggle={(id) => setCursorState((s) => toggleSelected(s, id))}
          onToggleAll={() => setCursorState((s) => toggleAll(s))}
        />
      )}
      {queue.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            loading={queue.isFetchingNextPage}
            onClick={() => void queue.fetchNextPage()}
          >
            Load more alerts
          </Button>
        </Group>
      )}
      {arrived > 0 && (
        <Affix position={{ top: 64, left: '50%' }} style={{ transform: 'translateX(-50%)' }}>
          <Button
            radius="xl"
            size="compact-md"
            data-new-alerts
            onClick={() => {
              window.scrollTo({ top: 0 });
              setArrived(0);
            }}
          >
            {arrived} new {arrived === 1 ? 'alert' : 'alerts'} ↑
          </Button>
        </Affix>
      )}
      {actions.dialogs}
    </Stack>
  );
}

export default AlertsPage;
