/**
 * Azure records → ECS: Entra ID (audit, sign-in, Identity Protection) and Azure Monitor activity
 * log entries as diagnostic settings export them to an Event Hub or a storage account, and PIM
 * alert incidents as Microsoft Graph returns them.
 *
 * Diagnostic-settings records share one top-level schema (`time`, `resourceId`, `operationName`,
 * `category`, `resultType`, `callerIpAddress`, `identity`, `properties`...;
 * https://learn.microsoft.com/azure/azure-monitor/essentials/resource-logs-schema). The `category`
 * picks the dataset, named as Elastic's azure integration names them:
 * - AuditLogs → `azure.auditlogs`;
 * - SignInLogs, NonInteractiveUserSignInLogs, ServicePrincipalSignInLogs,
 *   ManagedIdentitySignInLogs, ADFSSignInLogs → `azure.signinlogs`;
 * - RiskyUsers, UserRiskEvents, RiskyServicePrincipals, ServicePrincipalRiskEvents →
 *   `azure.identity_protection`;
 * - activity log categories (Administrative, Security, Policy, ... and the older Write / Delete /
 *   Action) → `azure.activitylogs`;
 * - any other category (resource logs of a service: Key Vault AuditEvent...) → `azure.platformlogs`.
 * PIM alert incidents (`"@odata.type": "#microsoft.graph.staleSignInAlertIncident"`, from
 * `/identityGovernance/roleManagementAlerts/alerts/{id}/alertIncidents`) are not exported by
 * diagnostic settings; they are their own kind, dataset `azure.pim`, with the incident type as
 * `event.action`.
 *
 * The whole record is kept under `azure.<dataset>.` with Azure's own names
 * (`azure.signinlogs.properties.status.errorCode`), so Sigma rules map onto it by a pipeline.
 * An Event Hub / storage blob envelope (`{"records":[...]}`) holds many records: file ingest splits
 * it with `splitRecords` (`record-files.ts`); sent as one event it is rejected with a reason that says so.
 */
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { setAuditFields } from './azure-audit.ts';
import { setActivityFields, setCommonFields, setRiskFields, setSignInFields } from './azure-ecs.ts';
import { azureTime } from './azure-time.ts';
import { finishEvent, parseJsonObject } from './json-event.ts';
import { flattenInto, newBudget } from './json-flatten.ts';
import { receivedIso } from './json-time.ts';
import { type JsonObject, newEvent, obj, put, str } from './json-values.ts';

export type AzureDataset =
  | 'activitylogs'
  | 'auditlogs'
  | 'signinlogs'
  | 'identity_protection'
  | 'platformlogs'
  | 'pim';

/** Lower-cased diagnostic category → dataset, for the categories that are not platform logs. */
const DATASETS: ReadonlyMap<string, AzureDataset> = new Map([
  ['auditlogs', 'auditlogs'],
  ['signinlogs', 'signinlogs'],
  ['noninteractiveusersigninlogs', 'signinlogs'],
  ['serviceprincipalsigninlogs', 'signinlogs'],
  ['managedidentitysigninlogs', 'signinlogs'],
  ['adfssigninlogs', 'signinlogs'],
  ['riskyusers', 'identity_protection'],
  ['userriskevents', 'identity_protection'],
  ['riskyserviceprincipals', 'identity_protection'],
  ['serviceprincipalriskevents', 'identity_protection'],
  ['administrative', 'activitylogs'],
  ['security', 'activitylogs'],
  ['servicehealth', 'activitylogs'],
  ['alert', 'activitylogs'],
  ['recommendation', 'activitylogs'],
  ['policy', 'activitylogs'],
  ['autoscale', 'activitylogs'],
  ['resourcehealth', 'activitylogs'],
  ['write', 'activitylogs'],
  ['delete', 'activitylogs'],
  ['action', 'activitylogs'],
]);

const PIM_INCIDENT = /^#microsoft\.graph\.([A-Za-z]+AlertIncident)$/;

function category(o: JsonObject): string | undefined {
  return str(o.category) ?? str(o.Category);
}

/** The Graph type name of a PIM alert incident (`staleSignInAlertIncident`), or undefined. */
function pimIncidentType(o: JsonObject): string | undefined {
  const t = o['@odata.type'];
  return typeof t === 'string' ? PIM_INCIDENT.exec(t)?.[1] : undefined;
}

/** Whether `o` is one Azure diagnostic-settings record or one PIM alert incident. */
export function isAzureRecord(o: JsonObject): boolean {
  if (pimIncidentType(o) !== undefined) return true;
  const rid = o.resourceId;
  return (
    typeof rid === 'string' &&
    rid.startsWith('/') &&
    typeof o.operationName === 'string' &&
    category(o) !== undefined
  );
}

/** Whether `o` is an Event Hub / storage envelope (`{"records":[record, ...]}`). */
export function isAzureRecordsFile(o: JsonObject): boolean {
  const r = o.records;
  if (!Array.isArray(r)) return false;
  const first = obj(r[0]);
  return r.length === 0 || (first !== undefined && isAzureRecord(first));
}

/** The dataset of a diagnostic `category`. */
export function azureDataset(cat: string): AzureDataset {
  return DATASETS.get(cat.toLowerCase()) ?? 'platformlogs';
}

function base(ev: VigilEvent, dataset: AzureDataset): void {
  ev['cloud.provider'] = 'azure';
  ev['event.kind'] = 'event';
  ev['event.module'] = 'azure';
  ev['event.dataset'] = `azure.${dataset}`;
}

function normalizePim(o: JsonObject, type: string, raw: string, ctx: ParseContext): ParseOutcome {
  const budget = newBudget();
  const ev = newEvent();
  flattenInto(ev, 'azure.pim', o, budget);
  base(ev, 'pim');
  ev['event.kind'] = 'alert';
  ev['event.category'] = ['iam'];
  ev['event.action'] = type;
  put(ev, 'event.id', str(o.id));
  put(ev, 'user.name', str(o.assigneeUserPrincipalName) ?? str(o.assigneeDisplayName));
  put(ev, 'user.id', str(o.assigneeId));
  const role = str(o.roleDisplayName);
  if (role !== undefined) ev['user.roles'] = [role];
  // an incident states a condition found by PIM's scan and carries no time of its own
  return finishEvent(ev, raw, 'azure', receivedIso(ctx.received), budget.dropped);
}

/** Normalizes one parsed Azure record. */
export function normalizeAzure(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  if (isAzureRecordsFile(o)) {
    return {
      ok: false,
      reason:
        'this is an Azure Event Hub / storage envelope ({"records":[...]}) holding many events; ' +
        'split it into one record per event (file ingest does this) and send each record on its own',
    };
  }
  const pim = pimIncidentType(o);
  if (pim !== undefined) return normalizePim(o, pim, raw, ctx);
  const cat = category(o);
  const op = str(o.operationName);
  if (cat === undefined || op === undefined) {
    return {
      ok: false,
      reason:
        'not an Azure diagnostic-settings record: it needs "category" and "operationName" ' +
        '(as Azure Monitor diagnostic settings export them), or a PIM alert incident "@odata.type"',
    };
  }
  const dataset = azureDataset(cat);
  const budget = newBudget();
  const ev = newEvent();
  flattenInto(ev, `azure.${dataset}`, o, budget);
  base(ev, dataset);
  ev['event.action'] = op;
  setCommonFields(ev, o);
  if (dataset === 'signinlogs') setSignInFields(ev, o);
  else if (dataset === 'auditlogs') setAuditFields(ev, o);
  else if (dataset === 'activitylogs') setActivityFields(ev, o);
  else if (dataset === 'identity_protection') setRiskFields(ev, o);
  const ts = azureTime(o) ?? receivedIso(ctx.received);
  return finishEvent(ev, raw, 'azure', ts, budget.dropped);
}

/** Parses one Azure record. */
export const parseAzure: Parser = (raw, ctx) => {
  const parsed = parseJsonObject(raw);
  return parsed.ok ? normalizeAzure(parsed.value, raw, ctx) : parsed;
};
