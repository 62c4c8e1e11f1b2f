/** The queue's header: how many alerts of each status match the other filters; a click shows that status. */
import { Badge, Button, Group } from '@mantine/core';
import { ALERT_STATUSES, type AlertStatus, OPEN_STATUSES } from '../../api/alert-types.ts';
import { formatCount } from '../../lib/format.ts';
import { STATUS_LABEL } from './alert-format.ts';

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

export function StatusCounts(props: {
  counts: Record<AlertStatus, number> | undefined;
  status: AlertStatus[];
  onChange: (status: AlertStatus[]) => void;
}) {
  const c = props.counts;
  const open = c ? OPEN_STATUSES.reduce((n, s) => n + c[s], 0) : null;
  const all = c ? ALERT_STATUSES.reduce((n, s) => n + c[s], 0) : null;
  const choice = (label: string, statuses: AlertStatus[], n: number | null, key: string) => {
    const active = same(statuses, props.status);
    return (
      <Button
        key={key}
        size="compact-sm"
        variant={active ? 'filled' : 'default'}
        aria-pressed={active}
        onClick={() => props.onChange(statuses)}
        rightSection={
          <Badge size="sm" variant={active ? 'white' : 'light'} circle={false} data-count={key}>
            {n === null ? '…' : formatCount(n)}
          </Badge>
        }
      >
        {label}
      </Button>
    );
  };
  return (
    <Group gap={6} role="group" aria-label="Alerts by status">
      {choice('Open', [...OPEN_STATUSES], open, 'open')}
      {ALERT_STATUSES.map((s) => choice(STATUS_LABEL[s], [s], c ? c[s] : null, s))}
      {choice('All', [], all, 'all')}
    </Group>
  );
}
