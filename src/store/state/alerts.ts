/**
 * The alert queue and triage in SQL: the `Alert` model, the filtered and paged queue with its
 * per-status counts, one alert, triage changes (one alert or in bulk), and similar alerts.
 *
 * Every read takes the caller's `TenantScope`; a change reads the alert within the scope, checks
 * the version the caller read (stale: ConflictError with the current version), asks the state
 * machine (`src/alerts/triage.ts`), and writes the change, its `seq` and its audit entry in one
 * transaction. Closing as a false positive takes back the entity risk the alert added.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import { severityRank } from '../../alerts/severity.ts';
import {
  ALERT_STATUSES,
  type AlertStatus,
  type TriageAction,
  type TriageFields,
  type TriageRefusal,
  triage,
  type Verdict,
} from '../../alerts/triage.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import type { ChangeAudit } from './audit.ts';
import { appendAudit } from './audit.ts';
import { withdrawAlertRisk } from './entity-risk.ts';
import type { StateDb } from './open.ts';
import type { AlertTable, SeverityName } from './schema.ts';
import { nextSocSeq } from './soc-seq.ts';
import { inTransaction, type StateDbOrTx } from './transaction.ts';

export interface AlertEntity {
  type: string;
  value: string;
}

export interface AlertSparkline {
  /** ISO time of the first bucket's start. */
  start: string;
  bucketMinutes: number;
  counts: number[];
}

export interface Alert {
  id: string;
  tenant: string;
  seq: number;
  fingerprint: string;
  kind: string;
  ruleId: string;
  title: string;
  severity: SeverityName;
  confidence: number;
  tactics: string[];
  techniques: string[];
  entities: AlertEntity[];
  source: string;
  status: AlertStatus;
  verdict: Verdict | null;
  /** The original alert, when closed as a duplicate. */
  duplicateOf: string | null;
  /** User id. */
  assignee: string | null;
  /** The assignee's user name (null when unassigned or the user is gone). */
  assigneeName: string | null;
  caseId: string | null;
  count: number;
  detectionIds: string[];
  eventIds: string[];
  matched: { field: string; value: unknown }[];
  sparkline: AlertSparkline;
  firstSeen: string;
  lastSeen: string;
  createdAt: string;
  updatedAt: string;
  acknowledgedAt: string | null;
  escalatedAt: string | null;
  closedAt: string | null;
  version: number;
}

/** Who makes a change, and from where: the store's half of an audit entry. */
export type { ChangeAudit } from './audit.ts';

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** An `alerts` row (optionally with the assignee's user name joined in) as the model. */
export function alertFromRow(row: AlertTable & { assignee_name?: string | null }): Alert {
  return {
    id: row.id,
    tenant: row.tenant,
    seq: Number(row.seq),
    fingerprint: row.fingerprint,
    kind: row.kind,
    ruleId: row.rule_id,
    title: row.title,
    severity: row.severity,
    confidence: Number(row.confidence),
    tactics: parseJson<string[]>(row.tactics, []),
    techniques: parseJson<string[]>(row.techniques, []),
    entities: parseJson<AlertEntity[]>(row.entities, []),
    source: row.source,
    status: row.status as AlertStatus,
    verdict: (row.verdict ?? null) as Verdict | null,
    duplicateOf: row.duplicate_of ?? null,
    assignee: row.assignee,
    assigneeName: row.assignee_name ?? null,
    caseId: row.case_id,
    count: Number(row.count),
    detectionIds: parseJson<string[]>(row.detection_ids, []),
    eventIds: parseJson<string[]>(row.event_ids, []),
    matched: parseJson<{ field: string; value: unknown }[]>(row.matched, []),
    sparkline: parseJson<AlertSparkline>(row.sparkline, {
      start: row.first_seen,
      bucketMinutes: 5,
      counts: [],
    }),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    acknowledgedAt: row.acknowledged_at,
    escalatedAt: row.escalated_at,
    closedAt: row.closed_at,
    version: Number(row.version),
  };
}

// ---- the queue --------------------------------------------------------------------------------

export const ALERT_SORTS = ['newest', 'severity', 'count', 'last_seen'] as const;
export type AlertSort = (typeof ALERT_SORTS)[number];

export interface AlertFilter {
  status?: readonly AlertStatus[];
  severity?: readonly SeverityName[];
  ruleId?: string;
  /** A user id, or `none` for unassigned alerts (the service turns `me` into the caller's id). */
  assignee?: string;
  entity?: AlertEntity;
  tactic?: string;
  technique?: string;
  caseId?: string;
  /** Text in the title, the rule id or an entity value (case-insensitive), or the alert id. */
  q?: string;
  /** ISO times on `last_seen`: `since` inclusive, `until` exclusive. */
  since?: string;
  until?: string;
}

export interface AlertQuery extends AlertFilter {
  /** Default `newest` (creation time). Every order is descending, ties broken by id. */
  sort?: AlertSort;
  /** Default 50, at most 500. */
  limit?: number;
  /** `nextCursor` of the previous page (of the same sort). */
  cursor?: string;
}

export interface AlertPage {
  items: Alert[];
  nextCursor: string | null;
}

export const MAX_ALERT_PAGE = 500;

const SEVERITY_RANK = sql<number>`(case alerts.severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end)`;

/** The columns each sort orders by (all descending), after which `id` breaks ties. */
const SORT_KEYS: Record<AlertSort, { expr: Expression<unknown>; read: (a: Alert) => string | number }[]> = {
  newest: [{ expr: sql`alerts.created_at`, read: (a) => a.createdAt }],
  last_seen: [{ expr: sql`alerts.last_seen`, read: (a) => a.lastSeen }],
  severity: [
    { expr: SEVERITY_RANK, read: (a) => severityRank(a.severity) },
    { expr: sql`alerts.last_seen`, read: (a) => a.lastSeen },
  ],
  count: [
    { expr: sql`alerts.count`, read: (a) => a.count },
    { expr: sql`alerts.last_seen`, read: (a) => a.lastSeen },
  ],
};

function encodeCursor(sort: AlertSort, keys: (string | number)[]): string {
  return Buffer.from(JSON.stringify({ s: sort, k: keys })).toString('base64url');
}

function decodeCursor(cursor: string, sort: AlertSort): (string | number)[] {
  const bad = () =>
    new BadRequestError('cursor is not one this list gave out; start again without it', 'cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (typeof parsed !== 'object' || parsed === null) throw bad();
  const c = parsed as { s?: unknown; k?: unknown };
  if (c.s !== sort && typeof c.s === 'string' && (ALERT_SORTS as readonly string[]).includes(c.s))
    throw new BadRequestError(
      `cursor belongs to the sort "${c.s}", not "${sort}"; start again without it`,
      'cursor',
    );
  const want = SORT_KEYS[sort].length + 1;
  if (
    c.s !== sort ||
    !Array.isArray(c.k) ||
    c.k.length !== want ||
    !c.k.every((v) => typeof v === 'string' || typeof v === 'number')
  )
    throw bad();
  return c.k as (string | number)[];
}

function likeContains(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The filter as SQL conditions on `alerts` (the scope is applied by the caller). */
function filterConditions(scope: TenantScope, f: AlertFilter, withStatus: boolean): Expression<SqlBool>[] {
  const tenants = [...scope];
  const where: Expression<SqlBool>[] = [];
  if (withStatus && f.status && f.status.length > 0)
    where.push(sql<SqlBool>`alerts.status in (${sql.join(f.status)})`);
  if (f.severity && f.severity.length > 0)
    where.push(sql<SqlBool>`alerts.severity in (${sql.join(f.severity)})`);
  if (f.ruleId) where.push(sql<SqlBool>`alerts.rule_id = ${f.ruleId}`);
  if (f.assignee === 'none') where.push(sql<SqlBool>`alerts.assignee is null`);
  else if (f.assignee) where.push(sql<SqlBool>`alerts.assignee = ${f.assignee}`);
  if (f.caseId) where.push(sql<SqlBool>`alerts.case_id = ${f.caseId}`);
  if (f.entity)
    where.push(
      sql<SqlBool>`alerts.id in (select alert_id from alert_entities where tenant in (${sql.join(tenants)}) and type = ${f.entity.type} and value = ${f.entity.value})`,
    );
  if (f.tactic)
    where.push(
      sql<SqlBool>`exists (select 1 from json_each(alerts.tactics) where json_each.value = ${f.tactic})`,
    );
  if (f.technique) {
    // T1003 also finds its sub-techniques (T1003.001).
    const t = f.technique.toUpperCase();
    where.push(
      sql<SqlBool>`exists (select 1 from json_each(alerts.techniques) where json_each.value = ${t} or json_each.value like ${`${t.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`} escape '\\')`,
    );
  }
  if (f.q) {
    const like = likeContains(f.q);
    where.push(
      sql<SqlBool>`(alerts.id = ${f.q} or alerts.title like ${like} escape '\\' or alerts.rule_id like ${like} escape '\\' or alerts.id in (select alert_id from alert_entities where tenant in (${sql.join(tenants)}) and value like ${like} escape '\\'))`,
    );
  }
  if (f.since) where.push(sql<SqlBool>`alerts.last_seen >= ${f.since}`);
  if (f.until) where.push(sql<SqlBool>`alerts.last_seen < ${f.until}`);
  return where;
}

function selectAlerts(db: StateDbOrTx, scope: TenantScope) {
  return db
    .selectFrom('alerts')
    .leftJoin('users', 'users.id', 'alerts.assignee')
    .selectAll('alerts')
    .select('users.username as assignee_name')
    .where('alerts.tenant', 'in', [...scope]);
}

/** One page of the queue, newest (or by `sort`) first. */
export async function listAlerts(db: StateDbOrTx, scope: TenantScope, query: AlertQuery): Promise<AlertPage> {
  if (scope.length === 0) return { items: [], nextCursor: null };
  const sort = query.sort ?? 'newest';
  const limit = Math.min(Math.max(1, query.limit ?? 50), MAX_ALERT_PAGE);
  const keys = SORT_KEYS[sort];
  let q = selectAlerts(db, scope);
  for (const c of filterConditions(scope, query, true)) q = q.where(c);
  if (query.cursor) {
    const after = decodeCursor(query.cursor, sort);
    const cols = [...keys.map((k) => k.expr), sql`alerts.id`];
    q = q.where(sql<SqlBool>`(${sql.join(cols)}) < (${sql.join(after)})`);
  }
  for (const k of keys) q = q.orderBy(k.expr, 'desc');
  const rows = await q
    .orderBy('alerts.id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(alertFromRow);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeCursor(sort, [...keys.map((k) => k.read(last)), last.id]) : null;
  return { items, nextCursor };
}

/** How many alerts of each status match the filter (its `status` ignored): the queue's header. */
export async function alertStatusCounts(
  db: StateDbOrTx,
  scope: TenantScope,
  filter: AlertFilter = {},
): Promise<Record<AlertStatus, number>> {
  const counts = Object.fromEntries(ALERT_STATUSES.map((s) => [s, 0])) as Record<AlertStatus, number>;
  if (scope.length === 0) return counts;
  let q = db
    .selectFrom('alerts')
    .select(['alerts.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('alerts.tenant', 'in', [...scope]);
  for (const c of filterConditions(scope, filter, false)) q = q.where(c);
  for (const r of await q.groupBy('alerts.status').execute())
    if (r.status in counts) counts[r.status as AlertStatus] = Number(r.n);
  return counts;
}

export async function getAlert(db: StateDbOrTx, scope: TenantScope, id: string): Promise<Alert | undefined> {
  if (scope.length === 0) return undefined;
  const row = await selectAlerts(db, scope).where('alerts.id', '=', id).executeTakeFirst();
  return row ? alertFromRow(row) : undefined;
}

// ---- triage -----------------------------------------------------------------------------------

export interface TriageOptions {
  /** `alerts.riskHalfLifeHours`: closing as false positive takes back the decayed risk. */
  riskHalfLifeHours: number;
  now?: Date;
  /**
   * A check of the service's, run on the alert as read inside the transaction (e.g. that the
   * assignee may work alerts of its tenant): a refusal stops the change.
   */
  precheck?: (alert: Alert) => TriageRefusal | null;
}

/** The outcome for one alert of a (bulk) triage action. */
export type TriageResult =
  | { id: string; outcome: 'ok'; alert: Alert }
  | { id: string; outcome: 'conflict'; currentVersion: number; message: string }
  | { id: string; outcome: 'refused'; reason: TriageRefusal['reason']; field: string; message: string }
  | { id: string; outcome: 'not_found'; message: string };

/**
 * Applies `action` to alert `id` of the scope, if it is still at `expectedVersion` (undefined:
 * whatever version it has). Returns the alert after the change. Throws NotFoundError (not in the
 * scope), ConflictError (stale version, with the current one) or BadRequestError (refused, with
 * the message of the state machine).
 */
export async function applyTriage(
  db: StateDb,
  scope: TenantScope,
  id: string,
  expectedVersion: number | undefined,
  action: TriageAction,
  audit: ChangeAudit,
  opts: TriageOptions,
): Promise<Alert> {
  const r = await triageOne(db, scope, id, expectedVersion, action, audit, opts);
  switch (r.outcome) {
    case 'ok':
      return r.alert;
    case 'not_found':
      throw new NotFoundError(r.message);
    case 'conflict':
      throw new ConflictError(r.message, r.currentVersion);
    case 'refused':
      throw new BadRequestError(r.message, r.field);
  }
}

/** At most this many alerts in one bulk action. */
export const MAX_BULK_ALERTS = 500;

/**
 * Applies `action` to each listed alert and reports per alert, in the order given: a stale,
 * refused or unknown alert is reported and the others still change. One transaction (one disk
 * sync for the lot). A missing `version` skips the version check.
 */
export async function bulkTriage(
  db: StateDb,
  scope: TenantScope,
  items: readonly { id: string; version?: number | undefined }[],
  action: TriageAction,
  audit: ChangeAudit,
  opts: TriageOptions,
): Promise<TriageResult[]> {
  if (items.length > MAX_BULK_ALERTS)
    throw new BadRequestError(
      `a bulk action takes at most ${MAX_BULK_ALERTS} alerts; split the list`,
      'items',
    );
  return db.transaction().execute(async (tx) => {
    const out: TriageResult[] = [];
    for (const item of items)
      out.push(await triageOne(tx, scope, item.id, item.version, action, audit, opts));
    return out;
  });
}

const triageView = (a: Pick<Alert, 'status' | 'verdict' | 'assignee' | 'version'>) => ({
  status: a.status,
  verdict: a.verdict,
  assignee: a.assignee,
  version: a.version,
});

async function triageOne(
  db: StateDbOrTx,
  scope: TenantScope,
  id: string,
  expectedVersion: number | undefined,
  action: TriageAction,
  audit: ChangeAudit,
  opts: TriageOptions,
): Promise<TriageResult> {
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  return inTransaction(db, async (tx): Promise<TriageResult> => {
    // A write first: it takes the database's write lock before the read the change is based on.
    await sql`update alerts set seq = seq where 0`.execute(tx);
    const alert = await getAlert(tx, scope, id);
    if (!alert) return { id, outcome: 'not_found', message: `no alert ${id}` };
    if (expectedVersion !== undefined && alert.version !== expectedVersion)
      return {
        id,
        outcome: 'conflict',
        currentVersion: alert.version,
        message: `alert ${id} changed since you read it (you read version ${expectedVersion}, it is at ${alert.version}); reload it and try again`,
      };
    const refused = (r: TriageRefusal): TriageResult => ({ id, outcome: 'refused', ...r });
    const decided = triage(alert, action, at);
    if (!decided.ok) return refused(decided.refusal);
    const pre = opts.precheck?.(alert);
    if (pre) return refused(pre);
    const duplicateOf = action.kind === 'close' ? (action.duplicateOf ?? null) : null;
    if (duplicateOf !== null) {
      const original = await tx
        .selectFrom('alerts')
        .select('id')
        .where('id', '=', duplicateOf)
        .where('tenant', '=', alert.tenant)
        .executeTakeFirst();
      if (!original)
        return refused({
          reason: 'bad_duplicate',
          field: 'duplicateOf',
          message: `no alert ${duplicateOf} in tenant ${alert.tenant} to be the original of this duplicate`,
        });
    }
    const next: TriageFields = decided.next;
    const seq = await nextSocSeq(tx);
    const updated = await tx
      .updateTable('alerts')
      .set({
        status: next.status,
        verdict: next.verdict,
        assignee: next.assignee,
        acknowledged_at: next.acknowledgedAt,
        closed_at: next.closedAt,
        // Set by a close, cleared by a reopen; other actions leave it.
        ...(action.kind === 'close' || action.kind === 'reopen' ? { duplicate_of: duplicateOf } : {}),
        seq,
        updated_at: at,
        version: alert.version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', alert.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new ConflictError(`alert ${id} changed while it was being updated; reload it`, alert.version);
    if (action.kind === 'close' && next.verdict === 'false_positive' && !(await riskWithdrawn(tx, alert)))
      await withdrawAlertRisk(tx, alert, now, opts.riskHalfLifeHours);
    const after = (await getAlert(tx, scope, id)) as Alert;
    await appendAudit(tx, {
      tenant: alert.tenant,
      actor: audit.actor,
      ip: audit.ip,
      userAgent: audit.userAgent,
      action: `alert.${action.kind}`,
      target: { type: 'alert', id },
      outcome: 'success',
      before: triageView(alert),
      after: { ...triageView(after), ...(duplicateOf !== null ? { duplicateOf } : {}) },
    });
    return { id, outcome: 'ok', alert: after };
  });
}

/** Whether an earlier close as false positive already took this alert's risk back (its audit entry says so). */
async function riskWithdrawn(tx: StateDbOrTx, alert: Alert): Promise<boolean> {
  const closes = await tx
    .selectFrom('audit_log')
    .select('after')
    .where('tenant', '=', alert.tenant)
    .where('action', '=', 'alert.close')
    .where('target_type', '=', 'alert')
    .where('target_id', '=', alert.id)
    .execute();
  return closes.some(
    (c) => parseJson<{ verdict?: unknown } | null>(c.after ?? 'null', null)?.verdict === 'false_positive',
  );
}

// ---- similar alerts ---------------------------------------------------------------------------

export type SimilarReason = 'fingerprint' | 'rule_and_entity' | 'title_and_entity';

export interface SimilarAlert {
  alert: Alert;
  reasons: SimilarReason[];
  /** Entities both alerts have. */
  sharedEntities: AlertEntity[];
}

/**
 * Alerts of the same tenant like alert `id`: the same fingerprint, or the same rule and an entity
 * in common, or the same title and an entity in common. Closed ones first (their verdicts are the
 * point: how was this judged before?), then newest first. NotFoundError when `id` is not in scope.
 */
export async function similarAlerts(
  db: StateDb,
  scope: TenantScope,
  id: string,
  limit = 10,
): Promise<SimilarAlert[]> {
  const self = await getAlert(db, scope, id);
  if (!self) throw new NotFoundError(`no alert ${id}`);
  const entities = self.entities;
  const shared = sql<SqlBool>`alerts.id in (select alert_id from alert_entities where tenant = ${self.tenant} and (${sql.join(
    entities.map((e) => sql`(type = ${e.type} and value = ${e.value})`),
    sql` or `,
  )}))`;
  const byEntity =
    entities.length > 0
      ? sql<SqlBool>` or ((alerts.rule_id = ${self.ruleId} or alerts.title = ${self.title}) and ${shared})`
      : sql<SqlBool>``;
  const rows = await selectAlerts(db, scope)
    .where('alerts.tenant', '=', self.tenant)
    .where('alerts.id', '!=', self.id)
    .where(sql<SqlBool>`(alerts.fingerprint = ${self.fingerprint}${byEntity})`)
    .orderBy(sql`alerts.status = 'closed'`, 'desc')
    .orderBy('alerts.created_at', 'desc')
    .orderBy('alerts.id', 'desc')
    .limit(Math.min(Math.max(1, limit), 100))
    .execute();
  const key = (e: AlertEntity) => `${e.type}\0${e.value}`;
  const mine = new Set(entities.map(key));
  return rows.map((row) => {
    const alert = alertFromRow(row);
    const sharedEntities = alert.entities.filter((e) => mine.has(key(e)));
    const reasons: SimilarReason[] = [];
    if (alert.fingerprint === self.fingerprint) reasons.push('fingerprint');
    if (sharedEntities.length > 0 && alert.ruleId === self.ruleId) reasons.push('rule_and_entity');
    if (sharedEntities.length > 0 && alert.title === self.title) reasons.push('title_and_entity');
    return { alert, reasons, sharedEntities };
  });
}
