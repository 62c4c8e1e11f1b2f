/**
 * Zeek JSON log lines (json-streaming style, with `_path`): conn, dns, http, ssl, files, ssh.
 * `ts` is epoch seconds; every record's time is its `ts`.
 */
import type { Flow } from './flow.ts';
import type { Rng } from './random.ts';
import { zeekTs } from './timefmt.ts';
import { type Pending, ready } from './types.ts';

const LOCAL = /^10\./;

function zeek(path: string, time: number, fields: Record<string, unknown>): Pending {
  return ready({
    format: 'zeek',
    source: 'zeek',
    raw: JSON.stringify({ _path: path, ts: zeekTs(time), ...fields }),
    time,
  });
}

const ids = (f: Flow) => ({
  uid: f.uid,
  'id.orig_h': f.src,
  'id.orig_p': f.sport,
  'id.resp_h': f.dst,
  'id.resp_p': f.dport,
});

export interface ConnStats {
  service?: string;
  duration?: number;
  origBytes?: number;
  respBytes?: number;
  state: 'SF' | 'S0' | 'REJ' | 'RSTO' | 'RSTR' | 'SH' | 'OTH' | 'S1';
  history: string;
}

export function conn(f: Flow, s: ConnStats): Pending {
  const origPkts =
    s.state === 'S0' ? 1 : s.state === 'REJ' ? 1 : Math.max(2, Math.ceil((s.origBytes ?? 0) / 1200) + 3);
  const respPkts =
    s.state === 'S0' ? 0 : s.state === 'REJ' ? 1 : Math.max(2, Math.ceil((s.respBytes ?? 0) / 1400) + 2);
  const record: Record<string, unknown> = { ...ids(f), proto: f.proto };
  if (s.service) record['service'] = s.service;
  if (s.duration !== undefined) record['duration'] = Math.round(s.duration * 1e6) / 1e6;
  if (s.origBytes !== undefined) record['orig_bytes'] = s.origBytes;
  if (s.respBytes !== undefined) record['resp_bytes'] = s.respBytes;
  Object.assign(record, {
    conn_state: s.state,
    local_orig: LOCAL.test(f.src),
    local_resp: LOCAL.test(f.dst),
    missed_bytes: 0,
    history: s.history,
    orig_pkts: origPkts,
    orig_ip_bytes: (s.origBytes ?? 0) + origPkts * (f.proto === 'tcp' ? 52 : 28),
    resp_pkts: respPkts,
    resp_ip_bytes: (s.respBytes ?? 0) + respPkts * (f.proto === 'tcp' ? 52 : 28),
    community_id: f.communityId,
  });
  return zeek('conn', f.start, record);
}

export function dns(
  rng: Rng,
  f: Flow,
  query: string,
  answers: readonly string[],
  rcode: 'NOERROR' | 'NXDOMAIN' = 'NOERROR',
): Pending {
  return zeek('dns', f.start, {
    ...ids(f),
    proto: 'udp',
    trans_id: rng.int(1, 65535),
    rtt: Math.round(rng.int(300, 40000)) / 1e6,
    query,
    qclass: 1,
    qclass_name: 'C_INTERNET',
    qtype: 1,
    qtype_name: 'A',
    rcode: rcode === 'NOERROR' ? 0 : 3,
    rcode_name: rcode,
    AA: false,
    TC: false,
    RD: true,
    RA: true,
    Z: 0,
    answers: [...answers],
    TTLs: answers.map(() => rng.pick([60, 300, 3600])),
    rejected: false,
  });
}

export interface HttpInfo {
  method: string;
  host: string;
  uri: string;
  userAgent: string;
  status: number;
  respLen: number;
  mime?: string;
  fuid?: string;
}

export function http(time: number, f: Flow, h: HttpInfo): Pending {
  const record: Record<string, unknown> = {
    ...ids(f),
    trans_depth: 1,
    method: h.method,
    host: h.host,
    uri: h.uri,
    version: '1.1',
    user_agent: h.userAgent,
    request_body_len: 0,
    response_body_len: h.respLen,
    status_code: h.status,
    status_msg: h.status === 200 ? 'OK' : h.status === 404 ? 'Not Found' : 'Found',
    tags: [],
  };
  if (h.fuid) {
    record['resp_fuids'] = [h.fuid];
    record['resp_mime_types'] = [h.mime ?? 'application/octet-stream'];
  }
  return zeek('http', time, record);
}

export function ssl(time: number, f: Flow, serverName: string, established = true): Pending {
  return zeek('ssl', time, {
    ...ids(f),
    version: 'TLSv13',
    cipher: 'TLS_AES_128_GCM_SHA256',
    curve: 'x25519',
    server_name: serverName,
    resumed: false,
    established,
    ssl_history: established ? 'CsiI' : 'C',
  });
}

export function files(
  rng: Rng,
  time: number,
  f: Flow,
  fuid: string,
  mime: string,
  size: number,
  filename?: string,
): Pending {
  const record: Record<string, unknown> = {
    fuid,
    uid: f.uid,
    'id.orig_h': f.src,
    'id.orig_p': f.sport,
    'id.resp_h': f.dst,
    'id.resp_p': f.dport,
    source: 'HTTP',
    depth: 0,
    analyzers: mime === 'application/x-dosexec' ? ['PE', 'MD5', 'SHA1'] : ['MD5', 'SHA1'],
    mime_type: mime,
    duration: Math.round(rng.int(1000, 900000)) / 1e6,
    is_orig: false,
    seen_bytes: size,
    total_bytes: size,
    missing_bytes: 0,
    overflow_bytes: 0,
    timedout: false,
    md5: rng.hex(32),
    sha1: rng.hex(40),
  };
  if (filename) record['filename'] = filename;
  return zeek('files', time, record);
}

export function ssh(time: number, f: Flow, success: boolean, client: string): Pending {
  return zeek('ssh', time, {
    ...ids(f),
    version: 2,
    auth_success: success,
    auth_attempts: 1,
    direction: 'INBOUND',
    client,
    server: 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5',
    cipher_alg: 'chacha20-poly1305@openssh.com',
    mac_alg: 'umac-64-etm@openssh.com',
    compression_alg: 'none',
    kex_alg: 'curve25519-sha256',
    host_key_alg: 'ssh-ed25519',
    host_key: '5c:7e:3a:91:0f:2b:44:c8:9d:e1:70:aa:36:5b:8c:12',
  });
}

export const newFuid = (rng: Rng): string => `F${rng.base62(17)}`;
