/**
 * Time ranges as analysts type them: `now`, `now-15m`, `now-7d`, `-24h`, `24h` (meaning the last
 * 24 hours), `now/d` (start of today, UTC), or any ISO 8601 timestamp / epoch number.
 */
import { BadRequestError } from './errors.ts';
import { millisToIso, normalizeTimestamp, parseIsoToMillis } from './time.ts';

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Epoch ms for one end of a range; `name` is used in the error message. */
export function parseTimeExpression(text: string, now: number, name = 'time'): number {
  const t = text.trim();
  const rel = /^(?:now)?\s*([+-])?\s*(\d+)\s*([smhdw])$/.exec(t);
  if (rel) {
    const sign = rel[1] === '+' ? 1 : -1;
    return now + sign * Number(rel[2]) * UNIT_MS[rel[3] as string]!;
  }
  if (t === 'now') return now;
  if (t === 'now/d') return Math.floor(now / 86_400_000) * 86_400_000;
  const iso = normalizeTimestamp(/^\d+(\.\d+)?$/.test(t) ? Number(t) : t);
  if (iso) return parseIsoToMillis(iso) as number;
  throw new BadRequestError(
    `${name} "${text}" is not a time: use ISO 8601 (2026-11-22T10:00:00Z), epoch seconds/ms, or now-15m / now-7d / 24h`,
    name,
  );
}

export interface TimeRange {
  from: string;
  to: string;
}

/** Resolves `from`/`to` (defaults: the last 24 hours) to ISO bounds, checking from < to. */
export function resolveTimeRange(
  from: string | undefined,
  to: string | undefined,
  now = Date.now(),
): TimeRange {
  const f = parseTimeExpression(from ?? 'now-24h', now, 'from');
  const t = parseTimeExpression(to ?? 'now', now, 'to');
  if (f >= t)
    throw new BadRequestError(`from (${millisToIso(f)}) must be before to (${millisToIso(t)})`, 'from');
  return { from: millisToIso(f), to: millisToIso(t) };
}
