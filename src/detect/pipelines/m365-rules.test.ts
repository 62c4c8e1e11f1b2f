/**
 * SigmaHQ's Microsoft 365 rules (product m365) end to end, against the real corpus beside the
 * project (../shared/corpus/sigma; skipped when absent): every rule compiles with the shipped
 * pipelines, and representative rules fire on a unified audit record shaped like what Microsoft
 * writes, parsed by the m365 parser — and stay quiet on a near miss.
 *
 * Records follow the Office 365 Management Activity API schema
 * (https://learn.microsoft.com/office/office-365-management-api/office-365-management-activity-api-schema)
 * and the samples in Elastic's o365 integration tests
 * (elastic/integrations packages/o365/data_stream/audit/_dev/test/pipeline/*.json).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import { parseM365 } from '../../ingest/formats/m365.ts';
import { compileRules } from '../engine/compile.ts';
import { RuleSet } from '../engine/ruleset.ts';
import type { CompiledRule } from '../engine/types.ts';
import { loadSigmaDirectory } from '../sigma/load.ts';
import { loadPipelines } from './index.ts';

const corpus = resolve(import.meta.dirname, '../../../../shared/corpus/sigma');
const rulesDir = join(corpus, 'rules/cloud/m365');
const huntingDir = join(corpus, 'rules-threat-hunting/cloud/m365');

function compileDir(dir: string): { total: number; compiled: CompiledRule[]; failed: string[] } {
  const loaded = loadSigmaDirectory(dir);
  const { compiled, failed } = compileRules(loaded.rules, loadPipelines(), { placeholders: {} });
  return {
    total: loaded.rules.length,
    compiled,
    failed: failed.map((f) => `${f.file}: ${f.reason}`),
  };
}

function event(record: Record<string, unknown>): VigilEvent {
  const out = parseM365(JSON.stringify(record), { received: Date.UTC(2026, 0, 5), assumeTimeZone: 'UTC' });
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

const TENANT = 'b86ab9d4-fcf1-4b11-8a06-7a8f91b47fbd';

/** A Security & Compliance alert (RecordType 40) raised by a Defender for Cloud Apps policy. */
function alert(name: string): Record<string, unknown> {
  return {
    CreationTime: '2026-01-05T09:14:00',
    Id: '7d6297b5-e4a7-46f0-3c1e-08d7b1c1fb22',
    Operation: 'AlertTriggered',
    OrganizationId: TENANT,
    RecordType: 40,
    ResultStatus: 'Succeeded',
    UserKey: 'SecurityComplianceAlerts',
    UserType: 4,
    Version: 1,
    Workload: 'SecurityComplianceCenter',
    ObjectId: '5ba6e029-8b6e-13bd-b800-08d7b180173c',
    UserId: 'SecurityComplianceAlerts',
    AlertId: '5ba6e029-8b6e-13bd-b800-08d7b180173c',
    AlertLinks: [{ AlertLinkHref: 'https://security.microsoft.com/alerts/5ba6e029' }],
    AlertType: 'System',
    Category: 'ThreatManagement',
    Comments: 'New alert',
    Data: JSON.stringify({
      f3u: 'megan.bowen@contoso.onmicrosoft.com',
      op: 'ImpossibleTravel',
      wl: 'CloudAppSecurity',
      an: name,
      sev: 'Medium',
    }),
    Name: name,
    PolicyId: '17d51759-88e1-40c1-8df3-20bcf2e43057',
    Severity: 'Medium',
    Source: 'Cloud App Security',
    Status: 'Active',
  };
}

/** An Exchange admin audit record (RecordType 1): the cmdlet is the Operation. */
const ADD_FEDERATED_DOMAIN = {
  CreationTime: '2026-01-05T08:02:11',
  Id: '1c7412a6-858d-49ff-3f93-08d7ac0f45bf',
  Operation: 'Add-FederatedDomain',
  OrganizationId: TENANT,
  RecordType: 1,
  ResultStatus: 'True',
  UserKey: '10032001C8CDE20F',
  UserType: 2,
  Version: 1,
  Workload: 'Exchange',
  ClientIP: '198.51.100.23:50412',
  ObjectId: 'contoso.onmicrosoft.com\\FederatedDomain',
  UserId: 'admin@contoso.onmicrosoft.com',
  AppId: '',
  ClientAppId: '',
  ExternalAccess: false,
  OrganizationName: 'contoso.onmicrosoft.com',
  OriginatingServer: 'HE1PR0102MB3228 (15.20.4888.011)',
  Parameters: [{ Name: 'DomainName', Value: 'login.evil-fed.example' }],
};

/** An eDiscovery cmdlet run in the compliance portal (Security & Compliance Center schema). */
function complianceSearchAction(parameters: string): Record<string, unknown> {
  return {
    CreationTime: '2026-01-05T11:40:52',
    Id: 'f2c2d1a0-3b7e-4f57-9d0e-08d9d62ff043',
    Operation: 'New-ComplianceSearchAction',
    OrganizationId: TENANT,
    RecordType: 18,
    ResultStatus: 'Succeeded',
    UserKey: 'admin@contoso.onmicrosoft.com',
    UserType: 2,
    Version: 1,
    Workload: 'SecurityComplianceCenter',
    ClientIP: '203.0.113.50',
    ObjectId: 'Exec mailboxes_Action',
    UserId: 'admin@contoso.onmicrosoft.com',
    ClientApplication: 'EMC',
    CmdletVersion: '15.20.7918.000',
    EffectiveOrganization: 'contoso.onmicrosoft.com',
    UserServicePlan: 'Enterprise',
    Parameters: parameters,
    NonPIIParameters: parameters.replace(/"[^"]*"/g, '""'),
  };
}

/** An Entra ID STS sign-in (RecordType 15) to the Intune Company Portal. */
function companyPortalLogon(objectId: string): Record<string, unknown> {
  return {
    CreationTime: '2026-01-05T07:55:03',
    Id: 'ca0efc24-1b89-4962-8fef-a3ac5437302f',
    Operation: 'UserLoggedIn',
    OrganizationId: TENANT,
    RecordType: 15,
    ResultStatus: 'Success',
    UserKey: '1003200096971F55',
    UserType: 0,
    Version: 1,
    Workload: 'AzureActiveDirectory',
    ClientIP: '2001:db8:4f::17',
    ObjectId: objectId,
    UserId: 'megan.bowen@contoso.onmicrosoft.com',
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: [
      { Name: 'ResultStatusDetail', Value: 'Success' },
      { Name: 'UserAgent', Value: 'python-requests/2.31.0' },
      { Name: 'RequestType', Value: 'Cmsi:Cmsi' },
    ],
    ModifiedProperties: [],
    Actor: [
      { ID: '755e500a-6c03-46b0-b53b-282f23374e3b', Type: 0 },
      { ID: 'megan.bowen@contoso.onmicrosoft.com', Type: 5 },
    ],
    ActorContextId: TENANT,
    ActorIpAddress: '2001:db8:4f::17',
    InterSystemsId: '03616b3a-fc75-46a1-b34a-2d82fc8f1e7e',
    IntraSystemId: 'c4206c29-46c2-4a6f-a46b-735107705400',
    SupportTicketId: '',
    Target: [{ ID: objectId, Type: 0 }],
    TargetContextId: TENANT,
    ApplicationId: '9ba1a5c7-f17a-4de9-a1f1-6178c8d51223',
  };
}

/** An Entra ID directory change (RecordType 8). */
function directoryChange(operation: string): Record<string, unknown> {
  return {
    CreationTime: '2026-01-05T10:21:37',
    Id: '0e3b0e45-9d4f-4b3c-8f0e-5a2c7d6e1f20',
    Operation: operation,
    OrganizationId: TENANT,
    RecordType: 8,
    ResultStatus: 'Success',
    UserKey: '10032001C8CDE20F@contoso.onmicrosoft.com',
    UserType: 0,
    Version: 1,
    Workload: 'AzureActiveDirectory',
    ObjectId: 'alex.wilber@contoso.onmicrosoft.com',
    UserId: 'admin@contoso.onmicrosoft.com',
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: [
      { Name: 'additionalDetails', Value: '{}' },
      { Name: 'extendedAuditEventCategory', Value: 'User' },
    ],
    ModifiedProperties: [
      { Name: 'StrongAuthenticationRequirement', NewValue: '[]', OldValue: '[{"State":1}]' },
    ],
    Target: [{ ID: 'User_4d5e6f70-aaaa-bbbb-cccc-0123456789ab', Type: 2 }],
  };
}

/** A Defender for Office 365 mail verdict (RecordType 28), after Elastic's ThreatIntelligence sample. */
function tiMail(deliveryAction: string): Record<string, unknown> {
  return {
    CreationTime: '2026-01-05T06:59:59',
    Id: 'dddddddd-cccc-eeee-aaaa-bbbbbbbbbbbb',
    Operation: 'TIMailData',
    OrganizationId: TENANT,
    RecordType: 28,
    UserKey: 'ThreatIntel',
    UserType: 4,
    Version: 1,
    Workload: 'ThreatIntelligence',
    ObjectId: 'dddddddd-cccc-eeee-aaaa-abcdefabcdef12345678901234567890',
    UserId: 'ThreatIntel',
    Connector: 'dddddddd-cccc-eeee-aaaa-bbbbbbbbbbbb: [Inbound from dddddddd]',
    DeliveryAction: deliveryAction,
    DetectionMethod: 'URL malicious reputation',
    DetectionType: 'Inline',
    Directionality: 'Inbound',
    EventDeepLink: 'https://security.microsoft.com/?hash=/threatexplorer?messageParams=dddddddd',
    InternetMessageId: '<msid@example.com>',
    LatestDeliveryLocation: 'Inbox',
    MessageTime: '2026-01-05T06:59:58',
    NetworkMessageId: 'dddddddd-cccc-eeee-aaaa-bbbbbbbbbbbb',
    OriginalDeliveryLocation: 'Inbox',
    P1Sender: 'payroll@evil-mail.example',
    P2Sender: 'payroll@evil-mail.example',
    PhishConfidenceLevel: 'High',
    Recipients: ['megan.bowen@contoso.onmicrosoft.com'],
    SenderIp: '81.2.69.144',
    Subject: 'Your January payslip',
    Verdict: 'Phish',
  };
}

interface Case {
  title: string;
  hit: Record<string, unknown>;
  miss: Record<string, unknown>;
}

const CASES: Case[] = [
  {
    title: 'Microsoft 365 - Impossible Travel Activity',
    hit: alert('Impossible travel activity'),
    miss: alert('Elevation of Exchange admin privilege'),
  },
  {
    title: 'New Federated Domain Added - Exchange',
    hit: ADD_FEDERATED_DOMAIN,
    miss: { ...ADD_FEDERATED_DOMAIN, ResultStatus: 'False' },
  },
  {
    title: 'PST Export Alert Using New-ComplianceSearchAction',
    hit: complianceSearchAction(
      '-SearchName "Exec mailboxes" -Export "True" -ExchangeArchiveFormat "PerUserPst" -Format "FxStream"',
    ),
    miss: complianceSearchAction('-SearchName "Exec mailboxes" -Preview "True"'),
  },
  {
    title: 'Azure Login Bypassing Conditional Access Policies',
    hit: companyPortalLogon('00000003-0000-0000-c000-000000000000'),
    // Intune itself is the resource when a device enrolls: the rule's filter.
    miss: companyPortalLogon('0000000a-0000-0000-c000-000000000000'),
  },
  {
    title: 'Disabling Multi Factor Authentication',
    hit: directoryChange('Disable Strong Authentication.'),
    miss: directoryChange('Update user.'),
  },
  {
    title: 'Suspicious Email Delivered In Microsoft 365',
    hit: tiMail('Delivered'),
    miss: tiMail('Blocked'),
  },
];

describe.skipIf(!existsSync(rulesDir))(`SigmaHQ m365 rules (${rulesDir}; skipped when absent)`, () => {
  const { total, compiled, failed } = compileDir(rulesDir);
  const set = new RuleSet(compiled);
  const titles = (record: Record<string, unknown>): string[] =>
    set.evaluate(event(record)).hits.map((h) => h.rule.title);

  it('compiles every rule of rules/cloud/m365', () => {
    expect(failed).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(19);
    expect(compiled.length).toBe(total);
  });

  for (const c of CASES) {
    it(`"${c.title}" fires on a matching record and not on its near miss`, () => {
      expect(compiled.map((r) => r.title)).toContain(c.title);
      expect(titles(c.hit)).toContain(c.title);
      expect(titles(c.miss)).not.toContain(c.title);
    });
  }

  it('routes threat_management rules only to Security & Compliance Center records', () => {
    const onExchange = titles(ADD_FEDERATED_DOMAIN);
    expect(onExchange).not.toContain('Microsoft 365 - Impossible Travel Activity');
    expect(onExchange).toContain('New Federated Domain Added - Exchange');
  });
});

describe.skipIf(!existsSync(huntingDir))('SigmaHQ m365 threat-hunting rules', () => {
  it('compile, and the forwarding rule reads the Parameters list as written', () => {
    const { compiled, failed } = compileDir(huntingDir);
    expect(failed).toEqual([]);
    const set = new RuleSet(compiled);
    const setMailbox = {
      ...ADD_FEDERATED_DOMAIN,
      Operation: 'Set-Mailbox',
      Parameters: [
        { Name: 'Identity', Value: 'megan.bowen@contoso.onmicrosoft.com' },
        { Name: 'ForwardingSmtpAddress', Value: 'smtp:drop@evil-mail.example' },
        { Name: 'DeliverToMailboxAndForward', Value: 'False' },
      ],
    };
    const hits = set.evaluate(event(setMailbox)).hits.map((h) => h.rule.title);
    expect(hits.some((t) => /forward/i.test(t))).toBe(true);
    const quiet = set.evaluate(event(ADD_FEDERATED_DOMAIN)).hits;
    expect(quiet).toEqual([]);
  });
});
