import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext } from '../types.ts';
import { parseZeek } from './zeek.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'UTC' };

function ok(raw: string): VigilEvent {
  const out = parseZeek(raw, ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

const CONN =
  '{"_path":"conn","ts":1795341600.123456,"uid":"CHhAvVGS1DHFjwGM9","id.orig_h":"10.20.30.40","id.orig_p":50123,"id.resp_h":"203.0.113.50","id.resp_p":443,"proto":"tcp","service":"ssl","duration":2.5,"orig_bytes":1024,"resp_bytes":4096,"conn_state":"SF","local_orig":true,"local_resp":false,"missed_bytes":0,"history":"ShADadFf","orig_pkts":12,"orig_ip_bytes":1660,"resp_pkts":10,"resp_ip_bytes":4620,"community_id":"1:LQU9qZlK+B5F3KDmev6m5PMibrg="}';

const DNS =
  '{"_path":"dns","ts":1795341601.5,"uid":"CZtH3l2pNYcHqCnkUd","id.orig_h":"10.20.30.40","id.orig_p":53211,"id.resp_h":"10.0.0.53","id.resp_p":53,"proto":"udp","trans_id":41712,"rtt":0.0123,"query":"c2.example.net","qclass":1,"qclass_name":"C_INTERNET","qtype":1,"qtype_name":"A","rcode":0,"rcode_name":"NOERROR","AA":false,"TC":false,"RD":true,"RA":true,"Z":0,"answers":["edge.example.net","203.0.113.50"],"TTLs":[300.0,60.0],"rejected":false}';

const HTTP =
  '{"_path":"http","ts":1795341602.0,"uid":"CyAhVIzHqb7t7kv28","id.orig_h":"10.20.30.40","id.orig_p":50200,"id.resp_h":"198.51.100.9","id.resp_p":80,"trans_depth":1,"method":"GET","host":"198.51.100.9","uri":"/a.ps1?x=1","referrer":"-","version":"1.1","user_agent":"Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.3636","request_body_len":0,"response_body_len":2311,"status_code":200,"status_msg":"OK","tags":[],"resp_fuids":["FnPgba1BWjXOMHPWi4"],"resp_mime_types":["text/plain"]}';

const SSL =
  '{"_path":"ssl","ts":1795341603.25,"uid":"CHhAvVGS1DHFjwGM9","id.orig_h":"10.20.30.40","id.orig_p":50123,"id.resp_h":"203.0.113.50","id.resp_p":443,"version":"TLSv12","cipher":"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384","curve":"x25519","server_name":"c2.example.net","resumed":false,"established":true,"ssl_history":"CsxknGIi","cert_chain_fps":["0f4a..."],"subject":"CN=c2.example.net","issuer":"CN=R11,O=Let\'s Encrypt,C=US","ja3":"72a589da586844d7f0818ce684948eea","ja3s":"f4febc55ea12b31ae17cfb7e614afda8"}';

const FILES =
  '{"_path":"files","ts":1795341602.1,"fuid":"FnPgba1BWjXOMHPWi4","uid":"CyAhVIzHqb7t7kv28","id.orig_h":"198.51.100.9","id.orig_p":80,"id.resp_h":"10.20.30.40","id.resp_p":50200,"source":"HTTP","depth":0,"analyzers":["MD5","SHA1","SHA256"],"mime_type":"text/plain","filename":"a.ps1","duration":0.0,"is_orig":false,"seen_bytes":2311,"total_bytes":2311,"missing_bytes":0,"overflow_bytes":0,"timedout":false,"md5":"b1946ac92492d2347c6235b4d2611184","sha1":"f572d396fae9206628714fb2ce00f72e94f2258f","sha256":"5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"}';

describe('parseZeek', () => {
  it('conn: exact event', () => {
    expect(ok(CONN)).toEqual({
      '@timestamp': '2026-11-22T10:00:00.123456Z',
      'event.original': CONN,
      'vigil.format': 'zeek',
      'zeek.conn._path': 'conn',
      'zeek.conn.ts': 1795341600.123456,
      'zeek.conn.uid': 'CHhAvVGS1DHFjwGM9',
      'zeek.conn.id.orig_h': '10.20.30.40',
      'zeek.conn.id.orig_p': 50123,
      'zeek.conn.id.resp_h': '203.0.113.50',
      'zeek.conn.id.resp_p': 443,
      'zeek.conn.proto': 'tcp',
      'zeek.conn.service': 'ssl',
      'zeek.conn.duration': 2.5,
      'zeek.conn.orig_bytes': 1024,
      'zeek.conn.resp_bytes': 4096,
      'zeek.conn.conn_state': 'SF',
      'zeek.conn.local_orig': true,
      'zeek.conn.local_resp': false,
      'zeek.conn.missed_bytes': 0,
      'zeek.conn.history': 'ShADadFf',
      'zeek.conn.orig_pkts': 12,
      'zeek.conn.orig_ip_bytes': 1660,
      'zeek.conn.resp_pkts': 10,
      'zeek.conn.resp_ip_bytes': 4620,
      'zeek.conn.community_id': '1:LQU9qZlK+B5F3KDmev6m5PMibrg=',
      'event.kind': 'event',
      'event.module': 'zeek',
      'event.dataset': 'zeek.conn',
      'event.category': ['network'],
      'event.type': ['connection'],
      'source.ip': '10.20.30.40',
      'source.port': 50123,
      'destination.ip': '203.0.113.50',
      'destination.port': 443,
      'zeek.session_id': 'CHhAvVGS1DHFjwGM9',
      'network.transport': 'tcp',
      'network.community_id': '1:LQU9qZlK+B5F3KDmev6m5PMibrg=',
      'network.protocol': 'ssl',
      'network.direction': 'outbound',
      'event.duration': 2_500_000_000,
      'source.bytes': 1024,
      'destination.bytes': 4096,
      'source.packets': 12,
      'destination.packets': 10,
    });
  });

  it.each([
    [
      'dns',
      DNS,
      {
        '@timestamp': '2026-11-22T10:00:01.500Z',
        'event.dataset': 'zeek.dns',
        'network.transport': 'udp',
        'network.protocol': 'dns',
        'dns.question.name': 'c2.example.net',
        'dns.question.type': 'A',
        'dns.question.class': 'C_INTERNET',
        'dns.response_code': 'NOERROR',
        'dns.id': '41712',
        'dns.header_flags': ['RD', 'RA'],
        'dns.answers.data': ['edge.example.net', '203.0.113.50'],
        'dns.answers.ttl': [300, 60],
        'dns.resolved_ip': ['203.0.113.50'],
        'dns.type': 'answer',
        'zeek.dns.qtype_name': 'A',
        'zeek.dns.answers': ['edge.example.net', '203.0.113.50'],
      },
    ],
    [
      'http',
      HTTP,
      {
        'event.dataset': 'zeek.http',
        'event.category': ['network', 'web'],
        'http.request.method': 'GET',
        'url.domain': '198.51.100.9',
        'url.original': '/a.ps1?x=1',
        'url.path': '/a.ps1',
        'url.query': 'x=1',
        'http.response.status_code': 200,
        'http.version': '1.1',
        'user_agent.original':
          'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.3636',
        'http.response.body.bytes': 2311,
        'http.response.mime_type': 'text/plain',
        'event.outcome': 'success',
        'destination.port': 80,
        'zeek.http.resp_fuids': ['FnPgba1BWjXOMHPWi4'],
        'zeek.http.tags': [],
      },
    ],
    [
      'ssl',
      SSL,
      {
        'event.dataset': 'zeek.ssl',
        'tls.version': '1.2',
        'tls.version_protocol': 'tls',
        'tls.cipher': 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
        'tls.curve': 'x25519',
        'tls.client.server_name': 'c2.example.net',
        'destination.domain': 'c2.example.net',
        'tls.established': true,
        'tls.resumed': false,
        'tls.client.ja3': '72a589da586844d7f0818ce684948eea',
        'tls.server.ja3s': 'f4febc55ea12b31ae17cfb7e614afda8',
        'tls.server.subject': 'CN=c2.example.net',
        'tls.server.issuer': "CN=R11,O=Let's Encrypt,C=US",
        'zeek.session_id': 'CHhAvVGS1DHFjwGM9',
      },
    ],
    [
      'files',
      FILES,
      {
        'event.dataset': 'zeek.files',
        'event.category': ['file'],
        'event.type': ['info'],
        'file.hash.md5': 'b1946ac92492d2347c6235b4d2611184',
        'file.hash.sha1': 'f572d396fae9206628714fb2ce00f72e94f2258f',
        'file.hash.sha256': '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03',
        'file.mime_type': 'text/plain',
        'file.name': 'a.ps1',
        'file.size': 2311,
        'network.protocol': 'http',
        'zeek.files.fuid': 'FnPgba1BWjXOMHPWi4',
        'zeek.files.analyzers': ['MD5', 'SHA1', 'SHA256'],
      },
    ],
  ] as const)('%s', (_log, raw, expected) => {
    expect(ok(raw)).toMatchObject({
      'event.original': raw,
      'vigil.format': 'zeek',
      'event.module': 'zeek',
      ...expected,
    });
  });

  it.each([
    ['conn', CONN],
    ['dns', DNS],
    ['http', HTTP],
    ['ssl', SSL],
    ['files', FILES],
  ])('names the %s log by its fields when _path is missing', (log, raw) => {
    const without = JSON.parse(raw) as Record<string, unknown>;
    delete without._path;
    const ev = ok(JSON.stringify(without));
    expect(ev['event.dataset']).toBe(`zeek.${log}`);
    expect(ev[`zeek.${log}.uid`]).toBeDefined();
  });

  it('reads nested id fields and ISO timestamps; other logs keep the common mapping', () => {
    const raw = JSON.stringify({
      _path: 'notice',
      ts: '2026-11-22T10:00:00.250000Z',
      uid: 'C1',
      id: { orig_h: '10.0.0.1', orig_p: 1, resp_h: '10.0.0.2', resp_p: 22 },
      note: 'SSH::Password_Guessing',
    });
    const ev = ok(raw);
    expect(ev).toMatchObject({
      '@timestamp': '2026-11-22T10:00:00.250Z',
      'event.dataset': 'zeek.notice',
      'source.ip': '10.0.0.1',
      'destination.port': 22,
      'zeek.notice.note': 'SSH::Password_Guessing',
      'zeek.notice.id.orig_h': '10.0.0.1',
    });
    expect(ev['event.category']).toBeUndefined();
  });

  it('uses "unknown" for a _path that is not a plain log name', () => {
    expect(ok('{"_path":"../etc","ts":1795341600,"uid":"C1"}')['event.dataset']).toBe('zeek.unknown');
  });

  it.each([
    ['{"uid":"C1","id.orig_h":"10.0.0.1"}', /no ts field/],
    ['{"ts":"yesterday","uid":"C1"}', /unreadable ts/],
    ['{"ts":', /invalid JSON/],
  ])('rejects %s', (raw, reason) => {
    const out = parseZeek(raw, ctx);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.reason).toMatch(reason);
  });
});
