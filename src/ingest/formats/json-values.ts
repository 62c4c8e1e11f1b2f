/**
 * Small readers for values inside parsed JSON (`unknown` → a typed value or `undefined`), shared by
 * the JSON-family normalizers. None of them throws; all are cheap enough for the hot path.
 */
import { isIP } from 'node:net';
import type { FieldValue, VigilEvent } from '../../core/event.ts';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value as an object, or undefined. */
export function obj(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

/** A non-empty string (numbers and booleans rendered as text), or undefined. */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length > 0 ? v : undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

/**
 * A finite number from a number or a numeric string (decimal, or hex written `0x1a2b` as Windows
 * does for process ids), or undefined.
 */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > 32) return undefined;
  const s = v.trim();
  if (s.length > 2 && s[0] === '0' && (s[1] === 'x' || s[1] === 'X')) {
    const n = Number.parseInt(s.slice(2), 16);
    return Number.isFinite(n) && /^[0-9a-fA-F]+$/.test(s.slice(2)) ? n : undefined;
  }
  if (s.length === 0) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** A TCP/UDP port (1-65535), or undefined. */
export function port(v: unknown): number | undefined {
  const n = num(v);
  return n !== undefined && Number.isInteger(n) && n > 0 && n <= 65535 ? n : undefined;
}

/** A boolean from `true`/`false` (any case) or a boolean, or undefined. */
export function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return undefined;
  const s = v.toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : undefined;
}

/** The text when it is an IPv4/IPv6 address (an IPv4-mapped `::ffff:a.b.c.d` gives `a.b.c.d`). */
export function ip(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length === 0 || v.length > 64) return undefined;
  const s = v.startsWith('::ffff:') && isIP(v.slice(7)) === 4 ? v.slice(7) : v;
  return isIP(s) !== 0 ? s : undefined;
}

/** JSON text of a value; never throws (absurdly deep values, which `JSON.stringify` cannot walk, give a marker). */
export function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    return '"[value too deeply nested to render]"';
  }
}

/**
 * A new, empty event object. Events get dozens of fields under computed names, which sends V8
 * objects into dictionary mode after a copy; starting there (by deleting a non-last property)
 * skips that copy and its hidden-class churn. The prototype stays `Object.prototype`.
 */
export function newEvent(): VigilEvent {
  const ev: VigilEvent = { a: null };
  ev.b = null;
  delete ev.a;
  delete ev.b;
  return ev;
}

/** Sets a field only when the value is defined; keys are always Vigil's own (never `__proto__`). */
export function put(ev: VigilEvent, key: string, v: FieldValue | undefined): void {
  if (v !== undefined) ev[key] = v;
}

/** Sets a field only when it is not already present (`Object.hasOwn`, so `constructor` is safe). */
export function putIfAbsent(ev: VigilEvent, key: string, v: FieldValue | undefined): void {
  if (v !== undefined && !Object.hasOwn(ev, key)) setOwn(ev, key, v);
}

/** Sets a field whose name came from input: `__proto__` becomes an own property, not a prototype change. */
export function setOwn(ev: VigilEvent, key: string, v: FieldValue): void {
  if (key === '__proto__')
    Object.defineProperty(ev, key, { value: v, enumerable: true, writable: true, configurable: true });
  else ev[key] = v;
}

/** The last path component of a Windows or POSIX path (`C:\Windows\cmd.exe` → `cmd.exe`). */
export function basename(path: string): string {
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return i < 0 ? path : path.slice(i + 1);
}

/** The directory part of a Windows or POSIX path, or undefined when it has none. */
export function dirname(path: string): string | undefined {
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return i <= 0 ? undefined : path.slice(0, i);
}

/** The extension of a file name without the dot, lower-cased (`a.EXE` → `exe`), or undefined. */
export function extension(name: string): string | undefined {
  const i = name.lastIndexOf('.');
  return i <= 0 || i === name.length - 1 ? undefined : name.slice(i + 1).toLowerCase();
}
