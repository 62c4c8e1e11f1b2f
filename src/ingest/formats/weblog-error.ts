/**
 * Apache and nginx error-log lines → events of dataset `apache.error` / `nginx.error`:
 *
 *     [Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416] [client 1.2.3.4:5] AH00128: ...
 *     [Mon Dec 26 16:22:08 2016] [error] [client 192.168.33.1] File does not exist: ...   (Apache 2.2)
 *     [2025-07-22 15:45:51.323610 +0200] [core:notice] [pid 1:tid 139958433106048] AH00094: ...
 *     2016/10/25 14:49:34 [error] 54053#0: *1 open() "..." failed (2: ...), client: 127.0.0.1, ...
 *
 * (https://httpd.apache.org/docs/2.4/mod/core.html#errorlogformat,
 * https://nginx.org/en/docs/ngx_core_module.html#error_log.)
 *
 * Choices: `message` is the text after the headers (`event.original` keeps the line); times
 * without a zone (both servers' defaults) are read in `ctx.assumeTimeZone`; Apache's module goes
 * to `apache.error.module` and an `AHnnnnn:` message id to `error.code`, as in Elastic's
 * integration; the client address nginx appends (`, client: 1.2.3.4`) goes to `source.ip`.
 */
import type { VigilEvent } from '../../core/event.ts';
import { millisToIso } from '../../core/time.ts';
import type { ParseContext, ParseOutcome } from '../types.ts';
import { finishEvent } from './json-event.ts';
import { ip, newEvent, port, put } from './json-values.ts';
import { parseOffset, resolveZone, unknownZoneReason, wallToUtc } from './syslog-zone.ts';
import { MONTHS } from './weblog-clf.ts';

const LEVELS = '(emerg|alert|crit|error|warn|notice|info|debug|trace[1-8])';
/** `[Www Mmm dd hh:mm:ss[.ffffff] yyyy]` or `[yyyy-mm-dd hh:mm:ss[.ffffff][ ±zzzz]]`, then `[module:level]`. */
const APACHE = new RegExp(
  '^\\[(?:[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \\d]\\d) (\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?) (\\d{4})' +
    '|(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?)(?: ([+-]\\d{4}))?)\\] ' +
    `\\[(?:([A-Za-z0-9_]*):)?${LEVELS}\\] `,
);
const APACHE_PID = /^\[pid (\d+)(?::tid (\d+))?\] /;
const APACHE_CLIENT = /^\[(?:client|remote) ([^\]]+)\] /;
const NGINX =
  /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}:\d{2}:\d{2}) \[(emerg|alert|crit|error|warn|notice|info|debug)\] (\d+)#(\d+): (?:\*(\d+) )?/;

/** Whether the line starts like an Apache or nginx error-log line. */
export function isErrorLine(line: string): boolean {
  return APACHE.test(line) || NGINX.test(line);
}

/** Wall-clock `yyyy-mm-dd` + `hh:mm:ss[.f]` in `zone` (or at `offset`) → ISO; null if impossible. */
function wallIso(date: string, time: string, ctx: ParseContext, offset: string | undefined): string | null {
  const whole = Date.parse(`${date}T${time.slice(0, 8)}Z`);
  // Date.parse rolls 2026-02-30 over to March: a date that does not round-trip is impossible
  if (!Number.isFinite(whole) || new Date(whole).toISOString().slice(0, 10) !== date) return null;
  const wall = whole + (time.length > 9 ? Number(`0.${time.slice(9)}`) * 1000 : 0);
  const fixed = offset === undefined ? null : parseOffset(offset);
  if (fixed !== null) return millisToIso(wall - fixed * 60_000);
  const zone = resolveZone(ctx.assumeTimeZone);
  return zone === null ? null : millisToIso(wallToUtc(wall, zone));
}

/** `1.2.3.4`, `1.2.3.4:5678` or `[::1]:5678`/`::1` → source.ip/port. */
function putClient(ev: VigilEvent, text: string): void {
  const whole = ip(text);
  if (whole !== undefined) {
    ev['source.ip'] = whole;
    return;
  }
  const colon = text.lastIndexOf(':');
  const addr = ip(text.slice(0, colon).replace(/^\[(.*)\]$/, '$1'));
  if (colon < 0 || addr === undefined) return;
  ev['source.ip'] = addr;
  put(ev, 'source.port', port(text.slice(colon + 1)));
}

function base(ev: VigilEvent, module: 'apache' | 'nginx', level: string): void {
  ev['event.kind'] = 'event';
  ev['event.module'] = module;
  ev['event.dataset'] = `${module}.error`;
  ev['event.category'] = ['web'];
  ev['event.type'] = ['error'];
  ev['log.level'] = level;
}

function apacheEvent(m: RegExpExecArray, line: string, raw: string, ctx: ParseContext): ParseOutcome {
  const ev = newEvent();
  base(ev, 'apache', m[9] ?? '');
  put(ev, 'apache.error.module', m[8] || undefined);
  const month = MONTHS[m[1] ?? ''];
  const date =
    m[5] ??
    (month === undefined
      ? ''
      : `${m[4]}-${String(month + 1).padStart(2, '0')}-${(m[2] ?? '').replace(' ', '0')}`);
  const ts = wallIso(date, m[6] ?? m[3] ?? '', ctx, m[7]);
  let rest = line.slice(m[0].length);
  const pid = APACHE_PID.exec(rest);
  if (pid !== null) {
    ev['process.pid'] = Number(pid[1]);
    if (pid[2] !== undefined) ev['process.thread.id'] = Number(pid[2]);
    rest = rest.slice(pid[0].length);
  }
  const client = APACHE_CLIENT.exec(rest);
  if (client !== null) {
    putClient(ev, client[1] ?? '');
    rest = rest.slice(client[0].length);
  }
  put(ev, 'error.code', /^(AH\d{5}):/.exec(rest)?.[1]);
  ev.message = rest;
  if (ts === null) return { ok: false, reason: timeReason(ctx, line) };
  return finishEvent(ev, raw, 'weblog', ts);
}

function nginxEvent(m: RegExpExecArray, line: string, raw: string, ctx: ParseContext): ParseOutcome {
  const ev = newEvent();
  base(ev, 'nginx', m[5] ?? '');
  ev['process.pid'] = Number(m[6]);
  ev['process.thread.id'] = Number(m[7]);
  if (m[8] !== undefined) ev['nginx.error.connection_id'] = Number(m[8]);
  const rest = line.slice(m[0].length);
  const client = /, client: ([^,\s]+)/.exec(rest);
  if (client !== null) putClient(ev, client[1] ?? '');
  ev.message = rest;
  const ts = wallIso(`${m[1]}-${m[2]}-${m[3]}`, m[4] ?? '', ctx, undefined);
  if (ts === null) return { ok: false, reason: timeReason(ctx, line) };
  return finishEvent(ev, raw, 'weblog', ts);
}

function timeReason(ctx: ParseContext, line: string): string {
  return resolveZone(ctx.assumeTimeZone) === null
    ? unknownZoneReason(ctx.assumeTimeZone)
    : `web server error line with an impossible date: ${JSON.stringify(line.slice(0, 40))}`;
}

/** Parses an Apache or nginx error line; null when the line is neither. */
export function readErrorLine(line: string, raw: string, ctx: ParseContext): ParseOutcome | null {
  const a = APACHE.exec(line);
  if (a !== null) return apacheEvent(a, line, raw, ctx);
  const n = NGINX.exec(line);
  return n === null ? null : nginxEvent(n, line, raw, ctx);
}
