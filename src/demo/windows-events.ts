/**
 * Running processes and the Sysmon events the demo uses (1/3/10/11/13/22), with EventData
 * fields named and ordered as Sysmon writes them. Security events are in windows-security.ts.
 * A `WinProc` is a running process; `stableProc` gives long-lived ones (explorer, services)
 * the same GUID and PID all day on a host.
 */
import { DOMAIN, type WinHost } from './entities.ts';
import type { Rng } from './random.ts';
import { hash32, stableHex } from './random.ts';
import { sysmonStamp } from './timefmt.ts';
import { BIN, type Binary, type BinKey, hashesOf } from './windows-catalog.ts';
import type { WinEvent } from './windows-render.ts';

export interface WinProc {
  host: WinHost;
  bin: Binary;
  guid: string;
  pid: number;
  commandLine: string;
  /** `NORTHWIND\mreyes` or `NT AUTHORITY\SYSTEM`. */
  user: string;
  integrity: 'Low' | 'Medium' | 'High' | 'System';
  logonId: string;
  currentDirectory: string;
}

/** Windows file versions of the workstations' OS and of Server 2022. */
const WIN11_FILES = '10.0.22621.4460';
const SERVER_FILES = '10.0.20348.2849';

export const SYSTEM_USER = 'NT AUTHORITY\\SYSTEM';
export const SYSTEM_LOGON = '0x3e7';

export function guidFor(host: WinHost, tail: string): string {
  return `{${stableHex(`machine:${host.name}`, 8)}-${tail.slice(0, 4)}-${tail.slice(4, 8)}-${tail.slice(8, 12)}-${tail.slice(12, 24)}}`;
}

/** Session logon id of a user on a host (stable for the day). */
export function logonIdOf(host: WinHost, user: string): string {
  return `0x${(0x100000 + (hash32(`logon:${host.name}:${user}`) % 0xeffffff)).toString(16)}`;
}

/** A long-lived process (same GUID/PID all day on this host). */
export function stableProc(host: WinHost, key: BinKey, user = SYSTEM_USER, commandLine?: string): WinProc {
  const bin = BIN[key];
  const sys = user === SYSTEM_USER;
  return {
    host,
    bin,
    guid: guidFor(host, stableHex(`guid:${host.name}:${key}:${user}:${commandLine ?? ''}`, 24)),
    pid:
      key === 'system'
        ? 4
        : 400 + (hash32(`pid:${host.name}:${key}:${user}:${commandLine ?? ''}`) % 9000) * 4,
    commandLine: commandLine ?? (bin.image.includes(' ') ? `"${bin.image}"` : bin.image),
    user,
    integrity: sys ? 'System' : 'Medium',
    logonId: sys ? SYSTEM_LOGON : logonIdOf(host, user.split('\\')[1] ?? user),
    currentDirectory: sys ? 'C:\\Windows\\system32\\' : `C:\\Users\\${user.split('\\')[1] ?? user}\\`,
  };
}

/** A new process started now. */
export function newProc(
  rng: Rng,
  host: WinHost,
  key: BinKey,
  commandLine: string,
  user: string,
  integrity?: WinProc['integrity'],
): WinProc {
  const sys = user === SYSTEM_USER;
  const name = user.split('\\')[1] ?? user;
  return {
    host,
    bin: BIN[key],
    guid: guidFor(host, rng.hex(24)),
    pid: rng.int(300, 16000) * 4,
    commandLine,
    user,
    integrity: integrity ?? (sys ? 'System' : 'Medium'),
    logonId: sys ? SYSTEM_LOGON : logonIdOf(host, name),
    currentDirectory: sys ? 'C:\\Windows\\system32\\' : `C:\\Users\\${name}\\`,
  };
}

export const domainUser = (user: string): string => `${DOMAIN}\\${user}`;

const sysmon = (time: number, host: WinHost, id: number, data: Record<string, string>): WinEvent => ({
  time,
  host,
  channel: 'sysmon',
  id,
  data,
});

export function sysmonProcessCreate(time: number, p: WinProc, parent: WinProc, rule = '-'): WinEvent {
  return sysmon(time, p.host, 1, {
    RuleName: rule,
    UtcTime: sysmonStamp(time),
    ProcessGuid: p.guid,
    ProcessId: String(p.pid),
    Image: p.bin.image,
    FileVersion:
      p.host.role === 'workstation' ? p.bin.version : p.bin.version.replace(WIN11_FILES, SERVER_FILES),
    Description: p.bin.description,
    Product: p.bin.product,
    Company: p.bin.company,
    OriginalFileName: p.bin.original,
    CommandLine: p.commandLine,
    CurrentDirectory: p.currentDirectory,
    User: p.user,
    LogonGuid: guidFor(p.host, stableHex(`logonguid:${p.host.name}:${p.logonId}`, 24)),
    LogonId: p.logonId,
    TerminalSessionId: p.user === SYSTEM_USER ? '0' : '1',
    IntegrityLevel: p.integrity,
    Hashes: hashesOf(p.bin.image),
    ParentProcessGuid: parent.guid,
    ParentProcessId: String(parent.pid),
    ParentImage: parent.bin.image,
    ParentCommandLine: parent.commandLine,
    ParentUser: parent.user,
  });
}

export interface Endpoint {
  ip: string;
  port: number;
  host?: string;
}

export function sysmonNetwork(
  time: number,
  p: WinProc,
  src: Endpoint,
  dst: Endpoint,
  proto = 'tcp',
): WinEvent {
  return sysmon(time, p.host, 3, {
    RuleName: '-',
    UtcTime: sysmonStamp(time),
    ProcessGuid: p.guid,
    ProcessId: String(p.pid),
    Image: p.bin.image,
    User: p.user,
    Protocol: proto,
    Initiated: 'true',
    SourceIsIpv6: 'false',
    SourceIp: src.ip,
    SourceHostname: src.host ?? '-',
    SourcePort: String(src.port),
    SourcePortName: '-',
    DestinationIsIpv6: 'false',
    DestinationIp: dst.ip,
    DestinationHostname: dst.host ?? '-',
    DestinationPort: String(dst.port),
    DestinationPortName: dst.port === 443 ? 'https' : dst.port === 80 ? 'http' : '-',
  });
}

export function sysmonDns(time: number, p: WinProc, query: string, ips: readonly string[]): WinEvent {
  return sysmon(time, p.host, 22, {
    RuleName: '-',
    UtcTime: sysmonStamp(time),
    ProcessGuid: p.guid,
    ProcessId: String(p.pid),
    QueryName: query,
    QueryStatus: '0',
    QueryResults: ips.map((ip) => `::ffff:${ip};`).join(''),
    Image: p.bin.image,
    User: p.user,
  });
}

export function sysmonFileCreate(time: number, p: WinProc, target: string): WinEvent {
  return sysmon(time, p.host, 11, {
    RuleName: '-',
    UtcTime: sysmonStamp(time),
    ProcessGuid: p.guid,
    ProcessId: String(p.pid),
    Image: p.bin.image,
    TargetFilename: target,
    CreationUtcTime: sysmonStamp(time),
    User: p.user,
  });
}

export function sysmonRegistrySet(time: number, p: WinProc, target: string, details: string): WinEvent {
  return sysmon(time, p.host, 13, {
    RuleName: '-',
    EventType: 'SetValue',
    UtcTime: sysmonStamp(time),
    ProcessGuid: p.guid,
    ProcessId: String(p.pid),
    Image: p.bin.image,
    TargetObject: target,
    Details: details,
    User: p.user,
  });
}

export function sysmonProcessAccess(
  time: number,
  src: WinProc,
  target: WinProc,
  access: string,
  callTrace: string,
): WinEvent {
  return sysmon(time, src.host, 10, {
    RuleName: '-',
    UtcTime: sysmonStamp(time),
    SourceProcessGUID: src.guid,
    SourceProcessId: String(src.pid),
    SourceThreadId: String(src.pid + 12),
    SourceImage: src.bin.image,
    TargetProcessGUID: target.guid,
    TargetProcessId: String(target.pid),
    TargetImage: target.bin.image,
    GrantedAccess: access,
    CallTrace: callTrace,
    SourceUser: src.user,
    TargetUser: target.user,
  });
}
