/**
 * Small scanning helpers shared by the syslog, CEF and LEEF parsers: line-end trimming, RFC 6587
 * octet-count prefixes, error excerpts, and the outcome type of a syslog header reader.
 * Everything works on char codes and indexes so the hot path allocates only the final slices.
 */
import type { VigilEvent } from '../../core/event.ts';

/**
 * A syslog header read: the event so far (no `message` yet) and where the MSG is in the raw text
 * ([msgStart, msgEnd), empty when equal; trailing line-end characters excluded).
 */
export type HeaderOutcome =
  | { ok: true; event: VigilEvent; msgStart: number; msgEnd: number; format: 'rfc5424' | 'rfc3164' }
  | { ok: false; reason: string };

const SP = 0x20;
const LT = 0x3c;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Index just past the text once trailing `\n`, `\r` and NUL (RFC 6587 framing leftovers) are dropped. */
export function lineEnd(raw: string): number {
  let end = raw.length;
  for (;;) {
    const c = raw.charCodeAt(end - 1);
    if (c === 0x0a || c === 0x0d || c === 0) end--;
    else return end;
  }
}

/**
 * Skips an RFC 6587 octet-counting prefix (`123 <34>1 ...`) when one is present: digits, one
 * space, then `<`. Returns the index of the `<`, or `pos` when there is no such prefix.
 */
export function skipOctetCount(raw: string, pos: number, end: number): number {
  let i = pos;
  while (i < end && i - pos < 10 && isDigit(raw.charCodeAt(i))) i++;
  if (i > pos && raw.charCodeAt(i) === SP && raw.charCodeAt(i + 1) === LT) return i + 1;
  return pos;
}

/** A short quoted excerpt of `raw` from `pos`, for rejection reasons. */
export function excerpt(raw: string, pos: number, max = 24): string {
  if (pos >= raw.length) return 'end of input';
  const s = raw.slice(pos, pos + max);
  return JSON.stringify(raw.length > pos + max ? `${s}…` : s);
}

/** Parses a run of ASCII digits in [start, stop) as a safe integer; null when empty or not digits. */
export function digitsToInt(raw: string, start: number, stop: number): number | null {
  if (stop <= start || stop - start > 15) return null;
  let n = 0;
  for (let i = start; i < stop; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return null;
    n = n * 10 + (c - 0x30);
  }
  return n;
}

/** A PID-like text as a number (non-negative integer below 2^31), else null. */
export function toPid(text: string): number | null {
  const n = digitsToInt(text, 0, text.length);
  return n !== null && n < 2147483648 ? n : null;
}

/** The MSG of a header read as `message`, when it is not empty. */
export function setMessage(event: VigilEvent, raw: string, start: number, stop: number): void {
  if (stop > start) event.message = raw.slice(start, stop);
}

/**
 * Field names `prefix + name`, built once per distinct name: writing an event key that is an
 * already-interned string is much cheaper than a fresh concatenation. Bounded: cleared when full.
 */
export class FieldNames {
  private readonly names = new Map<string, string>();
  constructor(
    private readonly prefix: string,
    private readonly limit = 10_000,
  ) {}

  of(name: string): string {
    let full = this.names.get(name);
    if (full === undefined) {
      full = this.prefix + name;
      if (this.names.size >= this.limit) this.names.clear();
      this.names.set(name, full);
    }
    return full;
  }
}
