/**
 * W3C Extended Log File Format lines (IIS's default log format) into an {@link AccessRecord}
 * (https://www.w3.org/TR/WD-logfile.html; IIS fields:
 * https://learn.microsoft.com/en-us/windows/win32/http/w3c-logging).
 *
 * A W3C file says what its lines hold in directives: `#Software:`, `#Version:`, `#Date:` and
 * `#Fields: date time s-ip cs-method ...`, and may repeat them mid-file (IIS does after a restart).
 *
 * Choices:
 * - Field names are lower-cased; a header field `cs(User-Agent)` becomes `cs-user-agent` (the
 *   name SigmaHQ rules use, and no parentheses in event field names).
 * - Values are split on spaces; a value in double quotes (with `""` for a quote, as the W3C draft
 *   says) may hold spaces. `-` means no value.
 * - `date` + `time` are UTC (the W3C format's definition, and what IIS writes).
 * - A line read without a `#Fields:` directive is accepted only in IIS's default field order
 *   ({@link IIS_DEFAULT_FIELDS}, 15 values); it is then IIS's. With directives, the line is IIS's
 *   when `#Software:` names Microsoft Internet Information Services.
 */
import { millisToIso } from '../../core/time.ts';
import type { AccessRecord, WebServer } from './weblog-ecs.ts';

/** The fields IIS 8.5+ logs by default, in order (and Elastic's IIS pipeline's first pattern). */
export const IIS_DEFAULT_FIELDS: readonly string[] = [
  'date',
  'time',
  's-ip',
  'cs-method',
  'cs-uri-stem',
  'cs-uri-query',
  's-port',
  'cs-username',
  'c-ip',
  'cs-user-agent',
  'cs-referer',
  'sc-status',
  'sc-substatus',
  'sc-win32-status',
  'time-taken',
];

/** What a file's directives have said so far. */
export interface W3cDirectives {
  fields: readonly string[] | null;
  server: WebServer | undefined;
}

export type W3cOutcome = { ok: true; record: AccessRecord } | { ok: false; reason: string };

const MAX_FIELDS = 256;
const W3C_DATE = /^\d{4}-\d{2}-\d{2}$/;
const W3C_TIME = /^\d{2}:\d{2}:\d{2}(\.\d{1,7})?$/;

/** `cs(User-Agent)` → `cs-user-agent`, `sc-Status` → `sc-status`. */
export function w3cFieldName(name: string): string {
  const paren = /^([a-z]{1,2})\((.+)\)$/i.exec(name);
  return (paren === null ? name : `${paren[1]}-${paren[2]}`).toLowerCase();
}

/** Whether the line is a directive (`#Name: ...`); those are never events. */
export function isW3cDirective(line: string): boolean {
  return /^#[A-Za-z-]+:/.test(line);
}

/**
 * Applies one directive line to `state`: `#Fields:` sets the field list, `#Software:` the server.
 * Returns a reason when a `#Fields:` line is unusable (empty, too long).
 */
export function applyDirective(state: W3cDirectives, line: string): string | null {
  const colon = line.indexOf(':');
  const name = line.slice(1, colon).toLowerCase();
  const value = line.slice(colon + 1).trim();
  if (name === 'software') {
    state.server = /internet information services/i.test(value) ? 'iis' : undefined;
  } else if (name === 'fields') {
    const fields = value.split(/\s+/).filter((f) => f !== '');
    if (fields.length === 0 || fields.length > MAX_FIELDS)
      return `W3C #Fields: directive with ${fields.length} fields (expected 1 to ${MAX_FIELDS})`;
    state.fields = fields.map(w3cFieldName);
  }
  return null;
}

/** The values of one W3C line: space-separated, `"..."` quoted (with `""` inside); null when a quote is open. */
export function splitW3c(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const close = line.indexOf('"', j);
        if (close < 0) return null;
        value += line.slice(j, close);
        if (line[close + 1] !== '"') {
          j = close + 1;
          break;
        }
        value += '"';
        j = close + 2;
      }
      out.push(value);
      i = j;
    } else {
      let j = i;
      while (j < line.length && line[j] !== ' ' && line[j] !== '\t') j++;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** `date` + `time` (UTC) to canonical ISO, or null. */
function w3cTime(date: string | undefined, time: string | undefined): string | null {
  if (date === undefined || time === undefined || !W3C_DATE.test(date) || !W3C_TIME.test(time)) return null;
  const ms = Date.parse(`${date}T${time.slice(0, 8)}Z`);
  // a date Date.parse rolls over (02-30) is impossible; IIS may write 7 fraction digits, Vigil keeps 6
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return null;
  return millisToIso(ms + (time.length > 9 ? Number(`0.${time.slice(9, 15)}`) * 1000 : 0));
}

/** Reads one W3C data line with the given field list. */
export function readW3c(line: string, fields: readonly string[], server: WebServer | undefined): W3cOutcome {
  const values = splitW3c(line);
  if (values === null) return { ok: false, reason: 'W3C log line with an unclosed quoted value' };
  if (values.length !== fields.length) {
    return {
      ok: false,
      reason:
        `W3C log line has ${values.length} values but its #Fields: directive names ${fields.length}; ` +
        'read the file with its #Fields: line (weblogFileReader) or log IIS default fields',
    };
  }
  const f = new Map<string, string>();
  fields.forEach((name, k) => {
    const v = values[k];
    if (v !== undefined && v !== '-' && v !== '') f.set(name, v);
  });
  return {
    ok: true,
    record: {
      server,
      fields: f,
      timestamp: w3cTime(f.get('date'), f.get('time')),
      // IIS writes a space in a value as `+` (W3C quotes such values, see splitW3c)
      plusForSpace: server === 'iis',
    },
  };
}

/** Whether a line without directives looks like IIS's default fields: date, time, 15 values, a method. */
export function isIisDefaultLine(line: string): boolean {
  const values = line.split(' ');
  return (
    values.length === IIS_DEFAULT_FIELDS.length &&
    W3C_DATE.test(values[0] ?? '') &&
    W3C_TIME.test(values[1] ?? '') &&
    /^[A-Z][A-Z0-9_-]*$/.test(values[3] ?? '') &&
    /^\d{3}$/.test(values[11] ?? '')
  );
}
