/**
 * BSD syslog (RFC 3164) and its common variants: `<PRI>Mmm dd hh:mm:ss HOST TAG[PID]: MSG`.
 * Choices:
 * - PRI is optional (plain `/var/log` lines then have no facility/severity), but a line without
 *   PRI must start with a timestamp. With PRI and no timestamp, RFC 3164 §4.3.3 applies: no
 *   HOSTNAME, `@timestamp` = `ctx.received`, and the rest is TAG + MSG.
 * - Timestamps: `Nov 22 10:00:00`, `Nov  2 10:00:00`, with a year (`Nov 22 2026 10:00:00`, Cisco
 *   ASA), a fraction, a leading `*` or `.` (Cisco IOS clock flags), a zone abbreviation (`UTC`,
 *   `CET`, see syslog-zone.ts) and a trailing `:`; or RFC 3339 (`2026-11-22T10:00:00.123+01:00`,
 *   rsyslog high precision). A Cisco IOS sequence number (`<189>42: *Nov 22 ...`) becomes
 *   `event.sequence`. A timestamp-shaped but impossible date (Feb 30, 25:00) is rejected.
 * - Missing year: see syslog-time.ts (nearest to `ctx.received`, at most one day ahead).
 *   Missing zone: `ctx.assumeTimeZone`.
 * - Missing hostname heuristic: the word after the timestamp is the HOSTNAME only if more text
 *   follows it and it looks like a host name or address (letters, digits, `.` `-` `_` `:`, not
 *   ending in `:`). So `sshd[12]: ...`, `kernel: ...` and Cisco `%ASA-6-302013: ...` are not hosts.
 *   A plain word is taken as a host (RFC 3164 requires one); that is the known ambiguity.
 * - TAG is the word before `[PID]` and/or `:` (`sshd[12]:`, `sudo:`, `postfix/smtpd[9]:`); a word
 *   not ending that way, or a Cisco `%MNEMONIC:`, is not a TAG and stays in the message. Spaces
 *   after the TAG are dropped. `CEF:`/`LEEF:` payloads are never read as HOSTNAME or TAG.
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
import { readBsdTime, readIsoTime, type TimeRead, toUtcMillis } from './syslog-time.ts';
import { abbreviationOffset, resolveZone, UTC_ZONE, unknownZoneReason } from './syslog-zone.ts';

// Local copies: under tsx an imported binding costs a getter call per use, too slow in scan loops.
const COLON = 0x3a;
const LT = 0x3c;
const SP = 0x20;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

const fail = (reason: string): { ok: false; reason: string } => ({
  ok: false,
  reason: `RFC 3164: ${reason}`,
});

/** True when a CEF or LEEF payload starts at `pos`. */
function isEmbeddedPayload(raw: string, pos: number): boolean {
  return raw.startsWith('CEF:', pos) || raw.startsWith('LEEF:', pos);
}

/** Reads a timestamp (with Cisco flag, zone abbreviation and trailing colon) at `pos`, or null. */
function readTimestamp(raw: string, pos: number, end: number): TimeRead | null {
  let i = pos;
  const flag = raw.charCodeAt(i);
  if (flag === 0x2a || flag === 0x2e) i++;
  const t = isDigit(raw.charCodeAt(i)) ? readIsoTime(raw, i, end) : readBsdTime(raw, i, end);
  if (t === null) return null;
  let next = t.next;
  if (t.offsetMin === null && raw.charCodeAt(next) === SP) {
    let j = next + 1;
    while (j < end && j - next <= 5 && raw.charCodeAt(j) >= 0x41 && raw.charCodeAt(j) <= 0x5a) j++;
    const c = raw.charCodeAt(j);
    const offset =
      j > next + 1 && (j >= end || c === SP || c === COLON)
        ? abbreviationOffset(raw.slice(next + 1, j))
        : undefined;
    if (offset !== undefined) {
      t.offsetMin = offset;
      next = j;
    }
  }
  if (raw.charCodeAt(next) === COLON) next++;
  if (next < end && raw.charCodeAt(next) !== SP) return null;
  t.next = next;
  return t;
}

function skipSpaces(raw: string, pos: number, end: number): number {
  let i = pos;
  while (i < end && raw.charCodeAt(i) === SP) i++;
  return i;
}

/** Host names and addresses: letters, digits, `.`, `-`, `_`, `:`; not starting with `%`, not ending with `:`. */
function isHostToken(raw: string, start: number, stop: number): boolean {
  if (stop - start > 255 || raw.charCodeAt(stop - 1) === COLON) return false;
  for (let i = start; i < stop; i++) {
    const c = raw.charCodeAt(i);
    const letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
    if (!letter && !isDigit(c) && c !== 0x2e && c !== 0x2d && c !== 0x5f && c !== COLON) return false;
  }
  return true;
}

/** Reads `TAG[PID]:`, `TAG[PID]` or `TAG:` at `pos`; returns [tag, pid or null, index after] or null. */
function readTag(raw: string, pos: number, end: number): [string, string | null, number] | null {
  if (raw.charCodeAt(pos) === 0x25) return null;
  let i = pos;
  while (i < end && i - pos < 128) {
    const c = raw.charCodeAt(i);
    if (c === SP || c === LBRACKET || c === COLON) break;
    if (c < 0x21 || c > 0x7e) return null;
    i++;
  }
  if (i === pos || i >= end) return null;
  const tag = raw.slice(pos, i);
  const c = raw.charCodeAt(i);
  if (c === COLON) return i + 1 >= end || raw.charCodeAt(i + 1) === SP ? [tag, null, i + 1] : null;
  if (c !== LBRACKET) return null;
  let j = i + 1;
  while (j < end && j - i <= 33 && raw.charCodeAt(j) !== RBRACKET && raw.charCodeAt(j) !== SP) j++;
  if (raw.charCodeAt(j) !== RBRACKET || j === i + 1) return null;
  let after = j + 1;
  if (raw.charCodeAt(after) === COLON) after++;
  if (after < end && raw.charCodeAt(after) !== SP) return null;
  return [tag, raw.slice(i + 1, j), after];
}

/** Reads an RFC 3164 header; the event has every field except `message`, the MSG is returned apart. */
export function readRfc3164(raw: string, ctx: ParseContext): HeaderOutcome {
  const end = lineEnd(raw);
  let pos = skipOctetCount(raw, 0, end);
  const event: VigilEvent = {
    '@timestamp': '',
    'event.original': raw,
    'vigil.format': 'rfc3164',
    'event.dataset': 'syslog',
  };
  const hasPri = raw.charCodeAt(pos) === LT;
  if (hasPri) {
    const pri = readPri(raw, pos, end);
    if (typeof pri === 'string') return fail(pri);
    applyPri(event, pri.pri);
    pos = pri.next;
  }

  let time: TimeRead | null = null;
  if (hasPri && isDigit(raw.charCodeAt(pos))) {
    let i = pos;
    while (i < end && i - pos < 10 && isDigit(raw.charCodeAt(i))) i++;
    if (raw.charCodeAt(i) === COLON && raw.charCodeAt(i + 1) === SP) {
      time = readTimestamp(raw, i + 2, end);
      if (time !== null) event['event.sequence'] = digitsToInt(raw, pos, i);
    }
  }
  time ??= readTimestamp(raw, pos, end);
  if (time === null && !hasPri) {
    return fail(
      `expected "<PRI>" or a timestamp such as "Nov 22 10:00:00" at offset ${pos}, found ${excerpt(raw, pos)}`,
    );
  }
  let ms = ctx.received;
  if (time !== null) {
    const zone = time.offsetMin === null ? resolveZone(ctx.assumeTimeZone) : UTC_ZONE;
    if (zone === null) return fail(unknownZoneReason(ctx.assumeTimeZone));
    const at = toUtcMillis(time, zone, ctx.received);
    if (at === null) {
      return fail(`impossible date or time ${JSON.stringify(raw.slice(pos, time.next))} at offset ${pos}`);
    }
    ms = at;
    pos = skipSpaces(raw, time.next, end);
  }
  event['@timestamp'] = millisToIso(ms);

  if (time !== null && !isEmbeddedPayload(raw, pos)) {
    let stop = raw.indexOf(' ', pos);
    if (stop > end) stop = -1;
    if (stop > pos && isHostToken(raw, pos, stop)) {
      const host = raw.slice(pos, stop);
      event['host.hostname'] = host;
      event['host.name'] = host;
      event['log.syslog.hostname'] = host;
      pos = skipSpaces(raw, stop, end);
      if (raw.charCodeAt(pos) === COLON && raw.charCodeAt(pos + 1) === SP)
        pos = skipSpaces(raw, pos + 1, end);
    }
  }
  if (!isEmbeddedPayload(raw, pos)) {
    const tag = readTag(raw, pos, end);
    if (tag !== null) {
      const [name, procid, after] = tag;
      event['log.syslog.appname'] = name;
      event['process.name'] = name;
      if (procid !== null) {
        event['log.syslog.procid'] = procid;
        const pid = toPid(procid);
        if (pid !== null) event['process.pid'] = pid;
      }
      pos = skipSpaces(raw, after, end);
    }
  }
  return { ok: true, event, msgStart: Math.min(pos, end), msgEnd: end, format: 'rfc3164' };
}

/** Parses one BSD syslog line (see the file comment for the choices made). */
export function parseRfc3164(raw: string, ctx: ParseContext): ParseOutcome {
  const header = readRfc3164(raw, ctx);
  if (!header.ok) return header;
  setMessage(header.event, raw, header.msgStart, header.msgEnd);
  return { ok: true, event: header.event };
}
