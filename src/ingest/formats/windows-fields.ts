/**
 * Setters that turn Windows event-data values (Sysmon and Security audit fields) into ECS fields:
 * executables, `DOMAIN\user` names, Sysmon `Hashes=` lists, registry paths and DNS results.
 * Each takes the already-cleaned text (no `-` placeholders) and skips what it cannot read.
 */
import type { VigilEvent } from '../../core/event.ts';
import { fieldName } from './json-flatten.ts';
import { basename, dirname, extension, ip, num, put } from './json-values.ts';

/** Reads one event-data field as text; `undefined` for absent, empty or `-`. */
export type Reader = (name: string) => string | undefined;

/** `<prefix>.executable` and `<prefix>.name` from a full image path. */
export function setExecutable(ev: VigilEvent, prefix: string, path: string | undefined): void {
  if (path === undefined) return;
  ev[fieldName(prefix, 'executable')] = path;
  ev[fieldName(prefix, 'name')] = basename(path);
}

/** `<prefix>.name` / `<prefix>.domain` from `DOMAIN\name` (or a bare name). */
export function setUser(ev: VigilEvent, prefix: string, text: string | undefined): void {
  if (text === undefined) return;
  const i = text.indexOf('\\');
  if (i < 0) {
    ev[fieldName(prefix, 'name')] = text;
    return;
  }
  if (i > 0) ev[fieldName(prefix, 'domain')] = text.slice(0, i);
  if (i < text.length - 1) ev[fieldName(prefix, 'name')] = text.slice(i + 1);
}

/** `<prefix>.name/.domain/.id` from separate name, domain and SID fields. */
export function setAccount(
  ev: VigilEvent,
  prefix: string,
  d: Reader,
  name: string,
  domain: string,
  sid: string,
): void {
  put(ev, fieldName(prefix, 'name'), d(name));
  put(ev, fieldName(prefix, 'domain'), d(domain));
  put(ev, fieldName(prefix, 'id'), d(sid));
}

/** A process id written in decimal or as `0x` hex; 0 is no process. */
export function pid(text: string | undefined): number | undefined {
  const n = num(text);
  return n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

const HASH_NAMES: Readonly<Record<string, string>> = {
  MD5: 'md5',
  SHA1: 'sha1',
  SHA256: 'sha256',
  SHA384: 'sha384',
  SHA512: 'sha512',
};

/**
 * Sysmon `Hashes` (`SHA1=AB..,MD5=CD..,IMPHASH=EF..`) → `<prefix>.hash.<algo>` (lower-case hex)
 * and `<pePrefix>.imphash`. All-zero hashes (Sysmon's "not computed") are skipped.
 */
export function setHashes(
  ev: VigilEvent,
  prefix: string,
  pePrefix: string,
  hashes: string | undefined,
): void {
  if (hashes === undefined) return;
  const hashPrefix = fieldName(prefix, 'hash');
  for (const pair of hashes.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const algo = pair.slice(0, eq).trim().toUpperCase();
    const value = pair
      .slice(eq + 1)
      .trim()
      .toLowerCase();
    if (allZero(value)) continue;
    if (algo === 'IMPHASH') ev[fieldName(pePrefix, 'imphash')] = value;
    else if (Object.hasOwn(HASH_NAMES, algo)) ev[fieldName(hashPrefix, HASH_NAMES[algo] ?? algo)] = value;
  }
}

/** Empty or all `0`: Sysmon's hash of a file it did not hash. */
function allZero(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== 48) return false;
  return true;
}

/** `file.path`, `file.name`, `file.directory`, `file.extension` from a full path. */
export function setFile(ev: VigilEvent, prefix: string, path: string | undefined): void {
  if (path === undefined) return;
  const name = basename(path);
  ev[fieldName(prefix, 'path')] = path;
  ev[fieldName(prefix, 'name')] = name;
  put(ev, fieldName(prefix, 'directory'), dirname(path));
  put(ev, fieldName(prefix, 'extension'), extension(name));
}

/**
 * Registry fields from a Sysmon `TargetObject` (`HKLM\SOFTWARE\...\Run\evil`): `registry.path`,
 * `registry.hive`, and either `registry.key` + `registry.value` (value events) or just
 * `registry.key` (key events).
 */
export function setRegistry(ev: VigilEvent, target: string | undefined, isValue: boolean): void {
  if (target === undefined) return;
  ev['registry.path'] = target;
  const first = target.indexOf('\\');
  if (first < 0) {
    ev['registry.hive'] = target;
    return;
  }
  ev['registry.hive'] = target.slice(0, first);
  const rest = target.slice(first + 1);
  const last = rest.lastIndexOf('\\');
  if (!isValue) {
    ev['registry.key'] = rest;
    return;
  }
  if (last < 0) {
    ev['registry.value'] = rest;
    return;
  }
  ev['registry.key'] = rest.slice(0, last);
  ev['registry.value'] = rest.slice(last + 1);
}

const DWORD = /^(DWORD|QWORD) \((0x[0-9a-fA-F]+)\)$/;

/** Sysmon registry `Details` → `registry.data.type` and `registry.data.strings`. */
export function setRegistryData(ev: VigilEvent, details: string | undefined): void {
  if (details === undefined) return;
  const m = DWORD.exec(details);
  if (m) {
    ev['registry.data.type'] = m[1] === 'DWORD' ? 'SZ_DWORD' : 'SZ_QWORD';
    ev['registry.data.strings'] = [BigInt(m[2] ?? '0').toString()];
    return;
  }
  ev['registry.data.type'] = details === 'Binary Data' ? 'REG_BINARY' : 'SZ';
  ev['registry.data.strings'] = [details];
}

/** IP addresses among Sysmon DNS `QueryResults` (`type:  5 cdn.example;::ffff:192.0.2.7;`). */
export function resolvedIps(results: string | undefined): string[] {
  if (results === undefined) return [];
  const out: string[] = [];
  for (const part of results.split(';')) {
    const addr = ip(part.trim());
    if (addr !== undefined) out.push(addr);
  }
  return out;
}

/** Names of Windows logon types (`winlog.logon.type`), as winlogbeat writes them. */
export const LOGON_TYPES: Readonly<Record<string, string>> = {
  '0': 'System',
  '2': 'Interactive',
  '3': 'Network',
  '4': 'Batch',
  '5': 'Service',
  '7': 'Unlock',
  '8': 'NetworkCleartext',
  '9': 'NewCredentials',
  '10': 'RemoteInteractive',
  '11': 'CachedInteractive',
  '12': 'CachedRemoteInteractive',
  '13': 'CachedUnlock',
};
