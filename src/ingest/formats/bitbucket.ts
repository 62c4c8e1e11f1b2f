/**
 * Bitbucket Server / Data Center audit events → ECS.
 *
 * Two shapes of the same event are accepted, one JSON object per event:
 * - a line of the audit log file (`<home>/log/audit/*.audit.log`): `auditType` {action,
 *   actionI18nKey, area, category, categoryI18nKey, level}, `author` {id, name, type},
 *   `timestamp` {epochSecond, nano}, `affectedObjects`, `changedValues`, `extraAttributes`,
 *   `method`, `node`, `source`, `system`, `version`
 *   (https://confluence.atlassian.com/bitbucketserver/audit-log-integrations-in-bitbucket-1043905213.html);
 * - an entity of the audit REST API (`/rest/auditing/1.0/events`): the same fields, but the
 *   type is under `type` and `timestamp` is ISO text. A whole API page (`{"entities":[...]}`) is
 *   rejected with a reason: each entity is one event.
 *
 * The whole entry is kept under `bitbucket.<name>` with Atlassian's own names
 * (`bitbucket.auditType.category`, `bitbucket.author.name`), the names SigmaHQ's Bitbucket
 * rules use; the lists of objects (`affectedObjects`...) are kept as JSON text. `event.action`
 * is the locale-independent `actionI18nKey`, as in Elastic's Bitbucket integration (the English
 * text stays in `bitbucket.auditType.action`).
 *
 * Jira, Confluence and other Atlassian Data Center products write the same audit file format;
 * {@link isBitbucketRecord} turns down entries whose i18n keys name another product, but the
 * shared `atlassian.audit.*` events (audit-log settings and searches) carry no product mark and
 * are claimed.
 */
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { finishEvent, parseJsonObject } from './json-event.ts';
import { flattenInto, newBudget } from './json-flatten.ts';
import { epochAnyToIso, receivedIso, timeValueToIso } from './json-time.ts';
import { ip, type JsonObject, newEvent, num, obj, put, str } from './json-values.ts';

/** i18n keys of the other Atlassian products that share the audit format. */
const OTHER_PRODUCT =
  /^(jira|confluence|crowd|bamboo|fecru|fisheye|crucible|com\.atlassian\.(jira|confluence|crowd|bamboo))\./;

/** The audit type object: `auditType` in the log file, `type` in the REST API. */
function auditTypeOf(o: JsonObject): JsonObject | undefined {
  return obj(o.auditType) ?? obj(o.type);
}

function namesOtherProduct(t: JsonObject): boolean {
  const a = str(t.actionI18nKey);
  const c = str(t.categoryI18nKey);
  return (a !== undefined && OTHER_PRODUCT.test(a)) || (c !== undefined && OTHER_PRODUCT.test(c));
}

/**
 * Whether `o` is one Bitbucket audit entry: an audit type with an `action` and a `category`,
 * an `author` object, and a `timestamp` that is `{epochSecond, ...}` (file) or text (REST API),
 * whose i18n keys do not name another Atlassian product.
 */
export function isBitbucketRecord(o: JsonObject): boolean {
  const t = auditTypeOf(o);
  if (t === undefined || typeof t.action !== 'string' || typeof t.category !== 'string') return false;
  if (obj(o.author) === undefined) return false;
  const ts = o.timestamp;
  const fileTime = typeof obj(ts)?.epochSecond === 'number';
  if (!fileTime && typeof ts !== 'string') return false;
  return !namesOtherProduct(t);
}

/** `{epochSecond, nano}` or ISO text → canonical ISO, or null. */
function entryTime(v: unknown): string | null {
  const t = obj(v);
  if (t === undefined) return timeValueToIso(v, 'UTC');
  const s = num(t.epochSecond);
  if (s === undefined) return null;
  return epochAnyToIso(s * 1000 + (num(t.nano) ?? 0) / 1e6);
}

/** The client address of `source`: the first of a list, without a port (`10.0.0.5:51234`). */
function clientIp(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  const first = source.split(',')[0]?.trim() ?? '';
  const direct = ip(first);
  if (direct !== undefined) return direct;
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(first);
  const v6port = /^\[([0-9a-fA-F:.]+)\]:\d{1,5}$/.exec(first);
  return ip(v4port?.[1] ?? v6port?.[1]);
}

/** Words of the action text → `event.type` (`Global permission granted` → change). */
const VERB_TYPES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(created|added)\b/i, 'creation'],
  [/\b(deleted|removed|revoked)\b/i, 'deletion'],
  [/\b(changed|updated|modified|renamed|granted|enabled|disabled)\b/i, 'change'],
  [/\b(accessed|exported|export|viewed|searched|search)\b/i, 'access'],
];

const FAILED = /\b(failed|failure|unauthori[sz]ed|denied)\b/i;

function categorize(ev: VigilEvent, category: string | undefined, action: string | undefined): void {
  const text = action ?? '';
  const failed = FAILED.test(text);
  if (failed) ev['event.outcome'] = 'failure';
  if (category === 'Authentication') {
    ev['event.category'] = ['authentication'];
    ev['event.type'] = [/logged out|logout/i.test(text) ? 'end' : 'start'];
    if (!failed) ev['event.outcome'] = 'success';
    return;
  }
  ev['event.category'] =
    category === 'Users and groups' || category === 'Permissions' ? ['iam'] : ['configuration'];
  const verb = VERB_TYPES.find(([re]) => re.test(text));
  ev['event.type'] = [verb === undefined ? 'info' : verb[1]];
}

/** The first affected object of type USER, as the user acted on. */
function targetUser(ev: VigilEvent, affected: unknown): void {
  if (!Array.isArray(affected)) return;
  for (const a of affected) {
    const o = obj(a);
    if (o === undefined || str(o.type) !== 'USER') continue;
    put(ev, 'user.target.name', str(o.name));
    put(ev, 'user.target.id', str(o.id));
    return;
  }
}

/** Normalizes one parsed Bitbucket audit entry. */
export function normalizeBitbucket(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  if (Array.isArray(o.entities)) {
    return {
      ok: false,
      reason:
        'this is a page of the Bitbucket audit REST API ({"entities":[...]}) holding many events; ' +
        'send each entity as its own event',
    };
  }
  const t = auditTypeOf(o);
  const action = str(t?.action);
  const key = str(t?.actionI18nKey);
  if (t === undefined || (action === undefined && key === undefined)) {
    return {
      ok: false,
      reason:
        'not a Bitbucket audit event: it needs "auditType" (audit log file) or "type" (REST API) ' +
        'with an "action"',
    };
  }
  const budget = newBudget();
  const ev = newEvent();
  flattenInto(ev, 'bitbucket', o, budget);
  ev['event.kind'] = 'event';
  ev['event.module'] = 'bitbucket';
  ev['event.dataset'] = 'bitbucket.audit';
  put(ev, 'event.action', key ?? action);
  categorize(ev, str(t.category), action);
  const author = obj(o.author);
  put(ev, 'user.name', str(author?.name));
  put(ev, 'user.id', str(author?.id));
  targetUser(ev, o.affectedObjects);
  const source = str(o.source);
  const addr = clientIp(source);
  if (addr !== undefined) ev['source.ip'] = addr;
  else put(ev, 'source.address', source);
  put(ev, 'service.address', str(o.system));
  put(ev, 'service.node.name', str(o.node));
  const ts = entryTime(o.timestamp) ?? receivedIso(ctx.received);
  return finishEvent(ev, raw, 'bitbucket', ts, budget.dropped);
}

/** Parses one Bitbucket audit entry. */
export const parseBitbucket: Parser = (raw, ctx) => {
  const parsed = parseJsonObject(raw);
  return parsed.ok ? normalizeBitbucket(parsed.value, raw, ctx) : parsed;
};
