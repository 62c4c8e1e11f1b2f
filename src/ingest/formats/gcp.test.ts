import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext } from '../types.ts';
import { isGcpRecord, logIdOf, parseGcp } from './gcp.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'UTC' };

function ok(raw: string): VigilEvent {
  const out = parseGcp(raw, ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

// Admin Activity audit log entry of `gcloud compute firewall-rules delete`, shaped as in
// https://cloud.google.com/logging/docs/audit/understanding-audit-logs (LogEntry + AuditLog).
const FIREWALL_DELETE = {
  protoPayload: {
    '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
    status: {},
    authenticationInfo: { principalEmail: 'alice@example.com', principalSubject: 'user:alice@example.com' },
    requestMetadata: {
      callerIp: '203.0.113.7',
      callerSuppliedUserAgent:
        'google-cloud-sdk gcloud/459.0.0 command/gcloud.compute.firewall-rules.delete invocation-id/3f1c,gzip(gfe)',
      requestAttributes: { time: '2026-11-22T09:14:03.102Z', auth: {} },
      destinationAttributes: {},
    },
    serviceName: 'compute.googleapis.com',
    methodName: 'v1.compute.firewalls.delete',
    authorizationInfo: [
      {
        permission: 'compute.firewalls.delete',
        granted: true,
        resourceAttributes: {
          service: 'compute',
          name: 'projects/acme-prod/global/firewalls/allow-ssh',
          type: 'compute.firewalls',
        },
        permissionType: 'ADMIN_WRITE',
      },
    ],
    resourceName: 'projects/acme-prod/global/firewalls/allow-ssh',
    request: { '@type': 'type.googleapis.com/compute.firewalls.delete' },
    response: {
      '@type': 'type.googleapis.com/operation',
      id: '4412398171522188521',
      name: 'operation-1795338843000-5f3a1c2b',
      operationType: 'delete',
      status: 'RUNNING',
      progress: '0',
    },
    resourceLocation: { currentLocations: ['global'] },
  },
  insertId: '-8r4yeve2hxq',
  resource: {
    type: 'gce_firewall_rule',
    labels: { project_id: 'acme-prod', firewall_rule_id: '6021847513590923141' },
  },
  timestamp: '2026-11-22T09:14:03.123456Z',
  severity: 'NOTICE',
  logName: 'projects/acme-prod/logs/cloudaudit.googleapis.com%2Factivity',
  operation: {
    id: 'operation-1795338843000-5f3a1c2b',
    producer: 'compute.googleapis.com',
    first: true,
  },
  receiveTimestamp: '2026-11-22T09:14:04.001938261Z',
};

// A Data Access entry refused with PERMISSION_DENIED (status code 7), caller inside Google's network.
const BUCKET_LIST_DENIED = {
  protoPayload: {
    '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
    status: { code: 7, message: 'PERMISSION_DENIED' },
    authenticationInfo: { principalEmail: 'ci-runner@acme-prod.iam.gserviceaccount.com' },
    requestMetadata: { callerIp: 'private', callerSuppliedUserAgent: 'gcloud-golang-storage/1.43.0' },
    serviceName: 'storage.googleapis.com',
    methodName: 'storage.buckets.list',
    authorizationInfo: [
      { permission: 'storage.buckets.list', granted: false, resource: 'projects/_/buckets/acme-backups' },
      { permission: 'storage.buckets.get', granted: true, resource: 'projects/_/buckets/acme-logs' },
    ],
    resourceName: 'projects/_/buckets/acme-backups',
  },
  insertId: '1x7wz3ie8d2k1',
  resource: {
    type: 'gcs_bucket',
    labels: { project_id: 'acme-prod', bucket_name: 'acme-backups', location: 'europe-west1' },
  },
  timestamp: '2026-11-22T09:20:00.5Z',
  severity: 'ERROR',
  logName: 'projects/acme-prod/logs/cloudaudit.googleapis.com%2Fdata_access',
};

// Admin SDK Reports API activity (activities.list item), application `admin`:
// https://developers.google.com/admin-sdk/reports/v1/appendix/activity/admin-security-settings
const ENFORCE_2SV_OFF = {
  kind: 'admin#reports#activity',
  id: {
    time: '2026-11-22T10:02:11.417Z',
    uniqueQualifier: '-5328741926372016652',
    applicationName: 'admin',
    customerId: 'C03az79cb',
  },
  etag: '"Rf2d1Z4X3kYHBP-4sPp0Y5yeqYSgJVT0n4fXO7G5T0M/5xL3uZ7mB2OqJmH1T9K1l3Yy4x8"',
  actor: { callerType: 'USER', email: 'it-admin@example.com', profileId: '104593810322745568312' },
  ipAddress: '198.51.100.23',
  events: [
    {
      type: 'SECURITY_SETTINGS',
      name: 'ENFORCE_STRONG_AUTHENTICATION',
      parameters: [
        { name: 'ORG_UNIT_NAME', value: 'example.com' },
        { name: 'NEW_VALUE', value: 'false' },
        { name: 'OLD_VALUE', value: 'true' },
      ],
    },
  ],
};

// Workspace login audit shared to Cloud Logging:
// https://cloud.google.com/logging/docs/audit/gsuite-login-samples
const SUSPICIOUS_LOGIN_ENTRY = {
  protoPayload: {
    '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
    authenticationInfo: { principalEmail: 'bob@example.com' },
    requestMetadata: { callerIp: '192.0.2.200', requestAttributes: {}, destinationAttributes: {} },
    serviceName: 'login.googleapis.com',
    methodName: 'google.login.LoginService.suspiciousLogin',
    resourceName: 'organizations/506102632746',
    metadata: {
      '@type': 'type.googleapis.com/ccc_hosted_reporting.ActivityProto',
      activityId: { timeUsec: '1795341000000000', uniqQualifier: '-2219017329914718412' },
      event: [
        {
          eventType: 'account_warning',
          eventName: 'suspicious_login',
          parameter: [
            {
              type: 'TYPE_STRING',
              label: 'LABEL_OPTIONAL',
              name: 'affected_email_address',
              value: 'bob@example.com',
            },
            {
              type: 'TYPE_STRING',
              label: 'LABEL_REPEATED',
              name: 'login_challenge_method',
              multiStrValue: ['password', 'idv_preregistered_phone'],
            },
            { type: 'TYPE_BOOL', label: 'LABEL_OPTIONAL', name: 'is_suspicious', boolValue: true },
          ],
        },
      ],
    },
  },
  insertId: 'mh9fqkc4a2',
  resource: {
    type: 'audited_resource',
    labels: { method: 'google.login.LoginService.suspiciousLogin', service: 'login.googleapis.com' },
  },
  timestamp: '2026-11-22T10:30:00Z',
  severity: 'NOTICE',
  logName: 'organizations/506102632746/logs/cloudaudit.googleapis.com%2Fdata_access',
  receiveTimestamp: '2026-11-22T10:31:12.836830467Z',
};

describe('isGcpRecord', () => {
  it('claims Cloud audit entries and Workspace activity in both shapes', () => {
    expect(isGcpRecord(FIREWALL_DELETE)).toBe(true);
    expect(isGcpRecord(ENFORCE_2SV_OFF)).toBe(true);
    expect(isGcpRecord(SUSPICIOUS_LOGIN_ENTRY)).toBe(true);
  });

  it('leaves other providers and generic JSON alone', () => {
    const cloudTrail = {
      eventVersion: '1.09',
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      awsRegion: 'us-east-1',
    };
    const k8s = { kind: 'Event', apiVersion: 'audit.k8s.io/v1', verb: 'get', auditID: 'x' };
    const ecs = { '@timestamp': '2026-11-22T10:00:00Z', event: { action: 'x' }, cloud: { provider: 'gcp' } };
    const appLog = {
      jsonPayload: { message: 'hello' },
      logName: 'projects/p/logs/app',
      resource: { type: 'gce_instance' },
    };
    for (const o of [cloudTrail, k8s, ecs, appLog]) expect(isGcpRecord(o)).toBe(false);
  });
});

describe('parseGcp: Cloud audit logs', () => {
  it('an Admin Activity firewall deletion', () => {
    const raw = JSON.stringify(FIREWALL_DELETE);
    expect(ok(raw)).toMatchObject({
      '@timestamp': '2026-11-22T09:14:03.123456Z',
      'event.original': raw,
      'vigil.format': 'gcp',
      'cloud.provider': 'gcp',
      'cloud.project.id': 'acme-prod',
      'event.kind': 'event',
      'event.module': 'gcp',
      'event.dataset': 'gcp.audit',
      'event.action': 'v1.compute.firewalls.delete',
      'event.provider': 'compute.googleapis.com',
      'event.id': '-8r4yeve2hxq',
      'event.type': ['deletion'],
      'event.outcome': 'success',
      'log.level': 'notice',
      'log.logger': 'projects/acme-prod/logs/cloudaudit.googleapis.com%2Factivity',
      'user.name': 'alice@example.com',
      'user.email': 'alice@example.com',
      'source.ip': '203.0.113.7',
      'user_agent.original': FIREWALL_DELETE.protoPayload.requestMetadata.callerSuppliedUserAgent,
      // the record under Google's own names
      'gcp.audit.protoPayload.methodName': 'v1.compute.firewalls.delete',
      'gcp.audit.protoPayload.serviceName': 'compute.googleapis.com',
      'gcp.audit.resource.type': 'gce_firewall_rule',
      'gcp.audit.resource.labels.firewall_rule_id': '6021847513590923141',
      'gcp.audit.logName': 'projects/acme-prod/logs/cloudaudit.googleapis.com%2Factivity',
      'gcp.audit.logId': 'cloudaudit.googleapis.com/activity',
      'gcp.audit.protoPayload.resourceLocation.currentLocations': ['global'],
      'gcp.audit.protoPayload.authorizationInfo.permission': ['compute.firewalls.delete'],
      'gcp.audit.protoPayload.authorizationInfo.granted': [true],
    });
  });

  it('a denied Data Access call: failure with the rpc status, lists of permissions, no IP for "private"', () => {
    const ev = ok(JSON.stringify(BUCKET_LIST_DENIED));
    expect(ev).toMatchObject({
      '@timestamp': '2026-11-22T09:20:00.500Z',
      'event.outcome': 'failure',
      'error.code': '7',
      'error.message': 'PERMISSION_DENIED',
      'event.type': ['access'],
      'cloud.region': 'europe-west1',
      'user.name': 'ci-runner@acme-prod.iam.gserviceaccount.com',
      'gcp.audit.protoPayload.requestMetadata.callerIp': 'private',
      'gcp.audit.logId': 'cloudaudit.googleapis.com/data_access',
      'gcp.audit.protoPayload.authorizationInfo.permission': ['storage.buckets.list', 'storage.buckets.get'],
      'gcp.audit.protoPayload.authorizationInfo.granted': [false, true],
      'gcp.audit.protoPayload.authorizationInfo.resource': [
        'projects/_/buckets/acme-backups',
        'projects/_/buckets/acme-logs',
      ],
    });
    expect(ev['source.ip']).toBeUndefined();
    // the pairs stay together in the JSON text
    expect(JSON.parse(String(ev['gcp.audit.protoPayload.authorizationInfo']))).toEqual(
      BUCKET_LIST_DENIED.protoPayload.authorizationInfo,
    );
  });

  it('reads the project from logName when the resource has no project_id label', () => {
    const o = { ...FIREWALL_DELETE, resource: { type: 'audited_resource', labels: { service: 'x' } } };
    expect(ok(JSON.stringify(o))['cloud.project.id']).toBe('acme-prod');
  });

  it('falls back to receiveTimestamp, then to the receive time', () => {
    const { timestamp: _t, ...noTime } = FIREWALL_DELETE;
    expect(ok(JSON.stringify(noTime))['@timestamp']).toBe('2026-11-22T09:14:04.001938Z');
    const { receiveTimestamp: _r, ...neither } = noTime;
    expect(ok(JSON.stringify(neither))['@timestamp']).toBe('2026-11-22T12:00:00.000Z');
  });

  it('rejects what it cannot map, with a reason', () => {
    const noPayload = parseGcp(JSON.stringify({ insertId: 'x', logName: 'projects/p/logs/app' }), ctx);
    expect(noPayload).toMatchObject({ ok: false, reason: expect.stringContaining('no protoPayload') });
    const empty = parseGcp(JSON.stringify({ protoPayload: { '@type': 'x' } }), ctx);
    expect(empty).toMatchObject({ ok: false, reason: expect.stringContaining('neither methodName') });
    const list = parseGcp(JSON.stringify({ entries: [FIREWALL_DELETE] }), ctx);
    expect(list).toMatchObject({ ok: false, reason: expect.stringContaining('on its own') });
    expect(parseGcp('[1]', ctx).ok).toBe(false);
  });

  it('logIdOf decodes the log id and tolerates odd names', () => {
    expect(logIdOf('folders/1/logs/cloudaudit.googleapis.com%2Fsystem_event')).toBe(
      'cloudaudit.googleapis.com/system_event',
    );
    expect(logIdOf('projects/p/logs/bad%2')).toBe('bad%2');
    expect(logIdOf('no-logs-here')).toBeUndefined();
  });
});

describe('parseGcp: Google Workspace', () => {
  it('a Reports API admin activity', () => {
    const ev = ok(JSON.stringify(ENFORCE_2SV_OFF));
    expect(ev).toMatchObject({
      '@timestamp': '2026-11-22T10:02:11.417Z',
      'vigil.format': 'gcp',
      'event.module': 'google_workspace',
      'event.dataset': 'google_workspace.admin',
      'event.provider': 'admin.googleapis.com',
      'event.action': 'ENFORCE_STRONG_AUTHENTICATION',
      'event.category': ['configuration'],
      'event.id': '-5328741926372016652',
      'organization.id': 'C03az79cb',
      'user.email': 'it-admin@example.com',
      'user.id': '104593810322745568312',
      'source.ip': '198.51.100.23',
      'google_workspace.actor.email': 'it-admin@example.com',
      'google_workspace.id.applicationName': 'admin',
      'google_workspace.events.name': ['ENFORCE_STRONG_AUTHENTICATION'],
      'google_workspace.events.type': ['SECURITY_SETTINGS'],
      'google_workspace.parameters.NEW_VALUE': 'false',
      'google_workspace.parameters.OLD_VALUE': 'true',
      'google_workspace.parameters.ORG_UNIT_NAME': 'example.com',
    });
    expect(ev['cloud.provider']).toBeUndefined();
  });

  it('a Workspace login entry from Cloud Logging', () => {
    const ev = ok(JSON.stringify(SUSPICIOUS_LOGIN_ENTRY));
    expect(ev).toMatchObject({
      '@timestamp': '2026-11-22T10:30:00.000Z',
      'event.dataset': 'google_workspace.login',
      'event.provider': 'login.googleapis.com',
      'event.action': 'suspicious_login',
      'event.category': ['authentication'],
      'event.id': 'mh9fqkc4a2',
      'user.email': 'bob@example.com',
      'source.ip': '192.0.2.200',
      'google_workspace.protoPayload.serviceName': 'login.googleapis.com',
      'google_workspace.protoPayload.metadata.event.eventName': ['suspicious_login'],
      'google_workspace.protoPayload.metadata.event.eventType': ['account_warning'],
      'google_workspace.parameters.login_challenge_method': ['password', 'idv_preregistered_phone'],
      'google_workspace.parameters.is_suspicious': true,
    });
    expect(ev['gcp.audit.protoPayload.methodName']).toBeUndefined();
  });

  it('login outcomes, several events, and odd parameters', () => {
    const activity = {
      kind: 'admin#reports#activity',
      id: { time: '2026-11-22T11:00:00Z', uniqueQualifier: '1', applicationName: 'login', customerId: 'C0' },
      actor: { email: 'carol@example.com', profileId: '1' },
      ipAddress: '2001:db8::5',
      events: [
        {
          type: 'login',
          name: 'login_failure',
          parameters: [
            { name: 'login_type', value: 'google_password' },
            { name: 'login_failure_type', value: 'login_failure_invalid_password' },
            { name: '__proto__', value: 'x' },
            { name: 'has spaces', value: 'x' },
          ],
        },
        { type: 'login', name: 'login_challenge', parameters: [{ name: 'login_type', value: 'saml' }] },
      ],
    };
    const ev = ok(JSON.stringify(activity));
    expect(ev).toMatchObject({
      'event.dataset': 'google_workspace.login',
      'event.type': ['start'],
      'event.outcome': 'failure',
      'source.ip': '2001:db8::5',
      'google_workspace.events.name': ['login_failure', 'login_challenge'],
      'google_workspace.parameters.login_type': ['google_password', 'saml'],
    });
    // a hostile name is a plain own field; a name that is not a word stays only in the JSON text
    expect(Object.hasOwn(ev, 'google_workspace.parameters.__proto__')).toBe(true);
    expect(Object.getPrototypeOf(ev)).toBe(Object.prototype);
    expect(Object.keys(ev).filter((k) => k.includes(' '))).toEqual([]);
  });

  it('rejects an activity without an application name', () => {
    const bad = { kind: 'admin#reports#activity', id: {}, events: [] };
    expect(parseGcp(JSON.stringify(bad), ctx)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('applicationName'),
    });
  });
});
