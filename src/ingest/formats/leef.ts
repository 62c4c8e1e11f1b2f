/**
 * IBM QRadar LEEF, alone or after a syslog header (read by syslog-header.ts):
 * LEEF 1.0 `LEEF:1.0|Vendor|Product|Version|EventID|k=v<TAB>k=v...` and
 * LEEF 2.0 `LEEF:2.0|Vendor|Product|Version|EventID|DelimiterChar|k=v^k=v...`.
 * Choices:
 * - The LEEF 2.0 delimiter field is recognised when it is one character or hex (`x5E`, `0x5E`);
 *   empty means tab; if the sixth field is neither (some senders omit it) attributes start there
 *   and tab is the delimiter. A line with an empty attribute part may omit the last `|`.
 * - Header under `leef.header.version/vendor/product/product_version/event_id/delimiter`
 *   (its own namespace so an attribute called `version` cannot collide), and ECS
 *   `observer.vendor/product/version`, `event.code`. Each attribute is kept as written under
 *   `leef.<key>` (repeated keys become arrays); known keys also fill ECS fields (table below).
 * - `sev` (0-10) is `event.severity`; `event.kind` follows the rule in cef-ecs.ts.
 * - `@timestamp` from `devTime` read with `devTimeFormat` (leef-time.ts), or (without one or when
 *   it does not match) as epoch ms / `MMM dd yyyy HH:mm:ss` / ISO (cef-time.ts), zone-less in `ctx.assumeTimeZone` (UTC when
 *   that name is unknown); else the syslog header time; else `ctx.received`.
 * - `message` is the `msg`/`message` attribute when there is one; behind a syslog header
 *   `observer.hostname` falls back to the syslog HOSTNAME.
 */
import { millisToIso } from '../../core/time.ts';
import type { ParseContext, ParseOutcome, VigilEvent } from '../types.ts';
import { addRaw, type Conv, eventKind, first, setEcs } from './cef-ecs.ts';
import { parseDeviceTime } from './cef-time.ts';
import { parseDelimiter, readAttributes } from './leef-attributes.ts';
import { parseWithPattern } from './leef-time.ts';
import { parseSyslogPayload } from './syslog-payload.ts';
import { FieldNames } from './syslog-scan.ts';
import { resolveZone, UTC_ZONE } from './syslog-zone.ts';

// Local copies: under tsx an imported binding costs a getter call per use, too slow in scan loops.
const _SP = 0x20;
const _TAB = 0x09;

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason: `LEEF: ${reason}` });

const LEEF_FIELDS: ReadonlyMap<string, readonly [string, Conv]> = new Map([
  ['src', ['source.ip', 'ip']],
  ['dst', ['destination.ip', 'ip']],
  ['srcPort', ['source.port', 'port']],
  ['dstPort', ['destination.port', 'port']],
  ['srcPostNAT', ['source.nat.ip', 'ip']],
  ['dstPostNAT', ['destination.nat.ip', 'ip']],
  ['srcPostNATPort', ['source.nat.port', 'port']],
  ['dstPostNATPort', ['destination.nat.port', 'port']],
  ['srcMAC', ['source.mac', 'str']],
  ['dstMAC', ['destination.mac', 'str']],
  ['srcBytes', ['source.bytes', 'int']],
  ['dstBytes', ['destination.bytes', 'int']],
  ['srcPackets', ['source.packets', 'int']],
  ['dstPackets', ['destination.packets', 'int']],
  ['usrName', ['user.name', 'str']],
  ['accountName', ['user.name', 'str']],
  ['domain', ['user.domain', 'str']],
  ['proto', ['network.transport', 'transport']],
  ['url', ['url.original', 'str']],
  ['action', ['event.action', 'str']],
  ['act', ['event.action', 'str']],
  ['cat', ['event.category', 'category']],
  ['fileName', ['file.name', 'str']],
  ['fileHash', ['file.hash', 'hash']],
  ['msg', ['message', 'str']],
  ['message', ['message', 'str']],
] as const);

const ATTRIBUTE = new FieldNames('leef.');

/** Splits the header; returns its fields and the index of the attributes, or a rejection. */
function readHeader(raw: string, start: number, end: number): { fields: string[]; next: number } | string {
  const fields: string[] = [];
  let i = start;
  while (fields.length < 5) {
    const bar = raw.indexOf('|', i);
    if (bar < 0 || bar >= end) break;
    fields.push(raw.slice(i, bar));
    i = bar + 1;
  }
  if (fields.length === 4 && i <= end) {
    fields.push(raw.slice(i, end));
    i = end;
  }
  if (fields.length < 5) {
    return `header has ${fields.length + 1} of the 5 "|"-separated fields (LEEF:Version|Vendor|Product|Version|EventID|)`;
  }
  return { fields, next: i };
}

/**
 * Reads the LEEF payload at [start, end) of `raw` (starting with `LEEF:`) and writes it into
 * `event`, which already carries `@timestamp`, `event.original` and any syslog header fields;
 * payload fields win over header fields. Nothing is written when the payload is rejected. Used by
 * parseLeef and parseSyslog.
 */
export function mergeLeef(
  raw: string,
  start: number,
  end: number,
  ctx: ParseContext,
  event: VigilEvent,
): ParseOutcome {
  const header = readHeader(raw, start + 5, end);
  if (typeof header === 'string') return fail(header);
  const [version = '', vendor = '', product = '', productVersion = '', eventId = ''] = header.fields;
  const v = version.trim();
  if (!/^\d(\.\d{1,2})?$/.test(v)) {
    return fail(`version ${JSON.stringify(v)} at offset ${start + 5} is not 1.0 or 2.0`);
  }
  let pos = header.next;
  let delimiter = '\t';
  let delimiterField: string | null = null;
  if (v.startsWith('2')) {
    const bar = raw.indexOf('|', pos);
    if (bar >= 0 && bar < end) {
      const field = raw.slice(pos, bar);
      const parsed = field === '' ? '\t' : parseDelimiter(field);
      if (parsed !== null) {
        delimiter = parsed;
        delimiterField = field;
        pos = bar + 1;
      }
    }
  }
  const attrs = readAttributes(raw, pos, end, delimiter, !v.startsWith('2'));
  if (typeof attrs === 'string') return fail(attrs);

  const syslogHost = event['host.name'];
  event['vigil.format'] = 'leef';
  event['event.dataset'] = 'leef';
  event['event.module'] = 'leef';
  event['leef.header.version'] = v;
  event['leef.header.vendor'] = vendor;
  event['leef.header.product'] = product;
  event['leef.header.product_version'] = productVersion;
  event['leef.header.event_id'] = eventId;
  if (delimiterField !== null) event['leef.header.delimiter'] = delimiterField;
  const written = new Set<string>();
  const { keys, values } = attrs;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const val = values[i]!;
    addRaw(event, ATTRIBUTE.of(k), val);
    const ecs = LEEF_FIELDS.get(k);
    if (ecs !== undefined) setEcs(event, ecs[0], ecs[1], val, written);
  }
  if (attrs.leading !== '') event['leef.attribute_text'] = attrs.leading;
  if (vendor !== '') event['observer.vendor'] = vendor;
  if (product !== '') event['observer.product'] = product;
  if (productVersion !== '') event['observer.version'] = productVersion;
  if (eventId !== '') event['event.code'] = eventId;
  const sevText = first(event['leef.sev'])?.trim();
  const sev =
    sevText !== undefined && /^\d{1,2}$/.test(sevText) && Number(sevText) <= 10 ? Number(sevText) : null;
  if (sev !== null) event['event.severity'] = sev;
  event['event.kind'] = eventKind(sev, eventId, first(event['leef.cat']));
  if (event['observer.hostname'] === undefined && syslogHost !== undefined)
    event['observer.hostname'] = syslogHost;

  const devTime = first(event['leef.devTime']);
  if (devTime !== undefined) {
    const zone = resolveZone(ctx.assumeTimeZone) ?? UTC_ZONE;
    const format = first(event['leef.devTimeFormat']);
    const formatted = format === undefined ? null : parseWithPattern(devTime, format, zone, ctx.received);
    const time = formatted ?? parseDeviceTime(devTime, zone, ctx.received);
    if (time !== null) event['@timestamp'] = millisToIso(time);
  }
  return { ok: true, event };
}

/** Parses a LEEF 1.0/2.0 line, bare or behind a syslog header (see the file comment). */
export function parseLeef(raw: string, ctx: ParseContext): ParseOutcome {
  return parseSyslogPayload(raw, ctx, 'LEEF:', mergeLeef);
}
