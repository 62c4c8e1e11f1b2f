/**
 * Kubernetes API server audit events (`audit.k8s.io/v1` `Event`) → ECS.
 *
 * One event is one audit `Event`, as the log backend writes it (one JSON object per line). The
 * webhook backend posts an `EventList` (`{"kind":"EventList","items":[...]}`): the file-ingest
 * path can split it with `splitRecords` (`record-files.ts`); sent as one event it is rejected with a
 * reason that says so. Field reference:
 * https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/#audit-k8s-io-v1-Event
 *
 * The whole event is kept under `kubernetes.audit.<name>` with Kubernetes' own names, flattened
 * (`kubernetes.audit.objectRef.resource`, `kubernetes.audit.responseStatus.code`). Derived fields,
 * for rules about what a created pod asks for (only present when the audit policy logs the
 * request body, level `Request` or `RequestResponse`), use the paths Elastic's integration uses,
 * values collected over all containers (`containers`, `initContainers`, `ephemeralContainers`)
 * and volumes of the pod spec:
 * - `kubernetes.audit.requestObject.spec.volumes.hostPath.path`
 * - `kubernetes.audit.requestObject.spec.containers.securityContext.capabilities.add`
 * - `kubernetes.audit.requestObject.spec.containers.securityContext.privileged`
 * The authorizer's verdict, in annotations whose keys hold `/` (which field names cannot), is also
 * written as `kubernetes.audit.authorization.decision` and `kubernetes.audit.authorization.reason`.
 */
import type { Scalar, VigilEvent } from '../../core/event.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { finishEvent, parseJsonObject } from './json-event.ts';
import { flattenInto, newBudget } from './json-flatten.ts';
import { receivedIso, timeValueToIso } from './json-time.ts';
import { ip, type JsonObject, newEvent, num, obj, put, str } from './json-values.ts';

const PREFIX = 'kubernetes.audit';

function isAuditApiVersion(v: unknown): boolean {
  return typeof v === 'string' && v.startsWith('audit.k8s.io/');
}

/** Whether `o` is one Kubernetes audit event. */
export function isKubernetesAuditRecord(o: JsonObject): boolean {
  return (
    o.kind === 'Event' &&
    isAuditApiVersion(o.apiVersion) &&
    (typeof o.verb === 'string' || typeof o.auditID === 'string')
  );
}

/** Whether `o` is an audit `EventList` (what the webhook backend posts). */
export function isKubernetesAuditEventList(o: JsonObject): boolean {
  return o.kind === 'EventList' && isAuditApiVersion(o.apiVersion) && Array.isArray(o.items);
}

/** Audit verb → `event.type`. */
const VERB_TYPES: Readonly<Record<string, string>> = {
  create: 'creation',
  delete: 'deletion',
  deletecollection: 'deletion',
  update: 'change',
  patch: 'change',
  get: 'access',
  list: 'access',
  watch: 'access',
};

/** Every container of a pod spec (regular, init, ephemeral). */
function containersOf(spec: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  for (const k of ['containers', 'initContainers', 'ephemeralContainers']) {
    const list = spec[k];
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      const co = obj(c);
      if (co !== undefined) out.push(co);
    }
  }
  return out;
}

function putList(ev: VigilEvent, key: string, values: Scalar[]): void {
  if (values.length > 0) ev[key] = values;
}

/** The derived pod-spec fields (see the file comment), from `requestObject` of a pod request. */
function putPodSpec(ev: VigilEvent, requestObject: JsonObject | undefined): void {
  const spec = obj(requestObject?.spec);
  if (spec === undefined) return;
  const hostPaths: Scalar[] = [];
  if (Array.isArray(spec.volumes)) {
    for (const v of spec.volumes) {
      const path = str(obj(obj(v)?.hostPath)?.path);
      if (path !== undefined) hostPaths.push(path);
    }
  }
  const added: Scalar[] = [];
  const privileged: Scalar[] = [];
  for (const c of containersOf(spec)) {
    const sc = obj(c.securityContext);
    const add = obj(sc?.capabilities)?.add;
    if (Array.isArray(add)) for (const a of add) if (typeof a === 'string') added.push(a);
    if (typeof sc?.privileged === 'boolean') privileged.push(sc.privileged);
  }
  const base = `${PREFIX}.requestObject.spec`;
  putList(ev, `${base}.volumes.hostPath.path`, hostPaths);
  putList(ev, `${base}.containers.securityContext.capabilities.add`, added);
  putList(ev, `${base}.containers.securityContext.privileged`, privileged);
}

/** Normalizes one parsed Kubernetes audit event. */
export function normalizeKubernetes(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  if (isKubernetesAuditEventList(o)) {
    return {
      ok: false,
      reason:
        'this is an audit EventList holding many events (as the webhook backend posts them); ' +
        'split it into its items and send each event on its own',
    };
  }
  const verb = str(o.verb);
  if (verb === undefined || !isAuditApiVersion(o.apiVersion)) {
    return {
      ok: false,
      reason:
        'not a Kubernetes audit event: expected apiVersion audit.k8s.io/v1 and a verb ' +
        '(configure the API server audit log backend with --audit-log-format=json)',
    };
  }
  const budget = newBudget();
  const ev = newEvent();
  flattenInto(ev, PREFIX, o, budget);
  const objectRef = obj(o.objectRef);
  if (str(objectRef?.resource) === 'pods' && str(objectRef?.subresource) === undefined) {
    putPodSpec(ev, obj(o.requestObject));
  }
  const annotations = obj(o.annotations);
  put(ev, `${PREFIX}.authorization.decision`, str(annotations?.['authorization.k8s.io/decision']));
  put(ev, `${PREFIX}.authorization.reason`, str(annotations?.['authorization.k8s.io/reason']));

  ev['event.kind'] = 'event';
  ev['event.module'] = 'kubernetes';
  ev['event.dataset'] = 'kubernetes.audit';
  ev['event.action'] = verb;
  put(ev, 'event.id', str(o.auditID));
  const type = VERB_TYPES[verb];
  if (type !== undefined) ev['event.type'] = [type];
  const code = num(obj(o.responseStatus)?.code);
  if (code !== undefined) {
    ev['http.response.status_code'] = code;
    ev['event.outcome'] = code < 400 ? 'success' : 'failure';
  } else ev['event.outcome'] = 'unknown'; // stage RequestReceived: not answered yet
  const user = obj(o.user);
  put(ev, 'user.name', str(user?.username));
  put(ev, 'user.id', str(user?.uid));
  const ips = Array.isArray(o.sourceIPs) ? o.sourceIPs : [];
  put(ev, 'source.ip', ip(ips[0]));
  put(ev, 'user_agent.original', str(o.userAgent));
  put(ev, 'url.original', str(o.requestURI));
  ev['orchestrator.type'] = 'kubernetes';
  put(ev, 'orchestrator.namespace', str(objectRef?.namespace));
  put(ev, 'orchestrator.resource.type', str(objectRef?.resource));
  put(ev, 'orchestrator.resource.name', str(objectRef?.name));
  const ts =
    timeValueToIso(o.requestReceivedTimestamp, 'UTC') ??
    timeValueToIso(o.stageTimestamp, 'UTC') ??
    receivedIso(ctx.received);
  return finishEvent(ev, raw, 'kubernetes', ts, budget.dropped);
}

/** Parses one Kubernetes audit event. */
export const parseKubernetes: Parser = (raw, ctx) => {
  const parsed = parseJsonObject(raw);
  return parsed.ok ? normalizeKubernetes(parsed.value, raw, ctx) : parsed;
};
