import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext } from '../types.ts';
import { parseWindows } from './windows.ts';
import { asEvtx, SHAPES, type WinSample } from './windows-samples.fixture.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'UTC' };

function ok(raw: string): VigilEvent {
  const out = parseWindows(raw, ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

const sysmon = (id: number, record: number, data: Record<string, string>): WinSample => ({
  id,
  channel: 'Microsoft-Windows-Sysmon/Operational',
  provider: 'Microsoft-Windows-Sysmon',
  computer: 'WS01.corp.example',
  time: '2026-11-22T10:00:01Z',
  record,
  data,
});

const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

const SYSMON_1 = sysmon(1, 90211, {
  RuleName: '-',
  UtcTime: '2026-11-22 10:00:00.123',
  ProcessGuid: '{7e1b1c2d-a1b0-6740-2a01-000000000a00}',
  ProcessId: '6012',
  Image: PS,
  FileVersion: '10.0.19041.3636 (WinBuild.160101.0800)',
  Description: 'Windows PowerShell',
  Product: 'Microsoft® Windows® Operating System',
  Company: 'Microsoft Corporation',
  OriginalFileName: 'PowerShell.EXE',
  CommandLine: 'powershell.exe -nop -w hidden -enc SQBFAFgA',
  CurrentDirectory: 'C:\\Users\\alice\\',
  User: 'CORP\\alice',
  LogonGuid: '{7e1b1c2d-9f3e-6740-a1e7-030000000000}',
  LogonId: '0x3e7a1',
  TerminalSessionId: '1',
  IntegrityLevel: 'High',
  Hashes:
    'SHA1=6CBCE4A295C163791B60FC23D285E6D84F28EE4C,MD5=7353F60B1739074EB17C5F4DDDEFE239,SHA256=DE96A6E69944335375DC1AC238336066889D9FFC7D73628EF4FE1B1B160AB32C,IMPHASH=741776AACCFC5B71FF59832DCDCACE0F',
  ParentProcessGuid: '{7e1b1c2d-9f40-6740-5c00-000000000a00}',
  ParentProcessId: '4120',
  ParentImage: 'C:\\Windows\\explorer.exe',
  ParentCommandLine: 'C:\\Windows\\Explorer.EXE',
  ParentUser: 'CORP\\alice',
});

const SYSMON_3 = sysmon(3, 90212, {
  RuleName: 'technique_id=T1071,technique_name=Application Layer Protocol',
  UtcTime: '2026-11-22 10:00:02.456',
  ProcessGuid: '{7e1b1c2d-a1b0-6740-2a01-000000000a00}',
  ProcessId: '6012',
  Image: PS,
  User: 'CORP\\alice',
  Protocol: 'tcp',
  Initiated: 'true',
  SourceIsIpv6: 'false',
  SourceIp: '10.20.30.40',
  SourceHostname: 'WS01.corp.example',
  SourcePort: '50123',
  SourcePortName: '-',
  DestinationIsIpv6: 'false',
  DestinationIp: '203.0.113.50',
  DestinationHostname: 'c2.example.net',
  DestinationPort: '443',
  DestinationPortName: 'https',
});

const SYSMON_11 = sysmon(11, 90213, {
  RuleName: '-',
  UtcTime: '2026-11-22 10:00:03.000',
  ProcessGuid: '{7e1b1c2d-a1b0-6740-2a01-000000000a00}',
  ProcessId: '6012',
  Image: PS,
  TargetFilename: 'C:\\Users\\alice\\AppData\\Local\\Temp\\payload.DLL',
  CreationUtcTime: '2026-11-22 10:00:03.000',
  User: 'CORP\\alice',
});

const SYSMON_13 = sysmon(13, 90214, {
  RuleName: 'technique_id=T1547.001,technique_name=Registry Run Keys / Start Folder',
  EventType: 'SetValue',
  UtcTime: '2026-11-22 10:00:04.000',
  ProcessGuid: '{7e1b1c2d-a1b0-6740-2a01-000000000a00}',
  ProcessId: '6012',
  Image: PS,
  TargetObject:
    'HKU\\S-1-5-21-1004336348-1177238915-682003330-1104\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater',
  Details: 'C:\\Users\\Public\\updater.exe',
  User: 'CORP\\alice',
});

const SYSMON_22 = sysmon(22, 90215, {
  RuleName: '-',
  UtcTime: '2026-11-22 10:00:05.000',
  ProcessGuid: '{7e1b1c2d-a1b0-6740-2a01-000000000a00}',
  ProcessId: '6012',
  QueryName: 'c2.example.net',
  QueryStatus: '0',
  QueryResults: 'type:  5 edge.example.net;::ffff:203.0.113.50;198.51.100.9;',
  Image: PS,
  User: 'CORP\\alice',
});

const common = (s: WinSample) => ({
  'winlog.event_id': s.id,
  'event.code': String(s.id),
  'winlog.channel': 'Microsoft-Windows-Sysmon/Operational',
  'winlog.provider_name': 'Microsoft-Windows-Sysmon',
  'winlog.computer_name': 'WS01.corp.example',
  'winlog.record_id': s.record,
  'host.name': 'WS01.corp.example',
  'event.provider': 'Microsoft-Windows-Sysmon',
  'event.kind': 'event',
  'event.module': 'sysmon',
  'event.dataset': 'windows.sysmon_operational',
  'vigil.format': 'windows',
  'process.executable': PS,
  'process.name': 'powershell.exe',
  'process.pid': 6012,
  'process.entity_id': '{7e1b1c2d-a1b0-6740-2a01-000000000a00}',
  'user.name': 'alice',
  'user.domain': 'CORP',
});

const CASES: ReadonlyArray<readonly [string, WinSample, Record<string, unknown>]> = [
  [
    'Sysmon 1 process create',
    SYSMON_1,
    {
      '@timestamp': '2026-11-22T10:00:00.123Z',
      'event.category': ['process'],
      'event.type': ['start'],
      'event.action': 'Process creation',
      'process.command_line': 'powershell.exe -nop -w hidden -enc SQBFAFgA',
      'process.working_directory': 'C:\\Users\\alice\\',
      'process.parent.executable': 'C:\\Windows\\explorer.exe',
      'process.parent.name': 'explorer.exe',
      'process.parent.command_line': 'C:\\Windows\\Explorer.EXE',
      'process.parent.pid': 4120,
      'process.parent.entity_id': '{7e1b1c2d-9f40-6740-5c00-000000000a00}',
      'process.hash.sha1': '6cbce4a295c163791b60fc23d285e6d84f28ee4c',
      'process.hash.md5': '7353f60b1739074eb17c5f4dddefe239',
      'process.hash.sha256': 'de96a6e69944335375dc1ac238336066889d9ffc7d73628ef4fe1b1b160ab32c',
      'process.pe.imphash': '741776aaccfc5b71ff59832dcdcace0f',
      'process.pe.original_file_name': 'PowerShell.EXE',
      'process.pe.company': 'Microsoft Corporation',
      'winlog.event_data.Image': PS,
      'winlog.event_data.CommandLine': 'powershell.exe -nop -w hidden -enc SQBFAFgA',
      'winlog.event_data.ProcessId': '6012',
      'winlog.event_data.IntegrityLevel': 'High',
      'winlog.event_data.RuleName': '-',
    },
  ],
  [
    'Sysmon 3 network connection',
    SYSMON_3,
    {
      '@timestamp': '2026-11-22T10:00:02.456Z',
      'event.category': ['network'],
      'event.type': ['start', 'connection', 'protocol'],
      'event.action': 'Network connection',
      'source.ip': '10.20.30.40',
      'source.port': 50123,
      'source.domain': 'WS01.corp.example',
      'destination.ip': '203.0.113.50',
      'destination.port': 443,
      'destination.domain': 'c2.example.net',
      'network.transport': 'tcp',
      'network.protocol': 'https',
      'network.direction': 'egress',
      'network.type': 'ipv4',
      'rule.name': 'technique_id=T1071,technique_name=Application Layer Protocol',
      'winlog.event_data.DestinationPort': '443',
    },
  ],
  [
    'Sysmon 11 file create',
    SYSMON_11,
    {
      '@timestamp': '2026-11-22T10:00:03.000Z',
      'event.category': ['file'],
      'event.type': ['creation'],
      'event.action': 'FileCreate',
      'file.path': 'C:\\Users\\alice\\AppData\\Local\\Temp\\payload.DLL',
      'file.name': 'payload.DLL',
      'file.directory': 'C:\\Users\\alice\\AppData\\Local\\Temp',
      'file.extension': 'dll',
      'winlog.event_data.TargetFilename': 'C:\\Users\\alice\\AppData\\Local\\Temp\\payload.DLL',
    },
  ],
  [
    'Sysmon 13 registry value set',
    SYSMON_13,
    {
      '@timestamp': '2026-11-22T10:00:04.000Z',
      'event.category': ['configuration', 'registry'],
      'event.type': ['change'],
      'event.action': 'RegistryEvent (Value Set)',
      'registry.path':
        'HKU\\S-1-5-21-1004336348-1177238915-682003330-1104\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater',
      'registry.hive': 'HKU',
      'registry.key':
        'S-1-5-21-1004336348-1177238915-682003330-1104\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
      'registry.value': 'Updater',
      'registry.data.strings': ['C:\\Users\\Public\\updater.exe'],
      'registry.data.type': 'SZ',
      'winlog.event_data.EventType': 'SetValue',
    },
  ],
  [
    'Sysmon 22 DNS query',
    SYSMON_22,
    {
      '@timestamp': '2026-11-22T10:00:05.000Z',
      'event.category': ['network'],
      'event.type': ['connection', 'protocol', 'info'],
      'event.action': 'DNSEvent (DNS query)',
      'dns.question.name': 'c2.example.net',
      'dns.resolved_ip': ['203.0.113.50', '198.51.100.9'],
      'winlog.event_data.QueryStatus': '0',
    },
  ],
];

describe.each(SHAPES)('parseWindows: Sysmon in %s shape', (_shape, render) => {
  it.each(CASES)('%s', (_name, sample, expected) => {
    const raw = render(sample);
    const ev = ok(raw);
    expect(ev).toMatchObject({ ...common(sample), ...expected, 'event.original': raw });
  });

  it('leaves out ECS fields whose source value is the "-" placeholder', () => {
    const ev = ok(render(SYSMON_1));
    expect(ev['rule.name']).toBeUndefined();
  });
});

describe('parseWindows: shape details', () => {
  it('gives exactly these fields for an evtx_dump Sysmon 5 record', () => {
    const sample = sysmon(5, 90300, {
      RuleName: '-',
      UtcTime: '2026-11-22 10:09:00.500',
      ProcessGuid: '{7e1b1c2d-a1b0-6740-2a01-000000000a00}',
      ProcessId: '6012',
      Image: PS,
      User: 'CORP\\alice',
    });
    const raw = asEvtx(sample);
    expect(ok(raw)).toEqual({
      '@timestamp': '2026-11-22T10:09:00.500Z',
      'event.original': raw,
      'vigil.format': 'windows',
      'winlog.process.pid': 3000,
      'winlog.process.thread.id': 4000,
      'winlog.user.identifier': 'S-1-5-18',
      'winlog.provider_guid': '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}',
      'winlog.version': 5,
      'winlog.task': '1',
      'winlog.opcode': '0',
      'winlog.keywords': '0x8000000000000000',
      'winlog.event_data.RuleName': '-',
      'winlog.event_data.UtcTime': '2026-11-22 10:09:00.500',
      'winlog.event_data.ProcessGuid': '{7e1b1c2d-a1b0-6740-2a01-000000000a00}',
      'winlog.event_data.ProcessId': '6012',
      'winlog.event_data.Image': PS,
      'winlog.event_data.User': 'CORP\\alice',
      'winlog.event_id': 5,
      'event.code': '5',
      'winlog.channel': 'Microsoft-Windows-Sysmon/Operational',
      'winlog.provider_name': 'Microsoft-Windows-Sysmon',
      'winlog.computer_name': 'WS01.corp.example',
      'winlog.record_id': 90300,
      'event.provider': 'Microsoft-Windows-Sysmon',
      'host.name': 'WS01.corp.example',
      'log.level': 'information',
      'event.kind': 'event',
      'event.module': 'sysmon',
      'event.dataset': 'windows.sysmon_operational',
      'event.category': ['process'],
      'event.type': ['end'],
      'event.action': 'Process terminated',
      'process.executable': PS,
      'process.name': 'powershell.exe',
      'process.pid': 6012,
      'process.entity_id': '{7e1b1c2d-a1b0-6740-2a01-000000000a00}',
      'user.name': 'alice',
      'user.domain': 'CORP',
    });
  });

  it('reads EventID written as {"#text", "#attributes"} and EventData as a list of named Data', () => {
    const raw = JSON.stringify({
      Event: {
        System: {
          Provider: { '@Name': 'Service Control Manager' },
          EventID: { '#attributes': { Qualifiers: 16384 }, '#text': 7045 },
          TimeCreated: { '@SystemTime': '2026-11-22T10:00:00.000Z' },
          Channel: 'System',
          Computer: 'SRV01',
        },
        EventData: {
          Data: [
            { '@Name': 'ServiceName', '#text': 'PSEXESVC' },
            { '@Name': 'ImagePath', '#text': '%SystemRoot%\\PSEXESVC.exe' },
          ],
        },
      },
    });
    expect(ok(raw)).toMatchObject({
      'winlog.event_id': 7045,
      'winlog.provider_name': 'Service Control Manager',
      'winlog.event_data.ServiceName': 'PSEXESVC',
      'winlog.event_data.ImagePath': '%SystemRoot%\\PSEXESVC.exe',
      'event.module': 'windows',
      'event.dataset': 'windows.system',
      '@timestamp': '2026-11-22T10:00:00.000Z',
    });
  });

  it('names unnamed Data elements param1, param2 like winlogbeat', () => {
    const raw = JSON.stringify({
      Event: {
        System: { EventID: 7036, Channel: 'System', Computer: 'SRV01' },
        EventData: { Data: { '#text': ['Windows Update', 'running'] } },
      },
    });
    expect(ok(raw)).toMatchObject({
      'winlog.event_data.param1': 'Windows Update',
      'winlog.event_data.param2': 'running',
    });
  });

  it('reads a Get-WinEvent | ConvertTo-Json record, its /Date()/ time and positional Properties', () => {
    const raw = JSON.stringify({
      Id: 4104,
      Version: 1,
      Level: 5,
      RecordId: 5512,
      ProviderName: 'Microsoft-Windows-PowerShell',
      LogName: 'Microsoft-Windows-PowerShell/Operational',
      ProcessId: 7788,
      ThreadId: 1234,
      MachineName: 'WS02.corp.example',
      TimeCreated: '/Date(1795341600000)/',
      LevelDisplayName: 'Verbose',
      Properties: [{ Value: 1 }, { Value: 1 }, { Value: 'IEX (New-Object Net.WebClient)' }],
    });
    expect(ok(raw)).toMatchObject({
      '@timestamp': '2026-11-22T10:00:00.000Z',
      'winlog.event_id': 4104,
      'winlog.record_id': 5512,
      'winlog.computer_name': 'WS02.corp.example',
      'winlog.process.pid': 7788,
      'winlog.event_data.param3': 'IEX (New-Object Net.WebClient)',
      'log.level': 'verbose',
      'event.dataset': 'windows.powershell_operational',
    });
  });

  it('reads NXLog local EventTime in the assumed zone', () => {
    const sample = { ...sysmon(5, 1, { Image: PS }), time: '2026-11-22T11:00:00Z' };
    const out = parseWindows(SHAPES[2][1](sample), { ...ctx, assumeTimeZone: '+01:00' });
    expect(out.ok && out.event['@timestamp']).toBe('2026-11-22T10:00:00.000Z');
  });

  it('keeps winlogbeat ECS fields it does not map itself', () => {
    expect(ok(SHAPES[0][1](SYSMON_1))).toMatchObject({
      'agent.type': 'winlogbeat',
      'winlog.api': 'wineventlog',
      message: 'rendered message text',
      'winlog.event_id': 1,
    });
  });
});

describe('parseWindows: rejections', () => {
  it.each([
    ['{"msg":"hello"}', /not a Windows event record/],
    ['{"winlog":{"channel":"Security","event_id":"four"}}', /no readable numeric event ID/],
    ['{"Event":{"System":{"Channel":"System"}}}', /no readable numeric event ID/],
    ['not json', /invalid JSON/],
  ])('%s', (raw, reason) => {
    const out = parseWindows(raw, ctx);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.reason).toMatch(reason);
  });
});
