/**
 * Suricata EVE JSON lines: alert, dns (v2 answer), tls, http and flow events, with flow_id and
 * community_id shared with the Zeek view of the same flow.
 */
import type { Flow } from './flow.ts';
import { suricataStamp } from './timefmt.ts';
import { type Pending, ready } from './types.ts';

function eve(time: number, f: Flow, type: string, extra: Record<string, unknown>): Pending {
  const record = {
    timestamp: suricataStamp(time),
    flow_id: f.flowId,
    in_iface: 'ens224',
    event_type: type,
    src_ip: f.src,
    src_port: f.sport,
    dest_ip: f.dst,
    dest_port: f.dport,
    proto: f.proto.toUpperCase(),
    community_id: f.communityId,
    ...extra,
  };
  return ready({ format: 'suricata', source: 'suricata', raw: JSON.stringify(record), time });
}

export interface Signature {
  sid: number;
  rev: number;
  signature: string;
  category: string;
  severity: 1 | 2 | 3;
}

export function alert(
  time: number,
  f: Flow,
  sig: Signature,
  appProto?: string,
  extra: Record<string, unknown> = {},
): Pending {
  return eve(time, f, 'alert', {
    ...(appProto ? { app_proto: appProto } : {}),
    alert: {
      action: 'allowed',
      gid: 1,
      signature_id: sig.sid,
      rev: sig.rev,
      signature: sig.signature,
      category: sig.category,
      severity: sig.severity,
    },
    ...extra,
  });
}

export function dnsAnswer(
  time: number,
  f: Flow,
  id: number,
  query: string,
  answers: readonly string[],
  rcode = 'NOERROR',
): Pending {
  return eve(time, f, 'dns', {
    dns: {
      version: 2,
      type: 'answer',
      id,
      flags: '8180',
      qr: true,
      rd: true,
      ra: true,
      rrname: query,
      rrtype: 'A',
      rcode,
      answers: answers.map((ip) => ({ rrname: query, rrtype: 'A', ttl: 300, rdata: ip })),
    },
  });
}

export function tls(time: number, f: Flow, sni: string, ja3?: string): Pending {
  return eve(time, f, 'tls', {
    tls: { sni, version: 'TLS 1.3', ...(ja3 ? { ja3: { hash: ja3 } } : {}) },
  });
}

export interface EveHttp {
  hostname: string;
  url: string;
  userAgent: string;
  method: string;
  status: number;
  length: number;
  contentType: string;
}

export function httpEvent(time: number, f: Flow, h: EveHttp): Pending {
  return eve(time, f, 'http', {
    http: {
      hostname: h.hostname,
      url: h.url,
      http_user_agent: h.userAgent,
      http_content_type: h.contentType,
      http_method: h.method,
      protocol: 'HTTP/1.1',
      status: h.status,
      length: h.length,
    },
  });
}

export function flowEnd(
  end: number,
  f: Flow,
  bytesOut: number,
  bytesIn: number,
  state: 'closed' | 'new' | 'established',
  appProto?: string,
): Pending {
  return eve(end, f, 'flow', {
    ...(appProto ? { app_proto: appProto } : {}),
    flow: {
      pkts_toserver: Math.max(1, Math.ceil(bytesOut / 1200) + 2),
      pkts_toclient: bytesIn === 0 ? 0 : Math.ceil(bytesIn / 1400) + 2,
      bytes_toserver: bytesOut,
      bytes_toclient: bytesIn,
      start: suricataStamp(f.start),
      end: suricataStamp(end),
      age: Math.max(0, Math.round((end - f.start) / 1000)),
      state,
      reason: state === 'closed' ? 'shutdown' : 'timeout',
      alerted: false,
    },
  });
}
