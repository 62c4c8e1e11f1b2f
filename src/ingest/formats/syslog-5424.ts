/**
 * RFC 5424 syslog: `<PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]`.
 * Choices:
 * - TIMESTAMP `-` means "unknown": `@timestamp` is `ctx.received`. A timestamp without a zone (not
 *   RFC 5424, but seen) is read in `ctx.assumeTimeZone`. Fractions keep 6 digits.
 * - Trailing `\n`, `\r\n` and NUL are dropped (RFC 6587 non-transparent framing), as is an
 *   octet-count prefix (`187 <34>1 ...`); a UTF-8 BOM at the start of MSG is dropped.
 * - Header fields are not length-checked (long APP-NAMEs are kept); `-` means absent. A line that
 *   ends right after MSGID is read as having no STRUCTURED-DATA; MSG may follow `]` without a space.
 * - `process.pid` is set only when PROCID is numeric; `log.syslog.procid` keeps it as written.
 */
import { millisToIso } from '../../core/time.ts';
import type { ParseContext, ParseOutcome, VigilEvent } from '../types.ts';
import { applyPri, readPri } from './syslog-pri.ts';
import {
  digitsToInt,
  excerpt,
  type HeaderOutcome,
  lineEnd,
  setMessage,
  skipOctetCount,
  toPid,
} from './syslog-scan.ts';
import { readStructuredData } from './syslog-sd.ts';
import { readIsoTime, toUtcMillis } from './syslog-time.ts';
import { resolveZone, UTC_ZONE, unknownZoneReason } from './syslog-zone.ts';

// Local copies: under tsx an imported binding costs a getter call per use, too slow in scan loops.
const BOM = 0xfeff;
const DASH = 0x2d;
const SP = 0x20;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

const fail = (reason: string): { ok: false; reason: string } => ({
  ok: false,
  reason: `RFC 5424: ${reason}`,
});

const HEADER_FIELDS = ['HOSTNAME', 'APP-NAME', 'PROCID', 'MSGID'] as const;

/** Reads an RFC 5424 header; the event has every field except `message`, the MSG is returned apart. */
export function readRfc5424(raw: string, ctx: ParseContext): HeaderOutcome {
  const end = lineEnd(raw);
  let pos = skipOctetCount(raw, 0, end);
  const pri = readPri(raw, pos, end);
  if (typeof pri === 'string') return fail(pri);
  const event: VigilEvent = {
    '@timestamp': '',
    'event.original': raw,
    'vigil.format': 'rfc5424',
    'event.dataset': 'syslog',
  };
  applyPri(event, pri.pri);
  pos = pri.next;

  const versionStart = pos;
  while (pos < end && pos - versionStart < 2 && isDigit(raw.charCodeAt(pos))) pos++;
  const version = digitsToInt(raw, versionStart, pos);
  if (version === null || version === 0 || raw.charCodeAt(pos) !== SP) {
    return fail(
      `expected VERSION (such as "1") and a space after PRI at offset ${versionStart}, found ${excerpt(raw, versionStart)}`,
    );
  }
  event['log.syslog.version'] = version;
  pos++;

  let ms = ctx.received;
  if (raw.charCodeAt(pos) === DASH && (pos + 1 >= end || raw.charCodeAt(pos + 1) === SP)) {
    pos++;
  } else {
    const t = readIsoTime(raw, pos, end);
    if (t === null || (t.next < end && raw.charCodeAt(t.next) !== SP)) {
      return fail(
        `invalid TIMESTAMP ${excerpt(raw, pos, 32)} at offset ${pos}: expected RFC 3339 such as 2026-11-22T10:00:00.123Z, or "-"`,
      );
    }
    const zone = t.offsetMin === null ? resolveZone(ctx.assumeTimeZone) : UTC_ZONE;
    if (zone === null) return fail(unknownZoneReason(ctx.assumeTimeZone));
    const at = toUtcMillis(t, zone, ctx.received);
    if (at === null)
      return fail(`impossible date or time ${JSON.stringify(raw.slice(pos, t.next))} at offset ${pos}`);
    ms = at;
    pos = t.next;
  }
  event['@timestamp'] = millisToIso(ms);

  const values: (string | null)[] = [];
  for (const field of HEADER_FIELDS) {
    if (pos >= end) return fail(`line ends before ${field} at offset ${pos}`);
    if (raw.charCodeAt(pos) !== SP) return fail(`expected a space before ${field} at offset ${pos}`);
    const start = ++pos;
    const stop = raw.indexOf(' ', start);
    pos = stop < 0 || stop > end ? end : stop;
    if (pos === start) return fail(`empty ${field} at offset ${start} (use "-" for none)`);
    values.push(pos - start === 1 && raw.charCodeAt(start) === DASH ? null : raw.slice(start, pos));
  }
  const [host, app, procid, msgid] = values;
  if (host) {
    event['host.hostname'] = host;
    event['host.name'] = host;
    event['log.syslog.hostname'] = host;
  }
  if (app) {
    event['log.syslog.appname'] = app;
    event['process.name'] = app;
  }
  if (procid) {
    event['log.syslog.procid'] = procid;
    const pid = toPid(procid);
    if (pid !== null) event['process.pid'] = pid;
  }
  if (msgid) event['log.syslog.msgid'] = msgid;

  if (pos + 1 < end) {
    const sd = readStructuredData(raw, pos + 1, end, event);
    if ('error' in sd) return fail(sd.error);
    pos = sd.next;
    if (raw.charCodeAt(pos) === SP) pos++;
    if (raw.charCodeAt(pos) === BOM) pos++;
  } else {
    pos = end;
  }
  return { ok: true, event, msgStart: Math.min(pos, end), msgEnd: end, format: 'rfc5424' };
}

/** Parses one RFC 5424 line (see the file comment for the choices made). */
export function parseRfc5424(raw: string, ctx: ParseContext): ParseOutcome {
  const header = readRfc5424(raw, ctx);
  if (!header.ok) return header;
  setMessage(header.event, raw, header.msgStart, header.msgEnd);
  return { ok: true, event: header.event };
}
