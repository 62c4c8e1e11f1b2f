import { describe, expect, it } from 'vitest';
import type { Format, VigilEvent } from '../../core/event.ts';
import { parseHec } from '../index.ts';
import type { ParseContext, ParseOutcome } from '../types.ts';
import { createHecParser, isHecEnvelope, sourcetypeFormat } from './hec.ts';
import { asBeat } from './windows-samples.fixture.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'UTC' };

function ok(raw: string): VigilEvent {
  const out = parseHec(raw, ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

describe('parseHec', () => {
  it('an object event with envelope metadata: exact event', () => {
    const raw = JSON.stringify({
      time: 1795341600.25,
      host: 'web01',
      source: '/var/log/app/app.json',
      sourcetype: '_json',
      index: 'main',
      fields: { env: 'prod', team: ['blue', 'red'] },
      event: { level: 'info', msg: 'started', ts: '2026-11-22T09:00:00Z' },
    });
    expect(ok(raw)).toEqual({
      '@timestamp': '2026-11-22T10:00:00.250Z',
      'event.original': raw,
      'vigil.format': 'hec',
      'hec.event_format': 'json',
      level: 'info',
      msg: 'started',
      ts: '2026-11-22T09:00:00Z',
      'host.name': 'web01',
      'labels.env': 'prod',
      'labels.team': ['blue', 'red'],
      'hec.index': 'main',
      'hec.source': '/var/log/app/app.json',
      'hec.sourcetype': '_json',
    });
  });

  it('a Sysmon event sent as an object is normalized as Windows', () => {
    const sysmon = JSON.parse(
      asBeat({
        id: 1,
        channel: 'Microsoft-Windows-Sysmon/Operational',
        provider: 'Microsoft-Windows-Sysmon',
        computer: 'WS01',
        time: '2026-11-22T10:00:00Z',
        record: 5,
        data: { Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd.exe /c whoami', ProcessId: '77' },
      }),
    ) as unknown;
    const raw = JSON.stringify({
      sourcetype: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational',
      event: sysmon,
    });
    expect(ok(raw)).toMatchObject({
      'vigil.format': 'hec',
      'hec.event_format': 'windows',
      'event.original': raw,
      'event.module': 'sysmon',
      'process.command_line': 'cmd.exe /c whoami',
      'process.name': 'cmd.exe',
      'winlog.event_id': 1,
      'hec.sourcetype': 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational',
    });
  });

  it('sourcetype aws:cloudtrail forces the CloudTrail normalizer on an object event', () => {
    const raw = JSON.stringify({
      sourcetype: 'aws:cloudtrail',
      event: {
        eventName: 'ConsoleLogin',
        eventSource: 'signin.amazonaws.com',
        eventTime: '2026-11-22T08:00:00Z',
      },
    });
    expect(ok(raw)).toMatchObject({
      'hec.event_format': 'cloudtrail',
      'event.action': 'ConsoleLogin',
      '@timestamp': '2026-11-22T08:00:00.000Z',
    });
  });

  it('a syslog string event is parsed by the syslog parser; HEC time and fields win', () => {
    const raw =
      '{"time":"1795341600","host":"collector","sourcetype":"syslog","fields":{"dc":"fra1"},"event":"<38>Nov 22 09:59:59 bastion sshd[4242]: Failed password for root from 203.0.113.7 port 52211 ssh2"}';
    expect(ok(raw)).toMatchObject({
      '@timestamp': '2026-11-22T10:00:00.000Z',
      'event.original': raw,
      'vigil.format': 'hec',
      'hec.event_format': 'rfc3164',
      'host.name': 'bastion',
      'labels.dc': 'fra1',
      message: 'Failed password for root from 203.0.113.7 port 52211 ssh2',
    });
  });

  it('a CEF string event with sourcetype cef', () => {
    const raw = JSON.stringify({
      sourcetype: 'cef',
      event: 'CEF:0|Fortinet|FortiGate|7.4|13|Deny|5|src=10.0.0.5 dst=198.51.100.20 dpt=3389',
    });
    expect(ok(raw)).toMatchObject({
      'hec.event_format': 'cef',
      'source.ip': '10.0.0.5',
      'destination.ip': '198.51.100.20',
    });
  });

  it('a JSON string event with sourcetype _json is parsed as JSON, and one with auto too', () => {
    for (const sourcetype of ['_json', 'my:custom']) {
      const raw = JSON.stringify({ sourcetype, event: '{"user":{"name":"alice"},"action":"login"}' });
      expect(ok(raw)).toMatchObject({ 'hec.event_format': 'json', 'user.name': 'alice', action: 'login' });
    }
  });

  it('keeps a mislabelled string event by parsing it again with auto-detection', () => {
    const raw = JSON.stringify({ sourcetype: 'cef', event: 'plain words, not CEF at all' });
    expect(ok(raw)).toMatchObject({ 'hec.event_format': 'text', message: 'plain words, not CEF at all' });
  });

  it('host fills host.name only when the event has none; a bad time is ignored', () => {
    const raw = JSON.stringify({
      host: 'hec-host',
      time: 'not a time',
      event: { host: { name: 'real' }, x: 1 },
    });
    expect(ok(raw)).toMatchObject({ 'host.name': 'real', '@timestamp': '2026-11-22T12:00:00.000Z' });
  });

  it('a non-text scalar event is kept as text', () => {
    expect(ok('{"event":12345,"sourcetype":"x"}')).toMatchObject({
      message: '12345',
      'hec.event_format': 'text',
    });
  });

  it.each([
    ['{"time":1795341600,"host":"h"}', 'Event field is required'],
    ['{"event":null}', 'Event field is required'],
    ['{"event":""}', 'Event field cannot be blank'],
    ['{"event":"   "}', 'Event field cannot be blank'],
  ])('rejects %s with HEC wording', (raw, reason) => {
    expect(parseHec(raw, ctx)).toEqual({ ok: false, reason });
  });

  it.each([
    ['{"event":', /invalid JSON/],
    ['[{"event":"a"}]', /one JSON object per event/],
    [
      JSON.stringify({ event: '{"Records":[]}', sourcetype: 'aws:cloudtrail' }),
      /^HEC event: .*CloudTrail log file/,
    ],
  ])('rejects %s', (raw, reason) => {
    const out = parseHec(raw, ctx);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.reason).toMatch(reason);
  });
});

describe('HEC helpers', () => {
  it.each([
    ['_json', 'json'],
    ['aws:cloudtrail', 'cloudtrail'],
    ['zeek:conn', 'zeek'],
    ['bro_dns', 'zeek'],
    ['suricata', 'suricata'],
    ['syslog', 'syslog'],
    ['linux:syslog', 'syslog'],
    ['CEF', 'cef'],
    ['leef', 'leef'],
    ['access_combined', 'weblog'],
    ['ms:iis:auto', 'weblog'],
    ['azure:monitor:aad', 'azure'],
    ['mscs:azure:eventhub', 'azure'],
    ['google:gcp:pubsub:message', 'gcp'],
    ['gws:reports:admin', 'gcp'],
    ['kube:apiserver:audit', 'kubernetes'],
    ['OktaIM2:log', 'okta'],
    ['onelogin:event', 'onelogin'],
    ['github:enterprise:audit', 'github'],
    ['bitbucket:audit', 'bitbucket'],
    ['o365:management:activity', 'm365'],
    ['linux:audit', 'auditd'],
    ['XmlWinEventLog', 'windows'],
    ['mystery', 'auto'],
    [undefined, 'auto'],
  ] as const)('sourcetype %s → %s', (st, format) => {
    expect(sourcetypeFormat(st)).toBe(format);
  });

  it.each([
    [{ event: 'x' }, true],
    [{ event: { a: 1 }, sourcetype: 's' }, true],
    [{ event: { kind: 'alert' } }, false],
    [{ event: 'x', message: 'other key' }, false],
    [{ event: 'x', host: { name: 'ecs host' } }, false],
    [{ event: 'x', fields: 'not an object' }, false],
    [{ time: 1 }, false],
  ])('isHecEnvelope(%j) is %s', (o, expected) => {
    expect(isHecEnvelope(o)).toBe(expected);
  });

  it('hands text events to the dispatcher with the sourcetype format, then auto when that fails', () => {
    const calls: Array<[string, Format]> = [];
    const dispatch = (raw: string, format: Format): ParseOutcome => {
      calls.push([raw, format]);
      return format === 'auto'
        ? { ok: true, event: { '@timestamp': 'x', 'event.original': raw, 'vigil.format': 'text' } }
        : { ok: false, reason: 'nope' };
    };
    const out = createHecParser(dispatch)('{"sourcetype":"suricata","event":"line"}', ctx);
    expect(calls).toEqual([
      ['line', 'suricata'],
      ['line', 'auto'],
    ]);
    expect(out.ok && out.event['hec.event_format']).toBe('text');
  });
});
