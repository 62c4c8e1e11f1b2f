/**
 * ArcSight CEF: `CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension`,
 * alone or after a syslog header (RFC 3164 or 5424, read by syslog-header.ts).
 * Choices:
 * - Header: `\|` and `\\` are unescaped; a line whose extension is empty may omit the last `|`.
 *   The header goes to `cef.version`, `cef.device.vendor/product/version`, `cef.signature_id`,
 *   `cef.name`, `cef.severity` (as written), and to ECS `observer.vendor/product/version`,
 *   `event.code` (signature id), `event.severity` (number: 0-10 as written; words Low=3,
 *   Medium=6, High=8, Very-High=10, Unknown none) and `event.kind` (rule in cef-ecs.ts).
 * - Extension: every pair is kept as written (unescaped) under `cef.extensions.<key>`, a repeated
 *   key as an array. Known keys (cef-fields.ts, short or full names) also fill ECS fields.
 * - Custom labels: `cs1Label=Threat Name cs1=Eicar` keeps `cef.extensions.cs1Label` and
 *   `cef.extensions.cs1`, and adds `cef.custom.Threat_Name = "Eicar"`: the readable name lives in
 *   its own `cef.custom.*` namespace so a label can never overwrite a real extension key. Labels
 *   are sanitized to letters, digits, `_`, `-` (other runs become `_`). Any `<key>Label` works
 *   (`cn1Label`, `flexString1Label`, `deviceCustomDate1Label`...); `cn*`, `cfp*` and `flexNumber*`
 *   values become numbers there.
 * - Time: `@timestamp` from `rt`, else `end`, else `start` (cef-time.ts forms; `dtz` gives the zone
 *   of zone-less times, else `ctx.assumeTimeZone`, else UTC when that name is unknown); then the
 *   syslog header time; then `ctx.received`. `start`/`end` also go to `event.start`/`event.end`.
 * - `message` is `msg`, else the CEF Name. `user.name` is `suser`, else `duser`. Behind a syslog
 *   header, `observer.hostname` falls back to the syslog HOSTNAME (kept also as `host.name`).
 * - Text before the first extension key is kept as `cef.extension_text`.
 */
import { millisToIso } from '../../core/time.ts';
import type { ParseContext, ParseOutcome, VigilEvent } from '../types.ts';
import { addRaw, eventKind, first, setEcs } from './cef-ecs.ts';
import { readExtension } from './cef-extension.ts';
import { CEF_FIELDS, CEF_TIME_KEYS, NUMERIC_CUSTOM } from './cef-fields.ts';
import { parseDeviceTime } from './cef-time.ts';
import { parseSyslogPayload } from './syslog-payload.ts';
import { FieldNames } from './syslog-scan.ts';
import { resolveZone, UTC_ZONE } from './syslog-zone.ts';

// Local copies: under tsx an imported binding costs a getter call per use, too slow in scan loops.
const BACKSLASH = 0x5c;
const _SP = 0x20;
const _TAB = 0x09;

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason: `CEF: ${reason}` });

const PIPE = 0x7c;
const EXTENSION = new FieldNames('cef.extensions.');
const CUSTOM = new FieldNames('cef.custom.', 1000);
const HEADER_NAMES = [
  'Version',
  'Device Vendor',
  'Device Product',
  'Device Version',
  'Signature ID',
  'Name',
  'Severity',
];
const SEVERITY_WORDS: Readonly<Record<string, number>> = {
  low: 3,
  medium: 6,
  high: 8,
  'very-high': 10,
  'very high': 10,
  veryhigh: 10,
};

function unescapeHeader(raw: string, start: number, stop: number): string {
  const parts: string[] = [];
  let from = start;
  for (let i = start; i < stop - 1; i++) {
    if (raw.charCodeAt(i) !== BACKSLASH) continue;
    const n = raw.charCodeAt(i + 1);
    if (n !== PIPE && n !== BACKSLASH) continue;
    parts.push(raw.slice(from, i));
    from = i + 1;
    i++;
  }
  parts.push(raw.slice(from, stop));
  return parts.join('');
}

/** The numeric severity of a CEF Severity field, or null (Unknown or unreadable). */
export function cefSeverity(text: string): number | null {
  const t = text.trim();
  if (/^\d{1,2}(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return n <= 10 ? n : null;
  }
  return SEVERITY_WORDS[t.toLowerCase()] ?? null;
}

function labelName(label: string): string {
  return label
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
}

/** Reads the header fields; returns them and the index of the extension, or a rejection. */
function readHeader(raw: string, start: number, end: number): { header: string[]; ext: number } | string {
  const header: string[] = [];
  let from = start;
  let escaped = false;
  for (let i = start; i < end && header.length < 7; i++) {
    const c = raw.charCodeAt(i);
    if (c === BACKSLASH) {
      escaped = true;
      i++;
    } else if (c === PIPE) {
      header.push(escaped ? unescapeHeader(raw, from, i) : raw.slice(from, i));
      from = i + 1;
      escaped = false;
    }
  }
  if (header.length === 6 && from <= end) {
    header.push(raw.slice(from, end));
    from = end;
  }
  if (header.length < 7) {
    return `header has ${header.length + 1} of the 7 "|"-separated fields (${HEADER_NAMES.join('|')}|Extension)`;
  }
  return { header, ext: from };
}

/** Device times found in the extension (first of each kind) and the `dtz` zone name. */
interface CefTimes {
  rt?: string;
  start?: string;
  end?: string;
  dtz?: string;
}

function parseTimes(times: CefTimes, ctx: ParseContext, event: VigilEvent): void {
  if (times.rt === undefined && times.start === undefined && times.end === undefined) return;
  const zone = (times.dtz && resolveZone(times.dtz)) || resolveZone(ctx.assumeTimeZone) || UTC_ZONE;
  const startMs = times.start === undefined ? null : parseDeviceTime(times.start, zone, ctx.received);
  const endMs = times.end === undefined ? null : parseDeviceTime(times.end, zone, ctx.received);
  const rtMs = times.rt === undefined ? null : parseDeviceTime(times.rt, zone, ctx.received);
  if (startMs !== null) event['event.start'] = millisToIso(startMs);
  if (endMs !== null) event['event.end'] = millisToIso(endMs);
  const at = rtMs ?? endMs ?? startMs;
  if (at !== null) event['@timestamp'] = millisToIso(at);
}

/**
 * Reads the CEF payload at [start, end) of `raw` (starting with `CEF:`) and writes it into `event`,
 * which already carries `@timestamp`, `event.original` and any syslog header fields; payload
 * fields win over header fields. Nothing is written when the payload is rejected. Used by
 * parseCef and parseSyslog.
 */
export function mergeCef(
  raw: string,
  start: number,
  end: number,
  ctx: ParseContext,
  event: VigilEvent,
): ParseOutcome {
  const read = readHeader(raw, start + 4, end);
  if (typeof read === 'string') return fail(read);
  const [
    version = '',
    vendor = '',
    product = '',
    deviceVersion = '',
    signature = '',
    name = '',
    sevText = '',
  ] = read.header;
  const v = version.trim();
  if (!/^\d{1,3}(\.\d{1,3})?$/.test(v)) {
    return fail(`version ${JSON.stringify(v)} at offset ${start + 4} is not a number (expected "CEF:0|...")`);
  }
  const ext = readExtension(raw, read.ext, end);
  if (typeof ext === 'string') return fail(ext);

  const syslogHost = event['host.name'];
  event['vigil.format'] = 'cef';
  event['event.dataset'] = 'cef';
  event['event.module'] = 'cef';
  event['cef.version'] = v;
  event['cef.device.vendor'] = vendor;
  event['cef.device.product'] = product;
  event['cef.device.version'] = deviceVersion;
  event['cef.signature_id'] = signature;
  event['cef.name'] = name;
  event['cef.severity'] = sevText;
  const times: CefTimes = {};
  const labels: number[] = [];
  const written = new Set<string>();
  const { keys, values } = ext;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const val = values[i]!;
    addRaw(event, EXTENSION.of(k), val);
    const ecs = CEF_FIELDS.get(k);
    if (ecs !== undefined) setEcs(event, ecs[0], ecs[1], val, written);
    const tk = CEF_TIME_KEYS.get(k);
    if (tk !== undefined) times[tk] ??= val;
    else if (k === 'dtz' || k === 'deviceTimeZone') times.dtz ??= val;
    else if (k.length > 5 && k.endsWith('Label')) labels.push(i);
  }
  if (ext.leading !== '') event['cef.extension_text'] = ext.leading;
  for (const i of labels) {
    const base = keys[i]!.slice(0, -5);
    const value = event[EXTENSION.of(base)];
    const label = labelName(values[i]!);
    if (value === undefined || label === '' || event[CUSTOM.of(label)] !== undefined) continue;
    const num = NUMERIC_CUSTOM.test(base) && typeof value === 'string' ? Number(value) : Number.NaN;
    event[CUSTOM.of(label)] = value !== '' && Number.isFinite(num) ? num : value;
  }

  if (vendor !== '') event['observer.vendor'] = vendor;
  if (product !== '') event['observer.product'] = product;
  if (deviceVersion !== '') event['observer.version'] = deviceVersion;
  if (signature !== '') event['event.code'] = signature;
  const severity = cefSeverity(sevText);
  if (severity !== null) event['event.severity'] = severity;
  event['event.kind'] = eventKind(severity, name, first(event['cef.extensions.cat']));
  const user = event['source.user.name'] ?? event['destination.user.name'];
  if (user !== undefined) event['user.name'] = user;
  if (!written.has('message') && name !== '') event.message = name;
  if (event['observer.hostname'] === undefined && syslogHost !== undefined)
    event['observer.hostname'] = syslogHost;
  parseTimes(times, ctx, event);
  return { ok: true, event };
}

/** Parses a CEF line, bare or behind a syslog header (see the file comment for the choices made). */
export function parseCef(raw: string, ctx: ParseContext): ParseOutcome {
  return parseSyslogPayload(raw, ctx, 'CEF:', mergeCef);
}
