/**
 * CEF, LEEF and auditd lines come bare or behind a syslog header. This finds where the payload
 * starts (after optional blanks, or after a 5424/3164 header) and hands it to the format's merger
 * with the event started from the header, so the parsers share one way of reading the envelope.
 * CEF and LEEF payloads start with their marker; others are found by a {@link PayloadFinder}.
 */
import type { VigilEvent } from '../../core/event.ts';
import { millisToIso } from '../../core/time.ts';
import type { ParseContext, ParseOutcome } from '../types.ts';
import { readSyslogHeader } from './syslog-header.ts';
import { excerpt, lineEnd } from './syslog-scan.ts';

export type PayloadMerger = (
  raw: string,
  start: number,
  end: number,
  ctx: ParseContext,
  event: VigilEvent,
) => ParseOutcome;

/** Finds a payload that has no fixed marker (auditd: `node=`/`type=`, `audit: type=`). */
export interface PayloadFinder {
  /** The format's name in rejection reasons. */
  name: string;
  /** What was expected, for rejection reasons (`an audit record "type=… msg=audit(…)"`). */
  expected: string;
  /** Where the payload starts in [pos, end) when one starts at `pos` (after any prefix it allows), else -1. */
  at(raw: string, pos: number, end: number): number;
}

const SP = 0x20;
const TAB = 0x09;

export function parseSyslogPayload(
  raw: string,
  ctx: ParseContext,
  marker: 'CEF:' | 'LEEF:' | PayloadFinder,
  merge: PayloadMerger,
): ParseOutcome {
  const end = lineEnd(raw);
  const name = typeof marker === 'string' ? marker.slice(0, -1) : marker.name;
  const expected = typeof marker === 'string' ? `"${marker}"` : marker.expected;
  const find = (p: number, stop: number): number =>
    typeof marker === 'string' ? (raw.startsWith(marker, p) ? p : -1) : marker.at(raw, p, stop);
  let pos = 0;
  while (pos < end && (raw.charCodeAt(pos) === SP || raw.charCodeAt(pos) === TAB)) pos++;
  const bare = find(pos, end);
  if (bare >= 0) {
    return merge(raw, bare, end, ctx, { '@timestamp': millisToIso(ctx.received), 'event.original': raw });
  }
  const header = readSyslogHeader(raw, ctx);
  if (!header.ok) {
    return {
      ok: false,
      reason: `${name}: expected ${expected} at offset ${pos} (or a syslog header before it), found ${excerpt(raw, pos)}`,
    };
  }
  const inner = find(header.msgStart, header.msgEnd);
  if (inner < 0) {
    return {
      ok: false,
      reason: `${name}: expected ${expected} after the syslog header at offset ${header.msgStart}, found ${excerpt(raw, header.msgStart)}`,
    };
  }
  return merge(raw, inner, header.msgEnd, ctx, header.event);
}
