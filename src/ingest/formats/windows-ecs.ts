/**
 * The event-ID → ECS table for Windows logs: for each (log, event ID) the ECS categorization
 * (`event.category`, `event.type`, `event.action`, `event.outcome`) and a mapper that copies the
 * event data into ECS fields. Sysmon categories follow Elastic's Sysmon integration; Security
 * actions follow winlogbeat's security module names (`logged-in`, `logon-failed`...).
 */
import type { VigilEvent } from '../../core/event.ts';
import { basename, ip, port, put } from './json-values.ts';
import {
  LOGON_TYPES,
  pid,
  type Reader,
  resolvedIps,
  setAccount,
  setExecutable,
  setFile,
  setHashes,
  setRegistry,
  setRegistryData,
  setUser,
} from './windows-fields.ts';

export type WinLog = 'sysmon' | 'security' | 'powershell' | 'other';
type Mapper = (ev: VigilEvent, d: Reader) => void;

export interface EcsRule {
  category: readonly string[];
  type: readonly string[];
  action: string;
  outcome?: 'success' | 'failure';
  map?: Mapper;
}

// --- Sysmon mappers -------------------------------------------------------------------------

function sysProcess(ev: VigilEvent, d: Reader): void {
  setExecutable(ev, 'process', d('Image'));
  put(ev, 'process.pid', pid(d('ProcessId')));
  put(ev, 'process.entity_id', d('ProcessGuid'));
  setUser(ev, 'user', d('User'));
  put(ev, 'rule.name', d('RuleName'));
}

function sysProcessCreate(ev: VigilEvent, d: Reader): void {
  sysProcess(ev, d);
  put(ev, 'process.command_line', d('CommandLine'));
  put(ev, 'process.working_directory', d('CurrentDirectory'));
  setExecutable(ev, 'process.parent', d('ParentImage'));
  put(ev, 'process.parent.command_line', d('ParentCommandLine'));
  put(ev, 'process.parent.pid', pid(d('ParentProcessId')));
  put(ev, 'process.parent.entity_id', d('ParentProcessGuid'));
  setHashes(ev, 'process', 'process.pe', d('Hashes'));
  put(ev, 'process.pe.original_file_name', d('OriginalFileName'));
  put(ev, 'process.pe.company', d('Company'));
  put(ev, 'process.pe.description', d('Description'));
  put(ev, 'process.pe.file_version', d('FileVersion'));
  put(ev, 'process.pe.product', d('Product'));
}

function sysNetwork(ev: VigilEvent, d: Reader): void {
  sysProcess(ev, d);
  put(ev, 'source.ip', ip(d('SourceIp')));
  put(ev, 'source.port', port(d('SourcePort')));
  put(ev, 'source.domain', d('SourceHostname'));
  put(ev, 'destination.ip', ip(d('DestinationIp')));
  put(ev, 'destination.port', port(d('DestinationPort')));
  put(ev, 'destination.domain', d('DestinationHostname'));
  put(ev, 'network.transport', d('Protocol')?.toLowerCase());
  put(ev, 'network.protocol', d('DestinationPortName'));
  const initiated = d('Initiated')?.toLowerCase();
  if (initiated === 'true') ev['network.direction'] = 'egress';
  else if (initiated === 'false') ev['network.direction'] = 'ingress';
  const v6 = d('SourceIsIpv6')?.toLowerCase();
  if (v6 !== undefined) ev['network.type'] = v6 === 'true' ? 'ipv6' : 'ipv4';
}

function sysImageLoad(ev: VigilEvent, d: Reader): void {
  sysProcess(ev, d);
  const path = d('ImageLoaded');
  put(ev, 'dll.path', path);
  put(ev, 'dll.name', path === undefined ? undefined : basename(path));
  setHashes(ev, 'dll', 'dll.pe', d('Hashes'));
  put(ev, 'dll.pe.original_file_name', d('OriginalFileName'));
  const signed = d('Signed')?.toLowerCase();
  if (signed !== undefined) ev['dll.code_signature.signed'] = signed === 'true';
  put(ev, 'dll.code_signature.subject_name', d('Signature'));
  put(ev, 'dll.code_signature.status', d('SignatureStatus'));
}

/** Events 8 and 10: the acting process is the `Source*` one. */
function sysSourceProcess(ev: VigilEvent, d: Reader): void {
  setExecutable(ev, 'process', d('SourceImage'));
  put(ev, 'process.pid', pid(d('SourceProcessId')));
  put(ev, 'process.entity_id', d('SourceProcessGuid') ?? d('SourceProcessGUID'));
  put(ev, 'process.thread.id', pid(d('SourceThreadId')));
  setUser(ev, 'user', d('SourceUser'));
  put(ev, 'rule.name', d('RuleName'));
}

function sysFile(ev: VigilEvent, d: Reader): void {
  sysProcess(ev, d);
  setFile(ev, 'file', d('TargetFilename'));
  setHashes(ev, 'file', 'file.pe', d('Hashes'));
}

function sysRegistry(isValue: boolean): Mapper {
  return (ev, d) => {
    sysProcess(ev, d);
    const kind = d('EventType');
    setRegistry(ev, d('TargetObject'), kind === undefined ? isValue : kind.endsWith('Value'));
    setRegistryData(ev, d('Details'));
  };
}

function sysDns(ev: VigilEvent, d: Reader): void {
  sysProcess(ev, d);
  put(ev, 'dns.question.name', d('QueryName'));
  const ips = resolvedIps(d('QueryResults'));
  if (ips.length > 0) ev['dns.resolved_ip'] = ips;
}

const SYSMON: Readonly<Record<number, EcsRule>> = {
  1: { category: ['process'], type: ['start'], action: 'Process creation', map: sysProcessCreate },
  2: { category: ['file'], type: ['change'], action: 'A process changed a file creation time', map: sysFile },
  3: {
    category: ['network'],
    type: ['start', 'connection', 'protocol'],
    action: 'Network connection',
    map: sysNetwork,
  },
  5: { category: ['process'], type: ['end'], action: 'Process terminated', map: sysProcess },
  6: { category: ['driver'], type: ['start'], action: 'Driver loaded' },
  7: { category: ['process'], type: ['change'], action: 'Image loaded', map: sysImageLoad },
  8: { category: ['process'], type: ['change'], action: 'CreateRemoteThread', map: sysSourceProcess },
  10: { category: ['process'], type: ['access'], action: 'ProcessAccess', map: sysSourceProcess },
  11: { category: ['file'], type: ['creation'], action: 'FileCreate', map: sysFile },
  12: {
    category: ['configuration', 'registry'],
    type: ['change'],
    action: 'RegistryEvent (Object create and delete)',
    map: sysRegistry(false),
  },
  13: {
    category: ['configuration', 'registry'],
    type: ['change'],
    action: 'RegistryEvent (Value Set)',
    map: sysRegistry(true),
  },
  14: {
    category: ['configuration', 'registry'],
    type: ['change'],
    action: 'RegistryEvent (Key and Value Rename)',
    map: sysRegistry(false),
  },
  15: { category: ['file'], type: ['access'], action: 'FileCreateStreamHash', map: sysFile },
  22: {
    category: ['network'],
    type: ['connection', 'protocol', 'info'],
    action: 'DNSEvent (DNS query)',
    map: sysDns,
  },
  23: { category: ['file'], type: ['deletion'], action: 'FileDelete (File Delete archived)', map: sysFile },
  25: {
    category: ['process'],
    type: ['change'],
    action: 'ProcessTampering (Process image change)',
    map: sysProcess,
  },
  26: {
    category: ['file'],
    type: ['deletion'],
    action: 'FileDeleteDetected (File Delete logged)',
    map: sysFile,
  },
};

// --- Security mappers -----------------------------------------------------------------------

const subject = (ev: VigilEvent, d: Reader): void =>
  setAccount(ev, 'user', d, 'SubjectUserName', 'SubjectDomainName', 'SubjectUserSid');
const target = (ev: VigilEvent, d: Reader, prefix: string): void =>
  setAccount(ev, prefix, d, 'TargetUserName', 'TargetDomainName', 'TargetUserSid');

function logonDetails(ev: VigilEvent, d: Reader): void {
  put(ev, 'source.ip', ip(d('IpAddress')));
  put(ev, 'source.port', port(d('IpPort')));
  put(ev, 'source.domain', d('WorkstationName'));
  const type = d('LogonType');
  if (type !== undefined)
    ev['winlog.logon.type'] = Object.hasOwn(LOGON_TYPES, type) ? LOGON_TYPES[type]! : type;
  put(ev, 'winlog.logon.id', d('TargetLogonId'));
  setExecutable(ev, 'process', d('ProcessName'));
  put(ev, 'process.pid', pid(d('ProcessId')));
}

function logon(ev: VigilEvent, d: Reader): void {
  target(ev, d, 'user');
  logonDetails(ev, d);
}

function logonFailed(ev: VigilEvent, d: Reader): void {
  logon(ev, d);
  put(ev, 'winlog.logon.failure.status', d('Status'));
  put(ev, 'winlog.logon.failure.sub_status', d('SubStatus'));
  put(ev, 'winlog.logon.failure.reason', d('FailureReason'));
}

function explicitLogon(ev: VigilEvent, d: Reader): void {
  subject(ev, d);
  setAccount(ev, 'user.target', d, 'TargetUserName', 'TargetDomainName', 'TargetUserSid');
  put(ev, 'destination.domain', d('TargetServerName'));
  logonDetails(ev, d);
}

function processCreated(ev: VigilEvent, d: Reader): void {
  subject(ev, d);
  setExecutable(ev, 'process', d('NewProcessName'));
  put(ev, 'process.pid', pid(d('NewProcessId')));
  put(ev, 'process.command_line', d('CommandLine'));
  setExecutable(ev, 'process.parent', d('ParentProcessName'));
  put(ev, 'process.parent.pid', pid(d('ProcessId')));
}

function accountManaged(ev: VigilEvent, d: Reader): void {
  subject(ev, d);
  target(ev, d, 'user.target');
}

function memberAdded(ev: VigilEvent, d: Reader): void {
  subject(ev, d);
  put(ev, 'user.target.name', d('MemberName'));
  put(ev, 'user.target.id', d('MemberSid'));
  put(ev, 'group.name', d('TargetUserName'));
  put(ev, 'group.domain', d('TargetDomainName'));
  put(ev, 'group.id', d('TargetSid'));
}

function lockedOut(ev: VigilEvent, d: Reader): void {
  subject(ev, d);
  put(ev, 'user.target.name', d('TargetUserName'));
  put(ev, 'user.target.id', d('TargetSid'));
  put(ev, 'source.domain', d('TargetDomainName'));
}

const SECURITY: Readonly<Record<number, EcsRule>> = {
  1102: {
    category: ['iam'],
    type: ['admin', 'change'],
    action: 'audit-log-cleared',
    outcome: 'success',
    map: subject,
  },
  4624: {
    category: ['authentication'],
    type: ['start'],
    action: 'logged-in',
    outcome: 'success',
    map: logon,
  },
  4625: {
    category: ['authentication'],
    type: ['start'],
    action: 'logon-failed',
    outcome: 'failure',
    map: logonFailed,
  },
  4634: { category: ['authentication'], type: ['end'], action: 'logged-out', outcome: 'success', map: logon },
  4648: {
    category: ['authentication'],
    type: ['start'],
    action: 'logged-in-explicit',
    outcome: 'success',
    map: explicitLogon,
  },
  4672: { category: ['iam'], type: ['admin'], action: 'logged-in-special', outcome: 'success', map: subject },
  4688: {
    category: ['process'],
    type: ['start'],
    action: 'created-process',
    outcome: 'success',
    map: processCreated,
  },
  4720: {
    category: ['iam'],
    type: ['user', 'creation'],
    action: 'added-user-account',
    outcome: 'success',
    map: accountManaged,
  },
  4726: {
    category: ['iam'],
    type: ['user', 'deletion'],
    action: 'deleted-user-account',
    outcome: 'success',
    map: accountManaged,
  },
  4732: {
    category: ['iam'],
    type: ['group', 'change'],
    action: 'added-member-to-group',
    outcome: 'success',
    map: memberAdded,
  },
  4740: {
    category: ['iam'],
    type: ['user', 'change'],
    action: 'locked-out-user-account',
    outcome: 'success',
    map: lockedOut,
  },
};

// --- PowerShell ------------------------------------------------------------------------------

function scriptBlock(ev: VigilEvent, d: Reader): void {
  put(ev, 'powershell.file.script_block_text', d('ScriptBlockText'));
  put(ev, 'powershell.file.script_block_id', d('ScriptBlockId'));
  put(ev, 'powershell.sequence', pid(d('MessageNumber')));
  put(ev, 'powershell.total', pid(d('MessageTotal')));
  put(ev, 'file.path', d('Path'));
}

const POWERSHELL: Readonly<Record<number, EcsRule>> = {
  4104: { category: ['process'], type: ['info'], action: 'Execute a Remote Command', map: scriptBlock },
};

const RULES: Readonly<Record<WinLog, Readonly<Record<number, EcsRule>>>> = {
  sysmon: SYSMON,
  security: SECURITY,
  powershell: POWERSHELL,
  other: {},
};

/** The ECS rule for an event, or undefined when the table has none. */
export function ecsRule(log: WinLog, eventId: number): EcsRule | undefined {
  const table = RULES[log];
  return Object.hasOwn(table, eventId) ? table[eventId] : undefined;
}
