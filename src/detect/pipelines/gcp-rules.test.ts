/**
 * SigmaHQ's Google Cloud audit, Google Workspace and Kubernetes audit rules against events from
 * Vigil's REAL `gcp` and `kubernetes` parsers: every rule of those folders compiles with the
 * shipped pipelines, and for representative rules a realistic record trips exactly the rules it
 * should (of all three folders) while a near miss does not. Skipped when the corpus is absent.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import { parseGcp } from '../../ingest/formats/gcp.ts';
import { parseKubernetes } from '../../ingest/formats/kubernetes.ts';
import type { Parser } from '../../ingest/types.ts';
import { compileRules } from '../engine/compile.ts';
import { RuleSet } from '../engine/ruleset.ts';
import { loadSigmaDirectory } from '../sigma/load.ts';
import { loadPipelines } from './load.ts';

const RULES = resolve(import.meta.dirname, '../../../../shared/corpus/sigma/rules');
const FOLDERS = ['cloud/gcp/audit', 'cloud/gcp/gworkspace', 'application/kubernetes'];
const ctx = { received: Date.parse('2026-11-22T12:00:00Z'), assumeTimeZone: 'UTC' };

function parsed(parser: Parser, record: object): VigilEvent {
  const out = parser(JSON.stringify(record), ctx);
  if (!out.ok) throw new Error(`sample did not parse: ${out.reason}`);
  return out.event;
}

// --- Cloud audit log entries (LogEntry + AuditLog:
// https://cloud.google.com/logging/docs/audit/understanding-audit-logs) -----------------------
function auditEntry(
  service: string,
  method: string,
  resourceName: string,
  opts: { permission?: string; granted?: boolean; resource?: object; labels?: object; request?: object } = {},
): object {
  return {
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      status: {},
      authenticationInfo: { principalEmail: 'alice@example.com' },
      requestMetadata: {
        callerIp: '203.0.113.7',
        callerSuppliedUserAgent: 'google-cloud-sdk gcloud/459.0.0,gzip(gfe)',
        requestAttributes: { time: '2026-11-22T09:14:03.102Z', auth: {} },
        destinationAttributes: {},
      },
      serviceName: service,
      methodName: method,
      authorizationInfo: [
        { permission: opts.permission ?? method, granted: opts.granted ?? true, resource: resourceName },
      ],
      resourceName,
      ...(opts.request === undefined ? {} : { request: opts.request }),
    },
    insertId: '-8r4yeve2hxq',
    resource: opts.resource ?? {
      type: 'audited_resource',
      labels: { project_id: 'acme-prod', service, method },
    },
    timestamp: '2026-11-22T09:14:03.123456Z',
    severity: 'NOTICE',
    logName: 'projects/acme-prod/logs/cloudaudit.googleapis.com%2Factivity',
    ...(opts.labels === undefined ? {} : { labels: opts.labels }),
    receiveTimestamp: '2026-11-22T09:14:04.001938261Z',
  };
}

const GKE = {
  type: 'k8s_cluster',
  labels: { project_id: 'acme-prod', location: 'europe-west1', cluster_name: 'prod' },
};

/** A GKE pod create, with Binary Authorization's break-glass annotation when asked. */
function gkePodCreate(breakGlass: boolean): object {
  const annotations = breakGlass ? { 'alpha.image-policy.k8s.io/break-glass': 'true' } : {};
  return auditEntry('k8s.io', 'io.k8s.core.v1.pods.create', 'core/v1/namespaces/default/pods/hotfix', {
    permission: 'io.k8s.core.v1.pods.create',
    resource: GKE,
    request: {
      '@type': 'core.k8s.io/v1.Pod',
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'hotfix', namespace: 'default', annotations },
      spec: { containers: [{ name: 'app', image: 'europe-docker.pkg.dev/acme-prod/app/hotfix:1' }] },
    },
    ...(breakGlass ? { labels: { 'imagepolicywebhook.image-policy.k8s.io/break-glass': 'true' } } : {}),
  });
}

// --- Workspace: Reports API activities and Cloud Logging entries --------------------------------
function activity(app: string, name: string, parameters: object[]): object {
  return {
    kind: 'admin#reports#activity',
    id: {
      time: '2026-11-22T10:02:11.417Z',
      uniqueQualifier: '-5328741926372016652',
      applicationName: app,
      customerId: 'C03az79cb',
    },
    etag: '"Rf2d1Z4X3kYHBP-4sPp0Y5yeqYSgJVT0n4fXO7G5T0M/5xL3uZ7mB2OqJmH1T9K1l3Yy4x8"',
    actor: { callerType: 'USER', email: 'it-admin@example.com', profileId: '104593810322745568312' },
    ipAddress: '198.51.100.23',
    events: [{ type: app === 'login' ? 'account_warning' : 'SECURITY_SETTINGS', name, parameters }],
  };
}

function workspaceEntry(service: string, method: string, eventName: string, parameter: object[]): object {
  return {
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      authenticationInfo: { principalEmail: 'bob@example.com' },
      requestMetadata: { callerIp: '192.0.2.200', requestAttributes: {}, destinationAttributes: {} },
      serviceName: service,
      methodName: method,
      resourceName: 'organizations/506102632746',
      metadata: {
        '@type': 'type.googleapis.com/ccc_hosted_reporting.ActivityProto',
        activityId: { timeUsec: '1795341000000000', uniqQualifier: '-2219017329914718412' },
        event: [{ eventType: 'APPLICATION_SETTINGS', eventName, parameter }],
      },
    },
    insertId: 'mh9fqkc4a2',
    resource: { type: 'audited_resource', labels: { method, service } },
    timestamp: '2026-11-22T10:30:00Z',
    severity: 'NOTICE',
    logName: 'organizations/506102632746/logs/cloudaudit.googleapis.com%2Factivity',
  };
}

const str = (name: string, value: string) => ({ type: 'TYPE_STRING', label: 'LABEL_OPTIONAL', name, value });

// --- Kubernetes audit events (audit.k8s.io/v1 Event) ---------------------------------------------
function k8s(
  verb: string,
  objectRef: Record<string, string>,
  requestURI: string,
  opts: { code?: number; decision?: string; userAgent?: string; requestObject?: object } = {},
): object {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: opts.requestObject === undefined ? 'Metadata' : 'Request',
    auditID: '6f3c8a1e-2b4d-4e5f-9a7b-1c2d3e4f5a6b',
    stage: 'ResponseComplete',
    requestURI,
    verb,
    user: { username: 'dev@example.com', groups: ['system:authenticated'] },
    sourceIPs: ['192.0.2.10'],
    userAgent: opts.userAgent ?? 'kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46',
    objectRef: { apiVersion: 'v1', ...objectRef },
    responseStatus: { metadata: {}, code: opts.code ?? 200 },
    ...(opts.requestObject === undefined ? {} : { requestObject: opts.requestObject }),
    requestReceivedTimestamp: '2026-11-22T08:00:00.123456Z',
    stageTimestamp: '2026-11-22T08:00:00.154321Z',
    annotations: {
      'authorization.k8s.io/decision': opts.decision ?? 'allow',
      'authorization.k8s.io/reason': '',
    },
  };
}

const EXEC_URI =
  '/api/v1/namespaces/default/pods/web-7d9f/exec?command=%2Fbin%2Fsh&container=web&stdin=true&stdout=true&tty=true';
const execRef = { resource: 'pods', namespace: 'default', name: 'web-7d9f', subresource: 'exec' };

function pod(namespace: string, spec: object): object {
  return { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'debug', namespace }, spec };
}
const plainSpec = { containers: [{ name: 'app', image: 'nginx:1.27' }] };
const hostSpec = {
  volumes: [{ name: 'root', hostPath: { path: '/', type: 'Directory' } }],
  containers: [
    {
      name: 'shell',
      image: 'alpine:3.20',
      volumeMounts: [{ name: 'root', mountPath: '/host' }],
      securityContext: { capabilities: { add: ['SYS_ADMIN'] } },
    },
  ],
};

/** [case, parser, record that should trip the rules, the titles it trips, near miss]. */
const CASES: [string, Parser, object, string[], object][] = [
  [
    'firewall rule deleted',
    parseGcp,
    auditEntry(
      'compute.googleapis.com',
      'v1.compute.firewalls.delete',
      'projects/acme-prod/global/firewalls/allow-ssh',
      {
        permission: 'compute.firewalls.delete',
      },
    ),
    ['Google Cloud Firewall Modified or Deleted'],
    auditEntry(
      'compute.googleapis.com',
      'v1.compute.firewalls.get',
      'projects/acme-prod/global/firewalls/allow-ssh',
      {
        permission: 'compute.firewalls.get',
      },
    ),
  ],
  [
    'access policy deleted (authorizationInfo list, granted)',
    parseGcp,
    auditEntry(
      'accesscontextmanager.googleapis.com',
      'google.identity.accesscontextmanager.v1.AccessContextManager.DeleteAccessPolicy',
      'accessPolicies/473829918277',
      { permission: 'accesscontextmanager.accessPolicies.delete' },
    ),
    ['GCP Access Policy Deleted'],
    auditEntry(
      'accesscontextmanager.googleapis.com',
      'google.identity.accesscontextmanager.v1.AccessContextManager.DeleteAccessPolicy',
      'accessPolicies/473829918277',
      { permission: 'accesscontextmanager.accessPolicies.delete', granted: false },
    ),
  ],
  [
    'GKE break-glass pod (resource type, log id, keyword)',
    parseGcp,
    gkePodCreate(true),
    ['GCP Break-glass Container Workload Deployed'],
    gkePodCreate(false),
  ],
  [
    'GKE secret deleted',
    parseGcp,
    auditEntry('k8s.io', 'io.k8s.core.v1.secrets.delete', 'core/v1/namespaces/prod/secrets/db-password', {
      resource: GKE,
    }),
    ['Google Cloud Kubernetes Secrets Modified or Deleted'],
    auditEntry('k8s.io', 'io.k8s.core.v1.secrets.get', 'core/v1/namespaces/prod/secrets/db-password', {
      resource: GKE,
    }),
  ],
  [
    'Workspace 2SV enforcement turned off (Reports API)',
    parseGcp,
    activity('admin', 'ENFORCE_STRONG_AUTHENTICATION', [
      { name: 'ORG_UNIT_NAME', value: 'example.com' },
      { name: 'NEW_VALUE', value: 'false' },
      { name: 'OLD_VALUE', value: 'true' },
    ]),
    ['Google Workspace MFA Disabled'],
    activity('admin', 'ENFORCE_STRONG_AUTHENTICATION', [
      { name: 'ORG_UNIT_NAME', value: 'example.com' },
      { name: 'NEW_VALUE', value: 'true' },
      { name: 'OLD_VALUE', value: 'false' },
    ]),
  ],
  [
    'Workspace context-aware access changed (Cloud Logging)',
    parseGcp,
    workspaceEntry(
      'admin.googleapis.com',
      'google.admin.AdminService.changeApplicationSetting',
      'CHANGE_APPLICATION_SETTING',
      [
        str('APPLICATION_NAME', 'Security'),
        str('SETTING_NAME', 'ContextAwareAccess AccessLevels'),
        str('NEW_VALUE', 'corp-devices-only'),
      ],
    ),
    ['Google Workspace Application Access Level Modified'],
    workspaceEntry(
      'admin.googleapis.com',
      'google.admin.AdminService.changeApplicationSetting',
      'CHANGE_APPLICATION_SETTING',
      [
        str('APPLICATION_NAME', 'Gmail'),
        str('SETTING_NAME', 'MESSAGE_SECURITY_RULE'),
        str('NEW_VALUE', 'on'),
      ],
    ),
  ],
  [
    'Workspace suspicious login (Cloud Logging)',
    parseGcp,
    workspaceEntry('login.googleapis.com', 'google.login.LoginService.suspiciousLogin', 'suspicious_login', [
      str('affected_email_address', 'bob@example.com'),
    ]),
    ['Suspicious Login Activity Classified By Google'],
    workspaceEntry('login.googleapis.com', 'google.login.LoginService.loginSuccess', 'login_success', [
      str('login_type', 'google_password'),
    ]),
  ],
  [
    'Workspace government attack warning (Reports API)',
    parseGcp,
    activity('login', 'gov_attack_warning', [
      { name: 'affected_email_address', value: 'it-admin@example.com' },
    ]),
    ['Google Workspace Government Attack Warning'],
    activity('login', 'login_success', [{ name: 'login_type', value: 'google_password' }]),
  ],
  [
    'kubectl exec with a shell (exec, enumeration via the authorizer decision)',
    parseKubernetes,
    k8s('create', execRef, EXEC_URI, { code: 101 }),
    ['Potential Remote Command Execution In Pod Container', 'Kubernetes Potential Enumeration Activity'],
    k8s(
      'get',
      { resource: 'pods', namespace: 'default', name: 'web-7d9f', subresource: 'log' },
      '/api/v1/namespaces/default/pods/web-7d9f/log',
    ),
  ],
  [
    'kubectl exec refused',
    parseKubernetes,
    k8s('create', execRef, EXEC_URI, { code: 403, decision: 'forbid' }),
    [
      'Potential Remote Command Execution In Pod Container',
      'Kubernetes Unauthorized or Unauthenticated Access',
    ],
    k8s('get', { resource: 'namespaces', name: 'default' }, '/api/v1/namespaces/default'),
  ],
  [
    'pod in kube-system mounting the host with an added capability',
    parseKubernetes,
    k8s('create', { resource: 'pods', namespace: 'kube-system' }, '/api/v1/namespaces/kube-system/pods', {
      code: 201,
      requestObject: pod('kube-system', hostSpec),
    }),
    [
      'Container With A hostPath Mount Created',
      'Privileged Container Deployed',
      'Creation Of Pod In System Namespace',
    ],
    k8s('create', { resource: 'pods', namespace: 'default' }, '/api/v1/namespaces/default/pods', {
      code: 201,
      requestObject: pod('default', plainSpec),
    }),
  ],
  [
    'kubectl auth can-i --list',
    parseKubernetes,
    k8s(
      'create',
      { resource: 'selfsubjectrulesreviews', apiGroup: 'authorization.k8s.io', apiVersion: 'v1' },
      '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
      { code: 201 },
    ),
    ['RBAC Permission Enumeration Attempt'],
    k8s(
      'create',
      { resource: 'selfsubjectaccessreviews', apiGroup: 'authorization.k8s.io', apiVersion: 'v1' },
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      { code: 201 },
    ),
  ],
  [
    'cluster role binding created',
    parseKubernetes,
    k8s(
      'create',
      {
        resource: 'clusterrolebindings',
        apiGroup: 'rbac.authorization.k8s.io',
        apiVersion: 'v1',
        name: 'pwn',
      },
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      { code: 201 },
    ),
    ['Kubernetes Rolebinding Modification'],
    k8s(
      'list',
      { resource: 'clusterrolebindings', apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' },
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    ),
  ],
];

describe.skipIf(!existsSync(RULES))(
  `SigmaHQ gcp, Workspace and Kubernetes rules (${RULES}; skipped when absent)`,
  () => {
    const loaded = FOLDERS.map((f) => loadSigmaDirectory(join(RULES, f)));
    const rules = loaded.flatMap((l) => l.rules);
    const { compiled, failed } = compileRules(rules, loadPipelines(), { placeholders: {} });
    const set = new RuleSet(compiled);
    const titles = (ev: VigilEvent): string[] =>
      set
        .evaluate(ev)
        .hits.map((h) => h.rule.title)
        .sort();

    it('every rule of those folders loads and compiles', () => {
      expect(loaded.flatMap((l) => l.errors)).toEqual([]);
      expect(rules.length).toBeGreaterThanOrEqual(42);
      expect(failed).toEqual([]);
      expect(compiled.length).toBe(rules.length);
    });

    it.each(CASES)(
      '%s: trips exactly its rules; the near miss trips none',
      (_name, parser, hit, want, miss) => {
        expect(titles(parsed(parser, hit))).toEqual([...want].sort());
        expect(titles(parsed(parser, miss))).toEqual([]);
      },
    );
  },
);
