/**
 * Reads the three common JSON shapes of a Windows event log record into one {@link WinRecord}:
 *
 * - `beat`: winlogbeat / Elastic Agent (`winlog.event_id`, `winlog.channel`, `winlog.event_data`).
 *   Its other fields are already ECS and are carried over flattened.
 * - `evtx`: the `evtx` crate / evtx_dump and xmltodict-style dumps of the event XML
 *   (`{"Event":{"System":{...},"EventData":{...}}}`; attributes as `#attributes.X` or `@X`,
 *   element text as `#text`; `EventData.Data` as a list of `{Name, #text}` is accepted too).
 * - `flat`: NXLog (`EventID`, `Channel`, `Hostname`, `EventTime`, event data at top level) and
 *   `Get-WinEvent | ConvertTo-Json` (`Id`, `LogName`, `MachineName`, `TimeCreated`). Known
 *   exporter metadata keys are mapped by {@link FLAT_META}; every other top-level key is event data.
 */
import type { VigilEvent } from '../../core/event.ts';
import { type FlattenBudget, fieldName, flattenInto } from './json-flatten.ts';
import { type JsonObject, newEvent, num, obj, put, str } from './json-values.ts';

export type WinShape = 'beat' | 'evtx' | 'flat';

export interface WinRecord {
  shape: WinShape;
  eventId: number | undefined;
  channel: string | undefined;
  provider: string | undefined;
  computer: string | undefined;
  recordId: number | undefined;
  /** The record's system time as found (ISO text, `/Date()/`, local NXLog time...). */
  time: unknown;
  /** `log.level` text, lower-cased (`information`, `warning`...). */
  level: string | undefined;
  /** EventData: the source's own names → values as found (only keys passing `isData`). */
  data: JsonObject;
  /** Which keys of `data` are event data (the flat shape shares one object with metadata). */
  isData: (key: string) => boolean;
  /** The event-data keys of `data` in order, when already known (saves testing each again). */
  dataKeys?: string[];
  /** UserData's single child element (e.g. `LogFileCleared` of event 1102), when present. */
  userData: JsonObject | undefined;
  /** Fields carried over as they are (beat: the flattened input; others: system extras). */
  base: VigilEvent;
}

/** Which shape `o` has, or null when it looks like no Windows record. */
export function windowsShape(o: JsonObject): WinShape | null {
  if (obj(o.winlog) !== undefined) return 'beat';
  const e = obj(o.Event);
  if (e !== undefined && obj(e.System) !== undefined) return 'evtx';
  const hasId = o.EventID !== undefined || o.EventId !== undefined;
  if (hasId && (o.Channel !== undefined || o.SourceName !== undefined || o.ProviderName !== undefined))
    return 'flat';
  if (
    o.Id !== undefined &&
    o.LogName !== undefined &&
    (o.ProviderName !== undefined || o.MachineName !== undefined)
  ) {
    return 'flat';
  }
  return null;
}

const LEVELS = ['information', 'critical', 'error', 'warning', 'information', 'verbose'];

function levelName(v: unknown): string | undefined {
  const n = typeof v === 'number' ? v : undefined;
  if (n !== undefined) return LEVELS[n];
  const s = str(v);
  return s === undefined ? undefined : s.toLowerCase();
}

/** A map for names taken from input: no prototype, so `__proto__` is just a name. */
function dict(): JsonObject {
  return Object.create(null) as JsonObject;
}

/** `{"#attributes":{"Name":x}}`, `{"@Name":x}`, `{"Name":x}` → x. */
function attr(v: unknown, name: string): unknown {
  const o = obj(v);
  if (o === undefined) return undefined;
  const a = obj(o['#attributes']);
  if (a !== undefined && a[name] !== undefined) return a[name];
  return o[`@${name}`] ?? o[name];
}

/** Element text: the value itself, or its `#text`. */
function text(v: unknown): unknown {
  const o = obj(v);
  return o === undefined ? v : o['#text'];
}

function readBeat(o: JsonObject, budget: FlattenBudget): WinRecord {
  const w = obj(o.winlog) ?? {};
  const base = newEvent();
  // everything but the event/user data, which the normalizer writes itself
  for (const k of Object.keys(o)) if (k !== 'winlog') flattenInto(base, k, o[k], budget, 1);
  for (const k of Object.keys(w)) {
    if (k !== 'event_data' && k !== 'user_data') flattenInto(base, fieldName('winlog', k), w[k], budget, 2);
  }
  const ev = obj(o.event);
  const host = obj(o.host);
  const log = obj(o.log);
  return {
    shape: 'beat',
    eventId: num(w.event_id) ?? num(ev?.code),
    channel: str(w.channel),
    provider: str(w.provider_name) ?? str(ev?.provider),
    computer: str(w.computer_name) ?? str(host?.name) ?? str(host?.hostname),
    recordId: num(w.record_id),
    time: o['@timestamp'] ?? w.time_created,
    level: levelName(log?.level ?? w.level),
    data: obj(w.event_data) ?? {},
    isData: always,
    userData: obj(w.user_data),
    base,
  };
}

const always = (): boolean => true;
/** Element children of a dumped XML element: not its attributes. */
const isElement = (k: string): boolean => k !== '#attributes' && k[0] !== '@';

/** EventData as a map, whichever way the dumper wrote it. */
function evtxData(v: unknown): { data: JsonObject; isData: (key: string) => boolean } {
  const d = obj(v);
  if (d === undefined) return { data: {}, isData: always };
  const data = d.Data;
  if (data === undefined) return { data: d, isData: isElement };
  const list = Array.isArray(data) ? data : [data];
  const out = dict();
  let unnamed = 0;
  for (const item of list) {
    const name = str(attr(item, 'Name'));
    const value = text(item);
    if (name !== undefined) out[name] = value;
    else if (Array.isArray(value)) for (const x of value) out[`param${++unnamed}`] = x;
    else if (value !== undefined) out[`param${++unnamed}`] = value;
  }
  return { data: out, isData: always };
}

function evtxUserData(v: unknown): JsonObject | undefined {
  const u = obj(v);
  if (u === undefined) return undefined;
  for (const k of Object.keys(u)) {
    const child = obj(u[k]);
    if (k === '#attributes' || child === undefined) continue;
    const out = dict();
    for (const ck of Object.keys(child)) if (ck !== '#attributes' && ck[0] !== '@') out[ck] = child[ck];
    return out;
  }
  return undefined;
}

function readEvtx(o: JsonObject): WinRecord {
  const e = obj(o.Event) ?? {};
  const s = obj(e.System) ?? {};
  const base = newEvent();
  const exec = s.Execution;
  put(base, 'winlog.process.pid', num(attr(exec, 'ProcessID')));
  put(base, 'winlog.process.thread.id', num(attr(exec, 'ThreadID')));
  put(base, 'winlog.user.identifier', str(attr(s.Security, 'UserID')));
  put(base, 'winlog.provider_guid', str(attr(s.Provider, 'Guid')));
  put(base, 'winlog.activity_id', str(attr(s.Correlation, 'ActivityID')));
  put(base, 'winlog.version', num(text(s.Version)));
  put(base, 'winlog.task', str(text(s.Task)));
  put(base, 'winlog.opcode', str(text(s.Opcode)));
  put(base, 'winlog.keywords', str(text(s.Keywords)));
  return {
    shape: 'evtx',
    eventId: num(text(s.EventID)),
    channel: str(text(s.Channel)),
    provider: str(attr(s.Provider, 'Name')) ?? str(text(s.Provider)),
    computer: str(text(s.Computer)),
    recordId: num(text(s.EventRecordID)),
    time: attr(s.TimeCreated, 'SystemTime') ?? text(s.TimeCreated),
    level: levelName(text(s.Level)),
    ...evtxData(e.EventData),
    userData: evtxUserData(e.UserData),
    base,
  };
}

/**
 * Exporter metadata in flat records → the field it becomes (`` = read into the record itself).
 * Keys are case-sensitive: NXLog's `ProcessID` is the logging process, while Sysmon's event data
 * has its own `ProcessId`.
 */
export const FLAT_META: Readonly<Record<string, string>> = {
  EventID: '',
  EventId: '',
  Id: '',
  Channel: '',
  LogName: '',
  SourceName: '',
  ProviderName: '',
  Hostname: '',
  Computer: '',
  MachineName: '',
  RecordNumber: '',
  RecordId: '',
  EventRecordID: '',
  EventTime: '',
  TimeCreated: '',
  Severity: '',
  LevelDisplayName: '',
  Message: 'message',
  Keywords: 'winlog.keywords',
  Version: 'winlog.version',
  Task: 'winlog.task',
  Opcode: 'winlog.opcode',
  ProviderGuid: 'winlog.provider_guid',
  ProviderId: 'winlog.provider_guid',
  ActivityID: 'winlog.activity_id',
  ActivityId: 'winlog.activity_id',
  RelatedActivityID: 'winlog.related_activity_id',
  RelatedActivityId: 'winlog.related_activity_id',
  ProcessID: 'winlog.process.pid',
  ThreadID: 'winlog.process.thread.id',
  UserID: 'winlog.user.identifier',
  UserId: 'winlog.user.identifier',
  AccountName: 'winlog.user.name',
  Domain: 'winlog.user.domain',
  AccountType: 'winlog.user.type',
  EventReceivedTime: 'winlog.export.EventReceivedTime',
  SourceModuleName: 'winlog.export.SourceModuleName',
  SourceModuleType: 'winlog.export.SourceModuleType',
  EventType: 'winlog.export.EventType',
  SeverityValue: 'winlog.export.SeverityValue',
  OpcodeValue: 'winlog.export.OpcodeValue',
  Category: 'winlog.export.Category',
  Level: '',
  Qualifiers: 'winlog.export.Qualifiers',
  TaskDisplayName: 'winlog.export.TaskDisplayName',
  OpcodeDisplayName: 'winlog.export.OpcodeDisplayName',
  KeywordsDisplayNames: 'winlog.export.KeywordsDisplayNames',
  ContainerLog: 'winlog.export.ContainerLog',
  MatchedQueryIds: 'winlog.export.MatchedQueryIds',
  Bookmark: 'winlog.export.Bookmark',
  Properties: '',
  '@timestamp': '',
};

/** Get-WinEvent puts the logging process in `ProcessId`/`ThreadId`; NXLog event data may not. */
const GET_WINEVENT_META: Readonly<Record<string, string>> = {
  ProcessId: 'winlog.process.pid',
  ThreadId: 'winlog.process.thread.id',
};

/**
 * NXLog's own `EventType` is an upper-case word (`INFO`, `AUDIT_SUCCESS`); Sysmon registry events
 * carry an event-data `EventType` (`SetValue`) that NXLog writes over it, and that one is data.
 */
function isNxlogEventType(v: unknown): boolean {
  return typeof v === 'string' && /^[A-Z_]+$/.test(v);
}

function readFlat(o: JsonObject, budget: FlattenBudget): WinRecord {
  const getWinEvent = o.Id !== undefined && o.LogName !== undefined;
  const metaTarget = (k: string): string | undefined => {
    if (Object.hasOwn(FLAT_META, k))
      return k === 'EventType' && !isNxlogEventType(o[k]) ? undefined : FLAT_META[k];
    return getWinEvent && Object.hasOwn(GET_WINEVENT_META, k) ? GET_WINEVENT_META[k] : undefined;
  };
  const base = newEvent();
  let dataKeys: string[] = [];
  for (const k of Object.keys(o)) {
    const target = metaTarget(k);
    if (target === undefined) dataKeys.push(k);
    else if (target !== '') flattenInto(base, target, o[k], budget);
  }
  let data = o;
  let isData = (k: string): boolean => metaTarget(k) === undefined;
  if (dataKeys.length === 0 && Array.isArray(o.Properties)) {
    // raw Get-WinEvent: event data only as positional Properties
    data = dict();
    isData = always;
    let i = 0;
    for (const p of o.Properties) data[`param${++i}`] = obj(p)?.Value ?? p;
    dataKeys = Object.keys(data);
  }
  return {
    shape: 'flat',
    eventId: num(o.EventID ?? o.EventId ?? o.Id),
    channel: str(o.Channel ?? o.LogName),
    provider: str(o.SourceName ?? o.ProviderName),
    computer: str(o.Hostname ?? o.Computer ?? o.MachineName),
    recordId: num(o.RecordNumber ?? o.RecordId ?? o.EventRecordID),
    time: o.TimeCreated ?? o.EventTime ?? o['@timestamp'],
    level: levelName(o.LevelDisplayName ?? o.Severity ?? o.Level),
    data,
    isData,
    dataKeys,
    userData: undefined,
    base,
  };
}

/** Reads `o` as a Windows record of the given shape. */
export function readWindowsRecord(o: JsonObject, shape: WinShape, budget: FlattenBudget): WinRecord {
  if (shape === 'beat') return readBeat(o, budget);
  if (shape === 'evtx') return readEvtx(o);
  return readFlat(o, budget);
}
