/**
 * Output and flag parsing shared by the analyst commands: aligned tables, short ids, relative
 * times and human durations, SLA clock states, and the flags people type (`7d`, `host=ws-01`,
 * `new,acknowledged`).
 */
import { ENTITY_TYPES, type EntityType } from '../../alerts/entities.ts';
import type { BreachClock } from '../../cases/breach-clock.ts';
import { formatDuration } from '../../cases/report.ts';
import type { SlaClock } from '../../cases/sla.ts';
import { BadRequestError } from '../../core/errors.ts';

export { formatDuration };

/** The first 8 characters of an id: enough to tell alerts apart, and accepted back as an id. */
export const shortId = (id: string): string => id.slice(0, 8);

/** `s` cut to `max` characters, with an ellipsis when cut. Newlines become spaces. */
export function truncate(s: string, max: number): string {
  const flat = s.replace(/\s*[\r\n]+\s*/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}

/** `-` for nothing. */
export const dash = (v: string | number | null | undefined): string =>
  v === null || v === undefined || v === '' ? '-' : String(v);

export interface Column {
  header: string;
  /** Longer cells are cut (with an ellipsis). */
  max?: number;
  align?: 'left' | 'right';
}

/**
 * Rows as aligned columns under a header, two spaces apart. The last column is not padded (no
 * trailing spaces).
 */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const cells = rows.map((r) =>
    columns.map((c, i) => truncate(r[i] ?? '', c.max ?? Number.POSITIVE_INFINITY)),
  );
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) =>
    r
      .map((cell, i) => {
        if (i === r.length - 1) return columns[i]!.align === 'right' ? cell.padStart(widths[i]!) : cell;
        return columns[i]!.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)];
}

/** `label: value` lines, the values aligned. */
export function fields(pairs: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...pairs.map(([k]) => k.length)) + 2;
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(width)}${v}`);
}

/** `5 min ago`, `2 d ago`, `in 3 h` (a time to come), `-` for none. */
export function ago(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '-';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const ms = now - t;
  if (Math.abs(ms) < 1000) return 'just now';
  return ms >= 0 ? `${formatDuration(ms)} ago` : `in ${formatDuration(ms)}`;
}

/** A metric in seconds (null: nothing measured) as a human duration. */
export const seconds = (s: number | null | undefined): string =>
  s === null || s === undefined ? '-' : formatDuration(s * 1000);

/** Entities as `type:value` joined by commas, at most `max` characters. */
export function entityList(entities: readonly { type: string; value: string }[], max = 60): string {
  return truncate(entities.map((e) => `${e.type}:${e.value}`).join(', '), max) || '-';
}

/** A value of any kind on one line (matched fields can be numbers, lists or objects). */
export function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v);
}

/** An SLA clock as a person reads it: `running (3 h 2 min left, due …)`, `met`, `breached …`. */
export function slaText(c: SlaClock): string {
  if (c.status === 'met') return `met (${formatDuration(c.remainingMs)} to spare)`;
  if (c.breached)
    return c.stoppedAt
      ? `breached (met ${formatDuration(c.remainingMs)} late)`
      : `BREACHED (overdue by ${formatDuration(c.remainingMs)}, due ${c.dueAt})`;
  const state = c.status === 'at_risk' ? 'AT RISK' : 'running';
  return `${state} (${formatDuration(c.remainingMs)} left, due ${c.dueAt})`;
}

/** A breach-notification clock: `running (2 d left, deadline …)`, `met`, `OVERDUE …`. */
export function breachText(c: BreachClock): string {
  if (c.status === 'met') return `met (notified ${formatDuration(c.remainingMs)} before the deadline)`;
  if (c.status === 'overdue')
    return c.notifiedAt
      ? `overdue (notified ${formatDuration(c.remainingMs)} late)`
      : `OVERDUE by ${formatDuration(c.remainingMs)} (deadline ${c.deadline})`;
  return `running (${formatDuration(c.remainingMs)} left, deadline ${c.deadline})`;
}

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** A span such as `90m`, `12h`, `7d` or `2w` in milliseconds. */
export function parseSpan(text: string, flag: string): number {
  const m = /^\s*(\d+)\s*([mhdw])\s*$/.exec(text);
  const n = m ? Number(m[1]) : 0;
  if (!m || n <= 0) throw new BadRequestError(`${flag} "${text}" is not a span; use e.g. 90m, 12h, 7d or 2w`);
  return n * UNIT_MS[m[2]!]!;
}

/** `type=value` (or `type:value`) with a known entity type. */
export function parseEntity(text: string, flag: string): { type: EntityType; value: string } {
  const m = /^([a-z]+)[=:](.+)$/s.exec(text.trim());
  if (!m || !(ENTITY_TYPES as readonly string[]).includes(m[1]!))
    throw new BadRequestError(
      `${flag} "${text}" is not an entity; use type=value with type one of ${ENTITY_TYPES.join(', ')}`,
    );
  return { type: m[1] as EntityType, value: m[2]! };
}

/** A comma-separated flag checked against its allowed values (undefined when not given). */
export function listFlag<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T[] | undefined {
  if (value === undefined) return undefined;
  const items = [
    ...new Set(
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  for (const i of items)
    if (!(allowed as readonly string[]).includes(i))
      throw new BadRequestError(`${flag}: "${i}" is not one of ${allowed.join(', ')}`);
  return items as T[];
}

/** One value checked against its allowed values. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new BadRequestError(`${what} "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

/** A whole number from `min` to `max` given to a flag. */
export function intFlag(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new BadRequestError(`${flag} is a whole number from ${min} to ${max}`);
  return n;
}

/** Bytes as `512 B`, `12.3 KiB`, `4.0 MiB`. */
export function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u++;
  } while (v >= 1024 && u < units.length - 1);
  return `${v.toFixed(1)} ${units[u]}`;
}

/** `snake_case` words as people write them. */
export const words = (s: string | null | undefined): string => (s ? s.replace(/_/g, ' ') : '-');
