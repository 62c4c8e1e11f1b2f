/**
 * One Splunk HTTP Event Collector envelope (`{"time","host","source","sourcetype","index",
 * "fields","event"}`) → an event.
 *
 * - `event` as an object is normalized like any JSON object (so Sysmon-as-JSON via HEC becomes a
 *   Windows event); a `sourcetype` naming a JSON source (`aws:cloudtrail`, `zeek*`, `suricata`,
 *   `XmlWinEventLog`-style names do not count) forces that normalizer first.
 * - `event` as text is parsed by the dispatcher in the format its `sourcetype` names (`syslog`,
 *   `cef`, `leef`, `_json`/`json`, `aws:cloudtrail`, `zeek*`/`bro*`, `suricata`, the Azure, Google,
 *   Kubernetes, Okta, OneLogin, GitHub, Bitbucket, Office 365 and web-server add-ons' names; see
 *   {@link sourcetypeFormat}; else auto). When
 *   the named format turns the text down, it is parsed again with auto-detection, so a mislabelled
 *   event is kept (as text at worst) rather than lost.
 * - `time` (epoch seconds, fraction allowed, or time text) overrides `@timestamp`; `host` fills
 *   `host.name` when the event has none; `fields.<k>` → `labels.<k>`; `index`, `source`,
 *   `sourcetype` → `hec.*`; the format the event text was parsed as → `hec.event_format`.
 * - `event.original` is the envelope text; `vigil.format` is `hec`.
 * The dispatcher is a parameter so this module does not import `../index.ts` (no import cycle).
 */
import type { Format } from '../../core/event.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { isJsonSourceFormat, normalizeJsonAs, normalizeJsonObject } from './json.ts';
import { parseJsonObject } from './json-event.ts';
import { fieldName, flattenInto, newBudget } from './json-flatten.ts';
import { epochAnyToIso, epochSecondsToIso, timeValueToIso } from './json-time.ts';
import { isObject, type JsonObject, jsonText, putIfAbsent, str } from './json-values.ts';

/** Parses one raw text in a format; given to the HEC parser by the dispatcher. */
export type Dispatch = (raw: string, format: Format, ctx: ParseContext) => ParseOutcome;

const ENVELOPE_KEYS = new Set(['time', 'host', 'source', 'sourcetype', 'index', 'fields', 'event']);

/**
 * Whether `o` is an HEC envelope: only envelope keys, an `event`, a text `host` and an object
 * `fields` if present, and either a non-object event or some other envelope key (so an ECS
 * document that happens to hold just `{"event":{...}}` is not taken for one).
 */
export function isHecEnvelope(o: JsonObject): boolean {
  if (o.event === undefined) return false;
  let others = 0;
  for (const k of Object.keys(o)) {
    if (!ENVELOPE_KEYS.has(k)) return false;
    if (k !== 'event') others++;
  }
  if (o.host !== undefined && typeof o.host !== 'string') return false;
  if (o.fields !== undefined && !isObject(o.fields)) return false;
  return !isObject(o.event) || others > 0;
}

/**
 * The format a Splunk `sourcetype` names (the names Splunk's own add-ons give these sources);
 * `auto` for unknown ones. Used for an envelope's `sourcetype` and for the `?sourcetype=` of raw
 * HEC requests.
 */
export function sourcetypeFormat(sourcetype: string | undefined): Format {
  if (sourcetype === undefined) return 'auto';
  const st = sourcetype.toLowerCase();
  if (st === '') return 'auto';
  if (st === '_json' || st === 'json' || st.endsWith(':json')) return 'json';
  if (st.startsWith('aws:cloudtrail')) return 'cloudtrail';
  if (st.startsWith('zeek') || st.startsWith('bro')) return 'zeek';
  if (st.startsWith('suricata')) return 'suricata';
  if (st.startsWith('azure:') || st.startsWith('mscs:azure')) return 'azure';
  if (st.startsWith('google:gcp') || st.startsWith('gws:')) return 'gcp';
  if (st.startsWith('kube') && st.includes('audit')) return 'kubernetes';
  if (st.startsWith('okta')) return 'okta';
  if (st.startsWith('onelogin')) return 'onelogin';
  if (st.startsWith('github')) return 'github';
  if (st.startsWith('bitbucket')) return 'bitbucket';
  if (st.startsWith('o365') || st.startsWith('ms:o365')) return 'm365';
  if (st.startsWith('opencanary')) return 'opencanary';
  if (st.startsWith('access_') || st.startsWith('apache') || st.startsWith('nginx') || st.includes('iis')) {
    return 'weblog';
  }
  if (st === 'linux:audit' || st === 'linux_audit' || st.startsWith('auditd')) return 'auditd';
  if (st.includes('wineventlog') || st.includes('sysmon') || st.startsWith('windows')) return 'windows';
  if (st.includes('syslog')) return 'syslog';
  if (st.startsWith('cef') || st.endsWith(':cef')) return 'cef';
  if (st.startsWith('leef') || st.endsWith(':leef')) return 'leef';
  return 'auto';
}

function hecTime(v: unknown, zone: string): string | null {
  if (typeof v === 'number') return v < 1e11 ? epochSecondsToIso(v) : epochAnyToIso(v);
  return timeValueToIso(v, zone);
}

function parseInner(o: JsonObject, raw: string, ctx: ParseContext, dispatch: Dispatch): ParseOutcome {
  const format = sourcetypeFormat(str(o.sourcetype));
  const event = o.event;
  if (isObject(event)) {
    if (isJsonSourceFormat(format)) {
      const forced = normalizeJsonAs(format, event, raw, ctx);
      if (forced.ok) return forced;
    }
    return normalizeJsonObject(event, raw, ctx);
  }
  const text = typeof event === 'string' ? event : jsonText(event);
  const first = dispatch(text, format, ctx);
  return first.ok || format === 'auto' ? first : dispatch(text, 'auto', ctx);
}

/** Turns one parsed HEC envelope into an event; `dispatch` parses text events. */
export function normalizeHec(
  o: JsonObject,
  raw: string,
  ctx: ParseContext,
  dispatch: Dispatch,
): ParseOutcome {
  if (o.event === undefined || o.event === null) return { ok: false, reason: 'Event field is required' };
  if (typeof o.event === 'string' && o.event.trim().length === 0) {
    return { ok: false, reason: 'Event field cannot be blank' };
  }
  const inner = parseInner(o, raw, ctx, dispatch);
  if (!inner.ok) return { ok: false, reason: `HEC event: ${inner.reason}` };
  const ev = inner.event;
  const innerFormat = ev['vigil.format'];
  ev['event.original'] = raw;
  ev['vigil.format'] = 'hec';
  if (typeof innerFormat === 'string') ev['hec.event_format'] = innerFormat;
  const time = o.time === undefined || o.time === null ? null : hecTime(o.time, ctx.assumeTimeZone);
  if (time !== null) ev['@timestamp'] = time;
  putIfAbsent(ev, 'host.name', str(o.host));
  if (isObject(o.fields)) {
    const budget = newBudget();
    for (const k of Object.keys(o.fields)) flattenInto(ev, fieldName('labels', k), o.fields[k], budget, 1);
  }
  const index = str(o.index);
  const source = str(o.source);
  const sourcetype = str(o.sourcetype);
  if (index !== undefined) ev['hec.index'] = index;
  if (source !== undefined) ev['hec.source'] = source;
  if (sourcetype !== undefined) ev['hec.sourcetype'] = sourcetype;
  return { ok: true, event: ev };
}

/** A parser for one HEC envelope text that parses string events with `dispatch`. */
export function createHecParser(dispatch: Dispatch): Parser {
  return (raw, ctx) => {
    const parsed = parseJsonObject(raw);
    return parsed.ok ? normalizeHec(parsed.value, raw, ctx, dispatch) : parsed;
  };
}
