/**
 * The Azure normalizer. Samples follow Microsoft's diagnostic-settings export
 * (https://learn.microsoft.com/azure/azure-monitor/essentials/resource-logs-schema,
 * https://learn.microsoft.com/azure/azure-monitor/essentials/activity-log-schema) and the raw samples
 * of Elastic's azure integration (packages/azure/data_stream/{signinlogs,auditlogs,activitylogs,
 * identity_protection}/_dev/test/pipeline), trimmed; PIM incidents follow the Graph resource type
 * https://learn.microsoft.com/graph/api/resources/stalesigninalertincident.
 */

import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext } from '../types.ts';
import { azureDataset, isAzureRecord, isAzureRecordsFile, normalizeAzure, parseAzure } from './azure.ts';
import { unquote } from './azure-audit.ts';
import { resourcePath } from './azure-ecs.ts';
import { usTimeToIso } from './azure-time.ts';
import { splitRecords } from './record-files.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'UTC' };
const TENANT = '4bbb79f7-5724-4c9e-95f3-de075f6ec090';

function ok(record: object): VigilEvent {
  const out = parseAzure(JSON.stringify(record), ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

const SIGN_IN = {
  time: '2022-01-24T05:10:08.6816663Z',
  resourceId: `/tenants/${TENANT}/providers/Microsoft.aadiam`,
  operationName: 'Sign-in activity',
  operationVersion: '1.0',
  category: 'SignInLogs',
  tenantId: TENANT,
  resultType: '0',
  resultSignature: 'None',
  durationMs: 0,
  callerIpAddress: '1.128.3.4',
  correlationId: '7532b99a-06da-4c23-91e5-0f062bc0dcb3',
  identity: 'elastic testing',
  Level: 4,
  location: 'IN',
  properties: {
    id: '933f20c0-efdf-477f-9586-e5cc566d2e00',
    createdDateTime: '2022-01-24T05:10:08.6816663+00:00',
    userDisplayName: 'elastic testing',
    userPrincipalName: 'mpliftrelastic20210901@outlook.com',
    userId: '2ce85a15-8640-465d-b916-d2eac620a717',
    appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
    appDisplayName: 'Azure Portal',
    ipAddress: '1.128.3.4',
    status: { errorCode: 0 },
    clientAppUsed: 'Browser',
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/97.0.4692.99 Safari/537.36 Edg/97.0.1072.69',
    deviceDetail: { deviceId: '', operatingSystem: 'Windows 10', browser: 'Edge 97.0.1072' },
    location: { city: 'Nizampet', state: 'Telangana', countryOrRegion: 'IN' },
    conditionalAccessStatus: 'notApplied',
    appliedConditionalAccessPolicies: [],
    isInteractive: true,
    authenticationDetails: [
      {
        authenticationStepDateTime: '2022-01-24T05:10:08.6816663+00:00',
        authenticationMethod: 'Previously satisfied',
        succeeded: true,
      },
    ],
    networkLocationDetails: [],
    riskState: 'none',
    resourceDisplayName: 'Windows Azure Service Management API',
    authenticationRequirement: 'singleFactorAuthentication',
    autonomousSystemNumber: 55836,
  },
};

const AUDIT = {
  time: '2022-01-22T18:15:02.5168093Z',
  resourceId: `/tenants/${TENANT}/providers/Microsoft.aadiam`,
  operationName: 'Add service principal credentials',
  operationVersion: '1.0',
  category: 'AuditLogs',
  tenantId: TENANT,
  resultSignature: 'None',
  durationMs: 0,
  callerIpAddress: '1.128.3.4',
  correlationId: '53161141-e3f4-4944-85b6-7b953f17265e',
  identity: 'Managed Service Identity',
  Level: 4,
  properties: {
    id: 'Directory_53161141-e3f4-4944-85b6-7b953f17265e_6X649_134684731',
    category: 'ApplicationManagement',
    correlationId: '53161141-e3f4-4944-85b6-7b953f17265e',
    result: 'success',
    resultReason: '',
    activityDisplayName: 'Add service principal credentials',
    activityDateTime: '2022-01-22T18:15:02.5168093+00:00',
    loggedByService: 'Core Directory',
    operationType: 'Update',
    userAgent: null,
    initiatedBy: {
      app: {
        appId: null,
        displayName: 'Managed Service Identity',
        servicePrincipalId: 'b9814691-9ca1-4e55-a1ac-8ef5dd010ec0',
        servicePrincipalName: null,
      },
    },
    targetResources: [
      {
        id: 'a7d5dcbe-0627-4ddf-a2f4-86b6785bcc42',
        displayName: 'billing-test-wus',
        type: 'ServicePrincipal',
        modifiedProperties: [
          { displayName: 'Included Updated Properties', oldValue: null, newValue: '"KeyDescription"' },
          {
            displayName: 'TargetId.ServicePrincipalNames',
            oldValue: null,
            newValue: '"a70a7931-c387-4dce-9f35-fbf95bdcc91e"',
          },
        ],
        administrativeUnits: [],
      },
    ],
    additionalDetails: [
      { key: 'User-Agent', value: 'Microsoft Azure Graph Client Library 2.1.17-internal' },
      { key: 'AppId', value: 'a70a7931-c387-4dce-9f35-fbf95bdcc91e' },
    ],
  },
};

const SUB = '8a4de8b5-095c-47d0-a96f-a75130c61d53';
const ACTIVITY = {
  callerIpAddress: '81.2.69.144',
  category: 'Administrative',
  correlationId: '8a4de8b5-095c-47d0-a96f-a75130c61d53',
  durationMs: 0,
  identity: {
    authorization: {
      action: 'Microsoft.EventHub/namespaces/authorizationRules/listKeys/action',
      evidence: { principalType: 'ServicePrincipal', role: 'Azure EventGrid Service BuiltIn Role' },
      scope: `/subscriptions/${SUB}/resourceGroups/sa-hem/providers/Microsoft.EventHub/namespaces/azurelsevents`,
    },
    claims: {
      appid: '8a4de8b5-095c-47d0-a96f-a75130c61d53',
      aud: 'https://management.core.windows.net/',
      'http://schemas.microsoft.com/identity/claims/objectidentifier': '5a7b2c3d-0000-4e43-9c11-5e6b2b7a0d21',
    },
  },
  level: 'Information',
  location: 'global',
  operationName: 'MICROSOFT.EVENTHUB/NAMESPACES/AUTHORIZATIONRULES/LISTKEYS/ACTION',
  resourceId: `/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/SA-HEMA/PROVIDERS/MICROSOFT.EVENTHUB/NAMESPACES/AZURELSEVENTS/AUTHORIZATIONRULES/ROOTMANAGESHAREDACCESSKEY`,
  resultSignature: 'Started.',
  resultType: 'Start',
  time: '2019-10-24T00:13:46.3554259Z',
};

const RISK_EVENT = {
  time: '8/22/2022 6:07:16 PM',
  resourceId: '/tenants/5611623b-9128-461e-9d7f-a0d9c270ead2/providers/microsoft.aadiam',
  operationName: 'User Risk Detection',
  operationVersion: '1.0',
  category: 'UserRiskEvents',
  tenantId: '5611623b-9128-461e-9d7f-a0d9c270ead2',
  resultSignature: 'None',
  durationMs: 0,
  callerIpAddress: '67.43.156.42',
  correlationId: 'ce0ed07f9ccf5be15e4b97d2979af6569b1f67db87ddc9b88b5bb743ea091e47',
  identity: 'joe danger',
  Level: 4,
  location: 'de',
  properties: {
    id: 'ce0ed07f9ccf5be15e4b97d2979af6569b1f67db87ddc9b88b5bb743ea091e47',
    riskType: 'anonymizedIPAddress',
    riskEventType: 'anonymizedIPAddress',
    riskState: 'atRisk',
    riskLevel: 'high',
    ipAddress: '67.43.156.42',
    activityDateTime: '2022-08-22T18:05:06.133Z',
    userId: '51e26eae-d07b-44e5-bb0b-249f49569a8c',
    userDisplayName: 'Joe Danger',
    userPrincipalName: 'joe.danger@contoso.onmicrosoft.com',
  },
};

const PIM_INCIDENT = {
  '@odata.type': '#microsoft.graph.staleSignInAlertIncident',
  id: '9d4f8a26-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
  roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
  roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10',
  roleDisplayName: 'Global Administrator',
  assigneeId: '2ce85a15-8640-465d-b916-d2eac620a717',
  assigneeDisplayName: 'Adele Vance',
  assigneeUserPrincipalName: 'adele.vance@contoso.onmicrosoft.com',
  assignmentCreatedDateTime: '2025-01-10T09:00:00Z',
  lastSignInDateTime: '2026-05-01T08:00:00Z',
};

describe('parseAzure: Entra sign-in logs', () => {
  it('maps a successful interactive sign-in to ECS and keeps the record under azure.signinlogs', () => {
    const raw = JSON.stringify(SIGN_IN);
    expect(ok(SIGN_IN)).toMatchObject({
      '@timestamp': '2022-01-24T05:10:08.681666Z',
      'event.original': raw,
      'vigil.format': 'azure',
      'cloud.provider': 'azure',
      'cloud.account.id': TENANT,
      'azure.tenant_id': TENANT,
      'event.kind': 'event',
      'event.module': 'azure',
      'event.dataset': 'azure.signinlogs',
      'event.action': 'Sign-in activity',
      'event.category': ['authentication'],
      'event.type': ['start'],
      'event.outcome': 'success',
      'event.id': '933f20c0-efdf-477f-9586-e5cc566d2e00',
      'user.name': 'mpliftrelastic20210901@outlook.com',
      'user.id': '2ce85a15-8640-465d-b916-d2eac620a717',
      'user.full_name': 'elastic testing',
      'source.ip': '1.128.3.4',
      'source.geo.country_iso_code': 'IN',
      'source.as.number': 55836,
      'user_agent.original': SIGN_IN.properties.userAgent,
      'azure.signinlogs.resultType': '0',
      'azure.signinlogs.properties.status.errorCode': 0,
      'azure.signinlogs.properties.deviceDetail.deviceId': '',
      'azure.signinlogs.properties.authenticationRequirement': 'singleFactorAuthentication',
    });
  });

  it('writes networkLocationDetails as JSON text, so an empty list reads "[]"', () => {
    expect(ok(SIGN_IN)['azure.signinlogs.properties.networkLocationDetails']).toBe('[]');
  });

  it('a failed sign-in carries the AADSTS code and description', () => {
    const failed = {
      ...SIGN_IN,
      resultType: '50126',
      resultDescription: 'Error validating credentials due to invalid username or password.',
      properties: {
        ...SIGN_IN.properties,
        status: { errorCode: 50126, failureReason: 'Invalid username or password.' },
      },
    };
    expect(ok(failed)).toMatchObject({
      'event.outcome': 'failure',
      'error.code': '50126',
      'error.message': 'Error validating credentials due to invalid username or password.',
    });
  });

  it('non-interactive and service principal sign-ins share the dataset', () => {
    for (const c of [
      'NonInteractiveUserSignInLogs',
      'ServicePrincipalSignInLogs',
      'ManagedIdentitySignInLogs',
    ]) {
      expect(azureDataset(c)).toBe('signinlogs');
    }
    const sp = ok({
      ...SIGN_IN,
      category: 'ServicePrincipalSignInLogs',
      properties: {
        servicePrincipalName: 'backup-runner',
        servicePrincipalId: 'f1d2',
        ipAddress: '20.1.2.3',
      },
    });
    expect(sp).toMatchObject({ 'user.name': 'backup-runner', 'user.id': 'f1d2', 'source.ip': '20.1.2.3' });
  });
});

describe('parseAzure: Entra audit logs', () => {
  it('maps the initiator, outcome and operation type', () => {
    expect(ok(AUDIT)).toMatchObject({
      '@timestamp': '2022-01-22T18:15:02.516809Z',
      'event.dataset': 'azure.auditlogs',
      'event.action': 'Add service principal credentials',
      'event.outcome': 'success',
      'event.type': ['change'],
      'event.category': ['iam'],
      'event.provider': 'Core Directory',
      'user.name': 'Managed Service Identity',
      'user.id': 'b9814691-9ca1-4e55-a1ac-8ef5dd010ec0',
      'source.ip': '1.128.3.4',
      'user_agent.original': 'Microsoft Azure Graph Client Library 2.1.17-internal',
      'azure.auditlogs.properties.activityDisplayName': 'Add service principal credentials',
      'azure.auditlogs.properties.initiatedBy.app.displayName': 'Managed Service Identity',
    });
  });

  it('keeps targetResources as JSON text and projects its members as lists', () => {
    const ev = ok(AUDIT);
    expect(ev['azure.auditlogs.properties.targetResources']).toBe(
      JSON.stringify(AUDIT.properties.targetResources),
    );
    expect(ev).toMatchObject({
      'azure.auditlogs.properties.targetResources.type': ['ServicePrincipal'],
      'azure.auditlogs.properties.targetResources.displayName': ['billing-test-wus'],
      'azure.auditlogs.properties.targetResources.modifiedProperties.displayName': [
        'Included Updated Properties',
        'TargetId.ServicePrincipalNames',
      ],
      'azure.auditlogs.modifiedProperties.Included Updated Properties': 'KeyDescription',
      'azure.auditlogs.properties.additionalDetails.AppId': 'a70a7931-c387-4dce-9f35-fbf95bdcc91e',
    });
  });

  it('a failed activity is a failure with its reason; a user initiator and user target are named', () => {
    const ev = ok({
      ...AUDIT,
      operationName: 'Invite external user',
      properties: {
        ...AUDIT.properties,
        category: 'UserManagement',
        result: 'failure',
        resultReason: 'Guest invitations are not allowed for your organization.',
        operationType: 'Add',
        initiatedBy: { user: { id: 'u-1', userPrincipalName: 'bob@contoso.com', ipAddress: '203.0.113.9' } },
        targetResources: [{ id: 'u-2', type: 'User', userPrincipalName: 'eve_gmail.com#EXT#@contoso.com' }],
      },
    });
    expect(ev).toMatchObject({
      'event.outcome': 'failure',
      'error.message': 'Guest invitations are not allowed for your organization.',
      'event.type': ['creation'],
      'user.name': 'bob@contoso.com',
      'source.ip': '203.0.113.9',
      'user.target.name': 'eve_gmail.com#EXT#@contoso.com',
      'user.target.id': 'u-2',
    });
  });

  it('bounds the projections of a hostile list', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ id: `t${i}`, type: 'User' }));
    const ev = ok({ ...AUDIT, properties: { ...AUDIT.properties, targetResources: many } });
    expect((ev['azure.auditlogs.properties.targetResources.id'] as unknown[]).length).toBe(64);
  });

  it('unquote removes one level of JSON string quoting only', () => {
    expect(unquote('"False"')).toBe('False');
    expect(unquote('["Guest"]')).toBe('["Guest"]');
    expect(unquote('"not json')).toBe('"not json');
  });
});

describe('parseAzure: activity logs', () => {
  it('reads the upper-cased resource id and the caller claims', () => {
    expect(ok(ACTIVITY)).toMatchObject({
      '@timestamp': '2019-10-24T00:13:46.355425Z',
      'event.dataset': 'azure.activitylogs',
      'event.action': 'MICROSOFT.EVENTHUB/NAMESPACES/AUTHORIZATIONRULES/LISTKEYS/ACTION',
      'cloud.account.id': SUB,
      'azure.subscription_id': SUB,
      'azure.resource.group': 'SA-HEMA',
      'azure.resource.provider': 'MICROSOFT.EVENTHUB',
      'azure.resource.name': 'ROOTMANAGESHAREDACCESSKEY',
      'source.ip': '81.2.69.144',
      'user.name': '8a4de8b5-095c-47d0-a96f-a75130c61d53',
      'user.id': '5a7b2c3d-0000-4e43-9c11-5e6b2b7a0d21',
      'azure.activitylogs.identity.claims.aud': 'https://management.core.windows.net/',
    });
  });

  it('a "Start" entry has no outcome yet, and a "global" location is no region', () => {
    const ev = ok(ACTIVITY);
    expect(ev['event.outcome']).toBeUndefined();
    expect(ev['cloud.region']).toBeUndefined();
    const done = ok({ ...ACTIVITY, resultType: 'Success', location: 'westeurope', operationName: 'X/WRITE' });
    expect(done).toMatchObject({
      'event.outcome': 'success',
      'cloud.region': 'westeurope',
      'event.type': ['change'],
    });
  });

  it('other diagnostic categories are platform logs', () => {
    const kv = ok({
      time: '2026-11-22T10:00:00Z',
      resourceId: `/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/PROD/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/PROD-KV`,
      operationName: 'SecretGet',
      category: 'AuditEvent',
      resultType: 'Success',
      callerIpAddress: '10.1.2.3',
      properties: { id: 'https://prod-kv.vault.azure.net/secrets/db/1', httpStatusCode: 200 },
    });
    expect(kv).toMatchObject({
      'event.dataset': 'azure.platformlogs',
      'azure.platformlogs.properties.httpStatusCode': 200,
      'azure.resource.provider': 'MICROSOFT.KEYVAULT',
    });
  });
});

describe('parseAzure: Identity Protection and PIM', () => {
  it('reads the US-format time of risk records as UTC', () => {
    expect(ok(RISK_EVENT)).toMatchObject({
      '@timestamp': '2022-08-22T18:07:16.000Z',
      'event.dataset': 'azure.identity_protection',
      'event.category': ['intrusion_detection'],
      'user.name': 'joe.danger@contoso.onmicrosoft.com',
      'source.ip': '67.43.156.42',
      'azure.identity_protection.properties.riskEventType': 'anonymizedIPAddress',
    });
  });

  it('falls back to the activity time when "time" does not read', () => {
    expect(ok({ ...RISK_EVENT, time: 'yesterday' })['@timestamp']).toBe('2022-08-22T18:05:06.133Z');
  });

  it('a PIM alert incident is its own dataset, its Graph type the action', () => {
    expect(isAzureRecord(PIM_INCIDENT)).toBe(true);
    expect(ok(PIM_INCIDENT)).toMatchObject({
      '@timestamp': '2026-11-22T12:00:00.000Z',
      'event.dataset': 'azure.pim',
      'event.kind': 'alert',
      'event.action': 'staleSignInAlertIncident',
      'user.name': 'adele.vance@contoso.onmicrosoft.com',
      'user.roles': ['Global Administrator'],
      'azure.pim.roleDisplayName': 'Global Administrator',
    });
  });
});

describe('Event Hub / storage envelopes', () => {
  const envelope = JSON.stringify({ records: [SIGN_IN, AUDIT] });

  it('are recognized and split into one record per event', () => {
    expect(isAzureRecordsFile(JSON.parse(envelope))).toBe(true);
    const parts = splitRecords(envelope);
    expect(parts).toHaveLength(2);
    expect(JSON.parse(parts[1] as string)).toEqual(AUDIT);
  });

  it('are rejected as one event with a reason that says to split them', () => {
    const out = normalizeAzure(JSON.parse(envelope), envelope, ctx);
    expect(out).toEqual({ ok: false, reason: expect.stringContaining('split it into one record per event') });
  });

  it('text that is not an envelope comes back whole', () => {
    expect(splitRecords('{"records":[{"a":1}]}')).toEqual(['{"records":[{"a":1}]}']);
    expect(splitRecords('not json')).toEqual(['not json']);
  });
});

describe('isAzureRecord', () => {
  it('claims diagnostic records and PIM incidents only', () => {
    expect(isAzureRecord(SIGN_IN)).toBe(true);
    expect(isAzureRecord(AUDIT)).toBe(true);
    expect(isAzureRecord(ACTIVITY)).toBe(true);
    expect(
      isAzureRecord({ Category: 'SignInLogs', resourceId: '/tenants/x', operationName: 'Sign-in activity' }),
    ).toBe(true);
  });

  it('does not claim other sources', () => {
    const cloudTrail = {
      eventName: 'ConsoleLogin',
      eventSource: 'signin.amazonaws.com',
      awsRegion: 'us-east-1',
    };
    const ecs = {
      '@timestamp': '2026-11-22T10:00:00Z',
      event: { category: 'authentication' },
      source: { ip: '1.2.3.4' },
    };
    const windows = { EventID: 4624, Channel: 'Security', Computer: 'DC01' };
    const okta = { eventType: 'user.session.start', uuid: 'x', published: '2026-11-22T10:00:00Z' };
    const m365 = {
      CreationTime: '2026-11-22T10:00:00',
      Operation: 'UserLoggedIn',
      Workload: 'AzureActiveDirectory',
    };
    const graphOther = { '@odata.type': '#microsoft.graph.user', id: 'u' };
    const noSlash = { resourceId: 'abc', operationName: 'x', category: 'AuditLogs' };
    for (const o of [cloudTrail, ecs, windows, okta, m365, graphOther, noSlash])
      expect(isAzureRecord(o)).toBe(false);
  });

  it('a record without category or operationName is rejected with what it lacks', () => {
    const out = normalizeAzure({ resourceId: '/tenants/x', time: '2026-11-22T10:00:00Z' }, '{}', ctx);
    expect(out).toEqual({ ok: false, reason: expect.stringContaining('"category" and "operationName"') });
  });
});

describe('helpers', () => {
  it('usTimeToIso reads 12 AM as midnight and 12 PM as noon, and refuses nonsense', () => {
    expect(usTimeToIso('1/2/2024 12:00:05 AM')).toBe('2024-01-02T00:00:05.000Z');
    expect(usTimeToIso('1/2/2024 12:00:05 PM')).toBe('2024-01-02T12:00:05.000Z');
    expect(usTimeToIso('13/2/2024 1:00:05 PM')).toBeNull();
    expect(usTimeToIso('1/2/2024 13:00:05 PM')).toBeNull();
  });

  it('resourcePath reads subscription, group and provider in any case', () => {
    expect(
      resourcePath('/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1'),
    ).toEqual({
      subscription: 's1',
      group: 'rg',
      provider: 'Microsoft.Compute',
      name: 'vm1',
    });
    expect(resourcePath(`/tenants/${TENANT}/providers/Microsoft.aadiam`)).toEqual({
      tenant: TENANT,
      provider: 'Microsoft.aadiam',
    });
  });
});
