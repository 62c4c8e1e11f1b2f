import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { type IntakeItem, intakeFindings } from './alert-intake.ts';
import { openStateDb, type StateDb } from './open.ts';
import { ruleTuning } from './rule-tuning.ts';
import { createSuppression } from './suppressions.ts';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const OPTS = {
  groupWindowMinutes: 60,
  fingerprintEntities: ['host'] as const,
  sparklineBucketMinutes: 5,
  riskHalfLifeHours: 72,
  now: NOW,
};
const BY = { actor: { kind: 'user' as const, id: 'u1', name: 'alice' }, ip: null, userAgent: null };

let n = 0;
const f = (ruleId: string, host: string, tenant = 'acme'): IntakeItem => ({
  id: `d${++n}`,
  tenant,
  kind: 'sigma',
  ruleId,
  title: `Rule ${ruleId}`,
  level: 'low',
  tags: [],
  source: 's',
  eventIds: [`e${n}`],
  eventTime: '2026-11-22T10:00:00.000Z',
  matched: [],
  entities: [{ type: 'host', value: host }],
});

let db: StateDb;
beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
});
afterEach(async () => {
  await db.destroy();
});

async function close(ruleId: string, host: string, verdict: string) {
  await db
    .updateTable('alerts')
    .set({ status: 'closed', verdict })
    .where('rule_id', '=', ruleId)
    .where('entities', '=', JSON.stringify([{ type: 'host', value: host }]))
    .execute();
}

describe('per-rule tuning figures', () => {
  it('count alerts, detections, verdicts, the false-positive rate and suppressed hits per rule, scoped', async () => {
    // noisy: 3 alerts (4 detections), 2 closed: 1 FP + 1 benign → FP rate 0.5.
    // precise: 1 alert, closed true positive → 0.  quiet: suppressed twice, no alert.
    await intakeFindings(
      db,
      [
        f('noisy', 'a'),
        f('noisy', 'a'),
        f('noisy', 'b'),
        f('noisy', 'c'),
        f('precise', 'a'),
        f('quiet', 'a'),
        f('noisy', 'z', 'globex'),
      ],
      OPTS,
    );
    await close('noisy', 'a', 'false_positive');
    await close('noisy', 'b', 'benign_true_positive');
    await close('precise', 'a', 'true_positive');
    await createSuppression(
      db,
      scopeOf(['acme']),
      { tenant: 'acme', ruleId: 'quiet', reason: 'lab', owner: 'bob', expiresAt: '2026-12-01T00:00:00.000Z' },
      BY,
      NOW,
    );
    await intakeFindings(db, [f('quiet', 'a'), f('quiet', 'b')], OPTS);

    // By volume: alerts, then detections, then suppressed hits.
    const rows = await ruleTuning(db, scopeOf(['acme']));
    expect(rows.map((r) => r.ruleId)).toEqual(['noisy', 'quiet', 'precise']);
    expect(rows[0]).toEqual({
      ruleId: 'noisy',
      title: 'Rule noisy',
      alerts: 3,
      detections: 4,
      closed: 2,
      verdicts: { true_positive: 0, benign_true_positive: 1, false_positive: 1, duplicate: 0 },
      falsePositiveRate: 0.5,
      suppressedHits: 0,
      lastAlertAt: NOW.toISOString(),
    });
    expect(rows[1]).toMatchObject({ ruleId: 'quiet', alerts: 1, suppressedHits: 2, falsePositiveRate: null });
    expect(rows[2]).toMatchObject({ ruleId: 'precise', falsePositiveRate: 0, closed: 1 });

    expect((await ruleTuning(db, scopeOf(['acme']), { sort: 'fp_rate' })).map((r) => r.ruleId)).toEqual([
      'noisy',
      'precise',
      'quiet',
    ]);
    expect((await ruleTuning(db, scopeOf(['globex']))).map((r) => [r.ruleId, r.alerts])).toEqual([
      ['noisy', 1],
    ]);
    expect(await ruleTuning(db, scopeOf(['acme']), { since: '2026-11-23T00:00:00.000Z' })).toEqual([]);
    expect(await ruleTuning(db, scopeOf([]))).toEqual([]);
  });
});
