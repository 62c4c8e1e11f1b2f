/**
 * Security-log events the demo uses (4624/4625/4672/4688/4720/4732), with EventData fields named
 * and ordered as Windows writes them.
 */
import { DOMAIN, type WinHost } from './entities.ts';
import { stableHex } from './random.ts';
import { guidFor, SYSTEM_LOGON, SYSTEM_USER, type WinProc } from './windows-events.ts';
import type { WinEvent } from './windows-render.ts';

const security = (time: number, host: WinHost, id: number, data: Record<string, string>): WinEvent => ({
  time,
  host,
  channel: 'security',
  id,
  data,
});

export function sec4688(time: number, p: WinProc, parent: WinProc, sid: string): WinEvent {
  const [domain = '', name = ''] = p.user.split('\\');
  const sys = p.user === SYSTEM_USER;
  return security(time, p.host, 4688, {
    SubjectUserSid: sys ? 'S-1-5-18' : sid,
    SubjectUserName: sys ? `${p.host.name}$` : name,
    SubjectDomainName: sys ? DOMAIN : domain,
    SubjectLogonId: p.logonId,
    NewProcessId: `0x${p.pid.toString(16)}`,
    NewProcessName: p.bin.image,
    TokenElevationType: p.integrity === 'High' ? '%%1937' : '%%1938',
    ProcessId: `0x${parent.pid.toString(16)}`,
    CommandLine: p.commandLine,
    TargetUserSid: 'S-1-0-0',
    TargetUserName: '-',
    TargetDomainName: '-',
    TargetLogonId: '0x0',
    ParentProcessName: parent.bin.image,
    MandatoryLabel:
      p.integrity === 'System' ? 'S-1-16-16384' : p.integrity === 'High' ? 'S-1-16-12288' : 'S-1-16-8192',
  });
}

export interface LogonInfo {
  user: string;
  sid: string;
  domain?: string;
  logonType: 2 | 3 | 5 | 7 | 10 | 11;
  auth: 'Kerberos' | 'NTLM' | 'Negotiate';
  ip: string;
  port: number;
  workstation: string;
  logonId: string;
}

export function sec4624(time: number, host: WinHost, l: LogonInfo): WinEvent {
  const interactive = l.logonType === 2 || l.logonType === 7 || l.logonType === 10 || l.logonType === 11;
  return security(time, host, 4624, {
    SubjectUserSid: interactive || l.logonType === 5 ? 'S-1-5-18' : 'S-1-0-0',
    SubjectUserName: interactive || l.logonType === 5 ? `${host.name}$` : '-',
    SubjectDomainName: interactive || l.logonType === 5 ? DOMAIN : '-',
    SubjectLogonId: interactive || l.logonType === 5 ? SYSTEM_LOGON : '0x0',
    TargetUserSid: l.sid,
    TargetUserName: l.user,
    TargetDomainName: l.domain ?? DOMAIN,
    TargetLogonId: l.logonId,
    LogonType: String(l.logonType),
    LogonProcessName: interactive
      ? 'User32 '
      : l.auth === 'NTLM'
        ? 'NtLmSsp '
        : l.logonType === 5
          ? 'Advapi  '
          : 'Kerberos',
    AuthenticationPackageName: l.auth,
    WorkstationName: l.workstation,
    LogonGuid: guidFor(host, stableHex(`lg:${host.name}:${l.logonId}`, 24)),
    TransmittedServices: '-',
    LmPackageName: l.auth === 'NTLM' ? 'NTLM V2' : '-',
    KeyLength: l.auth === 'NTLM' ? '128' : '0',
    ProcessId: interactive ? '0x3c4' : l.logonType === 5 ? '0x2a8' : '0x0',
    ProcessName: interactive
      ? 'C:\\Windows\\System32\\svchost.exe'
      : l.logonType === 5
        ? 'C:\\Windows\\System32\\services.exe'
        : '-',
    IpAddress: l.ip,
    IpPort: String(l.port),
    ImpersonationLevel: '%%1833',
    RestrictedAdminMode: '-',
    TargetOutboundUserName: '-',
    TargetOutboundDomainName: '-',
    VirtualAccount: '%%1843',
    TargetLinkedLogonId: '0x0',
    ElevatedToken: l.logonType === 5 ? '%%1842' : '%%1843',
  });
}

export function sec4625(
  time: number,
  host: WinHost,
  l: Omit<LogonInfo, 'logonId' | 'sid'>,
  subStatus = '0xc000006a',
): WinEvent {
  return security(time, host, 4625, {
    SubjectUserSid: l.logonType === 2 ? 'S-1-5-18' : 'S-1-0-0',
    SubjectUserName: l.logonType === 2 ? `${host.name}$` : '-',
    SubjectDomainName: l.logonType === 2 ? DOMAIN : '-',
    SubjectLogonId: l.logonType === 2 ? SYSTEM_LOGON : '0x0',
    TargetUserSid: 'S-1-0-0',
    TargetUserName: l.user,
    TargetDomainName: l.domain ?? DOMAIN,
    Status: '0xc000006d',
    FailureReason: '%%2313',
    SubStatus: subStatus,
    LogonType: String(l.logonType),
    LogonProcessName: l.logonType === 2 ? 'User32 ' : 'NtLmSsp ',
    AuthenticationPackageName: l.logonType === 2 ? 'Negotiate' : 'NTLM',
    WorkstationName: l.workstation,
    TransmittedServices: '-',
    LmPackageName: '-',
    KeyLength: '0',
    ProcessId: l.logonType === 2 ? '0x3c4' : '0x0',
    ProcessName: l.logonType === 2 ? 'C:\\Windows\\System32\\svchost.exe' : '-',
    IpAddress: l.ip,
    IpPort: String(l.port),
  });
}

export const ADMIN_PRIVILEGES =
  'SeSecurityPrivilege\n\t\t\tSeBackupPrivilege\n\t\t\tSeRestorePrivilege\n\t\t\tSeTakeOwnershipPrivilege\n\t\t\tSeDebugPrivilege\n\t\t\tSeSystemEnvironmentPrivilege\n\t\t\tSeLoadDriverPrivilege\n\t\t\tSeImpersonatePrivilege\n\t\t\tSeDelegateSessionUserImpersonatePrivilege\n\t\t\tSeEnableDelegationPrivilege';

export function sec4672(time: number, host: WinHost, user: string, sid: string, logonId: string): WinEvent {
  return security(time, host, 4672, {
    SubjectUserSid: sid,
    SubjectUserName: user,
    SubjectDomainName: DOMAIN,
    SubjectLogonId: logonId,
    PrivilegeList: ADMIN_PRIVILEGES,
  });
}

export interface AccountChange {
  actor: string;
  actorSid: string;
  actorLogonId: string;
  user: string;
  userSid: string;
  displayName: string;
}

export function sec4720(time: number, host: WinHost, c: AccountChange): WinEvent {
  return security(time, host, 4720, {
    TargetUserName: c.user,
    TargetDomainName: DOMAIN,
    TargetSid: c.userSid,
    SubjectUserSid: c.actorSid,
    SubjectUserName: c.actor,
    SubjectDomainName: DOMAIN,
    SubjectLogonId: c.actorLogonId,
    PrivilegeList: '-',
    SamAccountName: c.user,
    DisplayName: c.displayName,
    UserPrincipalName: `${c.user}@northwind.local`,
    HomeDirectory: '-',
    HomePath: '-',
    ScriptPath: '-',
    ProfilePath: '-',
    UserWorkstations: '-',
    PasswordLastSet: '%%1794',
    AccountExpires: '%%1794',
    PrimaryGroupId: '513',
    AllowedToDelegateTo: '-',
    OldUacValue: '0x0',
    NewUacValue: '0x15',
    UserAccountControl: '\n\t\t%%2080\n\t\t%%2082\n\t\t%%2084',
    UserParameters: '%%1793',
    SidHistory: '-',
    LogonHours: '%%1797',
  });
}

export function sec4732(
  time: number,
  host: WinHost,
  c: AccountChange,
  group: { name: string; sid: string; domain: string },
): WinEvent {
  return security(time, host, 4732, {
    MemberName: `CN=${c.displayName},OU=Staff,DC=northwind,DC=local`,
    MemberSid: c.userSid,
    TargetUserName: group.name,
    TargetDomainName: group.domain,
    TargetSid: group.sid,
    SubjectUserSid: c.actorSid,
    SubjectUserName: c.actor,
    SubjectDomainName: DOMAIN,
    SubjectLogonId: c.actorLogonId,
    PrivilegeList: '-',
  });
}
