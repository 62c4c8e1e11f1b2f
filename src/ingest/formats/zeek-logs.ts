/**
 * Per-log ECS mappings for Zeek JSON logs (conn, dns, http, ssl, files) and the shape test that
 * names the log when a record carries no `_path`.
 */
import type { VigilEvent } from '../../core/event.ts';
import { bool, ip, type JsonObject, num, put, str } from './json-values.ts';

type LogMapper = (ev: VigilEvent, o: JsonObject) => void;

interface ZeekLog {
  category: readonly string[];
  type: readonly string[];
  map: LogMapper;
}

/** The first element of a Zeek set/vector, or the value itself. */
function first(v: unknown): string | undefined {
  return Array.isArray(v) ? str(v[0]) : str(v);
}

function conn(ev: VigilEvent, o: JsonObject): void {
  const duration = num(o.duration);
  if (duration !== undefined && duration >= 0) ev['event.duration'] = Math.round(duration * 1e9);
  put(ev, 'source.bytes', num(o.orig_bytes));
  put(ev, 'destination.bytes', num(o.resp_bytes));
  put(ev, 'source.packets', num(o.orig_pkts));
  put(ev, 'destination.packets', num(o.resp_pkts));
  const service = first(o.service);
  put(ev, 'network.protocol', service?.split(',')[0]);
  const lo = bool(o.local_orig);
  const lr = bool(o.local_resp);
  if (lo !== undefined && lr !== undefined) {
    ev['network.direction'] = lo ? (lr ? 'internal' : 'outbound') : lr ? 'inbound' : 'external';
  }
}

const DNS_FLAGS = ['AA', 'TC', 'RD', 'RA'] as const;

function dns(ev: VigilEvent, o: JsonObject): void {
  ev['network.protocol'] = 'dns';
  put(ev, 'dns.question.name', str(o.query));
  put(ev, 'dns.question.type', str(o.qtype_name));
  put(ev, 'dns.question.class', str(o.qclass_name));
  put(ev, 'dns.response_code', str(o.rcode_name));
  put(ev, 'dns.id', str(o.trans_id));
  const flags = DNS_FLAGS.filter((f) => o[f] === true);
  if (flags.length > 0) ev['dns.header_flags'] = flags;
  const answers = Array.isArray(o.answers) ? o.answers.map((a) => str(a) ?? '') : [];
  if (answers.length > 0) {
    ev['dns.answers.data'] = answers;
    const ips = answers.map((a) => ip(a)).filter((a): a is string => a !== undefined);
    if (ips.length > 0) ev['dns.resolved_ip'] = ips;
  }
  if (Array.isArray(o.TTLs)) {
    const ttls = o.TTLs.map((t) => num(t)).filter((t): t is number => t !== undefined);
    if (ttls.length > 0) ev['dns.answers.ttl'] = ttls;
  }
  ev['dns.type'] = answers.length > 0 || o.rcode !== undefined ? 'answer' : 'query';
}

function http(ev: VigilEvent, o: JsonObject): void {
  ev['network.protocol'] = 'http';
  put(ev, 'http.request.method', str(o.method));
  put(ev, 'url.domain', str(o.host));
  const uri = str(o.uri);
  if (uri !== undefined) {
    ev['url.original'] = uri;
    const q = uri.indexOf('?');
    ev['url.path'] = q < 0 ? uri : uri.slice(0, q);
    if (q >= 0 && q < uri.length - 1) ev['url.query'] = uri.slice(q + 1);
  }
  const status = num(o.status_code);
  put(ev, 'http.response.status_code', status);
  if (status !== undefined && status >= 100) ev['event.outcome'] = status < 400 ? 'success' : 'failure';
  put(ev, 'http.version', str(o.version));
  put(ev, 'user_agent.original', str(o.user_agent));
  put(ev, 'http.request.referrer', str(o.referrer));
  put(ev, 'http.request.body.bytes', num(o.request_body_len));
  put(ev, 'http.response.body.bytes', num(o.response_body_len));
  put(ev, 'http.request.mime_type', first(o.orig_mime_types));
  put(ev, 'http.response.mime_type', first(o.resp_mime_types));
}

const TLS_VERSION = /^(TLS|SSL|DTLS)v(\d)(\d)?$/;

function ssl(ev: VigilEvent, o: JsonObject): void {
  ev['network.protocol'] = 'tls';
  const version = str(o.version);
  const m = version === undefined ? null : TLS_VERSION.exec(version);
  if (m) {
    ev['tls.version_protocol'] = (m[1] ?? 'tls').toLowerCase();
    ev['tls.version'] = `${m[2]}.${m[3] ?? '0'}`;
  }
  put(ev, 'tls.cipher', str(o.cipher));
  put(ev, 'tls.curve', str(o.curve));
  const sni = str(o.server_name);
  put(ev, 'tls.client.server_name', sni);
  put(ev, 'destination.domain', sni);
  put(ev, 'tls.resumed', bool(o.resumed));
  put(ev, 'tls.established', bool(o.established));
  put(ev, 'tls.next_protocol', str(o.next_protocol));
  put(ev, 'tls.client.ja3', str(o.ja3));
  put(ev, 'tls.server.ja3s', str(o.ja3s));
  put(ev, 'tls.server.subject', str(o.subject));
  put(ev, 'tls.server.issuer', str(o.issuer));
}

function files(ev: VigilEvent, o: JsonObject): void {
  put(ev, 'file.hash.md5', str(o.md5));
  put(ev, 'file.hash.sha1', str(o.sha1));
  put(ev, 'file.hash.sha256', str(o.sha256));
  put(ev, 'file.mime_type', str(o.mime_type));
  put(ev, 'file.name', str(o.filename));
  put(ev, 'file.size', num(o.total_bytes) ?? num(o.seen_bytes));
  put(ev, 'network.protocol', str(o.source)?.toLowerCase());
}

const LOGS: Readonly<Record<string, ZeekLog>> = {
  conn: { category: ['network'], type: ['connection'], map: conn },
  dns: { category: ['network'], type: ['connection', 'protocol', 'info'], map: dns },
  http: { category: ['network', 'web'], type: ['connection', 'protocol'], map: http },
  ssl: { category: ['network'], type: ['connection', 'protocol'], map: ssl },
  files: { category: ['file'], type: ['info'], map: files },
};

/** The mapping for a log name, or undefined for logs without one (their fields are kept as-is). */
export function zeekLog(name: string): ZeekLog | undefined {
  return Object.hasOwn(LOGS, name) ? LOGS[name] : undefined;
}

/** Names the log of a record without `_path` from fields only that log has. */
export function guessZeekLog(o: JsonObject): string {
  if (
    o.fuid !== undefined &&
    (o.mime_type !== undefined || o.tx_hosts !== undefined || o.seen_bytes !== undefined)
  ) {
    return 'files';
  }
  if (o.conn_state !== undefined || o.history !== undefined || o.orig_bytes !== undefined) return 'conn';
  if (o.query !== undefined || o.qtype_name !== undefined || o.rcode_name !== undefined) return 'dns';
  if (o.method !== undefined || o.status_code !== undefined || o.request_body_len !== undefined)
    return 'http';
  if (o.server_name !== undefined || o.cipher !== undefined || o.established !== undefined) return 'ssl';
  return 'unknown';
}
