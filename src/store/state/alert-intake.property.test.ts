/**
 * Property: for any sequence of intake batches (random tenants, rules, entities and event times,
 * findings replayed, alerts closed in between), the alerts in the store are exactly those of a
 * small reference model of the grouping rule in docs/workflow.md.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IntakeItem, intakeFindings } from './alert-intake.ts';
import { openStateDb } from './open.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 60);
const WINDOW = 10;
const T0 = Date.parse('2026-11-20T00:00:00.000Z');
const at = (m: number) => new Date(T0 + m * 60_000).toISOString();

interface Spec {
  tenant: string;
  rule: string;
  host: string | null;
  user: string | null;
  ip: string;
  minute: number;
}

type Op = { kind: 'batch'; picks: number[] } | { kind: 'close'; rule: string };

/** Few tenants, rules and entities, mostly the same ones: repeats must meet to group. */
const often = <T>(common: T, ...rare: T[]) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(common) }, { weight: 1, arbitrary: fc.constantFrom(...rare) });

const spec: fc.Arbitrary<Spec> = fc.record({
  tenant: often('a', 'b'),
  rule: often('r1', 'r2'),
  host: often<string | null>('h1', 'h2', null),
  user: often<string | null>('u1', null),
  ip: fc.constantFrom('10.0.0.1', '10.0.0.2'),
  minute: fc.integer({ min: 0, max: 60 }),
});

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.array(fc.nat(), { maxLength: 12 }).map((picks) => ({ kind: 'batch' as const, picks })),
  },
  { weight: 1, arbitrary: fc.constantFrom('r1', 'r2').map((rule) => ({ kind: 'close' as const, rule })) },
);

function itemOf(s: Spec, i: number): IntakeItem {
  const entities = [
    ...(s.user ? [{ type: 'user', value: s.user }] : []),
    ...(s.host ? [{ type: 'host', value: s.host }] : []),
    { type: 'ip', value: s.ip },
  ];
  return {
    id: `f${i}`,
    tenant: s.tenant,
    kind: 'sigma',
    ruleId: s.rule,
    title: s.rule,
    level: 'medium',
    tags: [],
    source: 'test',
    eventIds: [`e${i}`],
    eventTime: at(s.minute),
    matched: [],
    entities,
  };
}

/** The value of an alert's entity of `type` (stored JSON), or null. */
function entity(json: string, type: string): string | null {
  return (JSON.parse(json) as { type: string; value: string }[]).find((e) => e.type === type)?.value ?? null;
}

/** The grouping rule, written as plainly as possible. */
class Model {
  readonly alerts: {
    key: string;
    rule: string;
    first: number;
    last: number;
    count: number;
    seq: number;
    closed: boolean;
  }[] = [];
  private readonly seen = new Set<string>();
  private seq = 0;

  take(id: string, s: Spec): void {
    if (this.seen.has(id)) return;
    this.seen.add(id);
    const key = `${s.tenant}|${s.rule}|${s.host}|${s.user}`;
    const t = s.minute;
    const candidates = this.alerts.filter(
      (a) => !a.closed && a.key === key && t >= a.first - WINDOW && t <= a.last + WINDOW,
    );
    candidates.sort((x, y) => y.last - x.last || y.seq - x.seq);
    const hit = candidates[0];
    this.seq++;
    if (hit) {
      hit.first = Math.min(hit.first, t);
      hit.last = Math.max(hit.last, t);
      hit.count++;
      hit.seq = this.seq;
    } else {
      this.alerts.push({ key, rule: s.rule, first: t, last: t, count: 1, seq: this.seq, closed: false });
    }
  }

  close(rule: string): void {
    for (const a of this.alerts) if (a.rule === rule) a.closed = true;
  }
}

describe('alert grouping', () => {
  it('property: alerts and their counts match the reference model, replays included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(spec, { minLength: 1, maxLength: 25 }),
        fc.array(op, { maxLength: 8 }),
        async (specs, ops) => {
          const db = await openStateDb({ path: ':memory:' });
          try {
            const model = new Model();
            for (const o of ops) {
              if (o.kind === 'close') {
                model.close(o.rule);
                await db
                  .updateTable('alerts')
                  .set({ status: 'closed', verdict: 'true_positive' })
                  .where('rule_id', '=', o.rule)
                  .execute();
                continue;
              }
              const picks = o.picks.map((p) => p % specs.length);
              for (const p of picks) model.take(`f${p}`, specs[p] as Spec);
              await intakeFindings(
                db,
                picks.map((p) => itemOf(specs[p] as Spec, p)),
                {
                  groupWindowMinutes: WINDOW,
                  fingerprintEntities: ['host', 'user'],
                  sparklineBucketMinutes: 5,
                  riskHalfLifeHours: 72,
                },
              );
            }
            const rows = await db
              .selectFrom('alerts')
              .select(['rule_id', 'tenant', 'entities', 'first_seen', 'last_seen', 'count', 'status'])
              .execute();
            const stored = rows
              .map(
                (r) =>
                  `${r.tenant}|${r.rule_id}|${entity(r.entities, 'host')}|${entity(r.entities, 'user')} ${r.first_seen} ${r.last_seen} ${r.count} ${r.status === 'closed'}`,
              )
              .sort();
            const expected = model.alerts
              .map((a) => `${a.key} ${at(a.first)} ${at(a.last)} ${a.count} ${a.closed}`)
              .sort();
            expect(stored).toEqual(expected);
            const detections = await db.selectFrom('detections').select('id').execute();
            expect(rows.reduce((s, r) => s + r.count, 0)).toBe(detections.length);
          } finally {
            await db.destroy();
          }
        },
      ),
      { numRuns },
    );
  });
});
