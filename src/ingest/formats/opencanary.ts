/**
 * OpenCanary honeypot log lines → ECS.
 *
 * OpenCanary (thinkst/opencanary) writes one JSON object per line; `LoggerBase.sanitizeLog` in
 * `opencanary/logger.py` guarantees every record has `logtype` (a number from its table of
 * `LOG_*` constants), `node_id`, `utc_time`/`local_time` (`2026-11-22 10:00:00.123456`, no zone;
 * both are written from `datetime.utcnow()`), `src_host`/`dst_host` (`''` when unknown),
 * `src_port`/`dst_port` (`-1` when unknown) and `logdata` (the module's own details: `USERNAME`,
 * `PASSWORD`, `USERAGENT`, `PATH`...).
 *
 * The whole record is kept under `opencanary.<name>` with OpenCanary's own names (so `logtype`
 * stays a number at `opencanary.logtype`, which Sigma's OpenCanary rules compare). ECS:
 * `event.code` is the logtype as text, `event.action` its name from the logger table
 * (`2000` → `ftp.login_attempt`). A touch of a honeypot service (logtype 2000 and up) is an
 * `alert`; the canary's own status records (1000-1006: boot, message, debug, error, ping...)
 * are plain events. `observer.name` is the node id; the zone-less times are read as UTC.
 */
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { finishEvent, parseJsonObject } from './json-event.ts';
import { flattenInto, newBudget } from './json-flatten.ts';
import { receivedIso, timeValueToIso } from './json-time.ts';
import { ip, type JsonObject, newEvent, obj, port, put, str } from './json-values.ts';

/** Whether `o` is one OpenCanary record: a numeric `logtype`, a `node_id` and OpenCanary's times. */
export function isOpenCanaryRecord(o: JsonObject): boolean {
  return (
    typeof o.logtype === 'number' &&
    typeof o.node_id === 'string' &&
    (typeof o.utc_time === 'string' || typeof o.local_time === 'string')
  );
}

/** `LoggerBase.LOG_*` of opencanary/logger.py → `event.action`. */
const ACTIONS: ReadonlyMap<number, string> = new Map([
  [1000, 'canary.boot'],
  [1001, 'canary.message'],
  [1002, 'canary.debug'],
  [1003, 'canary.error'],
  [1004, 'canary.ping'],
  [1005, 'canary.config_save'],
  [1006, 'canary.example'],
  [2000, 'ftp.login_attempt'],
  [3000, 'http.get'],
  [3001, 'http.post_login_attempt'],
  [4000, 'ssh.new_connection'],
  [4001, 'ssh.remote_version_sent'],
  [4002, 'ssh.login_attempt'],
  [5000, 'smb.file_open'],
  [5001, 'portscan.syn'],
  [5002, 'portscan.nmap_os'],
  [5003, 'portscan.nmap_null'],
  [5004, 'portscan.nmap_xmas'],
  [5005, 'portscan.nmap_fin'],
  [6001, 'telnet.login_attempt'],
  [7001, 'httpproxy.login_attempt'],
  [8001, 'mysql.login_attempt'],
  [9001, 'mssql.login_sqlauth'],
  [9002, 'mssql.login_winauth'],
  [10001, 'tftp.request'],
  [11001, 'ntp.monlist'],
  [12001, 'vnc.connection_attempt'],
  [13001, 'snmp.command'],
  [14001, 'rdp.connection_attempt'],
  [15001, 'sip.request'],
  [16001, 'git.clone_request'],
  [17001, 'redis.command'],
  [18001, 'tcp_banner.connection_made'],
  [18002, 'tcp_banner.keep_alive_connection_made'],
  [18003, 'tcp_banner.keep_alive_secret_received'],
  [18004, 'tcp_banner.keep_alive_data_received'],
  [18005, 'tcp_banner.data_received'],
]);

/** Logtypes below this are the canary's own status records, not touches of a service. */
const FIRST_SERVICE_LOGTYPE = 2000;
/** Logtypes whose records are a login attempt (credentials offered to a fake service). */
const LOGINS: ReadonlySet<number> = new Set([2000, 3001, 4002, 6001, 7001, 8001, 9001, 9002]);

/** The logtype's action; `user.0`-`user.9` for the LOG_USER_* range left to custom modules. */
function actionOf(logtype: number): string | undefined {
  if (logtype >= 99000 && logtype <= 99009) return `user.${logtype - 99000}`;
  return ACTIONS.get(logtype);
}

/** The user name a module logged: FTP/SSH/HTTP... write `USERNAME`, MSSQL `UserName`, SMB `USER`. */
function userName(data: JsonObject | undefined): string | undefined {
  if (data === undefined) return undefined;
  return str(data.USERNAME) ?? str(data.UserName) ?? str(data.USER);
}

function setEndpoint(ev: VigilEvent, prefix: 'source' | 'destination', host: unknown, p: unknown): void {
  const addr = ip(host);
  if (addr !== undefined) ev[`${prefix}.ip`] = addr;
  else put(ev, `${prefix}.domain`, str(host));
  put(ev, `${prefix}.port`, port(p));
}

function categorize(ev: VigilEvent, logtype: number): void {
  if (logtype < FIRST_SERVICE_LOGTYPE) {
    ev['event.kind'] = 'event';
    return;
  }
  ev['event.kind'] = 'alert';
  if (LOGINS.has(logtype)) {
    ev['event.category'] = ['intrusion_detection', 'authentication'];
    ev['event.type'] = ['info', 'start'];
  } else {
    ev['event.category'] = ['intrusion_detection'];
    ev['event.type'] = ['info'];
  }
}

/** Normalizes one parsed OpenCanary record. */
export function normalizeOpenCanary(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  const logtype = o.logtype;
  if (typeof logtype !== 'number' || !Number.isInteger(logtype)) {
    return {
      ok: false,
      reason:
        'not an OpenCanary record: it has no numeric logtype (OpenCanary writes one JSON object per ' +
        'line with logtype, node_id, utc_time, src_host and logdata)',
    };
  }
  const budget = newBudget();
  const ev = newEvent();
  flattenInto(ev, 'opencanary', o, budget);
  ev['event.module'] = 'opencanary';
  ev['event.dataset'] = 'opencanary.events';
  ev['event.code'] = String(logtype);
  put(ev, 'event.action', actionOf(logtype));
  categorize(ev, logtype);
  ev['observer.vendor'] = 'Thinkst';
  ev['observer.product'] = 'OpenCanary';
  ev['observer.type'] = 'honeypot';
  put(ev, 'observer.name', str(o.node_id));
  setEndpoint(ev, 'source', o.src_host, o.src_port);
  setEndpoint(ev, 'destination', o.dst_host, o.dst_port);
  const data = obj(o.logdata);
  put(ev, 'user.name', userName(data));
  if (logtype === 3000 || logtype === 3001) {
    // the HTTP module's request; other modules' PATH (SMB) is not a URL
    put(ev, 'user_agent.original', str(data?.USERAGENT));
    put(ev, 'url.path', str(data?.PATH));
  }
  // `local_time` is written from utcnow() too, so both read as UTC
  const ts =
    timeValueToIso(o.utc_time, 'UTC') ?? timeValueToIso(o.local_time, 'UTC') ?? receivedIso(ctx.received);
  return finishEvent(ev, raw, 'opencanary', ts, budget.dropped);
}

/** Parses one OpenCanary JSON line. */
export const parseOpenCanary: Parser = (raw, ctx) => {
  const parsed = parseJsonObject(raw);
  return parsed.ok ? normalizeOpenCanary(parsed.value, raw, ctx) : parsed;
};
