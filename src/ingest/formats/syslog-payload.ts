/**
 * CEF and LEEF lines come bare or behind a syslog header. This finds where the payload starts
 * (after optional blanks, or after a 5424/3164 header) and hands it to the format's merger with
 * the event started from the header, so both parsers share one way of reading the envelope.
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

const SP = 0x20;
const TAB = 0x09;

export function parseSyslogPayload(
  raw: string,
  ctx: ParseContext,
  marker: 'CEF:' | 'LEEF:',
  merge: PayloadMerger,
): ParseOutcome {
  const end = lineEnd(raw);
  const name = marker.slice(0, -1);
  let pos = 0;
  while (pos < end && (raw.charCodeAt(pos) === SP || raw.charCodeAt(pos) === TAB)) pos++;
  if (raw.startsWith(marker, pos)) {
    return merge(raw, pos, end, ctx, { '@timestamp': millisToIso(ctx.received), 'event.original': raw });
  }
  const header = readSyslogHeader(raw, ctx);
  if (!header.ok) {
    return {
      ok: false,
      reason: `${name}: expected "${marker}" at offset ${pos} (or a syslog header before it), found ${excerpt(raw, pos)}`,
    };
  }
  if (!raw.startsWith(marker, header.msgStart)) {
    return {
      ok: false,
      reason: `${name}: expected "${marker}" after the syslog header at offset ${header.msgStart}, found ${excerpt(raw, header.msgStart)}`,
    };
  }
  return merge(raw, header.msgStart, header.msgEnd, ctx, header.event);
}
