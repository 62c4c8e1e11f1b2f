/**
 * Google Workspace activity (Admin console and login audit) → ECS, under format `gcp`.
 *
 * Two shapes of the same activity are taken:
 * - an Admin SDK Reports API activity (`kind: admin#reports#activity`, `id.applicationName`,
 *   `actor.email`, `ipAddress`, `events[{type, name, parameters[{name, value|intValue|boolValue|
 *   multiValue...}]}]`), as `activities.list` returns it:
 *   https://developers.google.com/admin-sdk/reports/reference/rest/v1/activities/list
 * - a Cloud Logging entry of Workspace audit shared with Google Cloud (`protoPayload.serviceName`
 *   `admin.googleapis.com` or `login.googleapis.com`, `protoPayload.metadata.event[{eventName,
 *   eventType, parameter[{name, value|intValue|boolValue|multiStrValue...}]}]`):
 *   https://cloud.google.com/logging/docs/audit/gsuite-audit-logging
 *
 * The record is kept under `google_workspace.<name>` with Google's names, flattened
 * (`google_workspace.actor.email`, `google_workspace.protoPayload.serviceName`). The event lists
 * are JSON text there, so their names and types are also written as lists under the same path
 * (`google_workspace.events.name`, `google_workspace.protoPayload.metadata.event.eventName`), and
 * every event parameter, from either shape, by its own name under `google_workspace.parameters.`
 * (`google_workspace.parameters.SETTING_NAME`, `google_workspace.parameters.login_type`); a name
 * that several events carry gets all their values. The dataset is `google_workspace.<application>`
 * (`admin`, `login`, `drive`...) as Elastic's integration names them.
 */
import type { FieldValue, Scalar, VigilEvent } from '../../core/event.ts';
import type { ParseContext, ParseOutcome } from '../types.ts';
import { finishEvent } from './json-event.ts';
import { flattenInto, newBudget } from './json-flatten.ts';
import { receivedIso, timeValueToIso } from './json-time.ts';
import { ip, isObject, type JsonObject, jsonText, newEvent, obj, put, setOwn, str } from './json-values.ts';

/** Workspace services Cloud Logging carries as audit entries, by application name. */
const SERVICE_APPS: Readonly<Record<string, string>> = {
  'admin.googleapis.com': 'admin',
  'login.googleapis.com': 'login',
};

/**
 * The values of `key` across a list of objects, scalars only (nested values are skipped), or
 * undefined when none has one: the Elasticsearch-style projection of an array of objects.
 */
export function projection(list: unknown, key: string): Scalar[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: Scalar[] = [];
  for (const item of list) {
    const v = obj(item)?.[key];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.push(v);
  }
  return out.length > 0 ? out : undefined;
}

/** Whether `o` is one Reports API activity. */
export function isWorkspaceActivity(o: JsonObject): boolean {
  if (o.kind === 'admin#reports#activity') return true;
  const id = obj(o.id);
  return typeof id?.applicationName === 'string' && Array.isArray(o.events) && isObject(o.actor);
}

/** Whether `o` is a Cloud Logging audit entry of a Workspace service (admin, login). */
export function isWorkspaceLogEntry(o: JsonObject): boolean {
  const service = str(obj(o.protoPayload)?.serviceName);
  return service !== undefined && Object.hasOwn(SERVICE_APPS, service);
}

/** Parameter names become field names: plain words only (anything else stays in the JSON text). */
const PARAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A parameter's value from whichever of Google's typed slots holds it. */
function paramValue(p: JsonObject): FieldValue | undefined {
  for (const k of ['value', 'intValue', 'boolValue']) {
    const v = p[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  }
  for (const k of ['multiValue', 'multiStrValue', 'multiIntValue', 'multiBoolValue']) {
    const v = p[k];
    if (Array.isArray(v)) return v.filter((x): x is Scalar => x === null || typeof x !== 'object');
  }
  const nested = p.messageValue ?? p.multiMessageValue;
  return nested === undefined ? undefined : jsonText(nested);
}

/** Writes every parameter of every event as `google_workspace.parameters.<name>`. */
function putParameters(ev: VigilEvent, events: unknown[], listKey: 'parameters' | 'parameter'): void {
  const seen = new Map<string, Scalar[]>();
  for (const e of events) {
    const params = obj(e)?.[listKey];
    if (!Array.isArray(params)) continue;
    for (const p of params) {
      const po = obj(p);
      const name = str(po?.name);
      if (po === undefined || name === undefined || !PARAM_NAME.test(name)) continue;
      const v = paramValue(po);
      if (v === undefined) continue;
      const key = `google_workspace.parameters.${name}`;
      const prior = seen.get(key);
      if (prior === undefined) {
        seen.set(key, Array.isArray(v) ? [...v] : [v]);
        setOwn(ev, key, v);
      } else {
        prior.push(...(Array.isArray(v) ? v : [v]));
        setOwn(ev, key, [...prior]);
      }
    }
  }
}

const LOGIN_OUTCOMES: Readonly<Record<string, string>> = {
  login_success: 'success',
  login_failure: 'failure',
  login_verification: 'success',
};

function setCategories(ev: VigilEvent, app: string, names: Scalar[] | undefined): void {
  if (app === 'login') {
    ev['event.category'] = ['authentication'];
    const first = typeof names?.[0] === 'string' ? names[0] : undefined;
    const outcome = first === undefined ? undefined : LOGIN_OUTCOMES[first];
    if (outcome !== undefined) {
      ev['event.type'] = ['start'];
      ev['event.outcome'] = outcome;
    }
  } else if (app === 'admin') {
    ev['event.category'] = ['configuration'];
  }
}

/** A dataset-safe application name (`admin`, `login`, `user_accounts`), or undefined. */
function appName(v: unknown): string | undefined {
  const s = str(v)?.toLowerCase();
  return s !== undefined && /^[a-z0-9_]{1,40}$/.test(s) ? s : undefined;
}

function normalizeActivity(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  const id = obj(o.id);
  const app = appName(id?.applicationName);
  if (app === undefined) {
    return {
      ok: false,
      reason: 'not a Workspace activity: id.applicationName is missing or not a plain name',
    };
  }
  const events = Array.isArray(o.events) ? o.events : [];
  const budget = newBudget();
  const ev = newEvent();
  flattenInto(ev, 'google_workspace', o, budget);
  const names = projection(events, 'name');
  put(ev, 'google_workspace.events.name', names);
  put(ev, 'google_workspace.events.type', projection(events, 'type'));
  putParameters(ev, events, 'parameters');
  ev['event.kind'] = 'event';
  ev['event.module'] = 'google_workspace';
  ev['event.dataset'] = `google_workspace.${app}`;
  ev['event.provider'] = `${app}.googleapis.com`;
  put(ev, 'event.action', str(names?.[0]));
  put(ev, 'event.id', str(id?.uniqueQualifier));
  put(ev, 'organization.id', str(id?.customerId));
  const actor = obj(o.actor);
  const email = str(actor?.email);
  put(ev, 'user.name', email);
  put(ev, 'user.email', email);
  put(ev, 'user.id', str(actor?.profileId));
  put(ev, 'source.ip', ip(str(o.ipAddress)));
  setCategories(ev, app, names);
  const ts = timeValueToIso(id?.time, 'UTC') ?? receivedIso(ctx.received);
  return finishEvent(ev, raw, 'gcp', ts, budget.dropped);
}

function normalizeLogEntry(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  const p = obj(o.protoPayload) ?? {};
  const service = str(p.serviceName) ?? '';
  const app = SERVICE_APPS[service] ?? 'admin';
  const metadata = obj(p.metadata);
  const events = Array.isArray(metadata?.event) ? metadata.event : [];
  const budget = newBudget();
  const ev = newEvent();
  flattenInto(ev, 'google_workspace', o, budget);
  const names = projection(events, 'eventName');
  put(ev, 'google_workspace.protoPayload.metadata.event.eventName', names);
  put(ev, 'google_workspace.protoPayload.metadata.event.eventType', projection(events, 'eventType'));
  putParameters(ev, events, 'parameter');
  ev['event.kind'] = 'event';
  ev['event.module'] = 'google_workspace';
  ev['event.dataset'] = `google_workspace.${app}`;
  ev['event.provider'] = service;
  put(ev, 'event.action', str(names?.[0]) ?? str(p.methodName));
  put(ev, 'event.id', str(o.insertId));
  const email = str(obj(p.authenticationInfo)?.principalEmail);
  put(ev, 'user.name', email);
  put(ev, 'user.email', email);
  const meta = obj(p.requestMetadata);
  put(ev, 'source.ip', ip(str(meta?.callerIp)));
  put(ev, 'user_agent.original', str(meta?.callerSuppliedUserAgent));
  put(ev, 'log.logger', str(o.logName));
  setCategories(ev, app, names);
  const ts = timeValueToIso(o.timestamp, 'UTC') ?? receivedIso(ctx.received);
  return finishEvent(ev, raw, 'gcp', ts, budget.dropped);
}

/** Normalizes one Workspace activity, in either shape (see the file comment). */
export function normalizeWorkspace(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  if (isWorkspaceActivity(o)) return normalizeActivity(o, raw, ctx);
  if (isWorkspaceLogEntry(o)) return normalizeLogEntry(o, raw, ctx);
  return {
    ok: false,
    reason:
      'not Google Workspace activity: expected a Reports API activity (kind admin#reports#activity) ' +
      'or a Cloud Logging entry of admin.googleapis.com / login.googleapis.com',
  };
}
