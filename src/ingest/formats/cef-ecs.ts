/**
 * Value conversions from CEF/LEEF key=value pairs to ECS fields, shared by both parsers:
 * addresses only when they are IP literals, ports and counters as numbers, protocol names in
 * lower case (IANA numbers 1/6/17/... named), file hashes by length (`file.hash.md5/sha1/
 * sha256/sha512`), `event.outcome` and `event.category` only when the value is one ECS allows,
 * and the `event.kind` rule: `alert` when the severity is 7 or more (CEF High / Very-High) or
 * the name/category mentions alert, attack, threat, intrusion, malware, virus or exploit;
 * `event` otherwise.
 */
import { isIP } from 'node:net';
import type { FieldValue, VigilEvent } from '../../core/event.ts';

export type Conv =
  | 'str'
  | 'lower'
  | 'ip'
  | 'port'
  | 'int'
  | 'hash'
  | 'direction'
  | 'outcome'
  | 'category'
  | 'transport';

const TRANSPORTS: Readonly<Record<string, string>> = {
  '1': 'icmp',
  '2': 'igmp',
  '6': 'tcp',
  '17': 'udp',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'ipv6-icmp',
  '132': 'sctp',
};

const CATEGORIES = new Set([
  'api',
  'authentication',
  'configuration',
  'database',
  'driver',
  'email',
  'file',
  'host',
  'iam',
  'intrusion_detection',
  'library',
  'malware',
  'network',
  'package',
  'process',
  'registry',
  'session',
  'threat',
  'vulnerability',
  'web',
]);

const OUTCOMES: Readonly<Record<string, string>> = {
  success: 'success',
  succeeded: 'success',
  successful: 'success',
  allowed: 'success',
  failure: 'failure',
  failed: 'failure',
  fail: 'failure',
  denied: 'failure',
  unknown: 'unknown',
};

const HASHES: Readonly<Record<number, string>> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };

const ALERT_WORDS = /alert|attack|threat|intrusion|malware|virus|exploit/i;

function toInt(value: string, max: number): number | null {
  const t = value.trim();
  if (t === '' || t.length > 16) return null;
  const n = Number(t);
  return Number.isInteger(n) && n >= 0 && n <= max ? n : null;
}

/** The converted value of `value` for `conv`, with the field name it goes to, or null to skip. */
function convert(field: string, conv: Conv, value: string): [string, FieldValue] | null {
  switch (conv) {
    case 'str':
      return value === '' ? null : [field, value];
    case 'lower':
      return value === '' ? null : [field, value.toLowerCase()];
    case 'ip': {
      const t = value.trim();
      return isIP(t) ? [field, t] : null;
    }
    case 'port': {
      const n = toInt(value, 65535);
      return n === null ? null : [field, n];
    }
    case 'int': {
      const n = toInt(value, Number.MAX_SAFE_INTEGER);
      return n === null ? null : [field, n];
    }
    case 'hash': {
      const algo = HASHES[value.length];
      return algo && /^[0-9a-fA-F]+$/.test(value) ? [`${field}.${algo}`, value.toLowerCase()] : null;
    }
    case 'direction': {
      const d = value.trim().toLowerCase();
      const dir = d === '0' ? 'inbound' : d === '1' ? 'outbound' : d;
      return dir === 'inbound' || dir === 'outbound' || dir === 'internal' || dir === 'external'
        ? [field, dir]
        : null;
    }
    case 'outcome': {
      const o = OUTCOMES[value.trim().toLowerCase()];
      return o ? [field, o] : null;
    }
    case 'category': {
      const c = value
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_');
      return CATEGORIES.has(c) ? [field, c] : null;
    }
    case 'transport': {
      const t = value.trim().toLowerCase();
      return t === '' ? null : [field, TRANSPORTS[t] ?? t];
    }
  }
}

/**
 * Sets the ECS field for one key=value pair unless this payload already set it (first wins; a
 * value from a syslog header is overwritten). `written` tracks the fields set by the payload.
 */
export function setEcs(
  event: VigilEvent,
  field: string,
  conv: Conv,
  value: string,
  written: Set<string>,
): void {
  const out = convert(field, conv, value);
  if (out === null || written.has(out[0])) return;
  event[out[0]] = out[1];
  written.add(out[0]);
}

/** Appends `value` under `key`, turning a repeated key into an array. */
export function addRaw(event: VigilEvent, key: string, value: string): void {
  const prev = event[key];
  if (prev === undefined) event[key] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else event[key] = [prev, value];
}

/** `event.kind` per the rule in the file comment. */
export function eventKind(severity: number | null, ...labels: (FieldValue | undefined)[]): 'alert' | 'event' {
  if (severity !== null && severity >= 7) return 'alert';
  for (const l of labels) if (typeof l === 'string' && ALERT_WORDS.test(l)) return 'alert';
  return 'event';
}

/** The first value of a possibly repeated raw field, as a string. */
export function first(value: FieldValue | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : undefined;
}
