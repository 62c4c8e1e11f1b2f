import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../types.ts';
import { classifyJson, JSON_TIME_KEYS, parseJson } from './json.ts';
import { MAX_FLATTEN_FIELDS } from './json-flatten.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12, 0, 0), assumeTimeZone: 'UTC' };
const RECEIVED = '2026-11-22T12:00:00.000Z';

function ok(raw: string, c: ParseContext = ctx) {
  const out = parseJson(raw, c);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

describe('parseJson: generic objects', () => {
  it('flattens an application log line into an exact event', () => {
    const raw =
      '{"ts":"2026-11-22T10:00:01.250Z","level":"warn","msg":"slow query","db":{"ms":812,"table":"users"}}';
    expect(ok(raw)).toEqual({
      '@timestamp': '2026-11-22T10:00:01.250Z',
      'event.original': raw,
      'vigil.format': 'json',
      ts: '2026-11-22T10:00:01.250Z',
      level: 'warn',
      msg: 'slow query',
      'db.ms': 812,
      'db.table': 'users',
    });
  });

  it('gives ECS names for an event that is already ECS (Filebeat / Elastic Agent)', () => {
    const raw = JSON.stringify({
      '@timestamp': '2026-11-22T09:59:58.123Z',
      event: { kind: 'event', category: ['network'], dataset: 'panw.panos', original: 'inner line' },
      source: { ip: '192.0.2.10', port: 51514, geo: { country_iso_code: 'NL' } },
      destination: { ip: '198.51.100.7', port: 443 },
      observer: { vendor: 'Palo Alto Networks', type: 'firewall' },
      related: { ip: ['192.0.2.10', '198.51.100.7'] },
      agent: { type: 'filebeat', version: '8.15.0' },
    });
    expect(ok(raw)).toMatchObject({
      '@timestamp': '2026-11-22T09:59:58.123Z',
      'event.original': raw,
      'event.kind': 'event',
      'event.category': ['network'],
      'event.dataset': 'panw.panos',
      'source.ip': '192.0.2.10',
      'source.port': 51514,
      'source.geo.country_iso_code': 'NL',
      'destination.ip': '198.51.100.7',
      'destination.port': 443,
      'observer.vendor': 'Palo Alto Networks',
      'related.ip': ['192.0.2.10', '198.51.100.7'],
      'agent.type': 'filebeat',
      'vigil.format': 'json',
    });
  });

  it('tries the time keys in the documented order', () => {
    expect(JSON_TIME_KEYS.slice(0, 5)).toEqual(['@timestamp', 'timestamp', 'time', 'ts', 'eventTime']);
    expect(ok('{"time":"2026-01-01T00:00:00Z","@timestamp":"2026-02-02T00:00:00Z"}')['@timestamp']).toBe(
      '2026-02-02T00:00:00.000Z',
    );
    expect(ok('{"date":"2026-01-01T00:00:00Z","time":0.004}')['@timestamp']).toBe('2026-01-01T00:00:00.000Z');
  });

  it.each([
    ['{"timestamp":1795341600}', '2026-11-22T10:00:00.000Z'],
    ['{"time":1795341600123}', '2026-11-22T10:00:00.123Z'],
    ['{"ts":"1795341600.25"}', '2026-11-22T10:00:00.250Z'],
    ['{"eventTime":"2026-11-22T10:00:00Z"}', '2026-11-22T10:00:00.000Z'],
    ['{"date":"2026-11-22"}', '2026-11-22T00:00:00.000Z'],
    ['{"created_at":"2026-11-22 11:00:00"}', '2026-11-22T11:00:00.000Z'],
  ])('reads the time of %s', (raw, expected) => {
    expect(ok(raw)['@timestamp']).toBe(expected);
  });

  it('reads zone-less times in the assumed zone', () => {
    const berlin = { ...ctx, assumeTimeZone: 'Europe/Berlin' };
    expect(ok('{"time":"2026-11-22 11:00:00"}', berlin)['@timestamp']).toBe('2026-11-22T10:00:00.000Z');
  });

  it('falls back to the receive time when no field reads as a time', () => {
    expect(ok('{"msg":"no time here","time":"whenever"}')['@timestamp']).toBe(RECEIVED);
    expect(ok('{}')).toEqual({ '@timestamp': RECEIVED, 'event.original': '{}', 'vigil.format': 'json' });
  });

  it('keeps the raw text exactly, including a BOM and surrounding blanks', () => {
    const raw = '\uFEFF  {"a":1}\r\n';
    expect(ok(raw)['event.original']).toBe(raw);
  });

  it('records fields dropped at the field cap', () => {
    const o: Record<string, number> = {};
    for (let i = 0; i < MAX_FLATTEN_FIELDS + 3; i++) o[`k${i}`] = i;
    expect(ok(JSON.stringify(o))['vigil.dropped_fields']).toBe(3);
  });
});

describe('parseJson: known shapes are handed to their normalizer', () => {
  it.each([
    [
      'cloudtrail',
      {
        eventVersion: '1.08',
        eventSource: 'iam.amazonaws.com',
        eventName: 'ListUsers',
        awsRegion: 'us-east-1',
      },
    ],
    [
      'suricata',
      { timestamp: '2026-11-22T10:00:00.000000+0000', flow_id: 1, event_type: 'flow', src_ip: '10.0.0.1' },
    ],
    ['zeek', { _path: 'conn', ts: 1795341600.5, uid: 'C1', 'id.orig_h': '10.0.0.1' }],
    ['zeek', { ts: 1795341600.5, uid: 'C1', 'id.orig_h': '10.0.0.1', 'id.resp_h': '10.0.0.2' }],
    ['windows', { winlog: { event_id: '4624', channel: 'Security' } }],
    ['windows', { Event: { System: { EventID: 4624, Channel: 'Security' } } }],
    ['windows', { EventID: 4624, Channel: 'Security', Hostname: 'DC01' }],
    ['windows', { Id: 4104, LogName: 'Microsoft-Windows-PowerShell/Operational', MachineName: 'WS01' }],
    ['json', { eventName: 'x' }],
    ['json', { ts: 1795341600, msg: 'no uid' }],
    ['json', { event_type: 'alert', timestamp: 'x' }],
  ] as const)('%s: %j', (format, o) => {
    expect(classifyJson(o)).toBe(format);
    expect(ok(JSON.stringify(o))['vigil.format']).toBe(format);
  });

  it('falls back to the generic event when a shape matched but its normalizer turned it down', () => {
    const raw = '{"winlog":{"channel":"Security"},"message":"no event id"}';
    expect(classifyJson(JSON.parse(raw))).toBe('windows');
    expect(ok(raw)).toEqual({
      '@timestamp': RECEIVED,
      'event.original': raw,
      'vigil.format': 'json',
      'winlog.channel': 'Security',
      message: 'no event id',
    });
  });

  it('rejects a CloudTrail log file, saying to split it', () => {
    const out = parseJson('{"Records":[{"eventName":"ListUsers","eventSource":"iam.amazonaws.com"}]}', ctx);
    expect(out).toMatchObject({ ok: false });
    expect(!out.ok && out.reason).toMatch(/Records.*split/);
  });
});

describe('parseJson: rejections', () => {
  it.each([
    ['', /empty input/],
    ['   \n', /empty input/],
    ['{"a":', /invalid JSON/],
    ["{'a':1}", /invalid JSON/],
    ['[{"a":1},{"a":2}]', /got an array; send one object per event/],
    ['42', /got a number/],
    ['"text"', /got a string/],
    ['null', /got null/],
  ])('%j', (raw, reason) => {
    const out = parseJson(raw, ctx);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.reason).toMatch(reason);
  });
});
