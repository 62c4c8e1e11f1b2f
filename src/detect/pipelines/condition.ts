/**
 * The event condition a Sigma logsource stands for, as a small typed AST over Vigil's event
 * fields: `{ all: [...] }`, `{ any: [...] }` or `{ field, equals }`. The engine compiles it to a
 * matcher and to SQL; {@link evaluateCondition} is the reference meaning both must agree with.
 *
 * Equality is exact and typed: a string equals only the same string (case matters), a number
 * only the same number, so `winlog.event_id: 1` (a number, as the Windows parser writes it) never
 * equals the text `"1"`. `equals` with a list means "equals one of them". When the event's value is
 * a list (`event.category: ["process"]`) the condition holds when any element is equal. An absent
 * field equals nothing. `{ all: [] }` is true, `{ any: [] }` is false.
 */
import { z } from 'zod';

export type ConditionValue = string | number;

export type EventCondition =
  | { all: EventCondition[] }
  | { any: EventCondition[] }
  | { field: string; equals: ConditionValue | ConditionValue[] };

/** The condition that no event satisfies: the route of an unknown logsource. */
export const NEVER: EventCondition = { any: [] };

const value = z.union([z.string().min(1), z.number().finite()]);

export const conditionSchema: z.ZodType<EventCondition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({
      field: z.string().min(1),
      equals: z.union([value, z.array(value).min(1)]),
    }),
  ]),
);

function scalarEquals(actual: unknown, wanted: ConditionValue | ConditionValue[]): boolean {
  if (Array.isArray(wanted)) return wanted.some((w) => actual === w);
  return actual === wanted;
}

/** Whether `event` satisfies `cond` (see the file comment for the exact semantics). */
export function evaluateCondition(cond: EventCondition, event: Readonly<Record<string, unknown>>): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluateCondition(c, event));
  if ('any' in cond) return cond.any.some((c) => evaluateCondition(c, event));
  if (!Object.hasOwn(event, cond.field)) return false;
  const actual = event[cond.field];
  if (Array.isArray(actual)) return actual.some((a) => scalarEquals(a, cond.equals));
  return scalarEquals(actual, cond.equals);
}

/** The fields a condition reads, in first-seen order (for indexes and SQL column choice). */
export function conditionFields(cond: EventCondition): string[] {
  const out = new Set<string>();
  const walk = (c: EventCondition): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else out.add(c.field);
  };
  walk(cond);
  return [...out];
}
