/**
 * AWS CloudTrail records → ECS.
 *
 * One event is one record. A CloudTrail log file (`{"Records":[...]}`) holds many: the file-ingest
 * path splits it with `splitRecords` (`record-files.ts`); sent as one event it is rejected with a reason
 * that says so.
 *
 * The whole record is kept under `aws.cloudtrail.<name>` with CloudTrail's own (camelCase) names,
 * flattened like any JSON (`aws.cloudtrail.userIdentity.arn`,
 * `aws.cloudtrail.requestParameters.userName`, `aws.cloudtrail.responseElements.ConsoleLogin`),
 * so rules written against CloudTrail names find them under one prefix; lists of objects in
 * `requestParameters`/`resources` are kept as JSON text (see `json-flatten.ts`).
 */
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { finishEvent, parseJsonObject } from './json-event.ts';
import { flattenInto, newBudget } from './json-flatten.ts';
import { receivedIso, timeValueToIso } from './json-time.ts';
import { ip, isObject, type JsonObject, newEvent, obj, put, str } from './json-values.ts';

/** Whether `o` is one CloudTrail record. */
export function isCloudTrailRecord(o: JsonObject): boolean {
  return (
    typeof o.eventName === 'string' &&
    typeof o.eventSource === 'string' &&
    (o.awsRegion !== undefined || o.eventVersion !== undefined)
  );
}

/** Whether `o` is a CloudTrail log file (`{"Records":[record, ...]}`). */
export function isCloudTrailFile(o: JsonObject): boolean {
  const r = o.Records;
  if (!Array.isArray(r)) return false;
  const first = obj(r[0]);
  return (
    r.length === 0 ||
    (first !== undefined && (first.eventName !== undefined || first.eventSource !== undefined))
  );
}

/** `arn:aws:sts::123:assumed-role/Role/session` → `session`; `.../federated-user/Bob` → `Bob`. */
function arnTail(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const i = arn.lastIndexOf('/');
  return i < 0 || i === arn.length - 1 ? undefined : arn.slice(i + 1);
}

function setUser(ev: VigilEvent, ui: JsonObject | undefined): void {
  if (ui === undefined) return;
  const type = str(ui.type);
  const arn = str(ui.arn);
  let name: string | undefined;
  if (type === 'Root') name = str(ui.userName) ?? 'root';
  else if (type === 'AssumedRole' || type === 'FederatedUser') name = arnTail(arn);
  else name = str(ui.userName) ?? (type === 'IAMUser' ? arnTail(arn) : undefined);
  put(ev, 'user.name', name);
  put(ev, 'user.id', str(ui.principalId));
  const issuer = obj(obj(ui.sessionContext)?.sessionIssuer);
  const role = str(issuer?.arn);
  if (role !== undefined) ev['user.roles'] = [role];
}

const AUTH_EVENTS = new Set([
  'ConsoleLogin',
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'GetSessionToken',
  'GetFederationToken',
  'CheckMfa',
]);

/** Event-name verb → `event.type`. */
const VERB_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['Create', 'creation'],
  ['Delete', 'deletion'],
  ['Remove', 'deletion'],
  ['Put', 'change'],
  ['Update', 'change'],
  ['Modify', 'change'],
  ['Attach', 'change'],
  ['Detach', 'change'],
  ['Add', 'change'],
  ['Set', 'change'],
  ['Enable', 'change'],
  ['Disable', 'change'],
  ['Get', 'access'],
  ['List', 'access'],
  ['Describe', 'access'],
];

function categorize(ev: VigilEvent, name: string, source: string | undefined): void {
  if (AUTH_EVENTS.has(name)) {
    ev['event.category'] = ['authentication'];
    ev['event.type'] = ['start'];
    return;
  }
  for (const [verb, type] of VERB_TYPES) {
    if (name.startsWith(verb)) {
      ev['event.type'] = [type];
      break;
    }
  }
  if (source === 'iam.amazonaws.com') ev['event.category'] = ['iam'];
}

/** Normalizes one parsed CloudTrail record. */
export function normalizeCloudTrail(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  if (isCloudTrailFile(o)) {
    return {
      ok: false,
      reason:
        'this is a CloudTrail log file ({"Records":[...]}) holding many events; split it into ' +
        'one record per event (file ingest does this) and send each record on its own',
    };
  }
  const name = str(o.eventName);
  const source = str(o.eventSource);
  if (name === undefined && source === undefined) {
    return { ok: false, reason: 'not a CloudTrail record: it has neither eventName nor eventSource' };
  }
  const budget = newBudget();
  const ev = newEvent();
  flattenInto(ev, 'aws.cloudtrail', o, budget);
  ev['cloud.provider'] = 'aws';
  put(ev, 'cloud.region', str(o.awsRegion));
  const ui = obj(o.userIdentity);
  put(ev, 'cloud.account.id', str(o.recipientAccountId) ?? str(ui?.accountId));
  ev['event.kind'] = 'event';
  ev['event.module'] = 'aws';
  ev['event.dataset'] = 'aws.cloudtrail';
  put(ev, 'event.action', name);
  put(ev, 'event.provider', source);
  put(ev, 'event.id', str(o.eventID));
  const failed =
    o.errorCode !== undefined || str(obj(o.responseElements)?.ConsoleLogin)?.toLowerCase() === 'failure';
  ev['event.outcome'] = failed ? 'failure' : 'success';
  put(ev, 'error.code', str(o.errorCode));
  put(ev, 'error.message', str(o.errorMessage));
  const from = str(o.sourceIPAddress);
  const addr = ip(from);
  if (addr !== undefined) ev['source.ip'] = addr;
  else put(ev, 'source.domain', from);
  put(ev, 'user_agent.original', str(o.userAgent));
  setUser(ev, ui);
  if (name !== undefined) categorize(ev, name, source);
  const tls = isObject(o.tlsDetails) ? o.tlsDetails : undefined;
  const tlsVersion = str(tls?.tlsVersion);
  if (tlsVersion?.startsWith('TLSv')) ev['tls.version'] = tlsVersion.slice(4);
  put(ev, 'tls.cipher', str(tls?.cipherSuite));
  const ts = timeValueToIso(o.eventTime, 'UTC') ?? receivedIso(ctx.received);
  return finishEvent(ev, raw, 'cloudtrail', ts, budget.dropped);
}

/** Parses one CloudTrail record. */
export const parseCloudTrail: Parser = (raw, ctx) => {
  const parsed = parseJsonObject(raw);
  return parsed.ok ? normalizeCloudTrail(parsed.value, raw, ctx) : parsed;
};
