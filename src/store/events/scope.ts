/**
 * What every query shares: checking the request (tenants, time range, query), finding the day
 * tables that overlap the range, refusing scans that are too broad, and the WHERE clause that
 * confines a day table to the tenants, the range and the filter.
 */

import { DuckDBTimestampValue } from '@duckdb/node-api';
import { BadRequestError, QueryTooBroadError } from '../../core/errors.ts';
import { parseIsoToMillis, utcDay } from '../../core/time.ts';
import { type QueryNode, requireQueryNode } from '../../hunt/index.ts';
import type { ReadSession } from './connections.ts';
import { type CompiledFilter, compileFilter } from './filter.ts';
import { jsonPath } from './predicates.ts';
import { msToMicros } from './rows.ts';
import { dayTable } from './schema.ts';
import { type Frag, join, list, raw, sql } from './sql.ts';
import type { ScopeRequest } from './types.ts';

const DAY_US = 86_400_000_000n;

export interface Scope {
  tenants: readonly string[];
  /** [fromUs, toUs) in epoch microseconds. */
  fromUs: bigint;
  toUs: bigint;
  query: QueryNode;
  filter: CompiledFilter;
}

export interface DayRows {
  day: string;
  rows: number;
}

function micros(value: unknown, name: string): bigint {
  const ms = typeof value === 'string' ? parseIsoToMillis(value) : null;
  if (ms === null) throw new BadRequestError(`${name} must be an ISO 8601 timestamp`, name);
  return msToMicros(ms);
}

export function checkTenants(tenants: unknown): string[] {
  if (!Array.isArray(tenants) || tenants.length === 0 || tenants.length > 1000) {
    throw new BadRequestError('tenants must list between 1 and 1000 tenants', 'tenants');
  }
  for (const t of tenants) {
    if (typeof t !== 'string' || t === '')
      throw new BadRequestError('each tenant must be a non-empty string', 'tenants');
  }
  return tenants as string[];
}

export function resolveScope(req: ScopeRequest): Scope {
  if (typeof req !== 'object' || req === null) throw new BadRequestError('missing request');
  const tenants = checkTenants(req.tenants);
  const fromUs = micros(req.from, 'from');
  const toUs = micros(req.to, 'to');
  if (toUs < fromUs) throw new BadRequestError('to must not be before from', 'to');
  const query = requireQueryNode(req.query);
  return { tenants, fromUs, toUs, query, filter: compileFilter(query) };
}

const dayOf = (us: bigint): string => utcDay(Number(us / 1000n));
const dayStartUs = (day: string): bigint => BigInt(Date.parse(`${day}T00:00:00Z`)) * 1000n;

/** Day tables with rows overlapping [fromUs, toUs), oldest first. */
export async function daysInRange(s: ReadSession, fromUs: bigint, toUs: bigint): Promise<DayRows[]> {
  if (toUs <= fromUs) return [];
  const rows = await s.rows(
    sql`SELECT day, rows FROM vigil_days WHERE day >= ${dayOf(fromUs)} AND day <= ${dayOf(toUs - 1n)} AND rows > 0 ORDER BY day`,
  );
  return rows.map(([day, n]) => ({ day: String(day), rows: Number(n) }));
}

/** Rows a scan of [fromUs, toUs) reads, assuming each day's events spread evenly over the day. */
export function estimateRows(days: readonly DayRows[], fromUs: bigint, toUs: bigint): number {
  let total = 0;
  for (const d of days) {
    const start = dayStartUs(d.day);
    const end = start + DAY_US;
    const lo = fromUs > start ? fromUs : start;
    const hi = toUs < end ? toUs : end;
    if (hi > lo) total += Math.ceil((d.rows * Number(hi - lo)) / Number(DAY_US));
  }
  return total;
}

/** Refuses a costly filter (free text, JSON fields) with nothing selective over too many rows. */
export function checkBreadth(scope: Scope, days: readonly DayRows[], maxScanRows: number): void {
  if (!scope.filter.expensive || scope.filter.selective) return;
  const estimate = estimateRows(days, scope.fromUs, scope.toUs);
  if (estimate <= maxScanRows) return;
  const n = (x: number): string => x.toLocaleString('en-US');
  throw new QueryTooBroadError(
    `query too broad: it would scan about ${n(estimate)} events over ${days.length} day${days.length === 1 ? '' : 's'} ` +
      `(limit ${n(maxScanRows)}) with only free-text or non-indexed field filters; narrow the time range or add a ` +
      'filter on an indexed field such as event.dataset, event.action, host.name, user.name, source.ip or process.name',
  );
}

export const tsParam = (us: bigint): DuckDBTimestampValue => new DuckDBTimestampValue(us);

/**
 * `FROM <day table> WHERE <tenants, [fromUs, toUs), filter, extra>`. With JSON-field filters the
 * table becomes a subquery that extracts each such field once per row (`vigil_j<N>`), and those
 * filters apply to it.
 */
export function fromDay(day: string, scope: Scope, fromUs: bigint, toUs: bigint, extra?: Frag): Frag {
  const parts = [
    sql`tenant IN ${list(scope.tenants)}`,
    sql`ts >= ${tsParam(fromUs)}`,
    sql`ts < ${tsParam(toUs)}`,
    scope.filter.scan,
  ];
  if (extra) parts.push(extra);
  const table = raw(dayTable(day));
  const where = join(parts, ' AND ');
  const { json, jsonFields } = scope.filter;
  if (json === null) return sql`FROM ${table} WHERE ${where}`;
  const extracts = jsonFields.map((f, k) => sql`json_extract(doc, ${jsonPath(f)}) AS ${raw(`vigil_j${k}`)}`);
  return sql`FROM (SELECT *, ${join(extracts, ', ')} FROM ${table} WHERE ${where}) WHERE ${json}`;
}

/** `SELECT <select> FROM day WHERE ... <suffix> UNION ALL ...` over the days, each in the scope. */
export function unionOverDays(days: readonly DayRows[], scope: Scope, select: Frag, suffix = raw('')): Frag {
  return join(
    days.map((d) => sql`SELECT ${select} ${fromDay(d.day, scope, scope.fromUs, scope.toUs)}${suffix}`),
    ' UNION ALL ',
  );
}
