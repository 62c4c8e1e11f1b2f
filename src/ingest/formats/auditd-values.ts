/**
 * The values of an audit record as rules compare them. auditd writes an untrusted string (a path,
 * a command, an argument) in double quotes when it is plain, and as upper-case hex when it holds
 * a blank, a quote, a control or a non-ASCII byte (`name=2F746D702F6120622E7368` is `/tmp/a b.sh`).
 * Choices:
 * - Decoded: the bare values of the fields auditd hex-encodes (ESCAPED below, after libauparse's
 *   list, and every `aN` of an EXECVE record), when they are even-length hex whose bytes hold one
 *   that auditd would have encoded; anything else stays as written (a bare `comm=ABBA` is a name).
 *   Bytes are read as UTF-8 (invalid sequences become U+FFFD). The hex as written is kept apart.
 * - `proctitle` is the command line with NUL separators: decoded NULs become spaces.
 * - `key` may hold several rule keys separated by \x01: they become a list.
 * - EXECVE arguments too long for one field come in chunks (`a1_len=9000 a1[0]=… a1[1]=…`):
 *   they are joined, in order, into `a1` (decoded when hex, which auditd decides per argument).
 * - The enriched values (after \x1d) are auditd's own interpretation: kept as written.
 * - Repeated keys (a nested `msg='…'` repeating an outer key) keep every value, in order.
 */
import { Buffer } from 'node:buffer';
import type { Pair, RecordBody } from './auditd-record.ts';

/** Fields auditd writes with audit_log_untrustedstring (hex when not plain). */
const ESCAPED: ReadonlySet<string> = new Set([
  'acct',
  'cmd',
  'comm',
  'cwd',
  'data',
  'dir',
  'exe',
  'file',
  'grp',
  'key',
  'name',
  'new-chardev',
  'new-disk',
  'new-fs',
  'new-net',
  'new_group',
  'ocomm',
  'old-chardev',
  'old-disk',
  'old-fs',
  'old-net',
  'path',
  'proctitle',
  'root_dir',
  'sw',
  'vm',
  'watch',
]);

const HEX = /^(?:[0-9A-Fa-f]{2})+$/;
const ARG = /^a\d{1,5}$/;
const CHUNK = /^(a\d{1,5})\[(\d{1,5})\]$/;

/** A decoded value is only believed when auditd would have had to encode it. */
function neededEncoding(bytes: Buffer): boolean {
  for (const b of bytes) if (b < 0x21 || b > 0x7e || b === 0x22) return true;
  return false;
}

/** The text of a hex value, or null when it is not hex auditd would have written. */
export function decodeHex(value: string, force = false): string | null {
  if (value.length > 2 * 1024 * 1024 || !HEX.test(value)) return null;
  const bytes = Buffer.from(value, 'hex');
  return force || neededEncoding(bytes) ? bytes.toString('utf8') : null;
}

export interface RecordValues {
  /** Key → value (a list when repeated), decoded; in first-seen key order. */
  data: Map<string, string | string[]>;
  /** Key → the hex as written, for the values that were decoded. */
  encoded: Map<string, string>;
}

/** The (first) value of `key`, or undefined. */
export function valueAt(values: RecordValues, key: string): string | undefined {
  const v = values.data.get(key);
  return typeof v === 'string' ? v : v?.[0];
}

function add(map: Map<string, string | string[]>, key: string, value: string): void {
  const have = map.get(key);
  if (have === undefined) map.set(key, value);
  else if (typeof have === 'string') map.set(key, [have, value]);
  else have.push(value);
}

/** Whether a bare value of `key` in a `type` record is a string auditd may have hex-encoded. */
function mayBeEncoded(type: string, key: string): boolean {
  return ESCAPED.has(key) || (type === 'EXECVE' && ARG.test(key));
}

/** The value of one pair as rules compare it (see the file comment), recording any hex. */
function pairValue(type: string, p: Pair, encoded: Map<string, string>): string | string[] {
  let value = p.value;
  if (!p.quoted && !p.enriched && mayBeEncoded(type, p.key)) {
    const text = decodeHex(value);
    if (text !== null) {
      if (!encoded.has(p.key)) encoded.set(p.key, value);
      value = p.key === 'proctitle' ? text.replaceAll('\0', ' ').trimEnd() : text;
    }
  }
  if (p.key === 'key' && value.includes('\x01')) return value.split('\x01');
  return value;
}

/** Joins EXECVE argument chunks (`a1[0]`, `a1[1]`, …) into their argument. */
function joinChunks(chunks: Map<string, Pair[]>, values: RecordValues): void {
  for (const [arg, parts] of chunks) {
    if (values.data.has(arg)) continue;
    const ordered = parts.slice().sort((a, b) => chunkIndex(a.key) - chunkIndex(b.key));
    const joined = ordered.map((p) => p.value).join('');
    const hex = ordered.some((p) => !p.quoted);
    const text = hex ? decodeHex(joined, true) : null;
    values.data.set(arg, text ?? joined);
    if (text !== null) values.encoded.set(arg, joined);
  }
}

function chunkIndex(key: string): number {
  return Number(CHUNK.exec(key)?.[2] ?? 0);
}

/** The decoded values of a record of type `type` (see the file comment). */
export function recordValues(type: string, body: RecordBody): RecordValues {
  const values: RecordValues = { data: new Map(), encoded: new Map() };
  const chunks = new Map<string, Pair[]>();
  for (const p of body.pairs) {
    const chunk = type === 'EXECVE' ? CHUNK.exec(p.key) : null;
    if (chunk !== null) {
      const arg = chunk[1]!;
      const parts = chunks.get(arg);
      if (parts === undefined) chunks.set(arg, [p]);
      else parts.push(p);
      continue;
    }
    const v = pairValue(type, p, values.encoded);
    if (typeof v === 'string') add(values.data, p.key, v);
    else for (const x of v) add(values.data, p.key, x);
  }
  joinChunks(chunks, values);
  return values;
}
