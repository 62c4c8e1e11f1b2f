import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext } from '../types.ts';
import { isKubernetesAuditEventList, isKubernetesAuditRecord, parseKubernetes } from './kubernetes.ts';
import { splitRecords } from './record-files.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'UTC' };

function ok(raw: string): VigilEvent {
  const out = parseKubernetes(raw, ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

// `kubectl exec -it web-7d9f -- /bin/sh` at audit level Metadata, as the log backend writes it:
// https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/ and the audit.k8s.io/v1 Event type.
const EXEC = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: '6f3c8a1e-2b4d-4e5f-9a7b-1c2d3e4f5a6b',
  stage: 'ResponseComplete',
  requestURI:
    '/api/v1/namespaces/default/pods/web-7d9f/exec?command=%2Fbin%2Fsh&container=web&stdin=true&stdout=true&tty=true',
  verb: 'create',
  user: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] },
  sourceIPs: ['192.0.2.10'],
  userAgent: 'kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46',
  objectRef: {
    resource: 'pods',
    namespace: 'default',
    name: 'web-7d9f',
    apiVersion: 'v1',
    subresource: 'exec',
  },
  responseStatus: { metadata: {}, code: 101 },
  requestReceivedTimestamp: '2026-11-22T08:00:00.123456Z',
  stageTimestamp: '2026-11-22T08:00:05.654321Z',
  annotations: {
    'authorization.k8s.io/decision': 'allow',
    'authorization.k8s.io/reason':
      'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"',
  },
};

// A pod created at level Request (the policy logs bodies for pods): hostPath volume, added capability.
const POD_CREATE = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Request',
  auditID: '0d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6',
  stage: 'ResponseComplete',
  requestURI:
    '/api/v1/namespaces/kube-system/pods?fieldManager=kubectl-client-side-apply&fieldValidation=Strict',
  verb: 'create',
  user: {
    username: 'system:serviceaccount:ci:deployer',
    uid: '9a8b7c6d-1111-2222-3333-444455556666',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'],
  },
  sourceIPs: ['10.0.4.17'],
  userAgent: 'kubectl/v1.30.1 (linux/amd64) kubernetes/7c48c2b',
  objectRef: { resource: 'pods', namespace: 'kube-system', name: 'node-debugger', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 201 },
  requestObject: {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'node-debugger', namespace: 'kube-system' },
    spec: {
      volumes: [
        { name: 'host-root', hostPath: { path: '/', type: 'Directory' } },
        { name: 'tmp', emptyDir: {} },
      ],
      initContainers: [{ name: 'init', image: 'busybox:1.36', securityContext: { privileged: false } }],
      containers: [
        {
          name: 'shell',
          image: 'alpine:3.20',
          command: ['sleep', 'infinity'],
          volumeMounts: [{ name: 'host-root', mountPath: '/host' }],
          securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN', 'NET_ADMIN'] } },
        },
      ],
      hostPID: true,
    },
  },
  requestReceivedTimestamp: '2026-11-22T08:05:00.000001Z',
  stageTimestamp: '2026-11-22T08:05:00.031337Z',
  annotations: {
    'authorization.k8s.io/decision': 'allow',
    'authorization.k8s.io/reason':
      'RBAC: allowed by RoleBinding "deployer/kube-system" of ClusterRole "edit" to ServiceAccount "deployer/ci"',
  },
};

// An anonymous request refused by the authorizer.
const FORBIDDEN = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: 'c5f48f91-d4da-4659-97eb-56bdbcd0817c',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/secrets?limit=500',
  verb: 'list',
  user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
  sourceIPs: ['198.51.100.66'],
  userAgent: 'curl/8.5.0',
  objectRef: { resource: 'secrets', apiVersion: 'v1' },
  responseStatus: {
    metadata: {},
    status: 'Failure',
    message:
      'secrets is forbidden: User "system:anonymous" cannot list resource "secrets" in API group "" at the cluster scope',
    reason: 'Forbidden',
    details: { kind: 'secrets' },
    code: 403,
  },
  requestReceivedTimestamp: '2026-11-22T08:10:00.5Z',
  stageTimestamp: '2026-11-22T08:10:00.501Z',
  annotations: { 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' },
};

describe('isKubernetesAuditRecord', () => {
  it('claims audit events and nothing else', () => {
    expect(isKubernetesAuditRecord(EXEC)).toBe(true);
    // a core/v1 Event object (kubectl get events -o json) is not an audit event
    const coreEvent = {
      kind: 'Event',
      apiVersion: 'v1',
      reason: 'Scheduled',
      involvedObject: { kind: 'Pod' },
    };
    const gcp = {
      protoPayload: { methodName: 'io.k8s.core.v1.pods.create', serviceName: 'k8s.io' },
      logName: 'x',
    };
    const list = { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [EXEC] };
    for (const o of [coreEvent, gcp, list, { verb: 'get' }]) expect(isKubernetesAuditRecord(o)).toBe(false);
    expect(isKubernetesAuditEventList(list)).toBe(true);
  });
});

describe('parseKubernetes', () => {
  it('an exec into a pod', () => {
    const raw = JSON.stringify(EXEC);
    const ev = ok(raw);
    expect(ev).toMatchObject({
      '@timestamp': '2026-11-22T08:00:00.123456Z',
      'event.original': raw,
      'vigil.format': 'kubernetes',
      'event.kind': 'event',
      'event.module': 'kubernetes',
      'event.dataset': 'kubernetes.audit',
      'event.action': 'create',
      'event.id': '6f3c8a1e-2b4d-4e5f-9a7b-1c2d3e4f5a6b',
      'event.type': ['creation'],
      'event.outcome': 'success',
      'http.response.status_code': 101,
      'user.name': 'kubernetes-admin',
      'source.ip': '192.0.2.10',
      'user_agent.original': EXEC.userAgent,
      'url.original': EXEC.requestURI,
      'orchestrator.type': 'kubernetes',
      'orchestrator.namespace': 'default',
      'orchestrator.resource.type': 'pods',
      'orchestrator.resource.name': 'web-7d9f',
      'kubernetes.audit.verb': 'create',
      'kubernetes.audit.objectRef.subresource': 'exec',
      'kubernetes.audit.user.groups': ['system:masters', 'system:authenticated'],
      'kubernetes.audit.responseStatus.code': 101,
      'kubernetes.audit.authorization.decision': 'allow',
      'kubernetes.audit.annotations.authorization.k8s.io/decision': 'allow',
    });
    // an exec request carries no pod spec
    expect(ev['kubernetes.audit.requestObject.spec.volumes.hostPath.path']).toBeUndefined();
  });

  it('a pod create: what the spec asks for, over all containers and volumes', () => {
    const ev = ok(JSON.stringify(POD_CREATE));
    expect(ev).toMatchObject({
      'user.name': 'system:serviceaccount:ci:deployer',
      'user.id': '9a8b7c6d-1111-2222-3333-444455556666',
      'kubernetes.audit.requestObject.spec.hostPID': true,
      'kubernetes.audit.requestObject.spec.volumes.hostPath.path': ['/'],
      'kubernetes.audit.requestObject.spec.containers.securityContext.capabilities.add': [
        'SYS_ADMIN',
        'NET_ADMIN',
      ],
      'kubernetes.audit.requestObject.spec.containers.securityContext.privileged': [true, false],
    });
  });

  it('a forbidden anonymous list', () => {
    expect(ok(JSON.stringify(FORBIDDEN))).toMatchObject({
      '@timestamp': '2026-11-22T08:10:00.500Z',
      'event.type': ['access'],
      'event.outcome': 'failure',
      'http.response.status_code': 403,
      'user.name': 'system:anonymous',
      'kubernetes.audit.authorization.decision': 'forbid',
      'kubernetes.audit.responseStatus.reason': 'Forbidden',
    });
  });

  it('RequestReceived stage: no answer yet, outcome unknown; stageTimestamp when that is all', () => {
    const { responseStatus: _r, requestReceivedTimestamp: _t, ...o } = { ...EXEC, stage: 'RequestReceived' };
    expect(ok(JSON.stringify(o))).toMatchObject({
      'event.outcome': 'unknown',
      '@timestamp': '2026-11-22T08:00:05.654321Z',
    });
  });

  it('rejects lists and non-audit objects with a reason; splits an EventList', () => {
    const list = { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: [EXEC, FORBIDDEN] };
    expect(parseKubernetes(JSON.stringify(list), ctx)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('split it'),
    });
    const parts = splitRecords(JSON.stringify(list));
    expect(parts.map((p) => ok(p)['event.id'])).toEqual([EXEC.auditID, FORBIDDEN.auditID]);
    expect(splitRecords('not json')).toEqual(['not json']);
    expect(parseKubernetes(JSON.stringify({ kind: 'Event', apiVersion: 'v1' }), ctx)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('audit.k8s.io/v1'),
    });
  });
});
