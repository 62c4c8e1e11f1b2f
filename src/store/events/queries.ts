/**
 * The hunting queries over day tables: search (keyset-paged, newest or oldest first), count,
 * top values of a field, and a zero-filled histogram. Each runs inside one read session.
 */
import { BadRequestError } from '../../core/errors.ts';
import type { FieldValue, VigilEvent } from '../../core/event.ts';
import { formatQuery, isValidFieldName } from '../../hunt/index.ts';
import type { ReadSession } from './connections.ts';
import { decodeSearchCursor, encodeSearchCursor, fingerprint } from './cursor.ts';
import { bucketLayout } from './intervals.ts';
import { jsonPath } from './predicates.ts';
import { microsToIso } from './rows.ts';
import { hotColumn } from './schema.ts';
import {
  checkBreadth,
  daysInRange,
  fromDay,
  resolveScope,
  type Scope,
  tsParam,
  unionOverDays,
} from './scope.ts';
import { type Frag, raw, sql } from './sql.ts';
import type { Histogram, ScopeRequest, SearchRequest, SearchResult, TopValue } from './types.ts';

export interface QueryLimits {
  maxScanRows: number;
}

function intParam(value: unknown, name: string, dflt: number, max: number): number {
  if (value === undefined || value === null) return dflt;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new BadRequestError(`${name} must be an integer from 1 to ${max}`, name);
  }
  return value;
}

function project(event: VigilEvent, fields: readonly string[]): VigilEvent {
  const out: VigilEvent = {};
  for (const f of fields) {
    const v = event[f];
    if (v !== undefined) out[f] = v;
  }
  out['vigil.id'] = event['vigil.id'] as FieldValue;
  return out;
}

export async function search(s: ReadSession, req: SearchRequest, limits: QueryLimits): Promise<SearchResult> {
  const started = performance.now();
  const scope = resolveScope(req);
  const sort = req.sort ?? 'desc';
  if (sort !== 'asc' && sort !== 'desc') throw new BadRequestError(`sort must be 'asc' or 'desc'`, 'sort');
  const limit = intParam(req.limit, 'limit', 100, 10_000);
  const fields = req.fields;
  if (fields !== undefined && (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string'))) {
    throw new BadRequestError('fields must be a list of field names', 'fields');
  }
  const fp = fingerprint([formatQuery(scope.query), sort, ...[...scope.tenants].sort()]);
  const cursor = req.cursor ? decodeSearchCursor(req.cursor, fp) : null;

  // The first page fixes the time range; the key of the last row returned bounds the rest.
  const rangeFrom = cursor ? cursor.from : scope.fromUs;
  const rangeTo = cursor ? cursor.to : scope.toUs;
  let fromUs = rangeFrom;
  let toUs = rangeTo;
  if (cursor && sort === 'desc' && cursor.ts + 1n < toUs) toUs = cursor.ts + 1n;
  if (cursor && sort === 'asc' && cursor.ts > fromUs) fromUs = cursor.ts;
  const days = await daysInRange(s, fromUs, toUs);
  checkBreadth({ ...scope, fromUs, toUs }, days, limits.maxScanRows);
  if (sort === 'desc') days.reverse();

  const dir = raw(sort === 'desc' ? 'DESC' : 'ASC');
  const op = raw(sort === 'desc' ? '<' : '>');
  const keyset = cursor
    ? sql`(ts ${op} ${tsParam(cursor.ts)} OR (ts = ${tsParam(cursor.ts)} AND id ${op} ${cursor.id})) AND seq <= ${cursor.seq}`
    : undefined;
  const seq = cursor ? cursor.seq : await lastSeq(s);
  const withOriginal = fields === undefined || fields.includes('event.original');
  const select = raw(`id, epoch_us(ts), CAST(doc AS VARCHAR)${withOriginal ? ', original' : ''}`);
  const rows: { id: string; us: bigint; doc: string; original: string | null }[] = [];
  for (const d of days) {
    const want = limit + 1 - rows.length;
    if (want <= 0) break;
    const got = await s.rows(
      sql`SELECT ${select} ${fromDay(d.day, scope, fromUs, toUs, keyset)} ORDER BY ts ${dir}, id ${dir} LIMIT ${want}`,
    );
    for (const r of got) {
      rows.push({
        id: String(r[0]),
        us: r[1] as bigint,
        doc: String(r[2]),
        original: (r[3] ?? null) as string | null,
      });
    }
  }
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const events = rows.map((r) => {
    const event = JSON.parse(r.doc) as VigilEvent;
    if (r.original !== null) event['event.original'] = r.original;
    event['vigil.id'] = r.id;
    return fields === undefined ? event : project(event, fields);
  });
  const last = rows[rows.length - 1];
  const nextCursor =
    more && last
      ? encodeSearchCursor({ ts: last.us, id: last.id, from: rangeFrom, to: rangeTo, seq, fp })
      : null;
  return { events, nextCursor, tookMs: Math.round((performance.now() - started) * 1000) / 1000 };
}

/** The last commit's sequence number as seen by this session's snapshot. */
async function lastSeq(s: ReadSession): Promise<bigint> {
  const [row] = await s.rows(sql`SELECT seq FROM vigil_position`);
  return row ? (row[0] as bigint) : 0n;
}

async function scoped(s: ReadSession, req: ScopeRequest, limits: QueryLimits) {
  const scope = resolveScope(req);
  const days = await daysInRange(s, scope.fromUs, scope.toUs);
  checkBreadth(scope, days, limits.maxScanRows);
  return { scope, days };
}

export async function count(s: ReadSession, req: ScopeRequest, limits: QueryLimits): Promise<number> {
  const { scope, days } = await scoped(s, req, limits);
  if (days.length === 0) return 0;
  const [row] = await s.rows(sql`SELECT sum(c) FROM (${unionOverDays(days, scope, raw('count(*) AS c'))})`);
  return Number(row?.[0] ?? 0);
}

/** The values of a field for one row, as JSON texts (arrays give one value per element). */
function valuesExpr(field: string): Frag {
  const p = jsonPath(field);
  const fromDoc = sql`CASE WHEN json_type(doc, ${p}) = 'ARRAY' THEN json_extract(doc, ${jsonPath(field, '[*]')}) ELSE [json_extract(doc, ${p})] END`;
  const col = hotColumn(field);
  if (!col) return fromDoc;
  const c = raw(col.column);
  const irregular = col.bit === 0 ? raw('false') : raw(`(irregular & ${col.bit}) <> 0`);
  return sql`CASE WHEN ${c} IS NOT NULL THEN [to_json(${c})] WHEN ${irregular} THEN ${fromDoc} ELSE [] END`;
}

export async function topValues(
  s: ReadSession,
  req: ScopeRequest,
  field: string,
  limitArg: number | undefined,
  limits: QueryLimits,
): Promise<TopValue[]> {
  if (typeof field !== 'string' || !isValidFieldName(field)) {
    throw new BadRequestError(`invalid field name '${String(field)}'`, 'field');
  }
  const limit = intParam(limitArg, 'limit', 10, 1000);
  const { scope, days } = await scoped(s, req, limits);
  if (days.length === 0) return [];
  const col = hotColumn(field);
  if (col?.kind === 'time') {
    const rows = await s.rows(
      sql`SELECT v, sum(c) AS n FROM (${unionOverDays(days, scope, sql`epoch_us(${raw(col.column)}) AS v, count(*) AS c`, sql` GROUP BY v`)}) WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT ${limit}`,
    );
    return rows.map(([v, n]) => ({ value: microsToIso(v as bigint), count: Number(n) }));
  }
  const rows = await s.rows(
    sql`SELECT CAST(v AS VARCHAR) AS v, count(*) AS n FROM (${unionOverDays(days, scope, sql`unnest(${valuesExpr(field)}) AS v`)}) WHERE v IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT ${limit}`,
  );
  return rows.map(([v, n]) => {
    const parsed = JSON.parse(String(v)) as unknown;
    const value =
      parsed === null ||
      typeof parsed === 'string' ||
      typeof parsed === 'number' ||
      typeof parsed === 'boolean'
        ? parsed
        : JSON.stringify(parsed);
    return { value, count: Number(n) };
  });
}

export async function histogram(
  s: ReadSession,
  req: ScopeRequest,
  bucketsArg: number | undefined,
  limits: QueryLimits,
): Promise<Histogram> {
  const target = intParam(bucketsArg, 'buckets', 60, 1000);
  const { scope, days } = await scoped(s, req, limits);
  const fromMs = Number(scope.fromUs / 1000n);
  const toMs = Number((scope.toUs + 999n) / 1000n);
  const layout = bucketLayout(fromMs, toMs, target);
  const counts = new Array<number>(layout.count).fill(0);
  if (days.length > 0 && layout.count > 0) {
    const first = BigInt(layout.firstMs) * 1000n;
    const width = BigInt(layout.intervalMs) * 1000n;
    const bucket = sql`(epoch_us(ts) - ${first}) // ${width}`;
    const rows = await s.rows(
      sql`SELECT b, sum(c) FROM (${unionOverDays(days, scope, sql`${bucket} AS b, count(*) AS c`, raw(' GROUP BY b'))}) GROUP BY b`,
    );
    for (const [b, n] of rows) {
      const k = Number(b);
      if (k >= 0 && k < counts.length) counts[k] = Number(n);
    }
  }
  return {
    intervalMs: layout.intervalMs,
    buckets: counts.map((count, k) => ({
      start: microsToIso(BigInt(layout.firstMs + k * layout.intervalMs) * 1000n),
      count,
    })),
  };
}

export type { Scope };
