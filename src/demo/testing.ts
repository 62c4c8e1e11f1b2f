/**
 * Independent well-formedness checks of demo records, for tests: each wire format's shape and
 * that the timestamp written in the text denotes the record's `time`. Written against the format
 * definitions, not with the generator's own formatting helpers.
 */
import type { DemoRecord } from './types.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const RFC3164 = /^<(\d{1,3})>([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) ([\w.-]+) (.+)$/;
export const RFC5424 =
  /^<(\d{1,3})>1 (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z) (\S+) (\S+) (\S+) (\S+) (-|(?:\[[^\s\]]+(?: [\w.-]+="(?:[^"\\\]]|\\.)*")*\])+)(?: (.*))?$/;

/** Count of `|` not escaped by a backslash. */
export function unescapedPipes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '|') n++;
  }
  return n;
}

/** Problem with an RFC 3164 header's time (whole second of `time`, UTC), or null. */
function check3164(m: RegExpExecArray, time: number): string | null {
  const d = new Date(time);
  const [, pri, mon, day, hh, mm, ss] = m;
  if (Number(pri) > 191) return `PRI ${pri} out of range`;
  if (MONTHS.indexOf(mon ?? '') !== d.getUTCMonth() || Number(day) !== d.getUTCDate())
    return `date ${mon} ${day}`;
  if (
    Number(hh) !== d.getUTCHours() ||
    Number(mm) !== d.getUTCMinutes() ||
    Number(ss) !== d.getUTCSeconds()
  ) {
    return `time ${hh}:${mm}:${ss}`;
  }
  return null;
}

function objectOf(raw: string): Record<string, unknown> | string {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : 'not a JSON object';
  } catch (e) {
    return `invalid JSON: ${(e as Error).message}`;
  }
}

const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

const sameMs = (text: unknown, time: number): boolean =>
  typeof text === 'string' && Date.parse(text) === time;

function checkWindows(o: Record<string, unknown>, time: number): string | null {
  if ('Event' in o) {
    const sys = rec(rec(o['Event'])['System']);
    if (typeof sys['EventID'] !== 'number' || typeof sys['EventRecordID'] !== 'number')
      return 'evtx: EventID/EventRecordID';
    if (typeof sys['Channel'] !== 'string' || typeof sys['Computer'] !== 'string')
      return 'evtx: Channel/Computer';
    const st = rec(rec(sys['TimeCreated'])['#attributes'])['SystemTime'];
    if (typeof st !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/.test(st))
      return `evtx: SystemTime ${st}`;
    if (Date.parse(`${st.slice(0, 23)}Z`) !== time || !st.endsWith('0000Z'))
      return `evtx: SystemTime ${st} is not the time`;
    return typeof rec(o['Event'])['EventData'] === 'object' ? null : 'evtx: EventData';
  }
  const w = rec(o['winlog']);
  if (!sameMs(o['@timestamp'], time)) return `winlogbeat: @timestamp ${String(o['@timestamp'])}`;
  if (typeof w['event_id'] !== 'string' || !/^\d+$/.test(w['event_id'])) return 'winlogbeat: winlog.event_id';
  if (rec(o['event'])['code'] !== w['event_id']) return 'winlogbeat: event.code differs from winlog.event_id';
  for (const k of ['channel', 'provider_name', 'computer_name', 'record_id']) {
    if (typeof w[k] !== 'string') return `winlogbeat: winlog.${k}`;
  }
  if (typeof w['event_data'] !== 'object') return 'winlogbeat: winlog.event_data';
  return typeof rec(o['host'])['name'] === 'string' ? null : 'winlogbeat: host.name';
}

function checkJson(r: DemoRecord, o: Record<string, unknown>): string | null {
  switch (r.format) {
    case 'windows':
      return checkWindows(o, r.time);
    case 'cloudtrail': {
      const t = o['eventTime'];
      if (typeof t !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(t) || !sameMs(t, r.time))
        return `eventTime ${t}`;
      if (typeof o['eventSource'] !== 'string' || typeof o['eventName'] !== 'string')
        return 'eventSource/eventName';
      const type = rec(o['userIdentity'])['type'];
      return ['IAMUser', 'AssumedRole', 'Root'].includes(String(type)) ? null : `userIdentity.type ${type}`;
    }
    case 'zeek': {
      if (!['conn', 'dns', 'http', 'ssl', 'files', 'ssh'].includes(String(o['_path'])))
        return `_path ${o['_path']}`;
      if (typeof o['ts'] !== 'number' || Math.round(o['ts'] * 1000) !== r.time) return `ts ${o['ts']}`;
      return typeof o['uid'] === 'string' ? null : 'uid';
    }
    case 'suricata': {
      const t = o['timestamp'];
      if (typeof t !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+0000$/.test(t))
        return `timestamp ${t}`;
      if (Date.parse(t.replace(/(\.\d{3})\d{3}\+0000$/, '$1Z')) !== r.time)
        return `timestamp ${t} is not the time`;
      return typeof o['event_type'] === 'string' && typeof o['src_ip'] === 'string'
        ? null
        : 'event_type/src_ip';
    }
    default:
      return sameMs(o['@timestamp'], r.time) ? null : `@timestamp ${o['@timestamp']}`;
  }
}

/** Null when the record's raw text is well-formed for its format and carries its time; else why not. */
export function wireProblem(r: DemoRecord): string | null {
  if (!Number.isInteger(r.time)) return 'time is not integer ms';
  if (['windows', 'cloudtrail', 'zeek', 'suricata', 'json'].includes(r.format)) {
    const o = objectOf(r.raw);
    return typeof o === 'string' ? o : checkJson(r, o);
  }
  if (r.format === 'syslog' && r.raw.startsWith('<') && r.raw.includes('>1 ')) {
    const m = RFC5424.exec(r.raw);
    return m && Date.parse(m[2] ?? '') === r.time ? null : 'not RFC 5424 at this time';
  }
  const m = RFC3164.exec(r.raw);
  if (!m) return 'not RFC 3164';
  const header = check3164(m, r.time);
  if (header) return header;
  if (r.format === 'syslog') return r.time % 1000 === 0 ? null : '3164 record time has a fraction';
  const body = m[8] ?? '';
  if (r.format === 'cef') {
    if (!body.startsWith('CEF:0|')) return 'no CEF:0 prefix';
    const ext = body.indexOf('|rt=');
    if (ext < 0 || unescapedPipes(body.slice(0, ext + 1)) !== 7)
      return 'CEF header does not have 7 unescaped pipes';
    return body.includes(`|rt=${r.time} `) ? null : 'CEF rt is not the time';
  }
  if (r.format === 'leef') {
    if (!body.startsWith('LEEF:2.0|') || unescapedPipes(body) !== 6 || !body.includes('|^|'))
      return 'bad LEEF 2.0 header';
    const attrs = body.slice(body.indexOf('|^|') + 3).split('^');
    if (!attrs.every((a) => /^\w+=/.test(a))) return 'LEEF attribute without key=';
    const dt = /^devTime=([A-Z][a-z]{2}) (\d{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(attrs[0] ?? '');
    if (!dt) return `LEEF devTime ${attrs[0]}`;
    const at = Date.UTC(
      Number(dt[3]),
      MONTHS.indexOf(dt[1] ?? ''),
      Number(dt[2]),
      Number(dt[4]),
      Number(dt[5]),
      Number(dt[6]),
    );
    return at === r.time ? null : 'LEEF devTime is not the time';
  }
  return `unexpected format ${r.format}`;
}
