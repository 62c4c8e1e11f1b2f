/**
 * Plain text: a line with no recognizable structure. `message` is the text without its trailing
 * line end (`\n`, `\r\n`, NUL), `@timestamp` is `ctx.received`. Only input that is empty or
 * whitespace once that line end is dropped is rejected.
 */
import { millisToIso } from '../../core/time.ts';
import type { ParseContext, ParseOutcome } from '../types.ts';
import { lineEnd } from './syslog-scan.ts';

/** Wraps a plain line as an event (see the file comment). */
export function parseText(raw: string, ctx: ParseContext): ParseOutcome {
  const end = lineEnd(raw);
  if (raw.slice(0, end).trim() === '') return { ok: false, reason: 'text: empty or whitespace-only line' };
  return {
    ok: true,
    event: {
      '@timestamp': millisToIso(ctx.received),
      'event.original': raw,
      'vigil.format': 'text',
      message: raw.slice(0, end),
    },
  };
}
