/**
 * Hunting with a Sigma rule over stored events: the rule compiled to SQL (compile.ts) and run
 * over the day tables of [from, to), tenant-scoped, newest first, keyset-paged like `search`
 * (same row shape), with the number of matches. A hunt reads JSON fields of every candidate
 * row, so it is refused when the range holds more rows than the store's scan limit, and it runs
 * under the store's query timeout like every query.
 */

import type { DuckDBValue } from '@duckdb/node-api';
import { BadRequestError, QueryTooBroadError } from '../../../core/errors.ts';
import type { VigilEvent } from '../../../core/event.ts';
import { parseIsoToMillis } from '../../../core/time.ts';
import { loadPipelines, type Pipelines } from '../../../detect/pipelines/index.ts';
import type { ReadSession } from '../connections.ts';
import { fingerprint } from '../cursor.ts';
import { jsonPath } from '../predicates.ts';
import { microsToIso, msToMicros } from '../rows.ts';
import { dayTable } from '../schema.ts';
import { checkTenants, type DayRows, daysInRange, estimateRows, tsParam } from '../scope.ts';
import { type Frag, join, list, raw, sql } from '../sql.ts';
import { compileSigmaToSql, type SigmaSql } from './compile.ts';
import { decodeHuntCursor, encodeHuntCursor } from './cursor.ts';
import { fieldJson } from './elements.ts';
import type { HuntRequest, HuntResult } from './types.ts';

let shipped: Pipelines | null = null;

/** The pipelines the detection stage uses (the shipped YAML files), loaded once. */
export function defaultPipelines(): Pipelines {
  shipped ??= loadPipelines();
  return shipped;
}

function micros(value: unknown, name: string): bigint {
  const ms = typeof value === 'string' ? parseIsoToMillis(value) : null;
  if (ms === null) throw new BadRequestError(`${name} must be an ISO 8601 timestamp`, name);
  return msToMicros(ms);
}

/** A stable text of the rule (Maps as entry lists) for the cursor's fingerprint. */
function ruleText(req: HuntRequest): string {
  return JSON.stringify([req.rule, req.placeholders ?? {}], (_k, v: unknown) =>
    v instanceof Map ? [...v.entries()] : v,
  );
}

/**
 * `FROM` one day table, confined to tenants, range and prefilter; the rule's fields extracted
 * from `doc` once per row, the logsource's condition applied, the fields' readings computed once
 * per remaining row, then the detection.
 */
function fromDay(
  day: string,
  tenants: string[],
  fromUs: bigint,
  toUs: bigint,
  q: SigmaSql,
  extra?: Frag,
): Frag {
  const parts = [
    sql`tenant IN ${list(tenants)}`,
    sql`ts >= ${tsParam(fromUs)}`,
    sql`ts < ${tsParam(toUs)}`,
    q.prefilter,
  ];
  if (extra) parts.push(extra);
  // One json_extract with every path parses each row's doc once.
  const paths = join(
    q.fields.map((f) => jsonPath(f)),
    ', ',
  );
  const extract = q.fields.length === 0 ? raw('') : sql`, json_extract(doc, [${paths}]) AS vigil_j`;
  const scan = sql`SELECT *${extract} FROM ${raw(dayTable(day))} WHERE ${join(parts, ' AND ')}`;
  const fields = q.fields.map(
    (f, k) => sql`, ${fieldJson(f, raw(`vigil_j[${k + 1}]`))} AS ${raw(`vigil_s${k}`)}`,
  );
  const forms = q.forms.map((f) => sql`, ${f.expr} AS ${raw(f.name)}`);
  const routed = sql`SELECT *${join(fields, '')} FROM (${scan})`;
  return sql`FROM (SELECT *${join(forms, '')} FROM (${routed}) WHERE ${q.routing}) WHERE ${q.detection}`;
}

interface Row {
  id: string;
  us: bigint;
  doc: string;
  original: string | null;
}

/** The stored rows of `keys` ([epoch µs, id, ...] newest first) from one day table, in that order. */
async function readRows(
  s: ReadSession,
  day: string,
  tenants: string[],
  keys: DuckDBValue[][],
): Promise<Row[]> {
  if (keys.length === 0) return [];
  const hi = keys[0]?.[0] as bigint;
  const lo = keys[keys.length - 1]?.[0] as bigint;
  const got = await s.rows(
    sql`SELECT id, CAST(doc AS VARCHAR), original FROM ${raw(dayTable(day))} WHERE tenant IN ${list(tenants)} AND ts >= ${tsParam(lo)} AND ts <= ${tsParam(hi)} AND id IN ${list(keys.map((k) => String(k[1])))}`,
  );
  const byId = new Map(got.map((r) => [String(r[0]), r]));
  return keys.map((k) => {
    const r = byId.get(String(k[1]));
    if (r === undefined) throw new Error(`hunt: row ${String(k[1])} vanished from ${day}`);
    return {
      id: String(k[1]),
      us: k[0] as bigint,
      doc: String(r[1]),
      original: (r[2] ?? null) as string | null,
    };
  });
}

function checkScan(days: readonly DayRows[], fromUs: bigint, toUs: bigint, maxScanRows: number): void {
  const estimate = estimateRows(days, fromUs, toUs);
  if (estimate <= maxScanRows) return;
  const n = (x: number): string => x.toLocaleString('en-US');
  throw new QueryTooBroadError(
    `hunt too broad: the range holds about ${n(estimate)} events over ${days.length} day${days.length === 1 ? '' : 's'} ` +
      `(limit ${n(maxScanRows)}), and a Sigma rule reads fields of every one of them; narrow the time range`,
  );
}

export async function huntSigma(
  s: ReadSession,
  req: HuntRequest,
  limits: { maxScanRows: number },
  pipelines: Pipelines = defaultPipelines(),
): Promise<HuntResult> {
  const started = performance.now();
  if (typeof req !== 'object' || req === null) throw new BadRequestError('missing request');
  const tenants = checkTenants(req.tenants);
  const limit = req.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new BadRequestError('limit must be an integer from 1 to 10000', 'limit');
  }
  if (typeof req.rule !== 'object' || req.rule === null || !(req.rule.detection?.searches instanceof Map)) {
    throw new BadRequestError('rule must be a parsed Sigma detection rule', 'rule');
  }
  const compiled = compileSigmaToSql(
    req.rule,
    pipelines,
    req.placeholders === undefined ? {} : { placeholders: req.placeholders },
  );
  if (!compiled.ok) {
    const at = `${compiled.file}:${compiled.line}`;
    throw new BadRequestError(`${at}: ${compiled.reason}`, at);
  }
  const q = compiled.sql;
  const fp = fingerprint(['hunt', ruleText(req), ...[...tenants].sort()]);
  const cursor = req.cursor ? decodeHuntCursor(req.cursor, fp) : null;
  const rangeFrom = cursor ? cursor.from : micros(req.from, 'from');
  const rangeTo = cursor ? cursor.to : micros(req.to, 'to');
  if (rangeTo < rangeFrom) throw new BadRequestError('to must not be before from', 'to');
  const toUs = cursor && cursor.ts + 1n < rangeTo ? cursor.ts + 1n : rangeTo;
  const days = await daysInRange(s, rangeFrom, toUs);
  checkScan(days, rangeFrom, toUs, limits.maxScanRows);

  // Each day is evaluated once: its matches' keys, newest first (as many as the page still
  // needs), with the day's match count on the first page. Documents are read for those keys only.
  let seq: bigint;
  let count = 0;
  if (cursor) seq = cursor.seq;
  else {
    const [pos] = await s.rows(sql`SELECT seq FROM vigil_position`);
    seq = pos ? (pos[0] as bigint) : 0n;
  }
  const keyset = cursor
    ? sql`(ts < ${tsParam(cursor.ts)} OR (ts = ${tsParam(cursor.ts)} AND id < ${cursor.id})) AND seq <= ${seq}`
    : undefined;
  const rows: Row[] = [];
  for (const d of [...days].reverse()) {
    const want = limit + 1 - rows.length;
    const from = fromDay(d.day, tenants, rangeFrom, toUs, q, keyset);
    if (want <= 0) {
      if (cursor) break;
      const [n] = await s.rows(sql`SELECT count(*) ${from}`);
      count += Number(n?.[0] ?? 0);
      continue;
    }
    const total = cursor ? raw('0') : raw('count(*) OVER ()');
    const keys = await s.rows(
      sql`SELECT epoch_us(ts), id, ${total} ${from} ORDER BY ts DESC, id DESC LIMIT ${want}`,
    );
    if (!cursor) count += Number(keys[0]?.[2] ?? 0);
    rows.push(...(await readRows(s, d.day, tenants, keys)));
  }
  if (cursor) count = cursor.count;
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const events = rows.map((r) => {
    const event = JSON.parse(r.doc) as VigilEvent;
    if (r.original !== null) event['event.original'] = r.original;
    event['vigil.id'] = r.id;
    return event;
  });
  const last = rows[rows.length - 1];
  return {
    events,
    count,
    from: microsToIso(rangeFrom),
    to: microsToIso(rangeTo),
    days: days.length,
    nextCursor:
      more && last
        ? encodeHuntCursor({ ts: last.us, id: last.id, from: rangeFrom, to: rangeTo, seq, count, fp })
        : null,
    tookMs: Math.round((performance.now() - started) * 1000) / 1000,
    rule: q.rule,
  };
}
