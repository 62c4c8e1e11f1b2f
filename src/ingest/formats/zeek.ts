/**
 * Zeek JSON logs → ECS. The log is named by `_path` when present, else by its fields
 * (`zeek-logs.ts`). Every record gets the connection 4-tuple (`id.orig_h`... → source/destination
 * ip/port, written flat as Zeek does or nested as `{"id":{...}}`), `uid` → `zeek.session_id`,
 * `proto` → `network.transport`, `community_id`; the log's own mapping adds the rest. The record is
 * kept as written under `zeek.<log>.<field>`; `event.dataset` is `zeek.<log>`.
 * Time: `ts` in epoch seconds with fraction (or ISO text when Zeek writes ISO8601 timestamps).
 */
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { finishEvent, parseJsonObject } from './json-event.ts';
import { fieldName, flattenInto, newBudget } from './json-flatten.ts';
import { epochSecondsToIso, timeValueToIso } from './json-time.ts';
import { ip, type JsonObject, newEvent, obj, port, put, str } from './json-values.ts';
import { guessZeekLog, zeekLog } from './zeek-logs.ts';

/** Whether `o` looks like one Zeek log record. */
export function isZeekRecord(o: JsonObject): boolean {
  if (o.ts === undefined) return false;
  if (typeof o._path === 'string') return true;
  return (
    o.uid !== undefined && (o['id.orig_h'] !== undefined || obj(o.id) !== undefined || o.fuid !== undefined)
  );
}

/** `id.orig_h` written flat or nested under `id`. */
function idField(o: JsonObject, name: 'orig_h' | 'orig_p' | 'resp_h' | 'resp_p'): unknown {
  const flat = o[ID_FIELDS[name]];
  return flat !== undefined ? flat : obj(o.id)?.[name];
}

const ID_FIELDS = {
  orig_h: 'id.orig_h',
  orig_p: 'id.orig_p',
  resp_h: 'id.resp_h',
  resp_p: 'id.resp_p',
} as const;

const LOG_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function logName(o: JsonObject): string {
  const path = o._path;
  if (typeof path === 'string' && LOG_NAME.test(path)) return path;
  return guessZeekLog(o);
}

function zeekTime(ts: unknown): string | null {
  return typeof ts === 'number' ? epochSecondsToIso(ts) : timeValueToIso(ts, 'UTC');
}

/** Normalizes one parsed Zeek record; rejects records without a readable `ts`. */
export function normalizeZeek(o: JsonObject, raw: string, _ctx: ParseContext): ParseOutcome {
  const ts = zeekTime(o.ts);
  if (ts === null) {
    return {
      ok: false,
      reason:
        o.ts === undefined
          ? 'not a Zeek log record: it has no ts field'
          : 'Zeek record has an unreadable ts (expected epoch seconds or ISO 8601 text)',
    };
  }
  const log = logName(o);
  const dataset = fieldName('zeek', log);
  const budget = newBudget();
  const ev = newEvent();
  flattenInto(ev, dataset, o, budget);
  ev['event.kind'] = 'event';
  ev['event.module'] = 'zeek';
  ev['event.dataset'] = dataset;
  put(ev, 'source.ip', ip(idField(o, 'orig_h')));
  put(ev, 'source.port', port(idField(o, 'orig_p')));
  put(ev, 'destination.ip', ip(idField(o, 'resp_h')));
  put(ev, 'destination.port', port(idField(o, 'resp_p')));
  const uid = str(o.uid);
  if (uid !== undefined) ev['zeek.session_id'] = uid;
  else if (Array.isArray(o.conn_uids)) ev['zeek.session_id'] = o.conn_uids.map((u) => str(u) ?? '');
  put(ev, 'network.transport', str(o.proto)?.toLowerCase());
  put(ev, 'network.community_id', str(o.community_id));
  const mapping = zeekLog(log);
  if (mapping !== undefined) {
    ev['event.category'] = mapping.category.slice();
    ev['event.type'] = mapping.type.slice();
    mapping.map(ev, o);
  }
  return finishEvent(ev, raw, 'zeek', ts, budget.dropped);
}

/** Parses one Zeek JSON log record. */
export const parseZeek: Parser = (raw, ctx) => {
  const parsed = parseJsonObject(raw);
  return parsed.ok ? normalizeZeek(parsed.value, raw, ctx) : parsed;
};
