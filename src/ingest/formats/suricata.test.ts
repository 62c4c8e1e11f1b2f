import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext } from '../types.ts';
import { parseSuricata } from './suricata.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'UTC' };

function ok(raw: string): VigilEvent {
  const out = parseSuricata(raw, ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

const ALERT = JSON.stringify({
  timestamp: '2026-11-22T10:00:00.123456+0000',
  flow_id: 1284902357213846,
  in_iface: 'ens192',
  event_type: 'alert',
  src_ip: '10.20.30.40',
  src_port: 50200,
  dest_ip: '198.51.100.9',
  dest_port: 80,
  proto: 'TCP',
  pkt_src: 'wire/pcap',
  community_id: '1:Hk9nD6pV3w0q2eP5vKk7b0nQm1s=',
  tx_id: 0,
  alert: {
    action: 'allowed',
    gid: 1,
    signature_id: 2017515,
    rev: 4,
    signature: 'ET INFO PowerShell User-Agent Outbound',
    category: 'Potentially Bad Traffic',
    severity: 2,
    metadata: { attack_target: ['Client_Endpoint'], mitre_technique_id: ['T1059'] },
  },
  http: {
    hostname: '198.51.100.9',
    url: '/a.ps1',
    http_user_agent: 'Mozilla/5.0 WindowsPowerShell/5.1',
    http_method: 'GET',
    protocol: 'HTTP/1.1',
    length: 0,
  },
  app_proto: 'http',
  direction: 'to_server',
  flow: {
    pkts_toserver: 3,
    pkts_toclient: 1,
    bytes_toserver: 411,
    bytes_toclient: 66,
    start: '2026-11-22T09:59:59.990000+0000',
  },
  host: 'sensor-01',
});

const DNS = JSON.stringify({
  timestamp: '2026-11-22T10:00:01.500000+0000',
  flow_id: 991827364512,
  in_iface: 'ens192',
  event_type: 'dns',
  src_ip: '10.0.0.53',
  src_port: 53,
  dest_ip: '10.20.30.40',
  dest_port: 53211,
  proto: 'UDP',
  dns: {
    version: 2,
    type: 'answer',
    id: 41712,
    flags: '8180',
    qr: true,
    rd: true,
    ra: true,
    rrname: 'c2.example.net',
    rrtype: 'A',
    rcode: 'NOERROR',
    answers: [
      { rrname: 'c2.example.net', rrtype: 'CNAME', ttl: 300, rdata: 'edge.example.net' },
      { rrname: 'edge.example.net', rrtype: 'A', ttl: 60, rdata: '203.0.113.50' },
    ],
    grouped: { CNAME: ['edge.example.net'], A: ['203.0.113.50'] },
  },
});

const FLOW =
  '{"timestamp":"2026-11-22T10:05:00.000000+0000","flow_id":1284902357213846,"event_type":"flow","src_ip":"10.20.30.40","src_port":50123,"dest_ip":"203.0.113.50","dest_port":443,"proto":"TCP","app_proto":"tls","flow":{"pkts_toserver":12,"pkts_toclient":10,"bytes_toserver":1660,"bytes_toclient":4620,"start":"2026-11-22T10:00:00.000000+0000","end":"2026-11-22T10:00:02.500000+0000","age":2,"state":"closed","reason":"timeout","alerted":false}}';

describe('parseSuricata', () => {
  it('alert', () => {
    const ev = ok(ALERT);
    expect(ev).toMatchObject({
      '@timestamp': '2026-11-22T10:00:00.123456Z',
      'event.original': ALERT,
      'vigil.format': 'suricata',
      'event.kind': 'alert',
      'event.module': 'suricata',
      'event.dataset': 'suricata.eve',
      'event.category': ['network', 'intrusion_detection'],
      'event.type': ['allowed'],
      'event.severity': 2,
      'rule.id': '2017515',
      'rule.name': 'ET INFO PowerShell User-Agent Outbound',
      'rule.category': 'Potentially Bad Traffic',
      'rule.version': '4',
      'source.ip': '10.20.30.40',
      'source.port': 50200,
      'destination.ip': '198.51.100.9',
      'destination.port': 80,
      'network.transport': 'tcp',
      'network.protocol': 'http',
      'network.community_id': '1:Hk9nD6pV3w0q2eP5vKk7b0nQm1s=',
      'observer.name': 'sensor-01',
      'observer.ingress.interface.name': 'ens192',
      'suricata.eve.alert.signature_id': 2017515,
      'suricata.eve.alert.metadata.mitre_technique_id': ['T1059'],
      'suricata.eve.http.http_user_agent': 'Mozilla/5.0 WindowsPowerShell/5.1',
      'suricata.eve.flow_id': 1284902357213846,
    });
  });

  it('a blocked alert is a denied event', () => {
    const o = JSON.parse(ALERT) as { alert: Record<string, unknown> };
    o.alert.action = 'blocked';
    expect(ok(JSON.stringify(o))['event.type']).toEqual(['denied']);
  });

  it('dns answer', () => {
    expect(ok(DNS)).toMatchObject({
      '@timestamp': '2026-11-22T10:00:01.500Z',
      'event.kind': 'event',
      'event.category': ['network'],
      'network.protocol': 'dns',
      'network.transport': 'udp',
      'dns.question.name': 'c2.example.net',
      'dns.question.type': 'A',
      'dns.response_code': 'NOERROR',
      'dns.id': '41712',
      'dns.type': 'answer',
      'dns.resolved_ip': ['203.0.113.50'],
      'suricata.eve.dns.answers':
        '[{"rrname":"c2.example.net","rrtype":"CNAME","ttl":300,"rdata":"edge.example.net"},{"rrname":"edge.example.net","rrtype":"A","ttl":60,"rdata":"203.0.113.50"}]',
    });
  });

  it('dns v3 request (Suricata 8) reads the first query', () => {
    const raw = JSON.stringify({
      timestamp: '2026-11-22T10:00:01.400000+0000',
      flow_id: 5,
      event_type: 'dns',
      src_ip: '10.20.30.40',
      dest_ip: '10.0.0.53',
      proto: 'UDP',
      dns: { version: 3, type: 'request', id: 41712, queries: [{ rrname: 'c2.example.net', rrtype: 'A' }] },
    });
    expect(ok(raw)).toMatchObject({ 'dns.question.name': 'c2.example.net', 'dns.type': 'query' });
  });

  it('flow: exact event', () => {
    expect(ok(FLOW)).toEqual({
      '@timestamp': '2026-11-22T10:05:00.000Z',
      'event.original': FLOW,
      'vigil.format': 'suricata',
      'suricata.eve.timestamp': '2026-11-22T10:05:00.000000+0000',
      'suricata.eve.flow_id': 1284902357213846,
      'suricata.eve.event_type': 'flow',
      'suricata.eve.src_ip': '10.20.30.40',
      'suricata.eve.src_port': 50123,
      'suricata.eve.dest_ip': '203.0.113.50',
      'suricata.eve.dest_port': 443,
      'suricata.eve.proto': 'TCP',
      'suricata.eve.app_proto': 'tls',
      'suricata.eve.flow.pkts_toserver': 12,
      'suricata.eve.flow.pkts_toclient': 10,
      'suricata.eve.flow.bytes_toserver': 1660,
      'suricata.eve.flow.bytes_toclient': 4620,
      'suricata.eve.flow.start': '2026-11-22T10:00:00.000000+0000',
      'suricata.eve.flow.end': '2026-11-22T10:00:02.500000+0000',
      'suricata.eve.flow.age': 2,
      'suricata.eve.flow.state': 'closed',
      'suricata.eve.flow.reason': 'timeout',
      'suricata.eve.flow.alerted': false,
      'event.kind': 'event',
      'event.module': 'suricata',
      'event.dataset': 'suricata.eve',
      'event.category': ['network'],
      'event.type': ['connection'],
      'source.ip': '10.20.30.40',
      'source.port': 50123,
      'destination.ip': '203.0.113.50',
      'destination.port': 443,
      'network.transport': 'tcp',
      'network.protocol': 'tls',
      'source.packets': 12,
      'destination.packets': 10,
      'source.bytes': 1660,
      'destination.bytes': 4620,
      'event.start': '2026-11-22T10:00:00.000Z',
      'event.end': '2026-11-22T10:00:02.500Z',
      'event.duration': 2_500_000_000,
    });
  });

  it.each([
    [
      'http',
      {
        http: {
          hostname: 'updates.example.com',
          url: '/dl/setup.exe?id=7',
          http_user_agent: 'curl/8.5.0',
          http_method: 'GET',
          protocol: 'HTTP/1.1',
          status: 404,
          length: 153,
          http_content_type: 'text/html',
        },
      },
      {
        'event.category': ['network', 'web'],
        'url.domain': 'updates.example.com',
        'url.path': '/dl/setup.exe',
        'url.query': 'id=7',
        'http.request.method': 'GET',
        'http.version': '1.1',
        'http.response.status_code': 404,
        'event.outcome': 'failure',
        'user_agent.original': 'curl/8.5.0',
      },
    ],
    [
      'tls',
      {
        tls: {
          subject: 'CN=c2.example.net',
          issuerdn: "C=US, O=Let's Encrypt, CN=R11",
          fingerprint: '0f:4a:9c:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11',
          sni: 'c2.example.net',
          version: 'TLS 1.2',
          notbefore: '2026-10-01T00:00:00',
          notafter: '2026-12-30T00:00:00',
          ja3: { hash: '72a589da586844d7f0818ce684948eea', string: '771,...' },
          ja3s: { hash: 'f4febc55ea12b31ae17cfb7e614afda8' },
        },
      },
      {
        'tls.client.server_name': 'c2.example.net',
        'destination.domain': 'c2.example.net',
        'tls.version': '1.2',
        'tls.version_protocol': 'tls',
        'tls.server.issuer': "C=US, O=Let's Encrypt, CN=R11",
        'tls.server.hash.sha1': '0F4A9C112233445566778899AABBCCDDEEFF0011',
        'tls.client.ja3': '72a589da586844d7f0818ce684948eea',
        'tls.server.ja3s': 'f4febc55ea12b31ae17cfb7e614afda8',
        'tls.server.not_before': '2026-10-01T00:00:00.000Z',
      },
    ],
    [
      'fileinfo',
      {
        fileinfo: {
          filename: '/dl/setup.exe',
          magic: 'PE32 executable (GUI) Intel 80386, for MS Windows',
          state: 'CLOSED',
          md5: '44d88612fea8a8f36de82e1278abb02f',
          sha256: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
          stored: false,
          size: 68,
        },
      },
      {
        'event.category': ['file'],
        'file.name': 'setup.exe',
        'file.hash.md5': '44d88612fea8a8f36de82e1278abb02f',
        'file.size': 68,
        'suricata.eve.fileinfo.magic': 'PE32 executable (GUI) Intel 80386, for MS Windows',
      },
    ],
    [
      'anomaly',
      { anomaly: { type: 'stream', event: 'stream.pkt_invalid_timestamp' } },
      { 'event.type': ['info'] },
    ],
  ] as const)('%s', (eventType, section, expected) => {
    const raw = JSON.stringify({
      timestamp: '2026-11-22T10:00:00.000000+0000',
      flow_id: 77,
      event_type: eventType,
      src_ip: '10.20.30.40',
      src_port: 50300,
      dest_ip: '198.51.100.20',
      dest_port: 443,
      proto: 'TCP',
      ...section,
    });
    expect(ok(raw)).toMatchObject({ 'event.kind': 'event', 'event.dataset': 'suricata.eve', ...expected });
  });

  it('stats records are metrics', () => {
    const raw = '{"timestamp":"2026-11-22T10:00:00.000000+0000","event_type":"stats","stats":{"uptime":120}}';
    expect(ok(raw)).toMatchObject({ 'event.kind': 'metric', 'suricata.eve.stats.uptime': 120 });
  });

  it.each([
    ['{"timestamp":"2026-11-22T10:00:00+0000","src_ip":"10.0.0.1"}', /no event_type/],
    ['', /empty input/],
  ])('rejects %j', (raw, reason) => {
    const out = parseSuricata(raw, ctx);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.reason).toMatch(reason);
  });
});
