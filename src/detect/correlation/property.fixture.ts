/**
 * Random hit streams for the correlation property tests (used only by them): three Windows
 * Security rules, hits with a user, an address and a byte count (sometimes missing or not a
 * number), event times that move forward with jitter (so some hits arrive late), two tenants, and
 * now and then an expire() call.
 */
import fc from 'fast-check';
import type { CorrelationHit } from './types.ts';

export const RULES = ['r_a', 'r_b', 'r_c']
  .map(
    (name, i) => `title: rule ${name}
id: ${name}
name: ${name}
logsource: {product: windows, service: security}
detection:
    selection:
        EventID: ${4620 + i}
    condition: selection
`,
  )
  .join('---\n');

export type Op =
  | {
      kind: 'hit';
      rule: number;
      user?: string;
      ip?: string;
      bytes: number | string;
      step: number;
      jitter: number;
      tenant: string;
    }
  | { kind: 'expire'; step: number; lead: number };

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('hit' as const),
      rule: fc.integer({ min: 0, max: 2 }),
      user: fc.option(fc.constantFrom('alice', 'bob', 'carol'), { nil: undefined, freq: 12 }),
      ip: fc.option(fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'), {
        nil: undefined,
        freq: 12,
      }),
      bytes: fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min: 0, max: 100 }) },
        { weight: 1, arbitrary: fc.constant('n/a') },
      ),
      step: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 20_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: 20_000, max: 400_000 }) },
      ),
      jitter: fc.oneof(
        { weight: 6, arbitrary: fc.constant(0) },
        { weight: 3, arbitrary: fc.integer({ min: -400_000, max: 0 }) },
        { weight: 1, arbitrary: fc.integer({ min: -3_000_000, max: 0 }) },
      ),
      tenant: fc.constantFrom('t1', 't1', 't2'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('expire' as const),
      step: fc.integer({ min: 0, max: 600_000 }),
      lead: fc.integer({ min: -600_000, max: 600_000 }),
    }),
  },
);

export const streamArb = fc.array(opArb, { minLength: 1, maxLength: 200, size: 'large' });

/**
 * Bursts: the same ops seconds apart (10 s on average), every hit with a user, so that windows
 * fill up past what the engine keeps of a count (its cap) while a match holds the group back.
 */
export const burstStreamArb: fc.Arbitrary<Op[]> = streamArb.map((ops) =>
  ops.map((op) => (op.kind === 'hit' ? { ...op, step: op.step % 20_000, user: op.user ?? 'alice' } : op)),
);

export type Step = { kind: 'hit'; hit: CorrelationHit } | { kind: 'expire'; now: number };

/** Turns ops into hits and expire() times on a clock starting at a fixed time. */
export function toSteps(ops: readonly Op[]): Step[] {
  let clock = Date.parse('2026-03-01T10:00:00Z');
  return ops.map((op, i): Step => {
    clock += op.step;
    if (op.kind === 'expire') return { kind: 'expire', now: clock + op.lead };
    const event: Record<string, unknown> = {
      'winlog.channel': 'Security',
      'winlog.event_data.Bytes': op.bytes,
    };
    if (op.user !== undefined) event['winlog.event_data.TargetUserName'] = op.user;
    if (op.ip !== undefined) event['winlog.event_data.IpAddress'] = op.ip;
    const hit: CorrelationHit = {
      ruleId: `r_${'abc'[op.rule]}`,
      eventId: `e${i}`,
      time: clock + op.jitter,
      event,
      tenant: op.tenant,
    };
    return { kind: 'hit', hit };
  });
}
