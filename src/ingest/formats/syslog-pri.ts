/**
 * The syslog PRI part (`<134>`): reading it and spreading it into ECS fields
 * (`log.syslog.priority`, facility and severity codes and names, `log.level`).
 * Facility names are the conventional short keywords (`kern`, `auth`, `local7`); severity names
 * are the full RFC 5424 words in lower case (`error`, `informational`), also used as `log.level`.
 */
import type { VigilEvent } from '../../core/event.ts';
import { excerpt } from './syslog-scan.ts';

// Local copies: under tsx an imported binding costs a getter call per use, too slow in scan loops.
const GT = 0x3e;
const LT = 0x3c;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

export const FACILITY_NAMES: readonly string[] = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'audit',
  'alert',
  'clock',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
];

export const SEVERITY_NAMES: readonly string[] = [
  'emergency',
  'alert',
  'critical',
  'error',
  'warning',
  'notice',
  'informational',
  'debug',
];

/** A PRI read at some position: its value and the index just after `>`. */
export interface PriRead {
  pri: number;
  next: number;
}

/**
 * Reads `<PRI>` at `pos` (1 to 3 digits, 0 to 191). Returns the value, or a rejection text
 * without the format prefix, e.g. `invalid PRI "<999>" at offset 0: ...`.
 */
export function readPri(raw: string, pos: number, end: number): PriRead | string {
  if (raw.charCodeAt(pos) !== LT) return `expected "<PRI>" at offset ${pos}, found ${excerpt(raw, pos)}`;
  let i = pos + 1;
  let pri = 0;
  while (i < end && i - pos <= 3 && isDigit(raw.charCodeAt(i))) {
    pri = pri * 10 + (raw.charCodeAt(i) - 0x30);
    i++;
  }
  if (i === pos + 1 || raw.charCodeAt(i) !== GT || pri > 191) {
    const close = raw.indexOf('>', pos);
    const shown =
      close > pos && close - pos <= 8 ? JSON.stringify(raw.slice(pos, close + 1)) : excerpt(raw, pos, 8);
    return `invalid PRI ${shown} at offset ${pos}: expected "<" then a number from 0 to 191 then ">"`;
  }
  return { pri, next: i + 1 };
}

/** Writes the priority, facility, severity and `log.level` fields for `pri` into `event`. */
export function applyPri(event: VigilEvent, pri: number): void {
  const facility = pri >> 3;
  const severity = pri & 7;
  const severityName = SEVERITY_NAMES[severity] ?? 'unknown';
  event['log.syslog.priority'] = pri;
  event['log.syslog.facility.code'] = facility;
  event['log.syslog.facility.name'] = FACILITY_NAMES[facility] ?? `facility${facility}`;
  event['log.syslog.severity.code'] = severity;
  event['log.syslog.severity.name'] = severityName;
  event['log.level'] = severityName;
}
