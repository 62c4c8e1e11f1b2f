/**
 * Windows events to raw JSON as shippers deliver them: winlogbeat 8 (`winlog.*`, strings for ids
 * and event data) or evtx_dump's JSON (`Event.System` / `Event.EventData`, typed numbers).
 * Record ids are drawn when the record is emitted, so they grow with time per computer/channel.
 */
import type { WinHost } from './entities.ts';
import { hash32 } from './random.ts';
import { evtxStamp, isoMillis } from './timefmt.ts';
import type { Pending, RenderContext } from './types.ts';

export type WinChannel = 'sysmon' | 'security';

export interface WinEvent {
  time: number;
  host: WinHost;
  channel: WinChannel;
  id: number;
  /** EventData as strings, in the order Windows lists them. */
  data: Readonly<Record<string, string>>;
}

interface Meta {
  task: string;
  taskId: number;
  version: number;
  action: string;
  title: string;
}

const SYSMON: Readonly<Record<number, Meta>> = {
  1: m('Process Create (rule: ProcessCreate)', 1, 5, 'Process Create'),
  3: m('Network connection detected (rule: NetworkConnect)', 3, 5, 'Network connection detected'),
  10: m('Process accessed (rule: ProcessAccess)', 10, 3, 'Process accessed'),
  11: m('File created (rule: FileCreate)', 11, 2, 'File created'),
  13: m('Registry value set (rule: RegistryEvent)', 13, 2, 'Registry value set'),
  22: m('Dns query (rule: DnsQuery)', 22, 5, 'Dns query'),
};

const SECURITY: Readonly<Record<number, Meta>> = {
  4624: { ...m('Logon', 12544, 2, 'An account was successfully logged on.'), action: 'logged-in' },
  4625: { ...m('Logon', 12544, 0, 'An account failed to log on.'), action: 'logon-failed' },
  4672: {
    ...m('Special Logon', 12548, 0, 'Special privileges assigned to new logon.'),
    action: 'logged-in-special',
  },
  4688: { ...m('Process Creation', 13312, 2, 'A new process has been created.'), action: 'created-process' },
  4720: {
    ...m('User Account Management', 13824, 0, 'A user account was created.'),
    action: 'added-user-account',
  },
  4732: {
    ...m('Security Group Management', 13826, 0, 'A member was added to a security-enabled local group.'),
    action: 'added-member-to-group',
  },
};

function m(task: string, taskId: number, version: number, title: string): Meta {
  return { task, taskId, version, action: task, title };
}

const PROVIDERS = {
  sysmon: {
    name: 'Microsoft-Windows-Sysmon',
    guid: '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}',
    channel: 'Microsoft-Windows-Sysmon/Operational',
  },
  security: {
    name: 'Microsoft-Windows-Security-Auditing',
    guid: '{54849625-5478-4994-a5ba-3e3b0328c30d}',
    channel: 'Security',
  },
} as const;

/** EventData fields that evtx_dump prints as numbers (UInt16/UInt32 in the manifests). */
const NUMERIC = new Set([
  'ProcessId',
  'ParentProcessId',
  'SourceProcessId',
  'TargetProcessId',
  'SourceThreadId',
  'SourcePort',
  'DestinationPort',
  'LogonType',
  'KeyLength',
  'TerminalSessionId',
]);

function meta(ev: WinEvent): Meta {
  const found = (ev.channel === 'sysmon' ? SYSMON : SECURITY)[ev.id];
  if (!found) throw new Error(`no metadata for ${ev.channel} event ${ev.id}`);
  return found;
}

const failure = (ev: WinEvent): boolean => ev.channel === 'security' && ev.id === 4625;

/** Process that writes the channel (Sysmon service or LSASS), stable per host. */
function writerPid(ev: WinEvent): number {
  const h = hash32(`${ev.host.name}:${ev.channel}`);
  return ev.channel === 'sysmon' ? 2000 + (h % 3000) : 600 + (h % 300);
}

function message(ev: WinEvent, mt: Meta): string {
  if (ev.channel === 'security') return mt.title;
  const lines = Object.entries(ev.data).map(([k, v]) => `${k}: ${v}`);
  return `${mt.title}:\n${lines.join('\n')}`;
}

export function renderWinlogbeat(ev: WinEvent, recordId: number): string {
  const mt = meta(ev);
  const prov = PROVIDERS[ev.channel];
  const pid = writerPid(ev);
  const winlog: Record<string, unknown> = {
    api: 'wineventlog',
    channel: prov.channel,
    computer_name: ev.host.fqdn,
    event_data: ev.data,
    event_id: String(ev.id),
    opcode: 'Info',
    process: { pid, thread: { id: pid + 4 + (recordId % 97) * 4 } },
    provider_guid: prov.guid,
    provider_name: prov.name,
    record_id: String(recordId),
    task: mt.task,
    version: mt.version,
  };
  if (ev.channel === 'sysmon') {
    winlog['user'] = { domain: 'NT AUTHORITY', identifier: 'S-1-5-18', name: 'SYSTEM', type: 'User' };
  } else {
    winlog['keywords'] = [failure(ev) ? 'Audit Failure' : 'Audit Success'];
  }
  const event: Record<string, unknown> = {
    code: String(ev.id),
    kind: 'event',
    provider: prov.name,
    action: mt.action,
  };
  if (ev.channel === 'security') event['outcome'] = failure(ev) ? 'failure' : 'success';
  return JSON.stringify({
    '@timestamp': isoMillis(ev.time),
    agent: { type: 'winlogbeat', version: '8.15.3', name: ev.host.name },
    ecs: { version: '8.0.0' },
    event,
    host: {
      name: ev.host.name,
      hostname: ev.host.name,
      architecture: 'x86_64',
      ip: [ev.host.ip],
      os: { family: 'windows', name: ev.host.os, build: ev.host.build, platform: 'windows', type: 'windows' },
    },
    log: { level: 'information' },
    message: message(ev, mt),
    winlog,
  });
}

export function renderEvtx(ev: WinEvent, recordId: number): string {
  const mt = meta(ev);
  const prov = PROVIDERS[ev.channel];
  const pid = writerPid(ev);
  const data: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(ev.data)) data[k] = NUMERIC.has(k) && /^\d+$/.test(v) ? Number(v) : v;
  const system: Record<string, unknown> = {
    Provider: { '#attributes': { Name: prov.name, Guid: prov.guid.toUpperCase() } },
    EventID: ev.id,
    Version: mt.version,
    Level: ev.channel === 'sysmon' ? 4 : 0,
    Task: mt.taskId,
    Opcode: 0,
    Keywords:
      ev.channel === 'sysmon'
        ? '0x8000000000000000'
        : failure(ev)
          ? '0x8010000000000000'
          : '0x8020000000000000',
    TimeCreated: { '#attributes': { SystemTime: evtxStamp(ev.time) } },
    EventRecordID: recordId,
    Correlation: null,
    Execution: { '#attributes': { ProcessID: pid, ThreadID: pid + 4 + (recordId % 97) * 4 } },
    Channel: prov.channel,
    Computer: ev.host.fqdn,
    Security: ev.channel === 'sysmon' ? { '#attributes': { UserID: 'S-1-5-18' } } : null,
  };
  return JSON.stringify({
    Event: {
      '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: system,
      EventData: data,
    },
  });
}

/** Source name of a Windows computer's records, e.g. `windows-dc01`. */
export function winSource(host: WinHost): string {
  return `windows-${host.name.toLowerCase()}`;
}

/** A Windows event as a pending record, rendered in the host's shipper shape. */
export function winPending(ev: WinEvent): Pending {
  return {
    time: ev.time,
    render: (ctx: RenderContext) => {
      const id = ctx.recordId(ev.host.name, ev.channel);
      const raw = ev.host.shape === 'evtx' ? renderEvtx(ev, id) : renderWinlogbeat(ev, id);
      return { format: 'windows', source: winSource(ev.host), raw, time: ev.time };
    },
  };
}
