/**
 * Test fixtures (used only by the Windows tests): one logical Windows event rendered in each of
 * the three JSON shapes the Windows parser reads, the way the real tools write them.
 */

export interface WinSample {
  id: number;
  channel: string;
  provider: string;
  computer: string;
  /** System time, ISO with `Z` and whole seconds (NXLog writes local time without fraction). */
  time: string;
  record: number;
  data: Record<string, string>;
  /** UserData child element (name, fields), e.g. `LogFileCleared` of event 1102. */
  userData?: [string, Record<string, string>];
}

export const PROVIDER_GUIDS: Readonly<Record<string, string>> = {
  'Microsoft-Windows-Sysmon': '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}',
  'Microsoft-Windows-Security-Auditing': '{54849625-5478-4994-a5ba-3e3b0328c30d}',
  'Microsoft-Windows-PowerShell': '{a0c1853b-5c40-4b15-8766-3cf1c58f985a}',
};

/** winlogbeat 8 / Elastic Agent: ECS top level, the record under `winlog` (ids as text). */
export function asBeat(s: WinSample): string {
  return JSON.stringify({
    '@timestamp': s.time.replace('Z', '.000Z'),
    agent: { type: 'winlogbeat', version: '8.15.0', name: s.computer },
    ecs: { version: '8.0.0' },
    event: { code: String(s.id), kind: 'event', provider: s.provider, created: '2026-11-22T10:00:05.000Z' },
    host: { name: s.computer },
    log: { level: 'information' },
    message: 'rendered message text',
    winlog: {
      api: 'wineventlog',
      channel: s.channel,
      computer_name: s.computer,
      event_data: s.data,
      ...(s.userData ? { user_data: s.userData[1] } : {}),
      event_id: String(s.id),
      opcode: 'Info',
      process: { pid: 3000, thread: { id: 4000 } },
      provider_guid: PROVIDER_GUIDS[s.provider] ?? '{00000000-0000-0000-0000-000000000000}',
      provider_name: s.provider,
      record_id: String(s.record),
      version: 5,
    },
  });
}

/** Numbers where the EVTX binary XML has integer types (evtx_dump writes them as JSON numbers). */
function typed(data: Record<string, string>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(data)) out[k] = /^\d{1,9}$/.test(v) ? Number(v) : v;
  return out;
}

/** evtx crate / evtx_dump `-o json`: the XML tree, attributes under `#attributes`. */
export function asEvtx(s: WinSample): string {
  const event: Record<string, unknown> = {
    '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
    System: {
      Provider: { '#attributes': { Name: s.provider, Guid: PROVIDER_GUIDS[s.provider] } },
      EventID: s.id,
      Version: 5,
      Level: 4,
      Task: 1,
      Opcode: 0,
      Keywords: '0x8000000000000000',
      TimeCreated: { '#attributes': { SystemTime: s.time.replace('Z', '.0000000Z') } },
      EventRecordID: s.record,
      Correlation: null,
      Execution: { '#attributes': { ProcessID: 3000, ThreadID: 4000 } },
      Channel: s.channel,
      Computer: s.computer,
      Security: { '#attributes': { UserID: 'S-1-5-18' } },
    },
  };
  if (s.userData) {
    event.UserData = {
      [s.userData[0]]: {
        '#attributes': { xmlns: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog' },
        ...s.userData[1],
      },
    };
  } else {
    event.EventData = typed(s.data);
  }
  return JSON.stringify({ Event: event });
}

/** NXLog im_msvistalog + to_json(): flat, system fields and event data side by side. */
export function asFlat(s: WinSample): string {
  return JSON.stringify({
    EventTime: s.time.replace('T', ' ').replace('Z', ''),
    Hostname: s.computer,
    Keywords: '-9223372036854775808',
    EventType: 'INFO',
    SeverityValue: 2,
    Severity: 'INFO',
    EventID: s.id,
    SourceName: s.provider,
    ProviderGuid: PROVIDER_GUIDS[s.provider],
    Version: 5,
    Task: 1,
    OpcodeValue: 0,
    RecordNumber: s.record,
    ProcessID: 3000,
    ThreadID: 4000,
    Channel: s.channel,
    Domain: 'NT AUTHORITY',
    AccountName: 'SYSTEM',
    UserID: 'S-1-5-18',
    AccountType: 'User',
    Opcode: 'Info',
    ...s.data,
    ...(s.userData ? s.userData[1] : {}),
    Message: 'rendered message text',
    EventReceivedTime: '2026-11-22 10:00:06',
    SourceModuleName: 'eventlog',
    SourceModuleType: 'im_msvistalog',
  });
}

export const SHAPES = [
  ['winlogbeat', asBeat],
  ['evtx', asEvtx],
  ['nxlog', asFlat],
] as const;
