/**
 * Windows Event Log and Sysmon events as JSON (winlogbeat / Elastic Agent, evtx-to-JSON dumps,
 * NXLog and Get-WinEvent exports; see `windows-shapes.ts`) → ECS.
 *
 * Output: the event data under `winlog.event_data.<Name>` with the source's own names (spaces as `_`; values as
 * text, the way Windows renders them, so all three shapes agree), `winlog.user_data.<Name>`,
 * `winlog.event_id` (number), `event.code` (text), `winlog.channel`, `winlog.provider_name`,
 * `winlog.computer_name`, `winlog.record_id`, `host.name`, `event.provider`, and the ECS fields
 * of `windows-ecs.ts` for known Sysmon, Security and PowerShell event IDs.
 * Time: Sysmon's `UtcTime` when present (the moment of the activity), else the record's system
 * time (`TimeCreated`/`@timestamp`/`EventTime`, zone-less read in the assumed zone), else receipt.
 */
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { finishEvent, parseJsonObject } from './json-event.ts';
import { type FlattenBudget, fieldName, flattenInto, newBudget } from './json-flatten.ts';
import { isoToCanonical, receivedIso, timeValueToIso } from './json-time.ts';
import { isObject, type JsonObject, put, putIfAbsent, str } from './json-values.ts';
import { ecsRule, type WinLog } from './windows-ecs.ts';
import type { Reader } from './windows-fields.ts';
import { readWindowsRecord, type WinRecord, windowsShape } from './windows-shapes.ts';

/** Whether `o` has one of the Windows record shapes. */
export function isWindowsRecord(o: JsonObject): boolean {
  return windowsShape(o) !== null;
}

function windowsLog(channel: string | undefined, provider: string | undefined): WinLog {
  const c = channel?.toLowerCase();
  if (c === 'microsoft-windows-sysmon/operational') return 'sysmon';
  if (c === 'security') return 'security';
  if (c === 'microsoft-windows-powershell/operational') return 'powershell';
  if (c !== undefined) return 'other';
  if (provider === 'Microsoft-Windows-Sysmon') return 'sysmon';
  if (provider === 'Microsoft-Windows-Security-Auditing') return 'security';
  if (provider === 'Microsoft-Windows-PowerShell') return 'powershell';
  return 'other';
}

const DATASETS: Readonly<Record<Exclude<WinLog, 'other'>, string>> = {
  sysmon: 'windows.sysmon_operational',
  security: 'windows.security',
  powershell: 'windows.powershell_operational',
};

function dataset(log: WinLog, channel: string | undefined): string {
  if (log !== 'other') return DATASETS[log];
  if (channel === undefined) return 'windows.unknown';
  const lower = channel.toLowerCase();
  if (lower === 'windows powershell') return 'windows.powershell';
  const slug = lower.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return slug.length === 0 ? 'windows.unknown' : `windows.${slug}`;
}

/** An element's text: the value, or its `#text` in XML-to-JSON dumps. */
function textOf(v: unknown): unknown {
  return isObject(v) && v['#text'] !== undefined ? v['#text'] : v;
}

/** Event-data values as Windows renders them: text (numbers and booleans too); structures flattened. */
function writeData(
  ev: VigilEvent,
  prefix: string,
  data: JsonObject,
  keys: readonly string[],
  budget: FlattenBudget,
): void {
  for (const k of keys) {
    const v = textOf(data[k]);
    let out: unknown = v;
    if (typeof v === 'number' || typeof v === 'boolean') out = String(v);
    else if (Array.isArray(v))
      out = v.map((x) => (typeof x === 'number' || typeof x === 'boolean' ? String(x) : x));
    // a few providers name their data with spaces (Defender's `Threat Name`); like Elastic Agent,
    // those become `_` (`Threat_Name`), so that searches, rules and hunts can name the field
    const name = k.includes(' ') ? k.replace(/ /g, '_') : k;
    flattenInto(ev, fieldName(prefix, name), out, budget, 2);
  }
}

function readerOf(rec: WinRecord): Reader {
  const { data, isData, userData } = rec;
  return (name) => {
    let v = Object.hasOwn(data, name) && isData(name) ? data[name] : undefined;
    if (v === undefined && userData !== undefined && Object.hasOwn(userData, name)) v = userData[name];
    const s = str(textOf(v));
    return s === undefined || s === '-' ? undefined : s;
  };
}

/** Normalizes one parsed Windows record; rejects objects without a readable event ID. */
export function normalizeWindows(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  const shape = windowsShape(o);
  if (shape === null) {
    return {
      ok: false,
      reason:
        'not a Windows event record: expected winlog.event_id (winlogbeat), Event.System.EventID ' +
        '(evtx JSON) or EventID with Channel/SourceName (NXLog, Get-WinEvent)',
    };
  }
  const budget = newBudget();
  const rec = readWindowsRecord(o, shape, budget);
  if (rec.eventId === undefined || !Number.isInteger(rec.eventId) || rec.eventId < 0) {
    return { ok: false, reason: 'Windows event record has no readable numeric event ID' };
  }
  const ev = rec.base;
  const dataKeys = rec.dataKeys ?? Object.keys(rec.data).filter(rec.isData);
  writeData(ev, 'winlog.event_data', rec.data, dataKeys, budget);
  if (rec.userData !== undefined)
    writeData(ev, 'winlog.user_data', rec.userData, Object.keys(rec.userData), budget);
  const id = rec.eventId;
  ev['winlog.event_id'] = id;
  ev['event.code'] = String(id);
  put(ev, 'winlog.channel', rec.channel);
  put(ev, 'winlog.provider_name', rec.provider);
  put(ev, 'winlog.computer_name', rec.computer);
  put(ev, 'winlog.record_id', rec.recordId);
  put(ev, 'event.provider', rec.provider);
  putIfAbsent(ev, 'host.name', rec.computer);
  putIfAbsent(ev, 'log.level', rec.level);
  ev['event.kind'] = 'event';
  const log = windowsLog(rec.channel, rec.provider);
  ev['event.module'] = log === 'sysmon' ? 'sysmon' : 'windows';
  ev['event.dataset'] = dataset(log, rec.channel);
  const d = readerOf(rec);
  const rule = ecsRule(log, id);
  if (rule !== undefined) {
    ev['event.category'] = rule.category.slice();
    ev['event.type'] = rule.type.slice();
    ev['event.action'] = rule.action;
    put(ev, 'event.outcome', rule.outcome);
    rule.map?.(ev, d);
  }
  const utc = log === 'sysmon' ? d('UtcTime') : undefined;
  const ts =
    (utc === undefined ? null : isoToCanonical(utc, 'UTC')) ??
    timeValueToIso(rec.time, ctx.assumeTimeZone) ??
    receivedIso(ctx.received);
  return finishEvent(ev, raw, 'windows', ts, budget.dropped);
}

/** Parses one Windows event (any of the three JSON shapes). */
export const parseWindows: Parser = (raw, ctx) => {
  const parsed = parseJsonObject(raw);
  return parsed.ok ? normalizeWindows(parsed.value, raw, ctx) : parsed;
};
