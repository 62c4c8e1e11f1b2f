/**
 * The SLA watcher: every `intervalSeconds` it reads the clocks that may still run (unacknowledged
 * alerts, open cases, cases with personal data) across tenants, and announces each newly breached
 * one once: a case timeline entry (`kind: auto`, action `sla.breached` or `breach_clock.overdue`),
 * an audit entry by the system, and a live change (topic `sla`) for the record's tenant.
 *
 * "Once" holds across restarts: announcements are found again in the audit trail (the store
 * re-checks inside the writing transaction). An SLA clock is announced while it runs past due;
 * a breach-notification deadline also when the notification came late.
 */
import { BREACH_DEADLINES } from '../cases/breach-clock.ts';
import { formatDuration } from '../cases/report.ts';
import type { StateDb } from '../store/state/index.ts';
import {
  allSlaPolicyOverrides,
  announcedSlaBreaches,
  breachKey,
  openSlaRecordsOf,
  recordSlaBreach,
  type SlaBreachNotice,
} from '../store/state/system.ts';
import type { LiveFeed } from './live.ts';
import { type EvaluatedClocks, evaluateClocks } from './soc.ts';

export interface SlaWatchOptions {
  db: StateDb;
  live: LiveFeed | null;
  /** `cases.slaCheckSeconds`. */
  intervalSeconds: number;
  /** The clock (tests). */
  now?: () => Date;
  /** Told about a check that failed (the next one tries again). */
  onError?: (e: unknown) => void;
}

export interface SlaWatch {
  /** Stops the timer and waits for a check in progress. */
  stop(): Promise<void>;
  /** Runs a check now (after one in progress); resolves to how many breaches it announced. */
  checkNow(): Promise<number>;
}

/** The breaches among the clocks, as notices (not yet filtered by what was announced). */
export function breachNotices(clocks: EvaluatedClocks): SlaBreachNotice[] {
  const out: SlaBreachNotice[] = [];
  for (const { alert, clock } of clocks.alerts) {
    if (!clock.breached || clock.stoppedAt !== null) continue;
    out.push({
      action: 'sla.breached',
      tenant: alert.tenant,
      target: { type: 'alert', id: alert.id },
      clock: clock.target,
      dueAt: clock.dueAt,
      title: `SLA breached: not acknowledged within ${formatDuration(clock.minutes * 60_000)}`,
      body: `Alert "${alert.title}" (${alert.severity}) was due to be acknowledged at ${clock.dueAt}.`,
      details: { severity: alert.severity, minutes: clock.minutes, title: alert.title, ruleId: alert.ruleId },
    });
  }
  for (const { case: c, clock } of clocks.cases) {
    if (!clock.breached || clock.stoppedAt !== null) continue;
    const what = clock.target === 'contain' ? 'contained' : 'resolved';
    out.push({
      action: 'sla.breached',
      tenant: c.tenant,
      target: { type: 'case', id: c.id },
      clock: clock.target,
      dueAt: clock.dueAt,
      title: `SLA breached: not ${what} within ${formatDuration(clock.minutes * 60_000)}`,
      body: `The ${c.severity} case was due to be ${what} at ${clock.dueAt} (opened ${c.createdAt}).`,
      details: { severity: c.severity, minutes: clock.minutes, number: c.number, title: c.title },
    });
  }
  for (const { case: c, clock } of clocks.breachClocks) {
    if (clock.status !== 'overdue') continue;
    const name = clock.regulation.toUpperCase();
    out.push({
      action: 'breach_clock.overdue',
      tenant: c.tenant,
      target: { type: 'case', id: c.id },
      clock: clock.regulation,
      dueAt: clock.deadline,
      title: `${name} breach-notification deadline passed`,
      body: `${BREACH_DEADLINES[clock.regulation].label}. Aware at ${clock.awareAt}; the deadline was ${clock.deadline}; ${
        clock.notifiedAt ? `notified at ${clock.notifiedAt}, late.` : 'not notified yet.'
      }`,
      details: {
        regulation: clock.regulation,
        awareAt: clock.awareAt,
        notifiedAt: clock.notifiedAt,
        number: c.number,
      },
    });
  }
  return out;
}

export function startSlaWatch(opts: SlaWatchOptions): SlaWatch {
  const now = opts.now ?? (() => new Date());
  /** Keys announced, seeded from the audit trail by the first check; pruned to the current records. */
  let announced: Set<string> | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const check = async (): Promise<number> => {
    const at = now();
    const [records, overrides] = await Promise.all([
      openSlaRecordsOf(opts.db, 'all'),
      allSlaPolicyOverrides(opts.db),
    ]);
    if (announced === null) {
      // Any announcement about a current record was made after that record was created.
      const oldest = [...records.alerts, ...records.cases].reduce<string | undefined>(
        (min, r) => (min === undefined || r.createdAt < min ? r.createdAt : min),
        undefined,
      );
      announced = oldest === undefined ? new Set() : await announcedSlaBreaches(opts.db, oldest);
    }
    const notices = breachNotices(evaluateClocks(records, overrides, at));
    let count = 0;
    for (const n of notices) {
      const key = breachKey(n);
      if (announced.has(key)) continue;
      if (await recordSlaBreach(opts.db, n, at)) {
        count++;
        opts.live?.publish({
          topic: 'sla',
          action: n.action,
          tenant: n.tenant,
          id: n.target.id,
          summary: { target: n.target.type, clock: n.clock, dueAt: n.dueAt, title: n.title },
          at: at.toISOString(),
        });
      }
      announced.add(key);
    }
    const current = new Set(notices.map(breachKey));
    for (const key of announced) if (!current.has(key)) announced.delete(key);
    return count;
  };

  const checkNow = (): Promise<number> => {
    const run = chain.then(check);
    chain = run.catch(() => undefined);
    return run;
  };

  const timer = setInterval(() => {
    if (!stopped) checkNow().catch((e: unknown) => opts.onError?.(e));
  }, opts.intervalSeconds * 1000);
  timer.unref();

  return {
    checkNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}
