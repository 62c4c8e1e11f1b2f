/**
 * Triage services the alert routes call: the queue (filters as analysts give them: `me`, `none`,
 * relative times), one alert with its matched events, the triage actions one by one or in bulk
 * (the assignee checked: a user of the alert's tenant who may work alerts), similar alerts,
 * comments and saved views. Each change is published to the live feed after it commits.
 *
 * Audit fields arrive as the store takes them (`ChangeAudit`: actor, ip, user agent): the routes
 * map the request's `AuditBy` with `clientFields` (src/access sits beside this layer, not below).
 */
import type { AlertStatus, TriageAction, TriageRefusal, Verdict } from '../alerts/triage.ts';
import { BadRequestError, NotFoundError } from '../core/errors.ts';
import type { VigilEvent } from '../core/event.ts';
import { millisToIso } from '../core/time.ts';
import { parseTimeExpression } from '../core/time-range.ts';
import type { QueryNode } from '../hunt/index.ts';
import type { SearchRequest, SearchResult } from '../store/events/index.ts';
import {
  type Alert,
  type AlertEntity,
  type AlertFilter,
  type AlertPage,
  type AlertSort,
  alertStatusCounts,
  applyTriage,
  bulkTriage,
  type ChangeAudit,
  getAlert,
  listAlerts,
  type SimilarAlert,
  similarAlerts,
  type TriageResult,
} from '../store/state/alerts.ts';
import { addComment, type Comment, listComments } from '../store/state/comments.ts';
import type { StateDb, TenantScope, UserRecord } from '../store/state/index.ts';
import {
  createSavedView,
  deleteSavedView,
  listSavedViews,
  type SavedView,
  type SavedViewKind,
  updateSavedView,
} from '../store/state/saved-views.ts';
import { getUserById, getUserByUsername } from '../store/state/users.ts';
import type { LiveFeed } from './live.ts';

export { ALERT_SORTS, MAX_ALERT_PAGE, MAX_BULK_ALERTS } from '../store/state/alerts.ts';
export { MAX_COMMENT_CHARS } from '../store/state/comments.ts';
export { SAVED_VIEW_KINDS } from '../store/state/saved-views.ts';
export type {
  Alert,
  AlertEntity,
  AlertPage,
  AlertSort,
  AlertStatus,
  ChangeAudit,
  Comment,
  SavedView,
  SavedViewKind,
  SimilarAlert,
  TriageResult,
  Verdict,
};

export interface TriageDeps {
  db: StateDb;
  /** Where changes are published after they commit (null: nobody listens). */
  live: LiveFeed | null;
  /** `alerts.riskHalfLifeHours`. */
  riskHalfLifeHours: number;
  /**
   * Whether an account holding these roles may work alerts (holds `alerts:write`). The permission
   * matrix lives in src/access; the routes hand its answer in.
   */
  mayTriage: (roles: readonly string[]) => boolean;
}

/** Who calls a service. */
export interface TriageCaller {
  /** The user or service account behind the call (null for a legacy API key); `me` means it. */
  userId: string | null;
  /** Shown as the author of comments. */
  name: string;
  audit: ChangeAudit;
}

// ---- the queue --------------------------------------------------------------------------------

/** The queue's filter as the API takes it. */
export interface AlertQueueInput extends Omit<AlertFilter, 'since' | 'until' | 'assignee'> {
  /** A user id, `me` or `none`. */
  assignee?: string;
  /** Times on `last_seen`: ISO 8601, epoch, or `now-24h` and the like. */
  since?: string;
  until?: string;
  sort?: AlertSort;
  limit?: number;
  cursor?: string;
}

export interface AlertQueue extends AlertPage {
  /** Alerts per status under the same filter (its status part ignored): the queue's tabs. */
  counts: Record<AlertStatus, number>;
}

function meOf(caller: TriageCaller, field: string): string {
  if (caller.userId === null)
    throw new BadRequestError(
      '"me" needs a signed-in user or a personal API key; this key belongs to no user, so name the user',
      field,
    );
  return caller.userId;
}

/** The filter with `me` and relative times resolved. */
function resolveFilter(input: AlertQueueInput, caller: TriageCaller, now: number): AlertFilter {
  const { since, until, assignee, ...rest } = input;
  const filter: AlertFilter = { ...rest };
  if (assignee !== undefined && assignee !== '')
    filter.assignee = assignee === 'me' ? meOf(caller, 'assignee') : assignee;
  if (since) filter.since = millisToIso(parseTimeExpression(since, now, 'since'));
  if (until) filter.until = millisToIso(parseTimeExpression(until, now, 'until'));
  if (filter.since && filter.until && filter.since >= filter.until)
    throw new BadRequestError(`since (${filter.since}) must be before until (${filter.until})`, 'since');
  return filter;
}

/** A page of the queue and the per-status counts under the same filter. */
export async function alertQueue(
  deps: TriageDeps,
  scope: TenantScope,
  input: AlertQueueInput,
  caller: TriageCaller,
  now = Date.now(),
): Promise<AlertQueue> {
  const filter = resolveFilter(input, caller, now);
  const page = await listAlerts(deps.db, scope, {
    ...filter,
    ...(input.sort ? { sort: input.sort } : {}),
    ...(input.limit ? { limit: input.limit } : {}),
    ...(input.cursor ? { cursor: input.cursor } : {}),
  });
  return { ...page, counts: await alertStatusCounts(deps.db, scope, filter) };
}

// ---- one alert and its events -----------------------------------------------------------------

/** The event store's search, as the routes reach it (`EventQueries` in src/api/events). */
export interface EventLookup {
  search(req: Omit<SearchRequest, 'tenants'> & { tenants: TenantScope }): Promise<SearchResult>;
}

export interface AlertDetail {
  alert: Alert;
  /** The matched events still in the event store (of the first 100 the alert keeps), oldest first. */
  events: VigilEvent[];
  /** Ids the alert keeps whose events are gone (retention) or could not be read. */
  missingEventIds: string[];
  /** Why the events could not be read, when they could not. */
  eventsError: string | null;
}

/** One alert of the scope (NotFoundError otherwise) with its matched events. */
export async function alertDetail(
  deps: TriageDeps,
  events: EventLookup,
  scope: TenantScope,
  id: string,
): Promise<AlertDetail> {
  const alert = await getAlert(deps.db, scope, id);
  if (!alert) throw new NotFoundError(`no alert ${id}`);
  const ids = [...new Set(alert.eventIds)];
  if (ids.length === 0) return { alert, events: [], missingEventIds: [], eventsError: null };
  try {
    const result = await events.search({
      tenants: scope,
      ...eventRange(alert),
      query: byIds(ids),
      sort: 'asc',
      limit: ids.length,
    });
    const found = new Set(result.events.map((e) => String(e['vigil.id'])));
    return {
      alert,
      events: result.events,
      missingEventIds: ids.filter((x) => !found.has(x)),
      eventsError: null,
    };
  } catch (e) {
    return { alert, events: [], missingEventIds: ids, eventsError: (e as Error).message };
  }
}

/** `vigil.id:a OR vigil.id:b …` */
function byIds(ids: readonly string[]): QueryNode {
  const terms: QueryNode[] = ids.map((value) => ({ kind: 'field', field: 'vigil.id', op: 'eq', value }));
  return terms.length === 1 ? (terms[0] as QueryNode) : { kind: 'or', children: terms };
}

/**
 * The time range holding an alert's events: its first to its last event, and for a correlation
 * from the start of its first window (`correlation.first_time` among the matched values).
 */
function eventRange(alert: Alert): { from: string; to: string } {
  let from = Date.parse(alert.firstSeen);
  for (const m of alert.matched) {
    if (m.field !== 'correlation.first_time' || typeof m.value !== 'string') continue;
    const t = Date.parse(m.value);
    if (Number.isFinite(t) && t < from) from = t;
  }
  const to = Date.parse(alert.lastSeen) + 1;
  return { from: millisToIso(from), to: millisToIso(Math.max(to, from + 1)) };
}

// ---- triage actions ---------------------------------------------------------------------------

/** A triage action as the API takes it (the assignee as `me`, a user id or a user name; null unassigns). */
export type TriageRequest =
  | { action: 'acknowledge' }
  | { action: 'start' }
  | { action: 'close'; verdict: Verdict | null; duplicateOf?: string | null }
  | { action: 'reopen' }
  | { action: 'assign'; assignee: string | null };

interface Resolved {
  action: TriageAction;
  precheck?: (alert: Alert) => TriageRefusal | null;
}

/** The store's action, with the assignee found and the check that it may work the alert's tenant. */
async function resolve(deps: TriageDeps, request: TriageRequest, caller: TriageCaller): Promise<Resolved> {
  switch (request.action) {
    case 'acknowledge':
    case 'start':
    case 'reopen':
      return { action: { kind: request.action } };
    case 'close':
      return {
        action: { kind: 'close', verdict: request.verdict, duplicateOf: request.duplicateOf ?? null },
      };
    case 'assign': {
      if (request.assignee === null) return { action: { kind: 'assign', assignee: null } };
      const { user, asked } = await findUser(deps.db, request.assignee, caller);
      return {
        action: { kind: 'assign', assignee: user.id },
        precheck: (alert) => assigneeRefusal(deps, user, asked, alert.tenant),
      };
    }
  }
}

/** The message for a user that does not exist, or is not of the alert's tenant: the two read the same. */
const noSuchUser = (asked: string) => `no user "${asked.slice(0, 100)}" to assign; give a user id or name`;

async function findUser(
  db: StateDb,
  who: string,
  caller: TriageCaller,
): Promise<{ user: UserRecord; asked: string }> {
  const asked = who.trim();
  const id = asked === 'me' ? meOf(caller, 'assignee') : asked;
  const user = (await getUserById(db, id)) ?? (await getUserByUsername(db, id.toLowerCase()));
  if (!user) throw new BadRequestError(noSuchUser(asked), 'assignee');
  return { user, asked };
}

/**
 * Why `user` may not be given alerts of `tenant`, or null when it may. A user of another tenant
 * is answered exactly like one that does not exist (nothing about other tenants' users leaks),
 * and is checked before anything else about the user.
 */
function assigneeRefusal(
  deps: TriageDeps,
  user: UserRecord,
  asked: string,
  tenant: string,
): TriageRefusal | null {
  const refuse = (message: string): TriageRefusal => ({
    reason: 'invalid_transition',
    field: 'assignee',
    message,
  });
  if (!user.tenants.includes(tenant)) return refuse(noSuchUser(asked));
  if (user.disabled) return refuse(`user "${user.username}" is disabled; assign someone else`);
  if (!deps.mayTriage(user.roles))
    return refuse(
      `user "${user.username}" may not work alerts (their roles ${user.roles.join(', ') || 'none'} do not include alerts:write); assign an analyst`,
    );
  return null;
}

function publish(deps: TriageDeps, alert: Alert): void {
  deps.live?.publish({
    topic: 'alert',
    action: 'alert.updated',
    tenant: alert.tenant,
    id: alert.id,
    seq: alert.seq,
    summary: { status: alert.status, verdict: alert.verdict, assignee: alert.assignee },
  });
}

/**
 * One triage action on alert `id`, if it is still at `version`. Throws NotFoundError, ConflictError
 * (stale version, with the current one) or BadRequestError (refused, saying why).
 */
export async function triageAlert(
  deps: TriageDeps,
  scope: TenantScope,
  id: string,
  version: number,
  request: TriageRequest,
  caller: TriageCaller,
): Promise<Alert> {
  const { action, precheck } = await resolve(deps, request, caller);
  const alert = await applyTriage(deps.db, scope, id, version, action, caller.audit, {
    riskHalfLifeHours: deps.riskHalfLifeHours,
    ...(precheck ? { precheck } : {}),
  });
  publish(deps, alert);
  return alert;
}

/** One action on many alerts; a result per alert, in the order given. */
export async function bulkTriageAlerts(
  deps: TriageDeps,
  scope: TenantScope,
  items: readonly { id: string; version?: number | undefined }[],
  request: TriageRequest,
  caller: TriageCaller,
): Promise<TriageResult[]> {
  const { action, precheck } = await resolve(deps, request, caller);
  const results = await bulkTriage(deps.db, scope, items, action, caller.audit, {
    riskHalfLifeHours: deps.riskHalfLifeHours,
    ...(precheck ? { precheck } : {}),
  });
  for (const r of results) if (r.outcome === 'ok') publish(deps, r.alert);
  return results;
}

/** Alerts like `id` (closed ones first, with their verdicts). */
export function similarTo(
  deps: TriageDeps,
  scope: TenantScope,
  id: string,
  limit: number,
): Promise<SimilarAlert[]> {
  return similarAlerts(deps.db, scope, id, limit);
}

// ---- comments ---------------------------------------------------------------------------------

export function alertComments(deps: TriageDeps, scope: TenantScope, id: string): Promise<Comment[]> {
  return listComments(deps.db, scope, 'alert', id);
}

export function commentOnAlert(
  deps: TriageDeps,
  scope: TenantScope,
  id: string,
  body: string,
  caller: TriageCaller,
): Promise<Comment> {
  return addComment(
    deps.db,
    scope,
    { targetType: 'alert', targetId: id, body },
    { id: caller.userId, name: caller.name },
    caller.audit,
  );
}

// ---- saved views ------------------------------------------------------------------------------

function ownerOf(caller: TriageCaller): string {
  if (caller.userId === null)
    throw new BadRequestError(
      'saved views belong to a user; this API key has no owner (sign in, or use a personal API key)',
    );
  return caller.userId;
}

export function savedViews(
  deps: TriageDeps,
  scope: TenantScope,
  caller: TriageCaller,
  kind?: SavedViewKind,
): Promise<SavedView[]> {
  return listSavedViews(deps.db, scope, caller.userId, kind);
}

export function saveView(
  deps: TriageDeps,
  scope: TenantScope,
  input: {
    tenant: string;
    kind: SavedViewKind;
    name: string;
    query: Record<string, unknown>;
    shared: boolean;
  },
  caller: TriageCaller,
): Promise<SavedView> {
  return createSavedView(deps.db, scope, input, ownerOf(caller), caller.audit);
}

export function changeView(
  deps: TriageDeps,
  scope: TenantScope,
  id: string,
  patch: { name?: string; query?: Record<string, unknown>; shared?: boolean },
  caller: TriageCaller,
): Promise<SavedView> {
  return updateSavedView(deps.db, scope, id, ownerOf(caller), patch, caller.audit);
}

export function removeView(
  deps: TriageDeps,
  scope: TenantScope,
  id: string,
  caller: TriageCaller,
): Promise<void> {
  return deleteSavedView(deps.db, scope, id, ownerOf(caller), caller.audit);
}
