/**
 * Each wire format's own timestamp syntax, all in UTC, from integer epoch milliseconds.
 */
import { millisToIso } from '../core/time.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function parts(ms: number) {
  const d = new Date(ms);
  return {
    y: d.getUTCFullYear(),
    mon: d.getUTCMonth(),
    d: d.getUTCDate(),
    hms: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    ms3: pad(d.getUTCMilliseconds(), 3),
  };
}

/** ISO with milliseconds and Z: `2026-11-22T08:01:02.123Z` (winlogbeat, JSON apps, RFC 5424). */
export function isoMillis(ms: number): string {
  return millisToIso(Math.floor(ms));
}

/** RFC 3164: `Nov 22 08:01:02`, day space-padded (`Nov  2`). */
export function rfc3164Stamp(ms: number): string {
  const p = parts(ms);
  return `${MONTHS[p.mon]} ${String(p.d).padStart(2, ' ')} ${p.hms}`;
}

/** Windows SystemTime as evtx_dump prints it, 100ns digits: `2026-11-22T08:01:02.1230000Z`. */
export function evtxStamp(ms: number): string {
  const p = parts(ms);
  return `${p.y}-${pad(p.mon + 1)}-${pad(p.d)}T${p.hms}.${p.ms3}0000Z`;
}

/** Sysmon `UtcTime`: `2026-11-22 08:01:02.123`. */
export function sysmonStamp(ms: number): string {
  const p = parts(ms);
  return `${p.y}-${pad(p.mon + 1)}-${pad(p.d)} ${p.hms}.${p.ms3}`;
}

/** Suricata EVE: `2026-11-22T08:01:02.123000+0000`. */
export function suricataStamp(ms: number): string {
  const p = parts(ms);
  return `${p.y}-${pad(p.mon + 1)}-${pad(p.d)}T${p.hms}.${p.ms3}000+0000`;
}

/** CloudTrail `eventTime`: `2026-11-22T08:01:02Z` (whole seconds). */
export function cloudTrailStamp(ms: number): string {
  const p = parts(ms);
  return `${p.y}-${pad(p.mon + 1)}-${pad(p.d)}T${p.hms}Z`;
}

/** Zeek `ts`: epoch seconds with a fraction (a JSON number). */
export function zeekTs(ms: number): number {
  return Math.floor(ms) / 1000;
}

/** LEEF default devTime (`MMM dd yyyy HH:mm:ss`): `Nov 22 2026 08:01:02`. */
export function leefStamp(ms: number): string {
  const p = parts(ms);
  return `${MONTHS[p.mon]} ${pad(p.d)} ${p.y} ${p.hms}`;
}
