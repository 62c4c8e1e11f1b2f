/**
 * Guesses the format of one raw event from its first bytes, without parsing it:
 *
 * | starts with (after a BOM and blanks) | format |
 * |---|---|
 * | `{` | `json` (the object's shape then picks the source inside `parseJson`) |
 * | `CEF:` / `LEEF:` | `cef` / `leef` |
 * | `type=… msg=audit(…):`, `node=… type=…`, `[uptime] audit: type=…` (a Linux audit record) | `auditd` |
 * | `<PRI>` or `Mmm dd hh:mm:ss`, with ` CEF:n` / ` LEEF:n` in the first 512 characters | `cef` / `leef` |
 * | `<PRI>` or `Mmm dd hh:mm:ss`, with ` type=… msg=audit(…):` in the first 512 characters | `auditd` |
 * | `<PRI>1 ` | `rfc5424` |
 * | `<PRI>` (anything else) or `Mmm dd hh:mm:ss` | `rfc3164` |
 * | `host ident user [dd/Mon/yyyy:hh:mm:ss ±zone] "` (optionally after a `vhost:port`): an Apache/nginx access line | `weblog` |
 * | `[Www Mmm dd hh:mm:ss yyyy] [level]` / `yyyy/mm/dd hh:mm:ss [level] pid#tid:`: an Apache/nginx error line | `weblog` |
 * | `yyyy-mm-dd hh:mm:ss` and 15 values in IIS's default W3C field order | `weblog` |
 * | anything else (including `[`-led text and JSON arrays) | `text` |
 */
import type { Format } from '../../core/event.ts';
import { auditdPayloadAt } from './auditd.ts';
import { readHead } from './auditd-record.ts';
import { isErrorLine } from './weblog-error.ts';
import { isIisDefaultLine } from './weblog-w3c.ts';

/** What detection can answer: the formats told apart by their first bytes. */
export type DetectedFormat = Extract<
  Format,
  'json' | 'rfc5424' | 'rfc3164' | 'cef' | 'leef' | 'auditd' | 'weblog' | 'text'
>;

const MONTHS = new Set(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
const INNER_WINDOW = 512;
/** An access line's head: `[vhost ]host ident user [dd/Mon/yyyy:hh:mm:ss ±zone] "`. */
const ACCESS_HEAD =
  /^(?:\S+ )?\S+ \S+ \S+ \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2}(?:\.\d{1,6})? [+-]\d{4}\] "/;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Index of the first character after a BOM and leading blanks (looks at most 64 characters). */
function start(raw: string): number {
  let i = 0;
  const limit = Math.min(raw.length, 64);
  while (i < limit) {
    const c = raw.charCodeAt(i);
    if (c === 0xfeff || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else break;
  }
  return i;
}

/** After `<PRI>` (1-3 digits): the index past `>`, or -1. */
function afterPri(raw: string, i: number): number {
  if (raw.charCodeAt(i) !== 0x3c) return -1;
  let j = i + 1;
  while (j < raw.length && j - i <= 3 && isDigit(raw.charCodeAt(j))) j++;
  return j > i + 1 && raw.charCodeAt(j) === 0x3e ? j + 1 : -1;
}

/** `Mmm dd hh:mm:ss` / `Mmm  d hh:mm:ss` at `i`. */
function bsdTimestampAt(raw: string, i: number): boolean {
  if (raw.length < i + 15 || !MONTHS.has(raw.slice(i, i + 3)) || raw[i + 3] !== ' ') return false;
  const d1 = raw.charCodeAt(i + 4);
  if (!(d1 === 0x20 || isDigit(d1)) || !isDigit(raw.charCodeAt(i + 5)) || raw[i + 6] !== ' ') return false;
  return (
    isDigit(raw.charCodeAt(i + 7)) &&
    isDigit(raw.charCodeAt(i + 8)) &&
    raw[i + 9] === ':' &&
    isDigit(raw.charCodeAt(i + 10)) &&
    isDigit(raw.charCodeAt(i + 11)) &&
    raw[i + 12] === ':' &&
    isDigit(raw.charCodeAt(i + 13)) &&
    isDigit(raw.charCodeAt(i + 14))
  );
}

/** Whether `marker` (`CEF:`/`LEEF:`) followed by a digit starts a word within the window after `from`. */
function hasInner(raw: string, from: number, marker: string): boolean {
  const head = raw.slice(from, from + INNER_WINDOW + marker.length + 1);
  let k = head.indexOf(marker);
  while (k >= 0 && k < INNER_WINDOW) {
    if ((k === 0 || head[k - 1] === ' ') && isDigit(head.charCodeAt(k + marker.length))) return true;
    k = head.indexOf(marker, k + 1);
  }
  return false;
}

/** Whether a word ` type=` within the window after `from` starts an audit record head. */
function hasAuditRecord(raw: string, from: number): boolean {
  const head = raw.slice(from, from + INNER_WINDOW + 6);
  let k = head.indexOf(' type=');
  for (let tries = 0; k >= 0 && k < INNER_WINDOW && tries < 3; tries++) {
    if (readHead(raw, from + k + 1, raw.length).ok) return true;
    k = head.indexOf(' type=', k + 1);
  }
  return false;
}

/** `t`ype=, `n`ode=, `[` uptime, `a`udit: — the first characters an audit record line can have. */
function mayStartAudit(c: number): boolean {
  return c === 0x74 || c === 0x6e || c === 0x5b || c === 0x61;
}

function syslogKind(raw: string, from: number, fallback: 'rfc5424' | 'rfc3164'): DetectedFormat {
  if (hasInner(raw, from, 'CEF:')) return 'cef';
  if (hasInner(raw, from, 'LEEF:')) return 'leef';
  if (hasAuditRecord(raw, from)) return 'auditd';
  return fallback;
}

/** Whether the line at `i` is a web server access or error line (see the table above). */
function isWeblog(raw: string, i: number): boolean {
  const head = raw.slice(i, i + INNER_WINDOW);
  if (head.includes(' [') && ACCESS_HEAD.test(head)) return true;
  const c = raw.charCodeAt(i);
  if ((c === 0x5b /* [ */ || isDigit(c)) && isErrorLine(head)) return true;
  // IIS lines are short enough to split whole; longer ones are not worth the split
  return isDigit(raw.charCodeAt(i)) && raw.length - i < 16_384 && isIisDefaultLine(raw.slice(i).trimEnd());
}

/** The format of one raw event, guessed from its first bytes (never `auto`). */
export function detectFormat(raw: string): DetectedFormat {
  const i = start(raw);
  if (i >= raw.length) return 'text';
  const c = raw.charCodeAt(i);
  if (c === 0x7b /* { */) return 'json';
  if (c === 0x43 /* C */ && raw.startsWith('CEF:', i)) return 'cef';
  if (c === 0x4c /* L */ && raw.startsWith('LEEF:', i)) return 'leef';
  if (mayStartAudit(c) && auditdPayloadAt(raw, i, raw.length) >= 0) return 'auditd';
  const body = afterPri(raw, i);
  if (body >= 0) {
    const is5424 = raw.charCodeAt(body) === 0x31 && raw.charCodeAt(body + 1) === 0x20;
    return syslogKind(raw, body, is5424 ? 'rfc5424' : 'rfc3164');
  }
  if (bsdTimestampAt(raw, i)) return syslogKind(raw, i, 'rfc3164');
  if (isWeblog(raw, i)) return 'weblog';
  return 'text';
}
