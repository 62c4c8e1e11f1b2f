/**
 * Google Cloud audit logs (Cloud Logging `LogEntry` records whose `protoPayload` is an `AuditLog`)
 * → ECS, and the entry point of format `gcp`, which also takes Google Workspace activity
 * (`gcp-workspace.ts`): Workspace records arrive either from the Admin SDK Reports API or as
 * Cloud Logging entries of `admin.googleapis.com`/`login.googleapis.com`, which are told apart
 * here by `protoPayload.serviceName`.
 *
 * One event is one `LogEntry`, as Cloud Logging exports it (Pub/Sub sink, `gcloud logging read
 * --format=json` items, Logs Explorer "copy as JSON"). Field reference:
 * https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry and
 * https://cloud.google.com/logging/docs/reference/audit/auditlog/rest/Shared.Types/AuditLog
 *
 * The whole entry is kept under `gcp.audit.<name>` with Google's own camelCase names
 * (`gcp.audit.protoPayload.methodName`, `gcp.audit.resource.type`, `gcp.audit.logName`). Lists of
 * objects are JSON text (see `json-flatten.ts`), so for `protoPayload.authorizationInfo` the
 * values of each key are also written as lists under the same dotted path
 * (`gcp.audit.protoPayload.authorizationInfo.permission: [...]`), as Elasticsearch flattens arrays
 * of objects; which permission went with which `granted` is then only in the JSON text. One field
 * is derived: `gcp.audit.logId`, the URL-decoded LOG_ID part of `logName`
 * (`cloudaudit.googleapis.com/activity`), since rules name the log, not the project path.
 */
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { isWorkspaceActivity, isWorkspaceLogEntry, normalizeWorkspace, projection } from './gcp-workspace.ts';
import { finishEvent, parseJsonObject } from './json-event.ts';
import { flattenInto, newBudget } from './json-flatten.ts';
import { receivedIso, timeValueToIso } from './json-time.ts';
import { ip, type JsonObject, newEvent, obj, put, str } from './json-values.ts';

const AUDIT_LOG_TYPE = 'type.googleapis.com/google.cloud.audit.AuditLog';

/** Whether `o` is a Cloud Logging entry carrying an `AuditLog` (Cloud or Workspace audit). */
export function isGcpAuditLogEntry(o: JsonObject): boolean {
  const p = obj(o.protoPayload);
  if (p === undefined) return false;
  if (p['@type'] === AUDIT_LOG_TYPE) return true;
  // some exporters drop `@type`; the entry's own keys and the payload's two names still say it
  return (
    typeof p.methodName === 'string' &&
    typeof p.serviceName === 'string' &&
    (typeof o.logName === 'string' || typeof o.insertId === 'string')
  );
}

/** Whether `o` is a record of format `gcp`: a Cloud audit log entry or Workspace activity. */
export function isGcpRecord(o: JsonObject): boolean {
  return isGcpAuditLogEntry(o) || isWorkspaceActivity(o);
}

/** `projects/p/logs/cloudaudit.googleapis.com%2Factivity` → `cloudaudit.googleapis.com/activity`. */
export function logIdOf(logName: string | undefined): string | undefined {
  if (logName === undefined) return undefined;
  const i = logName.indexOf('/logs/');
  if (i < 0) return undefined;
  const id = logName.slice(i + 6);
  try {
    return decodeURIComponent(id);
  } catch {
    return id; // a stray `%` is kept as written
  }
}

/** The last segment of a method name (`v1.compute.firewalls.delete` → `delete`) → `event.type`. */
const VERB_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['create', 'creation'],
  ['insert', 'creation'],
  ['delete', 'deletion'],
  ['remove', 'deletion'],
  ['update', 'change'],
  ['patch', 'change'],
  ['set', 'change'],
  ['replace', 'change'],
  ['get', 'access'],
  ['list', 'access'],
  ['aggregatedlist', 'access'],
];

function eventType(method: string): string | undefined {
  const verb = method.slice(method.lastIndexOf('.') + 1).toLowerCase();
  for (const [prefix, type] of VERB_TYPES) if (verb.startsWith(prefix)) return type;
  return undefined;
}

/** The project id from `resource.labels.project_id`, or from a `projects/<id>/logs/...` log name. */
function projectId(labels: JsonObject | undefined, logName: string | undefined): string | undefined {
  const fromLabels = str(labels?.project_id);
  if (fromLabels !== undefined) return fromLabels;
  if (logName?.startsWith('projects/')) {
    const end = logName.indexOf('/', 9);
    return end > 9 ? logName.slice(9, end) : undefined;
  }
  return undefined;
}

function setStatus(ev: VigilEvent, status: JsonObject | undefined): void {
  // `google.rpc.Status`: absent, `{}` or code 0 is OK; any other code is the error
  const code = status?.code;
  const failed = typeof code === 'number' ? code !== 0 : str(code) !== undefined && str(code) !== '0';
  ev['event.outcome'] = failed ? 'failure' : 'success';
  if (failed) {
    put(ev, 'error.code', str(code));
    put(ev, 'error.message', str(status?.message));
  }
}

/** Normalizes one Cloud audit log entry (dataset `gcp.audit`). */
export function normalizeGcpAudit(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  const p = obj(o.protoPayload);
  if (p === undefined) {
    return {
      ok: false,
      reason:
        'not a Cloud audit log entry: it has no protoPayload object; send the LogEntry as Cloud ' +
        'Logging exports it (a Pub/Sub sink message data, or one item of `gcloud logging read --format=json`)',
    };
  }
  const method = str(p.methodName);
  const service = str(p.serviceName);
  if (method === undefined && service === undefined) {
    return {
      ok: false,
      reason: 'not a Cloud audit log entry: protoPayload has neither methodName nor serviceName',
    };
  }
  const budget = newBudget();
  const ev = newEvent();
  flattenInto(ev, 'gcp.audit', o, budget);
  const authz = p.authorizationInfo;
  put(ev, 'gcp.audit.protoPayload.authorizationInfo.permission', projection(authz, 'permission'));
  put(ev, 'gcp.audit.protoPayload.authorizationInfo.granted', projection(authz, 'granted'));
  put(ev, 'gcp.audit.protoPayload.authorizationInfo.resource', projection(authz, 'resource'));
  const logName = str(o.logName);
  put(ev, 'gcp.audit.logId', logIdOf(logName));

  ev['cloud.provider'] = 'gcp';
  const resource = obj(o.resource);
  const labels = obj(resource?.labels);
  put(ev, 'cloud.project.id', projectId(labels, logName));
  put(ev, 'cloud.region', str(labels?.location) ?? str(labels?.region));
  put(ev, 'cloud.availability_zone', str(labels?.zone));
  ev['event.kind'] = 'event';
  ev['event.module'] = 'gcp';
  ev['event.dataset'] = 'gcp.audit';
  put(ev, 'event.action', method);
  put(ev, 'event.provider', service);
  put(ev, 'event.id', str(o.insertId));
  if (method !== undefined) {
    const type = eventType(method);
    if (type !== undefined) ev['event.type'] = [type];
  }
  setStatus(ev, obj(p.status));
  put(ev, 'log.level', str(o.severity)?.toLowerCase());
  put(ev, 'log.logger', logName);
  const email = str(obj(p.authenticationInfo)?.principalEmail);
  put(ev, 'user.name', email);
  if (email?.includes('@')) ev['user.email'] = email;
  const meta = obj(p.requestMetadata);
  // `callerIp` may be `private` or `gce-internal-ip` instead of an address: kept only under the prefix
  put(ev, 'source.ip', ip(str(meta?.callerIp)));
  put(ev, 'user_agent.original', str(meta?.callerSuppliedUserAgent));
  const ts =
    timeValueToIso(o.timestamp, 'UTC') ??
    timeValueToIso(o.receiveTimestamp, 'UTC') ??
    receivedIso(ctx.received);
  return finishEvent(ev, raw, 'gcp', ts, budget.dropped);
}

/** Normalizes one record of format `gcp`: Workspace activity, or else a Cloud audit log entry. */
export function normalizeGcp(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  if (isWorkspaceActivity(o) || isWorkspaceLogEntry(o)) return normalizeWorkspace(o, raw, ctx);
  if (o.protoPayload === undefined && (o.items !== undefined || o.entries !== undefined)) {
    return {
      ok: false,
      reason:
        'this is a list response (items/entries) holding many records; send each LogEntry or ' +
        'Reports API activity on its own',
    };
  }
  return normalizeGcpAudit(o, raw, ctx);
}

/** Parses one Cloud audit log entry or Google Workspace activity record. */
export const parseGcp: Parser = (raw, ctx) => {
  const parsed = parseJsonObject(raw);
  return parsed.ok ? normalizeGcp(parsed.value, raw, ctx) : parsed;
};
