/**
 * How a comparison's right-hand side (`field:>10`, `@timestamp:>=2026-11-22T00:00:00Z`) is read:
 * a number when it looks like one, else an ISO 8601 timestamp. Shared by the parser (which
 * rejects anything else) and the event store (which picks the SQL comparison from it).
 */
import { normalizeTimestamp } from '../core/time.ts';

export type ComparisonValue = { kind: 'number'; value: number } | { kind: 'time'; iso: string };

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function comparisonValue(text: string): ComparisonValue | null {
  if (NUMBER_RE.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? { kind: 'number', value } : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const iso = normalizeTimestamp(text);
  return iso === null ? null : { kind: 'time', iso };
}
