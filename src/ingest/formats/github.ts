/**
 * GitHub audit log events (enterprise and organization) → ECS.
 *
 * One event is one audit entry as the REST audit-log API (`GET /enterprises/{e}/audit-log`,
 * `GET /orgs/{org}/audit-log`) and audit-log streaming (to S3, Azure Blob/Event Hubs, GCS,
 * Splunk, Datadog) write it: a flat JSON object named by `action` (`<category>.<operation>`,
 * `repo.create`), with `@timestamp`/`created_at` in epoch milliseconds, `_document_id`, `actor`,
 * `actor_id`, `actor_ip` (when IP disclosure is on), `actor_location`, `user_agent`, `org`,
 * `repo`, `user`, `business`, `operation_type` and per-action fields
 * (https://docs.github.com/en/enterprise-cloud@latest/admin/monitoring-activity-in-your-enterprise/reviewing-audit-logs-for-your-enterprise/audit-log-events-for-your-enterprise).
 * The GraphQL audit API's camelCase entries (`actorLogin`, `createdAt`) are another shape and
 * are not claimed.
 *
 * The whole entry is kept under `github.<name>` with GitHub's own names (`github.action`,
 * `github.actor_location.country_code`), which are the names SigmaHQ's GitHub rules use; the
 * ECS fields follow Elastic's GitHub integration (`event.dataset: github.audit`, `user.name` =
 * actor, `user.target.name` = the user acted on).
 */
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { finishEvent, parseJsonObject } from './json-event.ts';
import { flattenInto, newBudget } from './json-flatten.ts';
import { pickTime, receivedIso } from './json-time.ts';
import { ip, type JsonObject, newEvent, obj, put, str } from './json-values.ts';

/** `category.operation`, lower-case with underscores (`business_advanced_security.disabled`). */
const ACTION = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

/** Keys that place an entry without `_document_id` (older API exports) in GitHub. */
const CONTEXT_KEYS = ['org', 'business', 'repo', 'user', 'actor_id', 'actor_location'] as const;

/**
 * Whether `o` is one GitHub audit entry: a dotted lower-case `action`, an epoch-millisecond
 * `@timestamp` or a `created_at`, and an `_document_id`, or else a string `actor` with one of
 * {@link CONTEXT_KEYS}. ECS JSON (string `@timestamp`, `event.action`), CloudTrail
 * (`eventName`), Okta (`eventType`, object `actor`) and Atlassian audit entries (`auditType`)
 * all fail one of these.
 */
export function isGitHubRecord(o: JsonObject): boolean {
  const action = o.action;
  if (typeof action !== 'string' || action.length > 200 || !ACTION.test(action)) return false;
  if (typeof o['@timestamp'] !== 'number' && o.created_at === undefined) return false;
  if (typeof o._document_id === 'string') return true;
  return typeof o.actor === 'string' && CONTEXT_KEYS.some((k) => o[k] !== undefined);
}

/** `operation_type` (GitHub's own classification of the action) → `event.type`. */
const OPERATION_TYPES: Readonly<Record<string, string>> = {
  create: 'creation',
  modify: 'change',
  remove: 'deletion',
  access: 'access',
  transfer: 'change',
  restore: 'creation',
};

/** Sign-in actions of the security log → category, type and outcome. */
const AUTH_ACTIONS: Readonly<Record<string, readonly [string, string]>> = {
  'user.login': ['start', 'success'],
  'user.failed_login': ['start', 'failure'],
  'user.logout': ['end', 'success'],
};

/** Categories whose actions change who belongs to what (as Elastic's integration marks them). */
const IAM_CATEGORIES = new Set(['org', 'team', 'business', 'enterprise']);

/** The operation's verb → `event.type`, when the entry has no `operation_type`. */
function typeFromVerb(operation: string): string {
  if (/(^|_)(create|created|add|added|invite|register)(_|$)/.test(operation)) return 'creation';
  if (/(^|_)(delete|deleted|destroy|remove|removed)(_|$)/.test(operation)) return 'deletion';
  return 'change';
}

function categorize(ev: VigilEvent, action: string, operationType: string | undefined): void {
  const auth = AUTH_ACTIONS[action];
  if (auth !== undefined) {
    ev['event.category'] = ['authentication'];
    ev['event.type'] = [auth[0]];
    ev['event.outcome'] = auth[1];
    return;
  }
  const dot = action.indexOf('.');
  const category = action.slice(0, dot);
  const type =
    (operationType !== undefined ? OPERATION_TYPES[operationType] : undefined) ??
    typeFromVerb(action.slice(dot + 1));
  ev['event.category'] = IAM_CATEGORIES.has(category) ? ['iam', 'configuration'] : ['configuration'];
  ev['event.type'] = [type];
}

/** Normalizes one parsed GitHub audit entry. */
export function normalizeGitHub(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  const action = str(o.action);
  if (action === undefined || !ACTION.test(action)) {
    return {
      ok: false,
      reason:
        'not a GitHub audit log event: it needs an "action" such as "repo.create" (send the ' +
        'entries of the audit-log API or of audit-log streaming, one JSON object per event)',
    };
  }
  const budget = newBudget();
  const ev = newEvent();
  flattenInto(ev, 'github', o, budget);
  ev['event.kind'] = 'event';
  ev['event.module'] = 'github';
  ev['event.dataset'] = 'github.audit';
  ev['event.action'] = action;
  put(ev, 'event.id', str(o._document_id));
  categorize(ev, action, str(o.operation_type));
  put(ev, 'user.name', str(o.actor));
  put(ev, 'user.id', str(o.actor_id));
  put(ev, 'user.target.name', str(o.user));
  put(ev, 'user.target.id', str(o.user_id));
  put(ev, 'source.ip', ip(o.actor_ip));
  const where = obj(o.actor_location);
  put(ev, 'source.geo.country_iso_code', str(where?.country_code));
  put(ev, 'source.geo.country_name', str(where?.country_name));
  put(ev, 'user_agent.original', str(o.user_agent));
  put(ev, 'organization.name', str(o.org) ?? str(o.business));
  put(ev, 'organization.id', str(o.org_id) ?? str(o.business_id));
  const ts = pickTime(o, ['@timestamp', 'created_at'], 'UTC') ?? receivedIso(ctx.received);
  return finishEvent(ev, raw, 'github', ts, budget.dropped);
}

/** Parses one GitHub audit log entry. */
export const parseGitHub: Parser = (raw, ctx) => {
  const parsed = parseJsonObject(raw);
  return parsed.ok ? normalizeGitHub(parsed.value, raw, ctx) : parsed;
};
