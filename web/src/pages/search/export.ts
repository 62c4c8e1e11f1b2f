/** The events on screen as NDJSON (one event per line) or CSV (one column per field, RFC 4180 quoting). */
import type { EventRecord } from '../../api/types.ts';

export function toNdjson(events: readonly EventRecord[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + (events.length > 0 ? '\n' : '');
}

/** Every field of the events, `@timestamp` first, then by name. */
export function fieldsOf(events: readonly EventRecord[]): string[] {
  const names = new Set<string>();
  for (const e of events) for (const k of Object.keys(e)) names.add(k);
  return [...names].sort((a, b) => (a === '@timestamp' ? -1 : b === '@timestamp' ? 1 : a.localeCompare(b)));
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(events: readonly EventRecord[], fields = fieldsOf(events)): string {
  const lines = [fields.map(cell).join(',')];
  for (const e of events) lines.push(fields.map((f) => cell(e[f])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
