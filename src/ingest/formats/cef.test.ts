import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cefSeverity, parseCef } from './cef.ts';
import { readExtension } from './cef-extension.ts';
import {
  CTX,
  FUZZ_RUNS,
  hostileText,
  mutatedLine,
  neverThrows,
  parseFail,
  parseOk,
  RECEIVED_ISO,
} from './syslog-testkit.ts';

const parse = (raw: string) => parseOk(parseCef, raw);

const FIREWALL =
  'CEF:0|Northwind|EdgeWall|9.1.2|traffic:allow|Connection permitted|3|' +
  'rt=1795342800000 src=10.20.30.40 spt=51515 dst=203.0.113.9 dpt=443 proto=6 app=HTTPS ' +
  'act=accept suser=alice deviceDirection=1 in=5120 out=734 dvchost=fw-edge-01 ' +
  'cs1Label=Rule Name cs1=Allow web out cn1Label=Session ID cn1=889122 ' +
  'msg=Outbound HTTPS a\\=b c\\\\d\\nnext request=https://intranet.example/?q=a=b';

const SAMPLES = [
  FIREWALL,
  'CEF:0|Umbrella Labs|Sentinel IPS|4.0|9021|Exploit attempt: SMB overflow|High|src=198.51.100.7 dst=10.0.0.5 dpt=445 cat=intrusion_detection rt=Nov 22 2026 09:59:58.250 UTC',
  'CEF:0|Acme AV|Endpoint|12|EICAR|Malware found|8|fname=eicar.com filePath=C:\\Users\\bob\\eicar.com fileHash=44d88612fea8a8f36de82e1278abb02f duser=bob dhost=ws-17 outcome=blocked',
  '<134>Nov 22 10:00:00 fw01 CEF:0|Northwind|EdgeWall|9.1.2|100|Blocked|5|src=1.1.1.1',
  '<134>1 2026-11-22T10:00:00.5Z fw02 edgewall - - - CEF:1|Northwind|EdgeWall|9|7|x|Very-High|dhost=evil.test',
];

describe('parseCef: exact events', () => {
  it('reads a firewall event with labels, escapes and an epoch rt', () => {
    expect(parse(FIREWALL)).toEqual({
      '@timestamp': '2026-11-22T10:20:00.000Z',
      'event.original': FIREWALL,
      'vigil.format': 'cef',
      'event.dataset': 'cef',
      'event.module': 'cef',
      'cef.version': '0',
      'cef.device.vendor': 'Northwind',
      'cef.device.product': 'EdgeWall',
      'cef.device.version': '9.1.2',
      'cef.signature_id': 'traffic:allow',
      'cef.name': 'Connection permitted',
      'cef.severity': '3',
      'cef.extensions.rt': '1795342800000',
      'cef.extensions.src': '10.20.30.40',
      'cef.extensions.spt': '51515',
      'cef.extensions.dst': '203.0.113.9',
      'cef.extensions.dpt': '443',
      'cef.extensions.proto': '6',
      'cef.extensions.app': 'HTTPS',
      'cef.extensions.act': 'accept',
      'cef.extensions.suser': 'alice',
      'cef.extensions.deviceDirection': '1',
      'cef.extensions.in': '5120',
      'cef.extensions.out': '734',
      'cef.extensions.dvchost': 'fw-edge-01',
      'cef.extensions.cs1Label': 'Rule Name',
      'cef.extensions.cs1': 'Allow web out',
      'cef.extensions.cn1Label': 'Session ID',
      'cef.extensions.cn1': '889122',
      'cef.extensions.msg': 'Outbound HTTPS a=b c\\d\nnext',
      'cef.extensions.request': 'https://intranet.example/?q=a=b',
      'cef.custom.Rule_Name': 'Allow web out',
      'cef.custom.Session_ID': 889122,
      'source.ip': '10.20.30.40',
      'source.port': 51515,
      'destination.ip': '203.0.113.9',
      'destination.port': 443,
      'network.transport': 'tcp',
      'network.protocol': 'https',
      'network.direction': 'outbound',
      'event.action': 'accept',
      'source.user.name': 'alice',
      'user.name': 'alice',
      'source.bytes': 5120,
      'destination.bytes': 734,
      'observer.hostname': 'fw-edge-01',
      'observer.vendor': 'Northwind',
      'observer.product': 'EdgeWall',
      'observer.version': '9.1.2',
      'event.code': 'traffic:allow',
      'event.severity': 3,
      'event.kind': 'event',
      'url.original': 'https://intranet.example/?q=a=b',
      message: 'Outbound HTTPS a=b c\\d\nnext',
    });
  });

  it('reads CEF behind an RFC 3164 header: header gives host, CEF gives time', () => {
    const raw =
      '<134>Nov 22 10:00:05 ips-01 CEF:0|Umbrella Labs|Sentinel IPS|4.0|9021|SMB\\|overflow|High|src=198.51.100.7 rt=Nov 22 2026 09:59:58.250 CET';
    expect(parse(raw)).toEqual({
      '@timestamp': '2026-11-22T08:59:58.250Z',
      'event.original': raw,
      'vigil.format': 'cef',
      'event.dataset': 'cef',
      'event.module': 'cef',
      'log.syslog.priority': 134,
      'log.syslog.facility.code': 16,
      'log.syslog.facility.name': 'local0',
      'log.syslog.severity.code': 6,
      'log.syslog.severity.name': 'informational',
      'log.level': 'informational',
      'host.hostname': 'ips-01',
      'host.name': 'ips-01',
      'log.syslog.hostname': 'ips-01',
      'observer.hostname': 'ips-01',
      'cef.version': '0',
      'cef.device.vendor': 'Umbrella Labs',
      'cef.device.product': 'Sentinel IPS',
      'cef.device.version': '4.0',
      'cef.signature_id': '9021',
      'cef.name': 'SMB|overflow',
      'cef.severity': 'High',
      'cef.extensions.src': '198.51.100.7',
      'cef.extensions.rt': 'Nov 22 2026 09:59:58.250 CET',
      'source.ip': '198.51.100.7',
      'observer.vendor': 'Umbrella Labs',
      'observer.product': 'Sentinel IPS',
      'observer.version': '4.0',
      'event.code': '9021',
      'event.severity': 8,
      'event.kind': 'alert',
      message: 'SMB|overflow',
    });
  });
});

describe('parseCef: mapping details', () => {
  it('reads CEF behind an RFC 5424 header and falls back to the header time', () => {
    const e = parse(SAMPLES[4]!);
    expect(e['@timestamp']).toBe('2026-11-22T10:00:00.500Z');
    expect([e['log.syslog.version'], e['host.name'], e['cef.version'], e['event.severity']]).toEqual([
      1,
      'fw02',
      '1',
      10,
    ]);
    expect(e['destination.domain']).toBe('evil.test');
  });

  it('maps file, hash, user and outcome fields of an AV event', () => {
    const e = parse(SAMPLES[2]!);
    expect(e).toMatchObject({
      'file.name': 'eicar.com',
      'file.path': 'C:\\Users\\bob\\eicar.com',
      'file.hash.md5': '44d88612fea8a8f36de82e1278abb02f',
      'destination.user.name': 'bob',
      'user.name': 'bob',
      'destination.domain': 'ws-17',
      'event.kind': 'alert',
      'event.severity': 8,
      '@timestamp': RECEIVED_ISO,
    });
    expect(e['event.outcome']).toBeUndefined();
  });

  it.each([
    ['rt=1795342800000', '2026-11-22T10:20:00.000Z'],
    ['rt=1795342800', '2026-11-22T10:20:00.000Z'],
    ['rt=Nov 22 2026 10:20:00', '2026-11-22T10:20:00.000Z'],
    ['rt=Nov 22 2026 10:20:00.125 +0100', '2026-11-22T09:20:00.125Z'],
    ['rt=Nov 22 2026 10:20:00 Europe/Berlin', '2026-11-22T09:20:00.000Z'],
    ['rt=Nov 22 10:20:00 dtz=America/Chicago', '2026-11-22T16:20:00.000Z'],
    ['rt=2026-11-22T10:20:00.5Z', '2026-11-22T10:20:00.500Z'],
    ['start=Nov 22 2026 10:00:00 end=Nov 22 2026 10:05:00', '2026-11-22T10:05:00.000Z'],
    ['rt=yesterday', RECEIVED_ISO],
  ])('%s -> @timestamp %s', (ext, iso) => {
    expect(parse(`CEF:0|V|P|1|1|n|1|${ext}`)['@timestamp']).toBe(iso);
  });

  it('sets event.start and event.end', () => {
    const e = parse('CEF:0|V|P|1|1|n|1|start=1795342800000 end=1795342860000');
    expect([e['event.start'], e['event.end']]).toEqual([
      '2026-11-22T10:20:00.000Z',
      '2026-11-22T10:21:00.000Z',
    ]);
  });

  it('accepts full key names and keeps repeated keys as arrays', () => {
    const e = parse('CEF:0|V|P|1|1|n|1|sourceAddress=192.0.2.1 destinationPort=22 cs2=a cs2=b');
    expect([e['source.ip'], e['destination.port'], e['cef.extensions.cs2']]).toEqual([
      '192.0.2.1',
      22,
      ['a', 'b'],
    ]);
  });

  it('does not map values of the wrong shape, but keeps them raw', () => {
    const e = parse('CEF:0|V|P|1|1|n|1|src=not-an-ip dpt=99999 cat=Firewall Traffic outcome=maybe');
    expect(e['source.ip']).toBeUndefined();
    expect(e['destination.port']).toBeUndefined();
    expect(e['event.category']).toBeUndefined();
    expect(e['cef.extensions.cat']).toBe('Firewall Traffic');
    expect(e['cef.extensions.src']).toBe('not-an-ip');
  });

  it('lets the CEF process fields win over the syslog TAG', () => {
    const e = parse('<13>Nov 22 10:00:00 h agent[5]: CEF:0|V|P|1|1|n|1|dproc=powershell.exe dpid=4410');
    expect([e['process.name'], e['process.pid'], e['log.syslog.appname']]).toEqual([
      'powershell.exe',
      4410,
      'agent',
    ]);
  });

  it('accepts a header without the trailing pipe when there is no extension', () => {
    expect(parse('CEF:0|V|P|1|sig|Name|Low')).toMatchObject({ 'event.severity': 3, message: 'Name' });
  });

  it.each([
    ['0', 0],
    ['10', 10],
    ['7.5', 7.5],
    ['Low', 3],
    ['medium', 6],
    ['HIGH', 8],
    ['Very-High', 10],
    ['Unknown', null],
    ['11', null],
  ])('severity %j -> %s', (text, n) => {
    expect(cefSeverity(text)).toBe(n);
  });
});

describe('readExtension', () => {
  it('splits on keys, keeps spaces and unescaped = inside values, unescapes', () => {
    expect(readExtension('lead a=1 two words b=x\\=y\\\\z c=http://h/?p=q   ', 0, 45)).toEqual({
      keys: ['a', 'b', 'c'],
      values: ['1 two words', 'x=y\\z', 'http://h/?p=q'],
      leading: 'lead',
    });
  });

  it('caps the number of pairs', () => {
    const many = Array.from({ length: 1001 }, (_, i) => `k${i}=v`).join(' ');
    expect(readExtension(many, 0, many.length)).toBe(
      'extension has more than 1000 key=value pairs; refusing the line as hostile',
    );
  });
});

describe('parseCef: rejections', () => {
  it.each([
    ['CEF:0|V|P|1', 'CEF: header has 4 of the 7 "|"-separated fields'],
    ['CEF:x|V|P|1|1|n|1|', 'CEF: version "x" at offset 4 is not a number'],
    ['hello world', 'CEF: expected "CEF:" at offset 0 (or a syslog header before it), found "hello world"'],
    ['<13>Nov 22 10:00:00 h app: not cef', 'CEF: expected "CEF:" after the syslog header at offset 27'],
  ])('rejects %j', (raw, reason) => {
    expect(parseFail(parseCef, raw)).toContain(reason);
  });
});

describe('parseCef: property', () => {
  it('property: arbitrary text gives an event or a reason, never a throw', () => {
    fc.assert(
      neverThrows(
        parseCef,
        hostileText.map((s) => `CEF:${s}`),
      ),
      { numRuns: FUZZ_RUNS },
    );
    fc.assert(neverThrows(parseCef, fc.string({ unit: 'binary', maxLength: 200 })), { numRuns: FUZZ_RUNS });
  });

  it('property: mutated valid lines give an event or a reason, never a throw', () => {
    fc.assert(neverThrows(parseCef, mutatedLine(SAMPLES)), { numRuns: FUZZ_RUNS });
  });

  it('property: escaped extension values round-trip', () => {
    const value = fc.string({
      unit: fc.constantFrom('a', 'b', ' ', '=', '\\', '\n', '|', 'é'),
      maxLength: 20,
    });
    fc.assert(
      fc.property(value, (v) => {
        const escaped = v.replace(/[\\=]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
        const e = parseOk(parseCef, `CEF:0|V|P|1|1|n|1|k=${escaped} z=1`, CTX);
        expect(e['cef.extensions.k']).toBe(v.replace(/ +$/, ''));
        expect(e['cef.extensions.z']).toBe('1');
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
