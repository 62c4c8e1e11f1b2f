/**
 * Suricata EVE JSON → ECS. Every record gets the flow 5-tuple (`src_ip`, `src_port`, `dest_ip`,
 * `dest_port`, `proto`), `app_proto` → `network.protocol`, `community_id`, and the sensor name
 * (`host`) → `observer.name`; per `event_type`: alert (`event.kind: alert`, `rule.*`,
 * `event.severity`), dns, http, tls, flow, fileinfo, anomaly. The record is kept as written
 * under `suricata.eve.*`; `event.dataset` is `suricata.eve`.
 * Time: `timestamp` (`2026-11-22T10:00:00.123456+0000`).
 */
import type { VigilEvent } from '../../core/event.ts';
import { parseIsoToMillis } from '../../core/time.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { finishEvent, parseJsonObject } from './json-event.ts';
import { flattenInto, newBudget } from './json-flatten.ts';
import { receivedIso, timeValueToIso } from './json-time.ts';
import { basename, ip, type JsonObject, newEvent, num, obj, port, put, str } from './json-values.ts';

/** Whether `o` looks like one EVE record. */
export function isSuricataRecord(o: JsonObject): boolean {
  return (
    typeof o.event_type === 'string' &&
    o.timestamp !== undefined &&
    (o.flow_id !== undefined || o.src_ip !== undefined || o.event_type === 'stats')
  );
}

function setUrl(ev: VigilEvent, url: string | undefined): void {
  if (url === undefined) return;
  ev['url.original'] = url;
  const q = url.indexOf('?');
  ev['url.path'] = q < 0 ? url : url.slice(0, q);
  if (q >= 0 && q < url.length - 1) ev['url.query'] = url.slice(q + 1);
}

function alert(ev: VigilEvent, a: JsonObject): void {
  ev['event.kind'] = 'alert';
  ev['event.category'] = ['network', 'intrusion_detection'];
  const action = str(a.action);
  if (action === 'allowed') ev['event.type'] = ['allowed'];
  else if (action === 'blocked') ev['event.type'] = ['denied'];
  put(ev, 'rule.id', str(a.signature_id));
  put(ev, 'rule.name', str(a.signature));
  put(ev, 'rule.category', str(a.category));
  put(ev, 'rule.version', str(a.rev));
  put(ev, 'event.severity', num(a.severity));
}

function dns(ev: VigilEvent, d: JsonObject): void {
  ev['network.protocol'] = 'dns';
  const q = Array.isArray(d.queries) ? obj(d.queries[0]) : undefined;
  put(ev, 'dns.question.name', str(d.rrname) ?? str(q?.rrname));
  put(ev, 'dns.question.type', str(d.rrtype) ?? str(q?.rrtype));
  put(ev, 'dns.response_code', str(d.rcode));
  put(ev, 'dns.id', str(d.id));
  const type = str(d.type);
  if (type !== undefined)
    ev['dns.type'] = type === 'request' ? 'query' : type === 'response' ? 'answer' : type;
  const ips: string[] = [];
  const grouped = obj(d.grouped);
  for (const rr of ['A', 'AAAA']) {
    const list = grouped?.[rr];
    if (!Array.isArray(list)) continue;
    for (const a of list) {
      const addr = ip(a);
      if (addr !== undefined) ips.push(addr);
    }
  }
  if (ips.length === 0 && Array.isArray(d.answers)) {
    for (const a of d.answers) {
      const addr = ip(obj(a)?.rdata);
      if (addr !== undefined) ips.push(addr);
    }
  }
  if (ips.length > 0) ev['dns.resolved_ip'] = ips;
}

function http(ev: VigilEvent, h: JsonObject): void {
  ev['network.protocol'] = 'http';
  put(ev, 'url.domain', str(h.hostname));
  setUrl(ev, str(h.url));
  put(ev, 'http.request.method', str(h.http_method));
  put(ev, 'user_agent.original', str(h.http_user_agent));
  const proto = str(h.protocol);
  if (proto?.startsWith('HTTP/')) ev['http.version'] = proto.slice(5);
  const status = num(h.status);
  put(ev, 'http.response.status_code', status);
  if (status !== undefined && status >= 100) ev['event.outcome'] = status < 400 ? 'success' : 'failure';
  put(ev, 'http.response.body.bytes', num(h.length));
  put(ev, 'http.request.referrer', str(h.http_refer));
  put(ev, 'http.response.mime_type', str(h.http_content_type));
}

function tls(ev: VigilEvent, t: JsonObject): void {
  ev['network.protocol'] = 'tls';
  const sni = str(t.sni);
  put(ev, 'tls.client.server_name', sni);
  put(ev, 'destination.domain', sni);
  const version = str(t.version);
  const m = version === undefined ? null : /^(TLS|SSL)v?\s?(\d(?:\.\d)?)$/i.exec(version);
  if (m) {
    const v = m[2] ?? '';
    ev['tls.version_protocol'] = (m[1] ?? 'tls').toLowerCase();
    ev['tls.version'] = v.includes('.') ? v : `${v}.0`;
  }
  put(ev, 'tls.server.subject', str(t.subject));
  put(ev, 'tls.server.issuer', str(t.issuerdn));
  const fp = str(t.fingerprint);
  if (fp !== undefined) ev['tls.server.hash.sha1'] = fp.replaceAll(':', '').toUpperCase();
  put(ev, 'tls.client.ja3', str(obj(t.ja3)?.hash));
  put(ev, 'tls.server.ja3s', str(obj(t.ja3s)?.hash));
  put(ev, 'tls.server.not_before', timeValueToIso(t.notbefore, 'UTC') ?? undefined);
  put(ev, 'tls.server.not_after', timeValueToIso(t.notafter, 'UTC') ?? undefined);
}

function flow(ev: VigilEvent, f: JsonObject): void {
  put(ev, 'source.packets', num(f.pkts_toserver));
  put(ev, 'destination.packets', num(f.pkts_toclient));
  put(ev, 'source.bytes', num(f.bytes_toserver));
  put(ev, 'destination.bytes', num(f.bytes_toclient));
  const start = typeof f.start === 'string' ? parseIsoToMillis(f.start) : null;
  const end = typeof f.end === 'string' ? parseIsoToMillis(f.end) : null;
  put(ev, 'event.start', timeValueToIso(f.start, 'UTC') ?? undefined);
  put(ev, 'event.end', timeValueToIso(f.end, 'UTC') ?? undefined);
  if (start !== null && end !== null && end >= start) ev['event.duration'] = Math.round((end - start) * 1e6);
}

function fileinfo(ev: VigilEvent, f: JsonObject): void {
  const name = str(f.filename);
  put(ev, 'file.name', name === undefined ? undefined : basename(name));
  put(ev, 'file.hash.md5', str(f.md5));
  put(ev, 'file.hash.sha1', str(f.sha1));
  put(ev, 'file.hash.sha256', str(f.sha256));
  put(ev, 'file.size', num(f.size));
}

interface EveType {
  category: readonly string[];
  type: readonly string[];
  map?: (ev: VigilEvent, section: JsonObject) => void;
}

const TYPES: Readonly<Record<string, EveType>> = {
  alert: { category: [], type: [], map: alert },
  dns: { category: ['network'], type: ['connection', 'protocol', 'info'], map: dns },
  http: { category: ['network', 'web'], type: ['connection', 'protocol'], map: http },
  tls: { category: ['network'], type: ['connection', 'protocol'], map: tls },
  flow: { category: ['network'], type: ['connection'], map: flow },
  fileinfo: { category: ['file'], type: ['info'], map: fileinfo },
  anomaly: { category: ['network'], type: ['info'] },
};

/** Normalizes one parsed EVE record; rejects objects without `event_type`. */
export function normalizeSuricata(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  const eventType = str(o.event_type);
  if (eventType === undefined)
    return { ok: false, reason: 'not a Suricata EVE record: it has no event_type' };
  const budget = newBudget();
  const ev = newEvent();
  flattenInto(ev, 'suricata.eve', o, budget);
  ev['event.kind'] = eventType === 'stats' ? 'metric' : 'event';
  ev['event.module'] = 'suricata';
  ev['event.dataset'] = 'suricata.eve';
  put(ev, 'source.ip', ip(o.src_ip));
  put(ev, 'source.port', port(o.src_port));
  put(ev, 'destination.ip', ip(o.dest_ip));
  put(ev, 'destination.port', port(o.dest_port));
  put(ev, 'network.transport', str(o.proto)?.toLowerCase());
  const app = str(o.app_proto);
  if (app !== undefined && app !== 'failed' && app !== 'unknown') ev['network.protocol'] = app.toLowerCase();
  put(ev, 'network.community_id', str(o.community_id));
  put(ev, 'observer.name', str(o.host));
  put(ev, 'observer.ingress.interface.name', str(o.in_iface));
  const t = Object.hasOwn(TYPES, eventType) ? TYPES[eventType] : undefined;
  if (t !== undefined) {
    if (t.category.length > 0) ev['event.category'] = t.category.slice();
    if (t.type.length > 0) ev['event.type'] = t.type.slice();
    const section = obj(o[eventType]);
    if (t.map !== undefined && section !== undefined) t.map(ev, section);
  }
  const ts = timeValueToIso(o.timestamp, ctx.assumeTimeZone) ?? receivedIso(ctx.received);
  return finishEvent(ev, raw, 'suricata', ts, budget.dropped);
}

/** Parses one Suricata EVE JSON record. */
export const parseSuricata: Parser = (raw, ctx) => {
  const parsed = parseJsonObject(raw);
  return parsed.ok ? normalizeSuricata(parsed.value, raw, ctx) : parsed;
};
