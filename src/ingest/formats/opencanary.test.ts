/**
 * OpenCanary JSON lines → ECS. Samples are shaped like what OpenCanary writes
 * (https://github.com/thinkst/opencanary: `LoggerBase.sanitizeLog` in opencanary/logger.py fills
 * the common keys and `json.dumps(..., sort_keys=True)` orders them; the modules' `logdata`
 * keys as in opencanary/modules/ftp.py, http.py and portscan.py).
 */
import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext } from '../types.ts';
import { isOpenCanaryRecord, normalizeOpenCanary, parseOpenCanary } from './opencanary.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'Europe/Berlin' };

function ok(record: object): VigilEvent {
  const out = parseOpenCanary(JSON.stringify(record), ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

const times = {
  local_time: '2026-11-22 10:00:00.123456',
  local_time_adjusted: '2026-11-22 11:00:00.123456',
  utc_time: '2026-11-22 10:00:00.123456',
};

const FTP_LOGIN = {
  dst_host: '10.0.0.5',
  dst_port: 21,
  ...times,
  logdata: { PASSWORD: 'admin123', USERNAME: 'admin' },
  logtype: 2000,
  node_id: 'opencanary-1',
  src_host: '198.51.100.4',
  src_port: 51234,
};

const HTTP_LOGIN = {
  dst_host: '10.0.0.5',
  dst_port: 80,
  ...times,
  logdata: {
    HOSTNAME: 'nas01.corp.example',
    PASSWORD: 'Winter2026!',
    PATH: '/index.html',
    SKIN: 'nasLogin',
    USERAGENT: 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
    USERNAME: 'administrator',
  },
  logtype: 3001,
  node_id: 'opencanary-1',
  src_host: '198.51.100.4',
  src_port: 51302,
};

const SYN_SCAN = {
  dst_host: '10.0.0.5',
  dst_port: 3389,
  ...times,
  logdata: {
    FIN: '',
    ID: '23817',
    IN: 'eth0',
    LEN: '44',
    MAC: '00:16:3e:5a:11:02:00:16:3e:9c:44:01:08:00',
    OUT: '',
    PREC: '0x00',
    PROTO: 'TCP',
    RES: '0x00',
    SYN: '',
    TOS: '0x00',
    TTL: '41',
    URGP: '0',
    WINDOW: '1024',
  },
  logtype: 5001,
  node_id: 'opencanary-1',
  src_host: '203.0.113.77',
  src_port: 61234,
};

/** The "Canary running!!!" record logged at start: no peer, so sanitizeLog's '' and -1 defaults. */
const RUNNING = {
  dst_host: '',
  dst_port: -1,
  ...times,
  logdata: { msg: { logdata: 'Canary running!!!' } },
  logtype: 1001,
  node_id: 'opencanary-1',
  src_host: '',
  src_port: -1,
};

describe('parseOpenCanary', () => {
  it('maps an FTP login attempt to an ECS alert and keeps the record under opencanary.*', () => {
    const ev = ok(FTP_LOGIN);
    expect(ev).toMatchObject({
      '@timestamp': '2026-11-22T10:00:00.123456Z',
      'vigil.format': 'opencanary',
      'event.kind': 'alert',
      'event.module': 'opencanary',
      'event.dataset': 'opencanary.events',
      'event.code': '2000',
      'event.action': 'ftp.login_attempt',
      'event.category': ['intrusion_detection', 'authentication'],
      'source.ip': '198.51.100.4',
      'source.port': 51234,
      'destination.ip': '10.0.0.5',
      'destination.port': 21,
      'user.name': 'admin',
      'observer.name': 'opencanary-1',
      'observer.product': 'OpenCanary',
      'opencanary.logtype': 2000,
      'opencanary.logdata.USERNAME': 'admin',
      'opencanary.logdata.PASSWORD': 'admin123',
      'opencanary.node_id': 'opencanary-1',
    });
    expect(ev['event.original']).toBe(JSON.stringify(FTP_LOGIN));
  });

  it('reads the zone-less utc_time as UTC whatever zone the context assumes', () => {
    expect(ok({ ...FTP_LOGIN, utc_time: '2026-11-22 23:59:59.000001' })['@timestamp']).toBe(
      '2026-11-22T23:59:59.000001Z',
    );
  });

  it('takes the HTTP module request into user_agent and url, and other modules PATH not', () => {
    const ev = ok(HTTP_LOGIN);
    expect(ev['event.action']).toBe('http.post_login_attempt');
    expect(ev['user.name']).toBe('administrator');
    expect(ev['url.path']).toBe('/index.html');
    expect(ev['user_agent.original']).toContain('Firefox/132.0');
    const smb = ok({
      ...FTP_LOGIN,
      logtype: 5000,
      logdata: { FILENAME: 'Q1 Budget.txt', PATH: 'Finance/Q1 Budget.txt', USER: 'bob' },
    });
    expect(smb['url.path']).toBeUndefined();
    expect(smb['user.name']).toBe('bob');
    expect(smb['event.action']).toBe('smb.file_open');
  });

  it('names a port scan and does not call it an authentication', () => {
    const ev = ok(SYN_SCAN);
    expect(ev['event.action']).toBe('portscan.syn');
    expect(ev['event.category']).toEqual(['intrusion_detection']);
    expect(ev['event.kind']).toBe('alert');
    expect(ev['opencanary.logdata.PROTO']).toBe('TCP');
    expect(ev['user.name']).toBeUndefined();
  });

  it("treats the canary's own status records as events, without the '' / -1 peer placeholders", () => {
    const ev = ok(RUNNING);
    expect(ev['event.kind']).toBe('event');
    expect(ev['event.action']).toBe('canary.message');
    expect(ev['event.category']).toBeUndefined();
    for (const f of ['source.ip', 'source.domain', 'source.port', 'destination.ip', 'destination.port']) {
      expect(ev[f], f).toBeUndefined();
    }
    expect(ev['opencanary.logdata.msg.logdata']).toBe('Canary running!!!');
  });

  it('names the custom-module range and leaves an unknown logtype without an action', () => {
    expect(ok({ ...FTP_LOGIN, logtype: 99003 })['event.action']).toBe('user.3');
    const unknown = ok({ ...FTP_LOGIN, logtype: 42001 });
    expect(unknown['event.action']).toBeUndefined();
    expect(unknown['event.code']).toBe('42001');
  });

  it('falls back to the receive time when the record has no readable time', () => {
    const { utc_time: _u, local_time: _l, ...rest } = FTP_LOGIN;
    expect(ok(rest)['@timestamp']).toBe('2026-11-22T12:00:00.000Z');
  });

  it('rejects what it cannot read, saying why', () => {
    const notJson = parseOpenCanary('{"logtype": 2000', ctx);
    expect(notJson.ok).toBe(false);
    const noType = normalizeOpenCanary({ node_id: 'opencanary-1', utc_time: times.utc_time }, '{}', ctx);
    expect(noType).toMatchObject({ ok: false, reason: expect.stringContaining('logtype') });
  });
});

describe('isOpenCanaryRecord', () => {
  it('claims OpenCanary records', () => {
    for (const r of [FTP_LOGIN, HTTP_LOGIN, SYN_SCAN, RUNNING]) expect(isOpenCanaryRecord(r)).toBe(true);
  });

  it("does not claim other sources' records", () => {
    const others = [
      // CloudTrail
      {
        eventVersion: '1.09',
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        awsRegion: 'us-east-1',
      },
      // winlogbeat
      { '@timestamp': '2026-11-22T10:00:00Z', winlog: { event_id: '4625', channel: 'Security' } },
      // Zeek conn
      { ts: 1763805600.1, uid: 'CAbc1', 'id.orig_h': '198.51.100.4', 'id.resp_h': '10.0.0.5', proto: 'tcp' },
      // Suricata EVE
      { timestamp: '2026-11-22T10:00:00.000000+0000', event_type: 'alert', src_ip: '198.51.100.4' },
      // ECS JSON
      { '@timestamp': '2026-11-22T10:00:00Z', event: { code: '2000' }, observer: { name: 'opencanary-1' } },
      // a logtype given as text is not what OpenCanary writes
      { ...FTP_LOGIN, logtype: '2000' },
    ];
    for (const o of others) expect(isOpenCanaryRecord(o), JSON.stringify(o)).toBe(false);
  });
});
