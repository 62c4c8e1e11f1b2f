/**
 * Apache/nginx access lines in Common and Combined Log Format into an {@link AccessRecord}:
 *
 *     [vhost[:port] ]host ident user [dd/Mon/yyyy:hh:mm:ss ±hhmm] "request" status bytes
 *         [ "referer" "user-agent"] [extras...]
 *
 * (Apache `common`/`combined`/`vhost_combined`, https://httpd.apache.org/docs/2.4/logs.html;
 * nginx `combined` and the packaged `main` format, https://nginx.org/en/docs/http/ngx_http_log_module.html.)
 *
 * Choices:
 * - The fields before `[` are split on spaces: three are host/ident/user, four put Apache's
 *   `%v:%p` in front (Debian's `vhost_combined`), which marks the line as Apache's.
 * - Quoted values undo the escapes both servers write: `\"`, `\\`, and `\xHH` of printable ASCII
 *   (nginx writes `"` as `\x22`); other `\xHH` (control and non-ASCII bytes) stay as written.
 * - A request that is not `METHOD target [HTTP/x.y]` (a TLS handshake sent to port 80, `-`) is
 *   kept only as `weblog.request`; no method or URL is invented.
 * - After the user agent: a third quoted value is nginx `main`'s `$http_x_forwarded_for`,
 *   `Name="value"` pairs are kept under their lower-cased name, a bare number is a request time
 *   (`request-time`); anything else is kept as `weblog.extra.<n>`, in order.
 */
import { millisToIso } from '../../core/time.ts';
import { parseOffset } from './syslog-zone.ts';
import type { AccessRecord } from './weblog-ecs.ts';

export const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/** `[dd/Mon/yyyy:hh:mm:ss ±hhmm]` (fraction of seconds allowed). */
const CLF_TIME = /^\[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})? ([+-]\d{4})\]/;
const METHOD = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const STATUS = /^(\d{3}|-)$/;
const BYTES = /^(\d{1,15}|-)$/;

export type ClfOutcome = { ok: true; record: AccessRecord } | { ok: false; reason: string };

/** Canonical ISO time of a CLF `[...]` timestamp at the start of `text`, and its length; or null. */
export function clfTime(text: string): { iso: string; length: number } | null {
  const m = CLF_TIME.exec(text);
  const month = m === null ? undefined : MONTHS[m[2] ?? ''];
  const offset = m === null ? null : parseOffset(m[8] ?? '');
  if (m === null || month === undefined || offset === null) return null;
  const [d, y, h, mi, s] = [m[1], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (h > 23 || mi > 59 || s > 60 || new Date(Date.UTC(y, month, d)).getUTCDate() !== d) return null;
  const frac = m[7] === undefined ? 0 : Number(m[7]) * 1000;
  return { iso: millisToIso(Date.UTC(y, month, d, h, mi, s) + frac - offset * 60_000), length: m[0].length };
}

/** Undoes CLF escapes (see the file comment). */
export function unescapeClf(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(x[0-9A-Fa-f]{2}|["\\])/g, (all, e: string) => {
    if (e.length === 1) return e;
    const c = Number.parseInt(e.slice(1), 16);
    return c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : all;
  });
}

/** Index of the `"` closing a quoted value that opens at `open`, or -1. */
function closingQuote(line: string, open: number): number {
  for (let i = open + 1; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return -1;
}

/** The space-separated tokens after the status, quoted ones unescaped and flagged. */
function tokens(line: string, from: number): { text: string; quoted: boolean; key?: string }[] | null {
  const out: { text: string; quoted: boolean; key?: string }[] = [];
  let i = from;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9_-]*)="/.exec(line.slice(i, i + 66));
    const open = kv === null ? i : i + (kv[1]?.length ?? 0) + 1;
    if (line[open] === '"') {
      const close = closingQuote(line, open);
      if (close < 0) return null;
      const token = { text: unescapeClf(line.slice(open + 1, close)), quoted: true };
      out.push(kv?.[1] === undefined ? token : { ...token, key: kv[1].toLowerCase() });
      i = close + 1;
    } else {
      const end = line.indexOf(' ', i);
      const stop = end < 0 ? line.length : end;
      out.push({ text: line.slice(i, stop), quoted: false });
      i = stop;
    }
  }
  return out;
}

function set(f: Map<string, string>, name: string, value: string | undefined): void {
  if (value !== undefined && value !== '' && value !== '-') f.set(name, value);
}

/** `METHOD target HTTP/x.y` (or HTTP/0.9's `METHOD target`) into method, URI, stem, query, version. */
function readRequest(f: Map<string, string>, request: string): void {
  const first = request.indexOf(' ');
  const last = request.lastIndexOf(' ');
  if (first <= 0) return;
  const method = request.slice(0, first);
  const hasVersion = last > first && request.startsWith('HTTP/', last + 1);
  const target = request.slice(first + 1, hasVersion ? last : request.length);
  if (!METHOD.test(method) || target === '' || target === '-') return;
  f.set('cs-method', method);
  f.set('cs-uri', target);
  if (hasVersion) f.set('cs-version', request.slice(last + 1));
  let pathAndQuery = target;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(target);
  if (scheme !== null) {
    // absolute form (a forward proxy's request): the authority is the host asked for
    const slash = target.indexOf('/', scheme[0].length);
    set(f, 'cs-host', target.slice(scheme[0].length, slash < 0 ? target.length : slash));
    pathAndQuery = slash < 0 ? '/' : target.slice(slash);
  }
  const q = pathAndQuery.indexOf('?');
  set(f, 'cs-uri-stem', q < 0 ? pathAndQuery : pathAndQuery.slice(0, q));
  if (q >= 0) set(f, 'cs-uri-query', pathAndQuery.slice(q + 1));
}

function readHead(f: Map<string, string>, head: string): AccessRecord['server'] | null {
  const parts = head.split(' ');
  if (parts.length < 3 || parts.length > 4 || parts.some((p) => p === '')) return null;
  const [host = '', ident, user] = parts.slice(-3);
  // `1.2.3.4:5678` (Apache `%h:%{remote}p`): an IPv6 address has more than one colon
  const colon = host.indexOf(':');
  const hostPort = colon > 0 && colon === host.lastIndexOf(':') && /^\d{1,5}$/.test(host.slice(colon + 1));
  set(f, 'c-ip', hostPort ? host.slice(0, colon) : host);
  if (hostPort) f.set('c-port', host.slice(colon + 1));
  set(f, 'ident', ident);
  set(f, 'cs-username', user);
  if (parts.length === 3) return undefined;
  const vhost = parts[0] ?? '';
  const vcolon = vhost.lastIndexOf(':');
  const hasPort = vcolon > 0 && /^\d{1,5}$/.test(vhost.slice(vcolon + 1));
  set(f, 'vhost', hasPort ? vhost.slice(0, vcolon) : vhost);
  if (hasPort) f.set('s-port', vhost.slice(vcolon + 1));
  return 'apache';
}

function readTrailer(f: Map<string, string>, rest: { text: string; quoted: boolean; key?: string }[]): void {
  const quotedNames = ['cs-referer', 'cs-user-agent', 'cs-x-forwarded-for'];
  const extra: string[] = [];
  for (const t of rest) {
    if (t.key !== undefined) set(f, t.key === 'x-forwarded-for' ? 'cs-x-forwarded-for' : t.key, t.text);
    else if (t.quoted && quotedNames.length > 0) set(f, quotedNames.shift() ?? '', t.text);
    else if (!t.quoted && !f.has('request-time') && /^\d{1,15}(\.\d{1,9})?$/.test(t.text))
      f.set('request-time', t.text);
    else extra.push(t.text);
  }
  extra.forEach((e, i) => {
    f.set(`extra.${i}`, e);
  });
}

/** Reads one CLF/Combined line (no line end); a rejection says which part did not fit. */
export function readClf(line: string): ClfOutcome {
  const bad = (what: string): ClfOutcome => ({
    ok: false,
    reason: `not an Apache/nginx access line: ${what} (expected host ident user [dd/Mon/yyyy:hh:mm:ss +zone] "request" status bytes)`,
  });
  const open = line.indexOf(' [');
  if (open < 0) return bad('no " [" before the timestamp');
  const f = new Map<string, string>();
  const server = readHead(f, line.slice(0, open));
  if (server === null) return bad('expected 3 fields (or a vhost and 3) before the timestamp');
  const time = clfTime(line.slice(open + 1, open + 40));
  if (time === null) return bad(`unreadable timestamp ${JSON.stringify(line.slice(open + 1, open + 30))}`);
  const i = open + 1 + time.length;
  if (line[i] !== ' ' || line[i + 1] !== '"') return bad('no quoted request after the timestamp');
  const close = closingQuote(line, i + 1);
  if (close < 0) return bad('the quoted request is not closed');
  const request = unescapeClf(line.slice(i + 2, close));
  set(f, 'request', request);
  readRequest(f, request);
  const rest = tokens(line, close + 1);
  if (rest === null) return bad('a quoted value is not closed');
  const [status, bytes] = rest;
  if (status === undefined || status.quoted || !STATUS.test(status.text)) return bad('no status code');
  set(f, 'sc-status', status.text);
  if (bytes !== undefined && !bytes.quoted && BYTES.test(bytes.text)) set(f, 'body-bytes', bytes.text);
  readTrailer(f, rest.slice(bytes !== undefined && !bytes.quoted && BYTES.test(bytes.text) ? 2 : 1));
  return { ok: true, record: { server, fields: f, timestamp: time.iso, plusForSpace: false } };
}
