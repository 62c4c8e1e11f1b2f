/**
 * Microsoft 365 unified audit records (Office 365 Management Activity API) → ECS.
 *
 * One event is one audit record: the common schema (`Id`, `RecordType`, `CreationTime`,
 * `Operation`, `OrganizationId`, `UserId`, `Workload`, `ResultStatus`, `ClientIP`, `ObjectId`)
 * plus the workload's own fields. A row of a Purview / `Search-UnifiedAuditLog` export, which
 * carries the record as JSON text in `AuditData`, is unwrapped to that record.
 * Schema: https://learn.microsoft.com/office/office-365-management-api/office-365-management-activity-api-schema
 *
 * Choices:
 * - The whole record is kept under `m365.audit.<name>` with Microsoft's own (PascalCase) names,
 *   so Sigma rules written against them map with one template. Lists of `{Name, Value}` pairs
 *   (`ExtendedProperties`, `Parameters`, `DeviceProperties`, `OperationProperties`) are kept as
 *   JSON text (what rules that search the whole list with `contains` expect) AND spread out by
 *   name (`m365.audit.ExtendedProperties.RequestType`), as Elastic's o365 integration does;
 *   `ModifiedProperties` gives `<Name>.NewValue` / `<Name>.OldValue`. A Security & Compliance
 *   alert's `Data` (JSON text) is also spread out under `m365.audit.Data.<key>`.
 * - ECS follows Elastic's o365 integration: `event.provider` is `Workload`, `event.action` is
 *   `Operation`, `organization.id` the tenant; like it, no `cloud.provider` (M365 is SaaS, not a
 *   cloud in ECS's sense). `event.outcome` comes from `ResultStatus` (`Succeeded`, `Success`,
 *   `PartiallySucceeded`, `True` / `Failed`, `False`) and is left unset for other values rather
 *   than guessed; an STS logon with a `LogonError` or a `UserLoginFailed` is a failure whatever
 *   `ResultStatus` says (Microsoft documents that it only reports the HTTP request there).
 * - Security & Compliance alerts (RecordType 40) are `event.kind: alert` with `rule.*` from the
 *   alert policy (`Name`, `PolicyId`, `Category`) and `event.severity` from `Severity`.
 */
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { finishEvent, parseJsonObject } from './json-event.ts';
import { type FlattenBudget, fieldName, flattenInto, newBudget } from './json-flatten.ts';
import { receivedIso, timeValueToIso } from './json-time.ts';
import { ip, isObject, type JsonObject, newEvent, num, port, put, str } from './json-values.ts';

const PREFIX = 'm365.audit';

/** Record types worth naming in `event.code` (AuditLogRecordType in the schema article). */
const RECORD_TYPES: ReadonlyMap<number, string> = new Map([
  [1, 'ExchangeAdmin'],
  [2, 'ExchangeItem'],
  [3, 'ExchangeItemGroup'],
  [4, 'SharePoint'],
  [6, 'SharePointFileOperation'],
  [7, 'OneDrive'],
  [8, 'AzureActiveDirectory'],
  [9, 'AzureActiveDirectoryAccountLogon'],
  [10, 'DataCenterSecurityCmdlet'],
  [11, 'ComplianceDLPSharePoint'],
  [13, 'ComplianceDLPExchange'],
  [14, 'SharePointSharingOperation'],
  [15, 'AzureActiveDirectoryStsLogon'],
  [18, 'SecurityComplianceCenterEOPCmdlet'],
  [20, 'PowerBIAudit'],
  [22, 'Yammer'],
  [24, 'Discovery'],
  [25, 'MicrosoftTeams'],
  [28, 'ThreatIntelligence'],
  [29, 'MailSubmission'],
  [40, 'SecurityComplianceAlerts'],
  [41, 'ThreatIntelligenceUrl'],
  [47, 'ThreatIntelligenceAtpContent'],
  [50, 'ExchangeItemAggregated'],
  [64, 'AirInvestigation'],
  [65, 'Quarantine'],
  [78, 'WDATPAlerts'],
  [98, 'MCASAlerts'],
]);
const SCC_ALERTS = 40;
const STS_LOGON = 15;

/** Lists of `{Name, Value}` pairs that are also spread out by name. */
const NAME_VALUE_LISTS = ['ExtendedProperties', 'Parameters', 'DeviceProperties', 'OperationProperties'];

function recordType(v: unknown): number | undefined {
  const n = num(v);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

function isCommonRecord(o: JsonObject): boolean {
  return (
    typeof o.Operation === 'string' &&
    typeof o.CreationTime === 'string' &&
    typeof o.OrganizationId === 'string' &&
    typeof o.Id === 'string' &&
    recordType(o.RecordType) !== undefined
  );
}

/** A Purview / `Search-UnifiedAuditLog` export row: the record is JSON text in `AuditData`. */
function isExportRow(o: JsonObject): boolean {
  return (
    typeof o.AuditData === 'string' &&
    o.AuditData.trimStart().startsWith('{') &&
    o.CreationDate !== undefined &&
    (typeof o.Operations === 'string' || typeof o.Operation === 'string')
  );
}

/** Whether `o` is one unified audit record (or an export row carrying one). */
export function isM365Record(o: JsonObject): boolean {
  return isCommonRecord(o) || isExportRow(o);
}

type RecordOutcome = { ok: true; record: JsonObject } | { ok: false; reason: string };

function recordOf(o: JsonObject): RecordOutcome {
  if (isCommonRecord(o)) return { ok: true, record: o };
  if (isExportRow(o)) {
    const inner = parseJsonObject(String(o.AuditData));
    if (inner.ok && isCommonRecord(inner.value)) return { ok: true, record: inner.value };
    return {
      ok: false,
      reason: 'the AuditData column of this audit export row is not a unified audit record',
    };
  }
  const missing = ['Id', 'RecordType', 'CreationTime', 'Operation', 'OrganizationId'].filter(
    (k) => o[k] === undefined,
  );
  return {
    ok: false,
    reason:
      'not a Microsoft 365 unified audit record (Office 365 Management Activity API): ' +
      (missing.length > 0
        ? `it lacks ${missing.join(', ')}`
        : 'Operation/CreationTime/OrganizationId/Id must be text') +
      '; send each record of a content blob on its own (vigil ingest splits it)',
  };
}

/** `[{Name, Value}, ...]` → the pairs, or null when the list is not of that shape. */
function namedPairs(list: unknown): Array<[string, unknown]> | null {
  if (!Array.isArray(list) || list.length === 0) return null;
  const out: Array<[string, unknown]> = [];
  for (const item of list) {
    if (!isObject(item) || typeof item.Name !== 'string' || item.Name === '') return null;
    out.push([item.Name, item.Value]);
  }
  return out;
}

/** Spreads name/value lists, `ModifiedProperties` and the alert `Data` under their own names. */
function spreadStructured(ev: VigilEvent, rec: JsonObject, budget: FlattenBudget): void {
  for (const key of NAME_VALUE_LISTS) {
    const pairs = namedPairs(rec[key]);
    if (pairs === null) continue;
    const base = fieldName(PREFIX, key);
    for (const [name, value] of pairs) flattenInto(ev, fieldName(base, name), value, budget);
  }
  if (Array.isArray(rec.ModifiedProperties)) {
    const base = fieldName(PREFIX, 'ModifiedProperties');
    for (const item of rec.ModifiedProperties) {
      if (!isObject(item) || typeof item.Name !== 'string' || item.Name === '') continue;
      const at = fieldName(base, item.Name);
      flattenInto(ev, fieldName(at, 'NewValue'), item.NewValue, budget);
      flattenInto(ev, fieldName(at, 'OldValue'), item.OldValue, budget);
    }
  }
  if (typeof rec.Data === 'string' && rec.Data.startsWith('{')) {
    const data = parseJsonObject(rec.Data);
    if (data.ok) flattenInto(ev, fieldName(PREFIX, 'Data'), data.value, budget);
  }
}

/** The value of one `{Name, Value}` entry of `ExtendedProperties`. */
function extended(rec: JsonObject, name: string): string | undefined {
  for (const [n, v] of namedPairs(rec.ExtendedProperties) ?? []) if (n === name) return str(v);
  return undefined;
}

/**
 * `ClientIP` as written by the workloads: `203.0.113.7`, `203.0.113.7:51234`,
 * `[2001:db8::7]:443`, `2001:db8::7`, `::ffff:203.0.113.7`.
 */
export function clientAddress(text: string | undefined): { ip: string; port?: number } | undefined {
  if (text === undefined) return undefined;
  const s = text.trim();
  const plain = ip(s);
  if (plain !== undefined) return { ip: plain };
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d+)$/.exec(s);
  const m = bracketed ?? v4port;
  const addr = ip(m?.[1]);
  if (m === null || addr === undefined) return undefined;
  const p = port(m[2]);
  return p === undefined ? { ip: addr } : { ip: addr, port: p };
}

function setSource(ev: VigilEvent, rec: JsonObject): void {
  const raw = str(rec.ClientIP) ?? str(rec.ClientIPAddress) ?? str(rec.ActorIpAddress) ?? str(rec.SenderIp);
  const addr = clientAddress(raw);
  if (addr === undefined) return;
  ev['source.ip'] = addr.ip;
  put(ev, 'source.port', addr.port);
}

function setUser(ev: VigilEvent, rec: JsonObject): void {
  const id = str(rec.UserId);
  if (id === undefined) return;
  ev['user.id'] = id;
  const at = id.indexOf('@');
  if (at > 0 && at === id.lastIndexOf('@') && at < id.length - 1) {
    ev['user.email'] = id;
    ev['user.name'] = id.slice(0, at);
    ev['user.domain'] = id.slice(at + 1);
  } else {
    ev['user.name'] = id; // a service identity: `SecurityComplianceAlerts`, `NT AUTHORITY\SYSTEM (...)`
  }
}

const SUCCESS = new Set(['succeeded', 'success', 'partiallysucceeded', 'true']);
const FAILURE = new Set(['failed', 'failure', 'false']);

function outcome(rec: JsonObject, op: string, type: number): 'success' | 'failure' | undefined {
  if (op === 'UserLoginFailed') return 'failure';
  if (type === STS_LOGON && str(rec.LogonError) !== undefined) return 'failure';
  const status = str(rec.ResultStatus)?.toLowerCase();
  if (status === undefined) return undefined;
  return SUCCESS.has(status) ? 'success' : FAILURE.has(status) ? 'failure' : undefined;
}

const SEVERITIES: ReadonlyMap<string, number> = new Map([
  ['informational', 1],
  ['low', 2],
  ['medium', 3],
  ['high', 4],
]);

function setAlert(ev: VigilEvent, rec: JsonObject): void {
  ev['event.kind'] = 'alert';
  put(ev, 'rule.name', str(rec.Name));
  put(ev, 'rule.id', str(rec.PolicyId));
  put(ev, 'rule.category', str(rec.Category));
  put(ev, 'message', str(rec.Comments));
  put(ev, 'event.severity', SEVERITIES.get(str(rec.Severity)?.toLowerCase() ?? ''));
}

/** Verb of an operation (`Add-MailboxPermission`, `Add member to role.`, `FileDeleted`) → `event.type`. */
function verbType(op: string): string | undefined {
  if (/^(New|Add|Create|Install)\b|^(File|Folder)(Uploaded|Created|Copied)$/.test(op)) return 'creation';
  if (/^(Remove|Delete|Uninstall)\b|^(File|Folder)Deleted/.test(op)) return 'deletion';
  if (/^(Set|Update|Enable|Disable|Reset|Change)\b|^(File|Folder)(Modified|Moved|Renamed|Restored)$/.test(op))
    return 'change';
  if (/^(Get|Search)\b|^File(Accessed|Downloaded|Previewed)/.test(op)) return 'access';
  return undefined;
}

function categorize(ev: VigilEvent, op: string, type: number): void {
  if (type === STS_LOGON || type === 9 || op === 'UserLoggedIn' || op === 'UserLoginFailed') {
    ev['event.category'] = ['authentication'];
    ev['event.type'] = ['start'];
    return;
  }
  let category: string | undefined;
  if (/^(File|Folder)[A-Z]/.test(op)) category = 'file';
  else if (type === 28 || type === 29) category = 'email';
  else if (type === 8 && /\b(user|group|role|member|password|authentication|service principal)\b/i.test(op))
    category = 'iam';
  else if (
    type === 1 ||
    type === 18 ||
    type === 10 ||
    (type === 8 && /\b(domain|company|policy)\b/i.test(op))
  )
    category = 'configuration';
  if (category !== undefined) ev['event.category'] = [category];
  const t = verbType(op);
  if (t !== undefined) ev['event.type'] = [t];
  else if (category !== undefined) ev['event.type'] = ['info'];
}

/** Normalizes one parsed unified audit record (or export row). */
export function normalizeM365(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  const found = recordOf(o);
  if (!found.ok) return found;
  const rec = found.record;
  const op = String(rec.Operation);
  const type = recordType(rec.RecordType) ?? -1;
  const budget = newBudget();
  const ev = newEvent();
  flattenInto(ev, PREFIX, rec, budget);
  spreadStructured(ev, rec, budget);
  ev['event.kind'] = 'event';
  ev['event.module'] = 'm365';
  ev['event.dataset'] = 'm365.audit';
  ev['event.action'] = op;
  put(ev, 'event.provider', str(rec.Workload));
  put(ev, 'event.id', str(rec.Id));
  put(ev, 'event.code', RECORD_TYPES.get(type) ?? str(rec.RecordType));
  put(ev, 'event.outcome', outcome(rec, op, type));
  put(ev, 'organization.id', str(rec.OrganizationId)?.toLowerCase());
  setSource(ev, rec);
  setUser(ev, rec);
  put(ev, 'user_agent.original', str(rec.UserAgent) ?? extended(rec, 'UserAgent'));
  if (type === SCC_ALERTS) setAlert(ev, rec);
  else categorize(ev, op, type);
  const ts = timeValueToIso(rec.CreationTime, 'UTC') ?? receivedIso(ctx.received);
  return finishEvent(ev, raw, 'm365', ts, budget.dropped);
}

/** Parses one unified audit record. */
export const parseM365: Parser = (raw, ctx) => {
  const parsed = parseJsonObject(raw);
  return parsed.ok ? normalizeM365(parsed.value, raw, ctx) : parsed;
};
