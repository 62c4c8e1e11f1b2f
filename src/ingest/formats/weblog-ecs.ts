/**
 * One web access record → ECS. Both access-log shapes (Apache/nginx Common/Combined in
 * `weblog-clf.ts`, W3C Extended / IIS in `weblog-w3c.ts`) are first read into the same
 * {@link AccessRecord}: values under W3C Extended field names, lower-cased (`c-ip`, `cs-method`,
 * `cs-uri-stem`, `cs-uri-query`, `sc-status`, `cs-user-agent`...), with a header written
 * `cs(User-Agent)` stored as `cs-user-agent` — the spelling SigmaHQ's webserver rules use.
 *
 * Choices:
 * - Every value is kept under `weblog.<name>` as the log wrote it (so the pipeline maps Sigma's
 *   W3C names with one template); `-` (W3C and CLF's "no value") is never stored.
 * - `url.original` is the request target as sent: CLF's `%r` middle part, or W3C's
 *   `cs-uri-stem` + `?` + `cs-uri-query`.
 * - IIS writes spaces in `cs(User-Agent)` as `+`; `user_agent.original` gets them back as spaces
 *   (the raw text stays in `weblog.cs-user-agent`), as Elastic's IIS integration does.
 * - CLF `%b` is body bytes (`http.response.body.bytes`); W3C `sc-bytes`/`cs-bytes` count headers
 *   too (`http.response.bytes`/`http.request.bytes`).
 * - `event.outcome` is `failure` for status 400 and above, `success` below, absent without one;
 *   `event.type` adds `error` from 400, like Elastic's apache/nginx/iis integrations.
 */
import type { VigilEvent } from '../../core/event.ts';
import type { ParseOutcome } from '../types.ts';
import { finishEvent } from './json-event.ts';
import { ip, newEvent, port, put, setOwn } from './json-values.ts';

/** The web servers whose logs get their own Elastic dataset (`apache.access`...). */
export type WebServer = 'apache' | 'nginx' | 'iis';

const SERVERS: ReadonlySet<string> = new Set(['apache', 'nginx', 'iis']);

/** `value` when it names a known web server. */
export function asServer(value: unknown): WebServer | undefined {
  return typeof value === 'string' && SERVERS.has(value) ? (value as WebServer) : undefined;
}

/** One access-log line read into W3C-named values (see the file comment). */
export interface AccessRecord {
  /** The server that wrote it, when the line or its file says so. */
  server: WebServer | undefined;
  /** W3C name (lower-case) → value as logged; `-` values are left out. */
  fields: Map<string, string>;
  /** Canonical ISO time, or null when the line has none. */
  timestamp: string | null;
  /** Whether spaces in values were logged as `+` (W3C/IIS); Combined lines quote them instead. */
  plusForSpace: boolean;
}

function int(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** Sets source/destination `.ip` when the text is an address, else `.domain` (`monitoring-server`). */
function putHost(ev: VigilEvent, side: 'source' | 'destination', text: string | undefined): void {
  if (text === undefined) return;
  const addr = ip(text);
  if (addr !== undefined) ev[`${side}.ip`] = addr;
  else ev[`${side}.domain`] = text;
}

function putUrl(ev: VigilEvent, f: Map<string, string>): void {
  const stem = f.get('cs-uri-stem');
  const query = f.get('cs-uri-query');
  const original = f.get('cs-uri') ?? (stem === undefined ? undefined : query ? `${stem}?${query}` : stem);
  put(ev, 'url.original', original);
  put(ev, 'url.path', stem);
  put(ev, 'url.query', query);
  put(ev, 'url.domain', f.get('cs-host'));
}

function putHttp(ev: VigilEvent, f: Map<string, string>, plusForSpace: boolean): void {
  put(ev, 'http.request.method', f.get('cs-method'));
  const version = f.get('cs-version');
  put(ev, 'http.version', version?.startsWith('HTTP/') ? version.slice(5) : version);
  put(ev, 'http.request.referrer', f.get('cs-referer'));
  put(ev, 'http.response.body.bytes', int(f.get('body-bytes')));
  put(ev, 'http.response.bytes', int(f.get('sc-bytes')));
  put(ev, 'http.request.bytes', int(f.get('cs-bytes')));
  const ua = f.get('cs-user-agent');
  put(ev, 'user_agent.original', plusForSpace ? ua?.replaceAll('+', ' ') : ua);
}

function putOutcome(ev: VigilEvent, status: number | undefined): void {
  ev['event.type'] = status !== undefined && status >= 400 ? ['access', 'error'] : ['access'];
  if (status === undefined) return;
  ev['http.response.status_code'] = status;
  ev['event.outcome'] = status >= 400 ? 'failure' : 'success';
}

/** `time-taken` (IIS: milliseconds) or a trailing request time (seconds with a `.`) → nanoseconds. */
function putDuration(ev: VigilEvent, f: Map<string, string>): void {
  const ms = int(f.get('time-taken'));
  if (ms !== undefined) {
    ev['event.duration'] = ms * 1_000_000;
    return;
  }
  const secs = f.get('request-time');
  // only a decimal (nginx `$request_time`) has a known unit; an integer may be Apache's %D (µs) or %T (s)
  if (secs !== undefined && /^\d{1,9}\.\d{1,6}$/.test(secs))
    ev['event.duration'] = Math.round(Number(secs) * 1e9);
}

/** Builds the event of one access record; `message` is the line without its line end. */
export function accessEvent(rec: AccessRecord, raw: string, line: string, received: string): ParseOutcome {
  const f = rec.fields;
  const ev = newEvent();
  for (const [name, value] of f) setOwn(ev, `weblog.${name}`, value);
  const module = rec.server ?? 'weblog';
  ev['event.kind'] = 'event';
  ev['event.module'] = module;
  ev['event.dataset'] = `${module}.access`;
  ev['event.category'] = ['web'];
  putOutcome(ev, int(f.get('sc-status')));
  putHost(ev, 'source', f.get('c-ip'));
  put(ev, 'source.port', port(f.get('c-port')));
  putHost(ev, 'destination', f.get('s-ip') ?? f.get('vhost'));
  put(ev, 'destination.port', port(f.get('s-port')));
  put(ev, 'user.name', f.get('cs-username'));
  put(ev, 'host.name', f.get('s-computername'));
  putUrl(ev, f);
  putHttp(ev, f, rec.plusForSpace);
  putDuration(ev, f);
  ev.message = line;
  return finishEvent(ev, raw, 'weblog', rec.timestamp ?? received);
}
