/**
 * Entra ID audit records (`category: AuditLogs`) → ECS, and readable projections of their lists.
 *
 * `properties.targetResources` and `properties.additionalDetails` are lists of objects, which the
 * flattener keeps whole as JSON text (`azure.auditlogs.properties.targetResources`), so substring
 * rules still find anything in them. Rules that compare one member exactly need scalars, so this
 * module also writes, beside the text:
 * - `azure.auditlogs.properties.targetResources.<id|displayName|type|userPrincipalName>`: the
 *   values of every target, as a list;
 * - `azure.auditlogs.properties.targetResources.modifiedProperties.<displayName|oldValue|newValue>`:
 *   the same over every modified property of every target;
 * - `azure.auditlogs.modifiedProperties.<displayName>`: each modified property's new value with
 *   the JSON quoting Entra wraps it in removed (`"\"False\""` → `False`), so a rule on
 *   `ConsentContext.IsAdminConsent` can compare the value itself;
 * - `azure.auditlogs.properties.additionalDetails.<key>`: the key/value pairs as fields.
 * Lists are cut at {@link MAX_ITEMS} entries so a hostile record cannot blow the event up; the JSON
 * text still holds everything.
 */
import type { Scalar, VigilEvent } from '../../core/event.ts';
import { ip, type JsonObject, obj, put, setOwn, str } from './json-values.ts';

const PREFIX = 'azure.auditlogs.properties';
/** Most list entries (targets, modified properties, details) projected per record. */
export const MAX_ITEMS = 64;
const TARGET_FIELDS = ['id', 'displayName', 'type', 'userPrincipalName'] as const;
const MODIFIED_FIELDS = ['displayName', 'oldValue', 'newValue'] as const;
/** Names an input key may give a projected field: bounded, no control characters. */
const SAFE_KEY = /^[^\u0000-\u001f]{1,100}$/;

function objects(v: unknown): JsonObject[] {
  if (!Array.isArray(v)) return [];
  const out: JsonObject[] = [];
  for (const x of v) {
    const o = obj(x);
    if (o !== undefined) out.push(o);
    if (out.length >= MAX_ITEMS) break;
  }
  return out;
}

function putList(ev: VigilEvent, key: string, values: Scalar[]): void {
  if (values.length > 0) ev[key] = values;
}

/** `"\"False\""` → `False`, `"[\"Guest\"]"` unchanged: one level of JSON string quoting removed. */
export function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    try {
      const inner: unknown = JSON.parse(v);
      if (typeof inner === 'string') return inner;
    } catch {
      // not JSON text: keep it as written
    }
  }
  return v;
}

function projectTargets(ev: VigilEvent, targets: JsonObject[]): void {
  const lists = new Map<string, Scalar[]>();
  const add = (key: string, v: unknown): void => {
    const s = str(v);
    if (s === undefined) return;
    const l = lists.get(key);
    if (l === undefined) lists.set(key, [s]);
    else if (l.length < MAX_ITEMS) l.push(s);
  };
  let modifiedCount = 0;
  for (const t of targets) {
    for (const f of TARGET_FIELDS) add(`${PREFIX}.targetResources.${f}`, t[f]);
    for (const m of objects(t.modifiedProperties)) {
      if (modifiedCount++ >= MAX_ITEMS) break;
      for (const f of MODIFIED_FIELDS) add(`${PREFIX}.targetResources.modifiedProperties.${f}`, m[f]);
      const name = str(m.displayName);
      const value = str(m.newValue);
      if (name !== undefined && value !== undefined && SAFE_KEY.test(name)) {
        setOwn(ev, `azure.auditlogs.modifiedProperties.${name}`, unquote(value));
      }
    }
  }
  for (const [k, v] of lists) putList(ev, k, v);
}

function projectDetails(ev: VigilEvent, details: JsonObject[]): void {
  for (const d of details) {
    const key = str(d.key);
    const value = str(d.value);
    if (key !== undefined && value !== undefined && SAFE_KEY.test(key)) {
      setOwn(ev, `${PREFIX}.additionalDetails.${key}`, value);
    }
  }
}

/** `operationType` (Add, Update, Delete, Assign, Unassign, Other) → `event.type`. */
const OPERATION_TYPES: Readonly<Record<string, string>> = {
  add: 'creation',
  create: 'creation',
  delete: 'deletion',
  remove: 'deletion',
  update: 'change',
  assign: 'change',
  unassign: 'change',
};

/** Directory categories that are identity and access management. */
const IAM_CATEGORIES = new Set([
  'usermanagement',
  'groupmanagement',
  'rolemanagement',
  'applicationmanagement',
  'directorymanagement',
  'policy',
  'authorization',
]);

/** Sets the ECS fields of an audit record and writes the projections described above. */
export function setAuditFields(ev: VigilEvent, o: JsonObject): void {
  const p = obj(o.properties) ?? {};
  const result = str(p.result)?.toLowerCase();
  if (result === 'success' || result === 'failure') ev['event.outcome'] = result;
  if (result === 'failure') put(ev, 'error.message', str(p.resultReason));
  const opType = str(p.operationType)?.toLowerCase();
  const type = opType === undefined ? undefined : OPERATION_TYPES[opType];
  if (type !== undefined) ev['event.type'] = [type];
  const category = str(p.category)?.toLowerCase();
  if (category !== undefined && IAM_CATEGORIES.has(category)) ev['event.category'] = ['iam'];
  put(ev, 'event.id', str(p.id));
  put(ev, 'event.provider', str(p.loggedByService));

  const by = obj(p.initiatedBy);
  const user = obj(by?.user);
  const app = obj(by?.app);
  put(ev, 'user.name', str(user?.userPrincipalName) ?? str(app?.displayName));
  put(ev, 'user.id', str(user?.id) ?? str(app?.servicePrincipalId));
  const fromUser = ip(user?.ipAddress);
  if (fromUser !== undefined) ev['source.ip'] = fromUser;

  const targets = objects(p.targetResources);
  projectTargets(ev, targets);
  const firstUser = targets.find((t) => str(t.type)?.toLowerCase() === 'user');
  put(ev, 'user.target.name', str(firstUser?.userPrincipalName) ?? str(firstUser?.displayName));
  put(ev, 'user.target.id', str(firstUser?.id));

  const details = objects(p.additionalDetails);
  projectDetails(ev, details);
  const agent =
    str(p.userAgent) ?? str(details.find((d) => str(d.key)?.toLowerCase() === 'user-agent')?.value);
  put(ev, 'user_agent.original', agent);
}
