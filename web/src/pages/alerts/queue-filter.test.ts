/** The queue's filter lives in the URL: read back what was written, defaults left out, bad values dropped. */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../api/alert-types.ts';
import { groupAlerts } from './grouping.ts';
import {
  alertQueryOf,
  DEFAULT_FILTER,
  filterFromParams,
  filterFromView,
  filterToParams,
  isNarrowed,
  type QueueFilter,
  sameFilter,
  viewQueryOf,
} from './queue-filter.ts';

const params = (s: string) => new URLSearchParams(s);

describe('queue filter and the URL', () => {
  it('an empty URL is the default filter: open alerts, newest first, not grouped', () => {
    expect(filterFromParams(params(''))).toEqual(DEFAULT_FILTER);
    expect(DEFAULT_FILTER.status).toEqual(['new', 'acknowledged', 'in_progress']);
    expect(filterToParams(DEFAULT_FILTER).toString()).toBe('');
  });

  it('writes every field and reads the same filter back', () => {
    const f: QueueFilter = {
      status: ['closed', 'new'],
      severity: ['high', 'critical'],
      rule: 'rule-1',
      assignee: 'me',
      entity: 'host:ws-01',
      tactic: 'credential-access',
      technique: 'T1003.001',
      since: 'now-24h',
      q: 'mimikatz',
      sort: 'severity',
      group: 'host',
    };
    const url = filterToParams(f).toString();
    // Lists in a fixed order, whatever order they were chosen in.
    expect(url).toContain('status=new%2Cclosed');
    expect(url).toContain('severity=high%2Ccritical');
    const back = filterFromParams(params(url));
    expect(back).toEqual({ ...f, status: ['new', 'closed'], severity: ['high', 'critical'] });
    expect(sameFilter(back, f)).toBe(true);
  });

  it('"any" status means every status; an explicit empty list too', () => {
    const all = filterFromParams(params('status=any'));
    expect(all.status).toEqual([]);
    expect(filterToParams(all).get('status')).toBe('any');
    expect(alertQueryOf(all).status).toBeUndefined();
  });

  it('drops values the API would refuse instead of sending them', () => {
    const f = filterFromParams(
      params(
        'status=new,bogus&severity=loud&assignee=bob&entity=nocolon&technique=X1&tactic=Bad!&sort=x&group=y',
      ),
    );
    expect(f).toEqual({ ...DEFAULT_FILTER, status: ['new'] });
    expect(filterFromParams(params('technique=t1059.001')).technique).toBe('T1059.001');
  });

  it('becomes the API query: lists comma-separated, text trimmed, grouping left to the console', () => {
    const q = alertQueryOf({
      ...DEFAULT_FILTER,
      severity: ['critical', 'low'],
      assignee: 'none',
      q: '  whoami ',
      since: 'now-7d',
      group: 'rule',
      entity: 'user:alice',
    });
    expect(q).toEqual({
      sort: 'newest',
      status: 'new,acknowledged,in_progress',
      severity: 'low,critical',
      assignee: 'none',
      entity: 'user:alice',
      since: 'now-7d',
      q: 'whoami',
    });
  });

  it('is saved in a view as its URL query and read back from it', () => {
    const f = { ...DEFAULT_FILTER, severity: ['high' as const], group: 'user' as const };
    const stored = viewQueryOf(f);
    expect(stored).toEqual({ severity: 'high', group: 'user' });
    expect(filterFromView(stored)).toEqual(f);
    // Anything but strings in a stored view is ignored.
    expect(filterFromView({ severity: 3, q: 'x' })).toEqual({ ...DEFAULT_FILTER, q: 'x' });
  });

  it('says whether it narrows beyond status, sort and grouping', () => {
    expect(isNarrowed(DEFAULT_FILTER)).toBe(false);
    expect(isNarrowed({ ...DEFAULT_FILTER, status: ['closed'], sort: 'count', group: 'rule' })).toBe(false);
    expect(isNarrowed({ ...DEFAULT_FILTER, q: 'x' })).toBe(true);
  });
});

const alert = (id: string, over: Partial<Alert>): Alert =>
  ({ id, ruleId: 'r', title: 'T', severity: 'medium', entities: [], ...over }) as Alert;

describe('grouping', () => {
  it('groups by rule, host or severity in first-seen order; alerts without the entity last', () => {
    const list = [
      alert('1', { ruleId: 'a', title: 'A', entities: [{ type: 'host', value: 'h2' }] }),
      alert('2', { ruleId: 'b', title: 'B', severity: 'critical' }),
      alert('3', { ruleId: 'a', title: 'A', entities: [{ type: 'host', value: 'h1' }], severity: 'low' }),
      alert('4', { ruleId: 'b', title: 'B', entities: [{ type: 'host', value: 'h2' }] }),
    ];
    expect(groupAlerts(list, 'rule').map((g) => [g.label, g.alerts.map((a) => a.id)])).toEqual([
      ['A', ['1', '3']],
      ['B', ['2', '4']],
    ]);
    expect(groupAlerts(list, 'host').map((g) => [g.label, g.alerts.map((a) => a.id)])).toEqual([
      ['h2', ['1', '4']],
      ['h1', ['3']],
      ['no host', ['2']],
    ]);
    expect(groupAlerts(list, 'severity').map((g) => g.key)).toEqual(['critical', 'medium', 'low']);
    expect(groupAlerts(list, 'none')).toHaveLength(1);
  });
});
