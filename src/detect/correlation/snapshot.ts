/**
 * The engine's saved state: plain JSON data with a version, checked on the way back in (a
 * snapshot comes from storage, so it is validated rather than trusted). Times are ms since the
 * epoch; `null` stands for "none yet" (JSON has no infinity).
 */
import { z } from 'zod';
import { aggStateSchema } from './aggregate.ts';

export const SNAPSHOT_VERSION = 1;

const counters = z.object({
  hits: z.number(),
  late: z.number(),
  skipped: z.number(),
  matches: z.number(),
  evictedGroups: z.number(),
  evictedEntries: z.number(),
  expiredGroups: z.number(),
});

const groupSchema = z.object({
  /** The group's key (its values as a JSON list). */
  key: z.string(),
  values: z.array(z.string()),
  newest: z.number(),
  firedAt: z.number().nullable(),
  ids: z.array(z.tuple([z.number(), z.string()])),
  agg: aggStateSchema,
});

export const snapshotSchema = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  floor: z.number().nullable(),
  stats: counters,
  tenants: z.array(
    z.object({
      tenant: z.string(),
      floor: z.number().nullable(),
      correlations: z.array(
        z.object({
          /** The correlation's id (else name, else file:line). */
          id: z.string(),
          /** The compiled meaning it was saved under; state of another meaning is not restored. */
          fingerprint: z.string(),
          watermark: z.number().nullable(),
          /** From least to most recently hit. */
          groups: z.array(groupSchema),
        }),
      ),
    }),
  ),
});

export type CorrelationSnapshot = z.infer<typeof snapshotSchema>;

export type RestoreOutcome =
  /** `dropped`: correlations whose saved state was not restored (gone, or changed meaning). */
  { ok: true; dropped: string[] } | { ok: false; reason: string };

export function readSnapshot(
  data: unknown,
): { ok: true; snapshot: CorrelationSnapshot } | { ok: false; reason: string } {
  const version = (data as { version?: unknown } | null)?.version;
  if (typeof data !== 'object' || data === null || version !== SNAPSHOT_VERSION) {
    return {
      ok: false,
      reason: `not a correlation snapshot of version ${SNAPSHOT_VERSION} (version: ${JSON.stringify(version) ?? 'none'})`,
    };
  }
  const r = snapshotSchema.safeParse(data);
  if (!r.success) {
    const first = r.error.issues[0];
    const at = first === undefined ? '' : ` at ${first.path.join('.')}: ${first.message}`;
    return { ok: false, reason: `malformed correlation snapshot${at}` };
  }
  return { ok: true, snapshot: r.data };
}
