/**
 * Time ranges as the search takes them: expressions the server reads (`now-24h`, `now`, ISO 8601,
 * epoch), checked here with the server's own parser (src/core/time-range.ts), quick relative
 * choices, and how a range is written for people.
 */
import { parseTimeExpression } from '../../shared.ts';

export interface TimeRange {
  from: string;
  to: string;
}

export const DEFAULT_RANGE: TimeRange = { from: 'now-24h', to: 'now' };

export const QUICK_RANGES: readonly { label: string; from: string }[] = [
  { label: 'Last 15 minutes', from: 'now-15m' },
  { label: 'Last hour', from: 'now-1h' },
  { label: 'Last 4 hours', from: 'now-4h' },
  { label: 'Last 24 hours', from: 'now-24h' },
  { label: 'Last 7 days', from: 'now-7d' },
  { label: 'Last 30 days', from: 'now-30d' },
  { label: 'Today (UTC)', from: 'now/d' },
];

export const UNITS: readonly { value: string; label: string }[] = [
  { value: 'm', label: 'minutes' },
  { value: 'h', label: 'hours' },
  { value: 'd', label: 'days' },
  { value: 'w', label: 'weeks' },
];

const UNIT_WORD: Record<string, [string, string]> = {
  s: ['second', 'seconds'],
  m: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  d: ['day', 'days'],
  w: ['week', 'weeks'],
};

/** `now-15m` for 15 minutes back. */
export function relativeFrom(amount: number, unit: string): string {
  return `now-${Math.max(1, Math.floor(amount))}${unit}`;
}

/** The amount and unit of `now-15m` (also `-15m`, `15m`), or null for other expressions. */
export function parseRelative(expr: string): { amount: number; unit: string } | null {
  const m = /^(?:now)?\s*-?\s*(\d+)\s*([smhdw])$/.exec(expr.trim());
  return m ? { amount: Number(m[1]), unit: m[2] as string } : null;
}

/** Why an expression is not a time (the server's message), or null when it is one. */
export function expressionError(expr: string, name: 'from' | 'to', now = Date.now()): string | null {
  if (expr.trim() === '') return `${name} is empty`;
  try {
    parseTimeExpression(expr, now, name);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Both ends as epoch ms, or the first problem (including from not before to). */
export function resolveRange(
  r: TimeRange,
  now = Date.now(),
): { ok: true; from: number; to: number } | { ok: false; error: string } {
  const fe = expressionError(r.from, 'from', now);
  if (fe) return { ok: false, error: fe };
  const te = expressionError(r.to, 'to', now);
  if (te) return { ok: false, error: te };
  const from = parseTimeExpression(r.from, now, 'from');
  const to = parseTimeExpression(r.to, now, 'to');
  if (from >= to) return { ok: false, error: 'from must be before to' };
  return { ok: true, from, to };
}

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** An absolute range of the given epoch ms, as ISO expressions. */
export function absoluteRange(from: number, to: number): TimeRange {
  return { from: iso(from), to: iso(to) };
}

/** `Last 24 hours`, `Last 90 minutes`, `Today (UTC)`, or `2026-01-05 10:00:00 → 2026-01-05 12:00:00 UTC`. */
export function describeRange(r: TimeRange, now = Date.now()): string {
  if (r.to.trim() === 'now') {
    const quick = QUICK_RANGES.find((q) => q.from === r.from.trim());
    if (quick) return quick.label;
    const rel = parseRelative(r.from);
    if (rel) {
      const [one, many] = UNIT_WORD[rel.unit] ?? [rel.unit, rel.unit];
      return rel.amount === 1 ? `Last ${one}` : `Last ${rel.amount} ${many}`;
    }
  }
  const res = resolveRange(r, now);
  if (!res.ok) return `${r.from} → ${r.to}`;
  const show = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  return `${show(res.from)} → ${show(res.to)} UTC`;
}
