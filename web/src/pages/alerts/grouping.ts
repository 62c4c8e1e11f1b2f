/** The queue's grouping (by rule, host, user or severity) of the loaded alerts, keeping their order within a group. */
import { type Alert, SEVERITIES } from '../../api/alert-types.ts';
import type { GroupBy } from './queue-filter.ts';

export interface AlertGroup {
  key: string;
  label: string;
  alerts: Alert[];
}

function keyOf(a: Alert, by: Exclude<GroupBy, 'none'>): { key: string; label: string } {
  switch (by) {
    case 'rule':
      return { key: a.ruleId, label: a.title };
    case 'severity':
      return { key: a.severity, label: a.severity };
    default: {
      const e = a.entities.find((x) => x.type === by);
      return e ? { key: e.value, label: e.value } : { key: '', label: `no ${by}` };
    }
  }
}

/**
 * Groups in order of their first alert (severity groups most severe first); the group without a
 * host/user comes last. `none` gives one group of everything.
 */
export function groupAlerts(alerts: readonly Alert[], by: GroupBy): AlertGroup[] {
  if (by === 'none') return [{ key: '', label: '', alerts: [...alerts] }];
  const groups = new Map<string, AlertGroup>();
  for (const a of alerts) {
    const { key, label } = keyOf(a, by);
    const g = groups.get(key) ?? { key, label, alerts: [] };
    g.alerts.push(a);
    groups.set(key, g);
  }
  const list = [...groups.values()];
  if (by === 'severity')
    return list.sort((a, b) => SEVERITIES.indexOf(b.key as never) - SEVERITIES.indexOf(a.key as never));
  return [...list.filter((g) => g.key !== ''), ...list.filter((g) => g.key === '')];
}
