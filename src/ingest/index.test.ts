import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMATS, type Format, isFormat, type VigilEvent } from '../core/event.ts';
import { asEvtx } from './formats/windows-samples.fixture.ts';
import { MAX_EVENT_BYTES, parseEvent } from './index.ts';
import type { ParseContext, ParseOutcome } from './types.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'UTC' };
const runs = Number(process.env.FUZZ_RUNS ?? 300);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(\d{3})?Z$/;

function ok(raw: string, format: Format = 'auto', c: ParseContext = ctx): VigilEvent {
  const out = parseEvent(raw, format, c);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

const SYSMON = asEvtx({
  id: 1,
  channel: 'Microsoft-Windows-Sysmon/Operational',
  provider: 'Microsoft-Windows-Sysmon',
  computer: 'WS01',
  time: '2026-11-22T10:00:00Z',
  record: 1,
  data: { Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd /c whoami', ProcessId: '900' },
});
const CLOUDTRAIL =
  '{"eventVersion":"1.08","eventTime":"2026-11-22T08:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.80","userIdentity":{"type":"IAMUser","userName":"alice"},"requestParameters":{"userName":"bob"}}';
const ZEEK =
  '{"_path":"conn","ts":1795341600.5,"uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":5000,"id.resp_h":"10.0.0.2","id.resp_p":22,"proto":"tcp","conn_state":"S0"}';
const SURICATA =
  '{"timestamp":"2026-11-22T10:00:00.000000+0000","flow_id":1,"event_type":"alert","src_ip":"10.0.0.1","src_port":5000,"dest_ip":"10.0.0.2","dest_port":22,"proto":"TCP","alert":{"action":"allowed","signature_id":2001219,"signature":"ET SCAN Potential SSH Scan","category":"Attempted Information Leak","severity":2}}';
const HEC = '{"time":1795341600,"sourcetype":"_json","event":{"msg":"hi"}}';
const RFC5424 =
  '<165>1 2026-11-22T10:00:00.003Z mymachine.example.com evntslog 8710 ID47 - An application event';
const RFC3164 = '<34>Nov 22 10:00:00 mymachine su: su root failed for lonvick on /dev/pts/8';
const CEF =
  'CEF:0|Trend Micro|Deep Security Agent|20.0|4000000|Eicar_test_file|6|cn1=1 cn1Label=Host ID dvc=10.0.0.7';
const LEEF = 'LEEF:1.0|Microsoft|MSExchange|2016|15345|src=10.50.1.1\tdst=2.10.20.20\tsev=5';

const SAMPLES = [
  SYSMON,
  CLOUDTRAIL,
  ZEEK,
  SURICATA,
  HEC,
  RFC5424,
  RFC3164,
  CEF,
  LEEF,
  '{"a":{"b":[1,2]}}',
  'plain',
];

/** The contract every outcome of the dispatcher keeps. */
function checkOutcome(raw: string, format: Format, out: ParseOutcome): void {
  if (!out.ok) {
    expect(typeof out.reason).toBe('string');
    expect(out.reason.length).toBeGreaterThan(0);
    expect(out.reason).not.toMatch(/^internal parser error/);
    return;
  }
  const ev = out.event;
  expect(ev['@timestamp']).toMatch(ISO);
  expect(ev['event.original']).toBe(raw);
  const f = ev['vigil.format'];
  expect(typeof f === 'string' && isFormat(f) && f !== 'auto').toBe(true);
  if (format !== 'auto' && format !== 'json' && format !== 'syslog' && format !== 'rfc3164')
    expect(f).toBe(format);
  for (const k of Object.keys(ev)) {
    const v = ev[k];
    const scalar = (x: unknown) =>
      x === null ||
      typeof x === 'string' ||
      typeof x === 'boolean' ||
      (typeof x === 'number' && Number.isFinite(x));
    expect(scalar(v) || (Array.isArray(v) && v.every(scalar))).toBe(true);
  }
}

describe('parseEvent: dispatch', () => {
  it.each([
    ['windows', SYSMON],
    ['cloudtrail', CLOUDTRAIL],
    ['zeek', ZEEK],
    ['suricata', SURICATA],
    ['hec', HEC],
    ['rfc5424', RFC5424],
    ['rfc3164', RFC3164],
    ['cef', CEF],
    ['leef', LEEF],
    ['json', '{"msg":"generic"}'],
    ['text', 'just words'],
  ])('auto-detects %s', (format, raw) => {
    expect(ok(raw)['vigil.format']).toBe(format);
  });

  it('gives the same event for a JSON source with auto, json and its own hint', () => {
    for (const [raw, hint] of [
      [SYSMON, 'windows'],
      [CLOUDTRAIL, 'cloudtrail'],
      [ZEEK, 'zeek'],
      [SURICATA, 'suricata'],
    ] as const) {
      expect(ok(raw, hint)).toEqual(ok(raw, 'auto'));
      expect(ok(raw, 'json')).toEqual(ok(raw, 'auto'));
    }
  });

  it('forces the hinted normalizer and rejects objects of another shape', () => {
    expect(parseEvent(ZEEK, 'windows', ctx)).toMatchObject({
      ok: false,
      reason: /not a Windows event record/,
    });
    expect(parseEvent(SURICATA, 'zeek', ctx)).toMatchObject({ ok: false, reason: /no ts field/ });
    expect(parseEvent(ZEEK, 'cloudtrail', ctx)).toMatchObject({ ok: false, reason: /neither eventName/ });
    expect(parseEvent('{"a":1}', 'suricata', ctx)).toMatchObject({ ok: false, reason: /no event_type/ });
    expect(parseEvent('not json', 'windows', ctx)).toMatchObject({ ok: false, reason: /invalid JSON/ });
  });

  it('unwraps HEC envelopes under auto and json, but not envelopes inside an HEC event', () => {
    expect(ok(HEC)).toMatchObject({ 'vigil.format': 'hec', msg: 'hi' });
    expect(ok(HEC, 'json')).toMatchObject({ 'vigil.format': 'hec', msg: 'hi' });
    const nested = JSON.stringify({ sourcetype: 'x', event: HEC });
    expect(ok(nested, 'hec')).toMatchObject({
      'vigil.format': 'hec',
      'hec.event_format': 'json',
      'event.msg': 'hi',
      sourcetype: '_json',
    });
  });

  it('auto keeps what it cannot place as text; explicit formats reject it', () => {
    expect(ok('{not json at all')).toMatchObject({ 'vigil.format': 'text', message: '{not json at all' });
    expect(parseEvent('{not json at all', 'json', ctx)).toMatchObject({ ok: false, reason: /invalid JSON/ });
    const badCef = '<13>Nov 22 10:00:00 host CEF:0|only|three';
    expect(ok(badCef)['vigil.format']).toBe('rfc3164');
    expect(parseEvent(badCef, 'cef', ctx).ok).toBe(false);
  });

  it('keeps JSON verdicts under auto: an envelope without event, a CloudTrail file', () => {
    expect(parseEvent('{"sourcetype":"x","event":""}', 'auto', ctx)).toEqual({
      ok: false,
      reason: 'Event field cannot be blank',
    });
    expect(parseEvent('{"Records":[]}', 'auto', ctx)).toMatchObject({ ok: false, reason: /split/ });
  });

  it('merges ctx.meta without overwriting parser output', () => {
    const meta = {
      'observer.ip': '10.9.9.9',
      'host.name': 'from-meta',
      'vigil.format': 'x',
      'peer.port': 514,
    };
    expect(ok(RFC3164, 'auto', { ...ctx, meta })).toMatchObject({
      'observer.ip': '10.9.9.9',
      'host.name': 'mymachine',
      'vigil.format': 'rfc3164',
      'peer.port': 514,
    });
    const bare = ok('{"a":1}', 'json', { ...ctx, meta: { 'host.name': 'from-meta', constructor: 'c' } });
    expect(bare['host.name']).toBe('from-meta');
    expect(bare.constructor).toBe('c');
  });

  it(`rejects events over MAX_EVENT_BYTES (${MAX_EVENT_BYTES}) counted in UTF-8`, () => {
    const pad = (n: number) => `{"m":"${'a'.repeat(n - 8)}"}`;
    expect(pad(MAX_EVENT_BYTES)).toHaveLength(MAX_EVENT_BYTES);
    expect(parseEvent(pad(MAX_EVENT_BYTES), 'json', ctx).ok).toBe(true);
    const over = parseEvent(pad(MAX_EVENT_BYTES + 1), 'json', ctx);
    expect(over).toMatchObject({ ok: false, reason: /1048576-byte limit/ });
    const wide = 'é'.repeat(MAX_EVENT_BYTES / 2 + 1); // 2 bytes each in UTF-8
    expect(parseEvent(wide, 'text', ctx)).toMatchObject({ ok: false, reason: /1048578 bytes/ });
    expect(parseEvent('é'.repeat(MAX_EVENT_BYTES / 2), 'text', ctx).ok).toBe(true);
  });
});

describe('parseEvent: properties', () => {
  const formats = fc.constantFrom(...FORMATS);

  it('property: any string in any format gives an event keeping the contract or a rejection', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })),
        formats,
        (raw, f) => {
          checkOutcome(raw, f, parseEvent(raw, f, ctx));
        },
      ),
      { numRuns: runs },
    );
  });

  it('property: any JSON value, as text, in any format', () => {
    fc.assert(
      fc.property(fc.jsonValue(), formats, (v, f) => {
        const raw = JSON.stringify(v) ?? 'null';
        checkOutcome(raw, f, parseEvent(raw, f, ctx));
      }),
      { numRuns: runs },
    );
  });

  it('property: JSON objects carrying known keys with arbitrary values', () => {
    const keys = fc.constantFrom(
      'winlog',
      'Event',
      'EventID',
      'Channel',
      'ts',
      'uid',
      'id.orig_h',
      '_path',
      'event_type',
      'timestamp',
      'eventName',
      'eventSource',
      'awsRegion',
      'Records',
      'event',
      'time',
      'host',
      'fields',
      'sourcetype',
      '@timestamp',
      'src_ip',
      'flow_id',
      'userIdentity',
      '__proto__',
      'constructor',
    );
    const obj = fc.dictionary(keys, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 });
    fc.assert(
      fc.property(obj, formats, (o, f) => {
        const raw = JSON.stringify(o);
        checkOutcome(raw, f, parseEvent(raw, f, ctx));
      }),
      { numRuns: runs },
    );
  });

  it('property: mutated valid samples in auto and in their own format', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 6 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...SAMPLES),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        formats,
        (s, ms, f) => {
          let raw = s;
          for (const m of ms) {
            const at = m.at % (raw.length + 1);
            if (m.kind === 'delete') raw = raw.slice(0, at) + raw.slice(at + m.len);
            else if (m.kind === 'insert') raw = raw.slice(0, at) + m.text + raw.slice(at);
            else raw = raw.slice(0, at);
          }
          checkOutcome(raw, f, parseEvent(raw, f, ctx));
          checkOutcome(raw, 'auto', parseEvent(raw, 'auto', ctx));
        },
      ),
      { numRuns: runs },
    );
  });

  it('property: auto never rejects a line that has non-blank content and fits the size cap', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (raw) => {
        fc.pre(raw.trim().length > 0 && !raw.trimStart().startsWith('{'));
        expect(parseEvent(raw, 'auto', ctx).ok).toBe(true);
      }),
      { numRuns: runs },
    );
  });
});
