/**
 * Okta System Log LogEvents → ECS.
 *
 * One event is one LogEvent, as the System Log API (`GET /api/v1/logs`) returns it inside its JSON
 * array and as log streaming / SIEM forwarders send it one per line. The API's array and an event
 * hook's envelope (`{"eventType":"com.okta.event_hook","data":{"events":[...]}}`) hold many: the
 * file-ingest path splits them with {@link splitOktaBatch}; sent as one event they are rejected with
 * a reason that says so.
 *
 * The whole record is kept under `okta.<name>` with Okta's own camelCase names, flattened like any
 * JSON (`okta.eventType`, `okta.actor.alternateId`, `okta.debugContext.debugData.requestUri`,
 * `okta.securityContext.isProxy`), so Sigma rules written against the LogEvent's names find them
 * under one prefix. Elastic's integration renames these to snake_case (`okta.event_type`); we keep
 * the wire names because that is what SigmaHQ's okta rules and Okta's docs use, and only borrow
 * Elastic's dataset name (`okta.system`).
 *
 * `target` is a list of objects, which flattening keeps as JSON text (`okta.target`); so rules can
 * still test "any target's displayName", each target key is also written as a list of the targets'
 * values (`okta.target.displayName: ["Okta Admin Console"]`). Which value belonged to which target
 * is in the JSON text.
 */
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { finishEvent, parseJsonObject } from './json-event.ts';
import { type FlattenBudget, flattenInto, newBudget } from './json-flatten.ts';
import { receivedIso, timeValueToIso } from './json-time.ts';
import { ip, isObject, type JsonObject, jsonText, newEvent, num, obj, put, str } from './json-values.ts';

/** Whether `o` is one Okta System Log LogEvent (every LogEvent has these four). */
export function isOktaRecord(o: JsonObject): boolean {
  return (
    typeof o.eventType === 'string' &&
    typeof o.published === 'string' &&
    typeof o.uuid === 'string' &&
    isObject(o.actor)
  );
}

/** The LogEvents of an event hook delivery (`data.events`), or undefined when `o` is not one. */
function hookEvents(o: JsonObject): unknown[] | undefined {
  if (o.eventType !== 'com.okta.event_hook') return undefined;
  const events = obj(o.data)?.events;
  return Array.isArray(events) ? events : undefined;
}

/**
 * Splits a batch of LogEvents (the System Log API's JSON array, or an event hook delivery) into
 * one JSON text per LogEvent. Any other text is returned as the single element, so the parser
 * gives it its own outcome. Never throws.
 */
export function splitOktaBatch(text: string): string[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    try {
      const v: unknown = JSON.parse(trimmed);
      if (Array.isArray(v) && v.every(isObject)) return v.map((e) => jsonText(e));
    } catch {
      // not JSON: the parser says why
    }
    return [text];
  }
  const parsed = parseJsonObject(text);
  const events = parsed.ok ? hookEvents(parsed.value) : undefined;
  return events === undefined ? [text] : events.map((e) => jsonText(e));
}

/** Okta `outcome.result` → ECS `event.outcome` (`SKIPPED`, `CHALLENGE`, `UNKNOWN` stay unknown). */
const OUTCOMES: Readonly<Record<string, 'success' | 'failure'>> = {
  SUCCESS: 'success',
  ALLOW: 'success',
  FAILURE: 'failure',
  DENY: 'failure',
};

/**
 * `eventType` prefix → ECS category and type, first match wins (longer prefixes first). Okta's
 * event types are `<object>.<sub>.<verb>`; this follows the families Elastic's okta pipeline
 * categorizes, so dashboards built on ECS categories see the same events.
 */
const CATEGORIES: ReadonlyArray<readonly [string, string, string]> = [
  ['user.session.start', 'authentication', 'start'],
  ['user.session.end', 'authentication', 'end'],
  ['user.authentication.', 'authentication', 'info'],
  ['user.mfa.', 'authentication', 'change'],
  ['user.lifecycle.create', 'iam', 'creation'],
  ['user.lifecycle.delete', 'iam', 'deletion'],
  ['user.lifecycle.', 'iam', 'change'],
  ['user.account.privilege.', 'iam', 'admin'],
  ['user.account.', 'iam', 'change'],
  ['group.user_membership.', 'iam', 'group'],
  ['group.privilege.', 'iam', 'admin'],
  ['group.', 'iam', 'group'],
  ['iam.', 'iam', 'admin'],
  ['policy.evaluate_sign_on', 'authentication', 'info'],
  ['policy.', 'configuration', 'change'],
  ['application.', 'configuration', 'change'],
  ['zone.', 'configuration', 'change'],
  ['system.', 'configuration', 'change'],
  ['security.threat.', 'threat', 'indicator'],
];

function categorize(ev: VigilEvent, eventType: string): void {
  for (const [prefix, category, type] of CATEGORIES) {
    if (eventType.startsWith(prefix)) {
      ev['event.category'] = [category];
      ev['event.type'] = [type];
      return;
    }
  }
}

/** Okta's `severity` (DEBUG/INFO/WARN/ERROR) → `log.level`, lower-case like other sources. */
function logLevel(v: unknown): string | undefined {
  return str(v)?.toLowerCase();
}

/** Writes each key of the `target` objects as a list of the targets' values (see file comment). */
function putTargetLists(ev: VigilEvent, targets: unknown, budget: FlattenBudget): void {
  if (!Array.isArray(targets)) return;
  const lists = new Map<string, string[]>();
  for (const t of targets) {
    if (!isObject(t)) continue;
    for (const key of ['id', 'type', 'alternateId', 'displayName'] as const) {
      const v = str(t[key]);
      if (v === undefined) continue;
      const list = lists.get(key);
      if (list === undefined) lists.set(key, [v]);
      else list.push(v);
    }
  }
  for (const [key, values] of lists) flattenInto(ev, `okta.target.${key}`, values, budget);
}

/** The first target of `type` (Okta writes the affected user as a target of type `User`). */
function firstTarget(targets: unknown, type: string): JsonObject | undefined {
  if (!Array.isArray(targets)) return undefined;
  for (const t of targets) if (isObject(t) && t.type === type) return t;
  return undefined;
}

function setSource(ev: VigilEvent, o: JsonObject): void {
  const client = obj(o.client);
  const addr = ip(client?.ipAddress);
  if (addr !== undefined) ev['source.ip'] = addr;
  const geo = obj(client?.geographicalContext);
  put(ev, 'source.geo.city_name', str(geo?.city));
  put(ev, 'source.geo.region_name', str(geo?.state));
  put(ev, 'source.geo.country_name', str(geo?.country));
  put(ev, 'source.geo.postal_code', str(geo?.postalCode));
  const security = obj(o.securityContext);
  put(ev, 'source.as.number', num(security?.asNumber));
  put(ev, 'source.as.organization.name', str(security?.asOrg));
  put(ev, 'user_agent.original', str(obj(client?.userAgent)?.rawUserAgent));
}

/**
 * Actor types that are people or Okta itself. An app or API client acting (`PublicClientApp`,
 * `PublicApp`) has its app name in `alternateId`, which is no user name; it stays under `okta.actor`.
 */
const USER_ACTORS = new Set(['User', 'SystemPrincipal']);

function setUsers(ev: VigilEvent, o: JsonObject): void {
  const actor = obj(o.actor);
  const type = str(actor?.type);
  if (type === undefined || USER_ACTORS.has(type)) {
    put(ev, 'user.name', str(actor?.alternateId));
    put(ev, 'user.id', str(actor?.id));
    put(ev, 'user.full_name', str(actor?.displayName));
  }
  const target = firstTarget(o.target, 'User');
  put(ev, 'user.target.name', str(target?.alternateId));
  put(ev, 'user.target.id', str(target?.id));
  put(ev, 'user.target.full_name', str(target?.displayName));
}

/** Normalizes one parsed Okta LogEvent. */
export function normalizeOkta(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  if (hookEvents(o) !== undefined) {
    return {
      ok: false,
      reason:
        'this is an Okta event hook delivery holding many LogEvents in data.events; split it into ' +
        'one LogEvent per event (file ingest does this) and send each on its own',
    };
  }
  const eventType = str(o.eventType);
  if (eventType === undefined) {
    return {
      ok: false,
      reason: 'not an Okta System Log LogEvent: it has no eventType (e.g. "user.session.start")',
    };
  }
  const budget = newBudget();
  const ev = newEvent();
  flattenInto(ev, 'okta', o, budget);
  putTargetLists(ev, o.target, budget);
  ev['event.kind'] = 'event';
  ev['event.module'] = 'okta';
  ev['event.dataset'] = 'okta.system';
  ev['event.provider'] = 'okta';
  ev['event.action'] = eventType;
  put(ev, 'event.id', str(o.uuid));
  const outcome = obj(o.outcome);
  const result = str(outcome?.result);
  ev['event.outcome'] = (result !== undefined ? OUTCOMES[result] : undefined) ?? 'unknown';
  put(ev, 'event.reason', str(outcome?.reason));
  put(ev, 'message', str(o.displayMessage));
  put(ev, 'log.level', logLevel(o.severity));
  categorize(ev, eventType);
  setSource(ev, o);
  setUsers(ev, o);
  const ts = timeValueToIso(o.published, 'UTC') ?? receivedIso(ctx.received);
  return finishEvent(ev, raw, 'okta', ts, budget.dropped);
}

/** Parses one Okta LogEvent. */
export const parseOkta: Parser = (raw, ctx) => {
  const parsed = parseJsonObject(raw);
  return parsed.ok ? normalizeOkta(parsed.value, raw, ctx) : parsed;
};
