/**
 * Reading one Linux audit record line (auditd.ts makes the event):
 *
 *     [node=HOST ]type=TYPE msg=audit(SECONDS.MILLIS:SERIAL): key=value key="quoted" ...[\x1dKEY=value ...]
 *
 * plus the kernel's printk form found in syslog and dmesg (`audit: type=1300 audit(...): ...`,
 * numeric type, optionally after a `[ 12.345]` uptime stamp). The head must be exact: it is what
 * tells an audit record from any other text. The body is read leniently: `key=value` pairs
 * separated by blanks; a value is `"…"` (no escapes: auditd hex-encodes any value holding a quote
 * or blank), `'…'` (the nested `msg='…'` of user-space records, whose own pairs are read in turn)
 * or a bare word; a word without `=` is kept as text. After a `\x1d` (auditd's ENRICHED
 * log_format) come the interpreted values (`ARCH=x86_64 SYSCALL=execve AUID="bob"`), flagged.
 */

import { typeName } from './auditd-tables.ts';
import { excerpt } from './syslog-scan.ts';

// Local copies: under tsx an imported binding costs a getter call per use, too slow in scan loops.
const SP = 0x20;
const TAB = 0x09;
const GS = 0x1d;
const DQ = 0x22;
const SQ = 0x27;
const EQ = 0x3d;

export interface RecordHead {
  /** `node=` (auditd's name_format), or null. */
  node: string | null;
  /** The record type name (`SYSCALL`; numeric types named from auditd-tables.ts). */
  type: string;
  /** The numeric type when the line wrote one (kernel form), else null. */
  typeNumber: number | null;
  /** Event time from `audit(SECONDS.MILLIS:…)`, epoch milliseconds. */
  timeMs: number;
  /** The event serial: every record of one audit event shares it. */
  serial: number;
  /** Index of the first body character. */
  bodyStart: number;
}

export type HeadOutcome = { ok: true; head: RecordHead } | { ok: false; reason: string };

/** One `key=value` of the body. */
export interface Pair {
  key: string;
  value: string;
  /** Written in double quotes (so never hex-encoded). */
  quoted: boolean;
  /** After the `\x1d`: an interpreted value of the ENRICHED format. */
  enriched: boolean;
}

export interface RecordBody {
  pairs: Pair[];
  /** Words that are not `key=value` (e.g. SELinux `avc:  denied  { read } for`), in order. */
  text: string[];
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isBlank = (c: number): boolean => c === SP || c === TAB;

function skipBlanks(raw: string, pos: number, end: number): number {
  let i = pos;
  while (i < end && isBlank(raw.charCodeAt(i))) i++;
  return i;
}

/** Index past a run of digits at `pos` of at most `max` digits, or -1 when none or too many. */
function digitsEnd(raw: string, pos: number, end: number, max: number): number {
  let i = pos;
  while (i < end && isDigit(raw.charCodeAt(i))) i++;
  return i === pos || i - pos > max ? -1 : i;
}

function isTypeChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || isDigit(c) || c === 0x5f;
}

const fail = (reason: string): HeadOutcome => ({ ok: false, reason });

/** Reads `audit(SECONDS.MILLIS:SERIAL):` at `pos` (just past `audit(`). */
function readStamp(
  raw: string,
  pos: number,
  end: number,
): { timeMs: number; serial: number; next: number } | string {
  const secEnd = digitsEnd(raw, pos, end, 10);
  if (secEnd < 0 || raw.charCodeAt(secEnd) !== 0x2e) {
    const slash = raw.indexOf('/', pos);
    return slash > pos && slash < Math.min(end, pos + 6)
      ? 'the time in audit(...) is a date: this is "ausearch -i" output; export with "ausearch --raw" instead'
      : `expected audit(SECONDS.MILLIS:SERIAL) at offset ${pos}, found ${excerpt(raw, pos)}`;
  }
  const fracEnd = digitsEnd(raw, secEnd + 1, end, 9);
  if (fracEnd < 0 || raw.charCodeAt(fracEnd) !== 0x3a) {
    return `expected the milliseconds and ":SERIAL" in audit(...) at offset ${secEnd + 1}, found ${excerpt(raw, secEnd + 1)}`;
  }
  const serialEnd = digitsEnd(raw, fracEnd + 1, end, 16);
  if (serialEnd < 0 || raw.charCodeAt(serialEnd) !== 0x29 || raw.charCodeAt(serialEnd + 1) !== 0x3a) {
    return `expected the serial and "):" in audit(...) at offset ${fracEnd + 1}, found ${excerpt(raw, fracEnd + 1)}`;
  }
  const seconds = Number(raw.slice(pos, secEnd));
  const micros = Number(
    raw
      .slice(secEnd + 1, fracEnd)
      .padEnd(6, '0')
      .slice(0, 6),
  );
  return {
    timeMs: seconds * 1000 + micros / 1000,
    serial: Number(raw.slice(fracEnd + 1, serialEnd)),
    next: serialEnd + 2,
  };
}

/** Reads the record head at `pos` (`node=`/`type=` … `):`), see the file comment. */
export function readHead(raw: string, pos: number, end: number): HeadOutcome {
  let i = skipBlanks(raw, pos, end);
  let node: string | null = null;
  if (raw.startsWith('node=', i)) {
    let stop = i + 5;
    while (stop < end && !isBlank(raw.charCodeAt(stop))) stop++;
    if (stop === i + 5) return fail(`empty node= at offset ${i}`);
    node = raw.slice(i + 5, stop);
    i = skipBlanks(raw, stop, end);
  }
  if (!raw.startsWith('type=', i)) {
    return fail(`expected "type=" at offset ${i} (an audit record), found ${excerpt(raw, i)}`);
  }
  const typeStart = i + 5;
  let typeEnd = typeStart;
  while (typeEnd < end && isTypeChar(raw.charCodeAt(typeEnd))) typeEnd++;
  // auditd writes unknown types as UNKNOWN[1234]
  if (raw.charCodeAt(typeEnd) === 0x5b) {
    const close = digitsEnd(raw, typeEnd + 1, end, 5);
    if (close > 0 && raw.charCodeAt(close) === 0x5d) typeEnd = close + 1;
  }
  if (typeEnd === typeStart || !isBlank(raw.charCodeAt(typeEnd))) {
    return fail(
      `expected a record type after "type=" at offset ${typeStart}, found ${excerpt(raw, typeStart)}`,
    );
  }
  const written = raw.slice(typeStart, typeEnd);
  const numeric = digitsEnd(raw, typeStart, typeEnd, 5) === typeEnd;
  const typeNumber = numeric ? Number(written) : null;
  i = skipBlanks(raw, typeEnd, end);
  if (raw.startsWith('msg=audit(', i)) i += 10;
  else if (raw.startsWith('audit(', i)) i += 6;
  else return fail(`expected "msg=audit(" at offset ${i}, found ${excerpt(raw, i)}`);
  const stamp = readStamp(raw, i, end);
  if (typeof stamp === 'string') return fail(stamp);
  return {
    ok: true,
    head: {
      node,
      type: typeNumber === null ? written : typeName(typeNumber),
      typeNumber,
      timeMs: stamp.timeMs,
      serial: stamp.serial,
      bodyStart: skipBlanks(raw, stamp.next, end),
    },
  };
}

/** Index of the `'` closing a value opened at `open`: one followed by a blank, `\x1d` or the end. */
function closingSingleQuote(raw: string, open: number, end: number): number {
  let q = raw.indexOf("'", open + 1);
  while (q >= 0 && q < end) {
    const after = raw.charCodeAt(q + 1);
    if (q + 1 >= end || isBlank(after) || after === GS) return q;
    q = raw.indexOf("'", q + 1);
  }
  return end;
}

/** Reads the pairs of [start, end) into `body`; a nested `msg='…'` is read in place. */
function readPairs(raw: string, start: number, end: number, enriched: boolean, body: RecordBody): void {
  let i = start;
  while (i < end) {
    i = skipBlanks(raw, i, end);
    if (i >= end) break;
    let k = i;
    while (k < end) {
      const c = raw.charCodeAt(k);
      if (c === EQ || isBlank(c)) break;
      k++;
    }
    if (k >= end || raw.charCodeAt(k) !== EQ || k === i) {
      while (k < end && !isBlank(raw.charCodeAt(k))) k++;
      body.text.push(raw.slice(i, k));
      i = k;
      continue;
    }
    const key = raw.slice(i, k);
    const v = k + 1;
    const open = raw.charCodeAt(v);
    if (open === DQ) {
      let close = raw.indexOf('"', v + 1);
      if (close < 0 || close > end) close = end;
      body.pairs.push({ key, value: raw.slice(v + 1, close), quoted: true, enriched });
      i = close + 1;
    } else if (open === SQ) {
      const close = closingSingleQuote(raw, v, end);
      if (key === 'msg' && !enriched) readPairs(raw, v + 1, close, false, body);
      else body.pairs.push({ key, value: raw.slice(v + 1, close), quoted: true, enriched });
      i = close + 1;
    } else {
      let stop = v;
      while (stop < end && !isBlank(raw.charCodeAt(stop))) stop++;
      body.pairs.push({ key, value: raw.slice(v, stop), quoted: false, enriched });
      i = stop;
    }
  }
}

/** Reads the body [start, end): the raw pairs, then the interpreted ones after `\x1d`. */
export function readBody(raw: string, start: number, end: number): RecordBody {
  const body: RecordBody = { pairs: [], text: [] };
  let gs = raw.indexOf('\x1d', start);
  if (gs < 0 || gs > end) gs = end;
  readPairs(raw, start, gs, false, body);
  if (gs < end) readPairs(raw, gs + 1, end, true, body);
  return body;
}
