/**
 * ECS fields of the Azure record kinds other than audit logs (`azure-audit.ts`): Entra sign-ins,
 * Azure Monitor activity log entries, Identity Protection risk records, and what every record
 * shares (the resource path, tenant, correlation id).
 *
 * Names of derived Azure fields follow Elastic's azure integration (`azure.resource.provider`,
 * `azure.subscription_id`, `azure.tenant_id`, `azure.correlation_id`), so a record reads the same
 * in Vigil as in Kibana; the vendor's own fields stay under `azure.<dataset>.` as written.
 */
import type { VigilEvent } from '../../core/event.ts';
import { ip, type JsonObject, jsonText, num, obj, put, str } from './json-values.ts';

/** Parts of an ARM resource id: `/subscriptions/<s>/resourceGroups/<g>/providers/<ns>/<type>/<name>`. */
export interface ResourcePath {
  subscription?: string;
  tenant?: string;
  group?: string;
  provider?: string;
  name?: string;
}

/** Reads a resource id case-insensitively (Activity Log writes it upper-cased). */
export function resourcePath(id: string): ResourcePath {
  const parts = id.split('/').filter((p) => p.length > 0);
  const out: ResourcePath = {};
  for (let i = 0; i + 1 < parts.length; i++) {
    const key = (parts[i] as string).toLowerCase();
    const value = parts[i + 1] as string;
    if (key === 'subscriptions' && out.subscription === undefined) out.subscription = value;
    else if (key === 'tenants' && out.tenant === undefined) out.tenant = value;
    else if (key === 'resourcegroups' && out.group === undefined) out.group = value;
    else if (key === 'providers' && out.provider === undefined) out.provider = value;
  }
  const last = parts[parts.length - 1];
  if (out.provider !== undefined && last !== undefined && last !== out.provider) out.name = last;
  return out;
}

/** Fields every Azure record carries: resource, tenant/subscription, caller address. */
export function setCommonFields(ev: VigilEvent, o: JsonObject): void {
  const rid = str(o.resourceId);
  const path = rid === undefined ? {} : resourcePath(rid);
  put(ev, 'azure.resource.id', rid);
  put(ev, 'azure.resource.group', path.group);
  put(ev, 'azure.resource.provider', path.provider);
  put(ev, 'azure.resource.name', path.name);
  put(ev, 'azure.subscription_id', path.subscription);
  const tenant = str(o.tenantId) ?? path.tenant;
  put(ev, 'azure.tenant_id', tenant);
  put(ev, 'azure.correlation_id', str(o.correlationId));
  put(ev, 'cloud.account.id', path.subscription ?? tenant);
  const caller = str(o.callerIpAddress);
  const addr = ip(caller);
  if (addr !== undefined) ev['source.ip'] = addr;
}

/** Sign-in records (interactive, non-interactive, service principal, managed identity, ADFS). */
export function setSignInFields(ev: VigilEvent, o: JsonObject): void {
  const p = obj(o.properties) ?? {};
  ev['event.category'] = ['authentication'];
  ev['event.type'] = ['start'];
  const status = obj(p.status);
  const code = str(o.resultType) ?? str(status?.errorCode);
  if (code !== undefined) {
    // 0 is success; any other AADSTS code is a failed or interrupted sign-in
    ev['event.outcome'] = code === '0' ? 'success' : 'failure';
    if (code !== '0') {
      ev['error.code'] = code;
      put(ev, 'error.message', str(o.resultDescription) ?? str(status?.failureReason));
    }
  }
  put(ev, 'event.id', str(p.id));
  put(ev, 'user.name', str(p.userPrincipalName) ?? str(p.servicePrincipalName));
  put(ev, 'user.id', str(p.userId) ?? str(p.servicePrincipalId));
  put(ev, 'user.full_name', str(p.userDisplayName));
  const addr = ip(p.ipAddress);
  if (addr !== undefined) ev['source.ip'] = addr;
  put(ev, 'user_agent.original', str(p.userAgent));
  const loc = obj(p.location);
  put(ev, 'source.geo.country_iso_code', str(loc?.countryOrRegion));
  put(ev, 'source.geo.city_name', str(loc?.city));
  put(ev, 'source.as.number', num(p.autonomousSystemNumber));
  // always JSON text, as Log Analytics shows it: an empty list reads `[]` (rules test for that)
  const nld = p.networkLocationDetails;
  if (Array.isArray(nld)) ev['azure.signinlogs.properties.networkLocationDetails'] = jsonText(nld);
}

const CLAIM_NAME = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name';
const CLAIM_UPN = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn';
const CLAIM_OID = 'http://schemas.microsoft.com/identity/claims/objectidentifier';

/** Activity log `resultType`: Success/Succeeded, Failure/Failed; Start, Accept... say nothing yet. */
function activityOutcome(v: string | undefined): 'success' | 'failure' | undefined {
  const s = v?.toLowerCase();
  if (s === 'success' || s === 'succeeded') return 'success';
  if (s === 'failure' || s === 'failed') return 'failure';
  return undefined;
}

/** Azure Monitor activity log entries (Administrative, Security, Policy, ...). */
export function setActivityFields(ev: VigilEvent, o: JsonObject): void {
  const outcome = activityOutcome(str(o.resultType));
  if (outcome !== undefined) ev['event.outcome'] = outcome;
  const op = str(o.operationName)?.toLowerCase() ?? '';
  if (op.endsWith('/write')) ev['event.type'] = ['change'];
  else if (op.endsWith('/delete')) ev['event.type'] = ['deletion'];
  if (op.startsWith('microsoft.authorization/')) ev['event.category'] = ['iam'];
  const claims = obj(obj(o.identity)?.claims);
  put(ev, 'user.name', str(claims?.[CLAIM_UPN]) ?? str(claims?.[CLAIM_NAME]) ?? str(claims?.appid));
  put(ev, 'user.id', str(claims?.[CLAIM_OID]));
  const location = str(o.location);
  if (location !== undefined && location.toLowerCase() !== 'global') ev['cloud.region'] = location;
}

/** Identity Protection records: risky users and user / service principal risk events. */
export function setRiskFields(ev: VigilEvent, o: JsonObject): void {
  const p = obj(o.properties) ?? {};
  ev['event.category'] = ['intrusion_detection'];
  ev['event.type'] = ['indicator'];
  put(ev, 'event.id', str(p.id));
  put(ev, 'user.name', str(p.userPrincipalName) ?? str(p.servicePrincipalDisplayName));
  put(ev, 'user.id', str(p.userId) ?? str(p.servicePrincipalId));
  put(ev, 'user.full_name', str(p.userDisplayName));
  const addr = ip(p.ipAddress);
  if (addr !== undefined) ev['source.ip'] = addr;
}
