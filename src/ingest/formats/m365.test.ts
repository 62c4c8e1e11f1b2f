/**
 * The m365 parser as a specification. Records follow the Office 365 Management Activity API schema
 * (https://learn.microsoft.com/office/office-365-management-api/office-365-management-activity-api-schema)
 * and are modelled on the samples of Elastic's o365 integration tests
 * (elastic/integrations packages/o365/data_stream/audit/_dev/test/pipeline/*.json).
 */

import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext } from '../types.ts';
import { clientAddress, isM365Record, parseM365 } from './m365.ts';
import { splitRecords } from './record-files.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 0, 5, 12), assumeTimeZone: 'UTC' };

function ok(record: unknown): VigilEvent {
  const out = parseM365(JSON.stringify(record), ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

function reason(raw: string): string {
  const out = parseM365(raw, ctx);
  if (out.ok) throw new Error('expected a rejection');
  return out.reason;
}

const TENANT = 'B86AB9D4-FCF1-4B11-8A06-7A8F91B47FBD';

/** Security & Compliance alert, RecordType 40 (Elastic test-sec-comp-alerts-events.json). */
const SCC_ALERT = {
  AlertEntityId: 'asr@testsiem.onmicrosoft.com',
  AlertId: '5ba6e029-8b6e-13bd-b800-08d7b180173c',
  AlertLinks: [{ AlertLinkHref: 'http://example.net/alert' }],
  AlertType: 'System',
  Category: 'AccessGovernance',
  Comments: 'New alert',
  CreationTime: '2020-02-14T19:00:00',
  Data: '{"etype":"User","eid":"asr@testsiem.onmicrosoft.com","op":"GrantAdminPermission","an":"Elevation of Exchange admin privilege","sev":"Low"}',
  EntityType: 'User',
  Id: '448854d7-81f6-4a06-d31a-08d7b1c1fb2f',
  Name: 'Elevation of Exchange admin privilege',
  ObjectId: 'asr@testsiem.onmicrosoft.com',
  Operation: 'AlertEntityGenerated',
  OrganizationId: TENANT,
  PolicyId: '17d51759-88e1-40c1-8df3-20bcf2e43057',
  RecordType: '40',
  ResultStatus: 'Succeeded',
  Severity: 'Low',
  Source: 'Office 365 Security & Compliance',
  Status: 'Active',
  UserId: 'SecurityComplianceAlerts',
  UserKey: 'SecurityComplianceAlerts',
  UserType: '4',
  Version: '1',
  Workload: 'SecurityComplianceCenter',
};

/** Entra ID STS sign-in, RecordType 15 (Elastic test-azuread-sts-logon-events.json). */
const STS_LOGON = {
  ActorIpAddress: '67.43.156.15',
  ApplicationId: '4345a7b9-9a63-4910-a426-35363201d503',
  AzureActiveDirectoryEventType: '1',
  ClientIP: '67.43.156.15',
  CreationTime: '2020-02-10T15:13:13',
  ExtendedProperties: [
    {
      Name: 'UserAgent',
      Value: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.14; rv:72.0) Gecko/20100101 Firefox/72.0',
    },
    { Name: 'UserAuthenticationMethod', Value: '9' },
    { Name: 'RequestType', Value: 'OAuth2:Authorize' },
    { Name: 'ResultStatusDetail', Value: 'Success' },
    { Name: 'KeepMeSignedIn', Value: 'False' },
  ],
  Id: 'ca0efc24-1b89-4962-8fef-a3ac5437302f',
  ModifiedProperties: [],
  ObjectId: '00000002-0000-0000-c000-000000000000',
  Operation: 'UserLoggedIn',
  OrganizationId: TENANT,
  RecordType: 15,
  ResultStatus: 'Succeeded',
  UserId: 'asr@testsiem.onmicrosoft.com',
  UserKey: '1003200096971F55@testsiem.onmicrosoft.com',
  UserType: 0,
  Version: 1,
  Workload: 'AzureActiveDirectory',
};

/** Exchange admin cmdlet, RecordType 1 (Elastic test-exchange-admin-events.json). */
const EXCHANGE_ADMIN = {
  AppId: '',
  ClientAppId: '',
  ClientIP: '[2001:db8::a1]:51312',
  CreationTime: '2020-02-07T20:49:49',
  ExternalAccess: false,
  Id: '1c7412a6-858d-49ff-3f93-08d7ac0f45bf',
  ObjectId: 'contoso.onmicrosoft.com\\Forward to partner',
  Operation: 'New-InboxRule',
  OrganizationId: TENANT,
  OrganizationName: 'testsiem.onmicrosoft.com',
  OriginatingServer: 'HE1PR0102MB3228 (15.20.4888.011)',
  Parameters: [
    { Name: 'Name', Value: 'Forward to partner' },
    { Name: 'ForwardTo', Value: 'drop@evil-mail.example' },
  ],
  RecordType: 1,
  ResultStatus: 'True',
  UserId: 'megan.bowen@contoso.onmicrosoft.com',
  UserKey: '10032001C8CDE20F',
  UserType: 2,
  Version: 1,
  Workload: 'Exchange',
};

describe('isM365Record', () => {
  it('claims records of every workload by their common schema', () => {
    expect(isM365Record(SCC_ALERT)).toBe(true);
    expect(isM365Record(STS_LOGON)).toBe(true);
    expect(isM365Record(EXCHANGE_ADMIN)).toBe(true);
  });

  it("does not claim other providers' records or generic JSON", () => {
    const cloudTrail = {
      eventVersion: '1.09',
      eventTime: '2026-01-05T08:15:42Z',
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      awsRegion: 'us-east-1',
    };
    const entraSignIn = {
      time: '2026-01-05T08:15:42Z',
      operationName: 'Sign-in activity',
      category: 'SignInLogs',
      tenantId: TENANT,
      properties: { userPrincipalName: 'megan.bowen@contoso.onmicrosoft.com' },
    };
    const ecs = { '@timestamp': '2026-01-05T08:15:42Z', event: { action: 'UserLoggedIn' } };
    const almost = { Operation: 'UserLoggedIn', CreationTime: '2026-01-05T08:15:42' };
    for (const o of [cloudTrail, entraSignIn, ecs, almost]) expect(isM365Record(o)).toBe(false);
  });
});

describe('parseM365', () => {
  it('turns a Security & Compliance alert into an ECS alert with its policy as the rule', () => {
    const ev = ok(SCC_ALERT);
    expect(ev).toMatchObject({
      '@timestamp': '2020-02-14T19:00:00.000Z',
      'vigil.format': 'm365',
      'event.kind': 'alert',
      'event.module': 'm365',
      'event.dataset': 'm365.audit',
      'event.provider': 'SecurityComplianceCenter',
      'event.action': 'AlertEntityGenerated',
      'event.code': 'SecurityComplianceAlerts',
      'event.id': '448854d7-81f6-4a06-d31a-08d7b1c1fb2f',
      'event.outcome': 'success',
      'event.severity': 2,
      'rule.name': 'Elevation of Exchange admin privilege',
      'rule.id': '17d51759-88e1-40c1-8df3-20bcf2e43057',
      'rule.category': 'AccessGovernance',
      message: 'New alert',
      'organization.id': 'b86ab9d4-fcf1-4b11-8a06-7a8f91b47fbd',
      'user.id': 'SecurityComplianceAlerts',
      'user.name': 'SecurityComplianceAlerts',
      // the vendor's own names, as written
      'm365.audit.Name': 'Elevation of Exchange admin privilege',
      'm365.audit.Workload': 'SecurityComplianceCenter',
      'm365.audit.RecordType': '40',
      // Data is JSON text: kept, and spread out
      'm365.audit.Data': SCC_ALERT.Data,
      'm365.audit.Data.an': 'Elevation of Exchange admin privilege',
      'm365.audit.Data.op': 'GrantAdminPermission',
    });
    expect(ev['event.original']).toBe(JSON.stringify(SCC_ALERT));
    expect(ev['cloud.provider']).toBeUndefined();
  });

  it('reads an STS sign-in: user, address, user agent, and ExtendedProperties by name', () => {
    const ev = ok(STS_LOGON);
    expect(ev).toMatchObject({
      'event.kind': 'event',
      'event.category': ['authentication'],
      'event.type': ['start'],
      'event.outcome': 'success',
      'event.code': 'AzureActiveDirectoryStsLogon',
      'source.ip': '67.43.156.15',
      'user.id': 'asr@testsiem.onmicrosoft.com',
      'user.email': 'asr@testsiem.onmicrosoft.com',
      'user.name': 'asr',
      'user.domain': 'testsiem.onmicrosoft.com',
      'user_agent.original': STS_LOGON.ExtendedProperties[0]?.Value,
      'm365.audit.ExtendedProperties.RequestType': 'OAuth2:Authorize',
      'm365.audit.ExtendedProperties.KeepMeSignedIn': 'False',
      'm365.audit.ApplicationId': '4345a7b9-9a63-4910-a426-35363201d503',
    });
    // the list itself stays searchable as written
    expect(ev['m365.audit.ExtendedProperties']).toBe(JSON.stringify(STS_LOGON.ExtendedProperties));
  });

  it('treats a sign-in with a LogonError, or UserLoginFailed, as a failure whatever ResultStatus says', () => {
    expect(ok({ ...STS_LOGON, LogonError: 'InvalidPasswordExpiredPassword' })['event.outcome']).toBe(
      'failure',
    );
    expect(ok({ ...STS_LOGON, Operation: 'UserLoginFailed' })['event.outcome']).toBe('failure');
  });

  it('reads an Exchange admin cmdlet: Parameters by name, True/False as the outcome, the verb as the type', () => {
    const ev = ok(EXCHANGE_ADMIN);
    expect(ev).toMatchObject({
      'event.provider': 'Exchange',
      'event.action': 'New-InboxRule',
      'event.code': 'ExchangeAdmin',
      'event.outcome': 'success',
      'event.category': ['configuration'],
      'event.type': ['creation'],
      'source.ip': '2001:db8::a1',
      'source.port': 51312,
      'm365.audit.Parameters.ForwardTo': 'drop@evil-mail.example',
    });
    expect(ok({ ...EXCHANGE_ADMIN, ResultStatus: 'False' })['event.outcome']).toBe('failure');
    expect(ok({ ...EXCHANGE_ADMIN, ResultStatus: 'Partially done' })['event.outcome']).toBeUndefined();
  });

  it('spreads ModifiedProperties as <Name>.NewValue / <Name>.OldValue', () => {
    const ev = ok({
      ...STS_LOGON,
      RecordType: 8,
      Operation: 'Disable Strong Authentication.',
      ModifiedProperties: [
        { Name: 'StrongAuthenticationRequirement', NewValue: '[]', OldValue: '[{"State":1}]' },
      ],
    });
    expect(ev).toMatchObject({
      'event.category': ['iam'],
      'event.type': ['change'],
      'm365.audit.ModifiedProperties.StrongAuthenticationRequirement.NewValue': '[]',
      'm365.audit.ModifiedProperties.StrongAuthenticationRequirement.OldValue': '[{"State":1}]',
    });
  });

  it('keeps a hostile name as an own field, never as a prototype', () => {
    const ev = ok({ ...EXCHANGE_ADMIN, Parameters: [{ Name: '__proto__', Value: 'x' }] });
    expect(Object.getPrototypeOf(ev)).toBe(Object.prototype);
    expect(Object.hasOwn(ev, 'm365.audit.Parameters.__proto__')).toBe(true);
  });

  it('unwraps a Purview / Search-UnifiedAuditLog export row, keeping the row as event.original', () => {
    const row = {
      RecordType: 'ExchangeAdmin',
      CreationDate: '2020-02-07T20:49:49.0000000Z',
      UserIds: 'megan.bowen@contoso.onmicrosoft.com',
      Operations: 'New-InboxRule',
      AuditData: JSON.stringify(EXCHANGE_ADMIN),
      ResultIndex: 1,
      ResultCount: 1,
      Identity: '1c7412a6-858d-49ff-3f93-08d7ac0f45bf',
    };
    expect(isM365Record(row)).toBe(true);
    const raw = JSON.stringify(row);
    const out = parseM365(raw, ctx);
    expect(out.ok && out.event['event.action']).toBe('New-InboxRule');
    expect(out.ok && out.event['m365.audit.Parameters.ForwardTo']).toBe('drop@evil-mail.example');
    expect(out.ok && out.event['event.original']).toBe(raw);
    expect(reason(JSON.stringify({ ...row, AuditData: '{"Foo":1}' }))).toMatch(/AuditData/);
  });

  it('rejects what is not one record, saying what is missing', () => {
    expect(reason(JSON.stringify({ Operation: 'UserLoggedIn', Workload: 'AzureActiveDirectory' }))).toMatch(
      /lacks Id, RecordType, CreationTime, OrganizationId/,
    );
    expect(reason(JSON.stringify([SCC_ALERT, STS_LOGON]))).toMatch(/one object per event/);
    expect(reason('{"Operation":')).toMatch(/invalid JSON/);
  });

  it('falls back to the receive time when CreationTime is not a time', () => {
    expect(ok({ ...SCC_ALERT, CreationTime: 'yesterday' })['@timestamp']).toBe('2026-01-05T12:00:00.000Z');
  });
});

describe('splitRecords', () => {
  it('splits a content blob (a JSON array of records) into one text per record', () => {
    const parts = splitRecords(JSON.stringify([SCC_ALERT, STS_LOGON]));
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => (parseM365(p, ctx).ok ? 'ok' : 'rejected'))).toEqual(['ok', 'ok']);
  });

  it('returns anything else whole, for the parser to judge', () => {
    const one = JSON.stringify(SCC_ALERT);
    expect(splitRecords(one)).toEqual([one]);
    expect(splitRecords('[1, 2]')).toEqual(['[1, 2]']);
    expect(splitRecords('[{"a":')).toEqual(['[{"a":']);
  });
});

describe('clientAddress', () => {
  it.each([
    ['203.0.113.7', { ip: '203.0.113.7' }],
    ['203.0.113.7:51234', { ip: '203.0.113.7', port: 51234 }],
    ['[2001:db8::7]:443', { ip: '2001:db8::7', port: 443 }],
    ['[2001:db8::7]', { ip: '2001:db8::7' }],
    ['2001:db8::7', { ip: '2001:db8::7' }],
    ['::ffff:203.0.113.7', { ip: '203.0.113.7' }],
  ])('reads %s', (text, want) => {
    expect(clientAddress(text)).toEqual(want);
  });

  it.each(['', 'HE1PR0102MB3228', '999.0.113.7:80', 'null'])('gives nothing for %j', (text) => {
    expect(clientAddress(text)).toBeUndefined();
  });
});
