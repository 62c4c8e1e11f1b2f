/**
 * Web server logs (format `weblog`): one line → one event.
 *
 * | line | read by | `event.dataset` |
 * |---|---|---|
 * | `host ident user [dd/Mon/yyyy:hh:mm:ss +zone] "GET / HTTP/1.1" 200 612 ...` | `weblog-clf.ts` | `weblog.access`, `apache.access` with a `vhost:port` prefix |
 * | W3C Extended (IIS) with the `#Fields:` of its file, or in IIS's default field order | `weblog-w3c.ts` | `iis.access` (IIS), else `weblog.access` |
 * | `[Www Mmm dd hh:mm:ss yyyy] [module:level] ...` / `yyyy/mm/dd hh:mm:ss [level] pid#tid: ...` | `weblog-error.ts` | `apache.error` / `nginx.error` |
 *
 * Apache and nginx write the same Combined lines, so an access line alone rarely says which
 * server wrote it. A source that knows sets `ctx.meta['event.module']` to `apache`, `nginx` or
 * `iis` (file inputs do this per path); the dataset then follows it. ECS fields and the
 * `weblog.<W3C name>` copies are described in `weblog-ecs.ts`.
 *
 * A W3C file needs its `#Fields:` directive to be read; {@link weblogFileReader} remembers it
 * line after line. {@link parseWeblog} sees one line alone: it turns directives down with a
 * reason, and reads a W3C line only in IIS's default field order.
 */
import { millisToIso } from '../../core/time.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { lineEnd } from './syslog-scan.ts';
import { readClf } from './weblog-clf.ts';
import { accessEvent, asServer, type WebServer } from './weblog-ecs.ts';
import { readErrorLine } from './weblog-error.ts';
import {
  applyDirective,
  IIS_DEFAULT_FIELDS,
  isIisDefaultLine,
  isW3cDirective,
  readW3c,
  type W3cDirectives,
} from './weblog-w3c.ts';

/** The line without a leading BOM and its trailing line end. */
function lineOf(raw: string): string {
  const from = raw.charCodeAt(0) === 0xfeff ? 1 : 0;
  return raw.slice(from, Math.max(from, lineEnd(raw)));
}

function hint(ctx: ParseContext): WebServer | undefined {
  return asServer(ctx.meta?.['event.module']);
}

function parseLine(line: string, raw: string, ctx: ParseContext): ParseOutcome {
  if (line.trim() === '') return { ok: false, reason: 'weblog: empty line' };
  if (isW3cDirective(line)) {
    return {
      ok: false,
      reason:
        'a W3C directive line (#Fields:, #Software:...) describes the lines after it and is not an event; ' +
        'send whole W3C/IIS files through the file reader so each line is read with its #Fields:',
    };
  }
  const error = readErrorLine(line, raw, ctx);
  if (error !== null) return error;
  const received = millisToIso(ctx.received);
  if (isIisDefaultLine(line)) {
    const w3c = readW3c(line, IIS_DEFAULT_FIELDS, 'iis');
    return w3c.ok ? accessEvent(w3c.record, raw, line, received) : w3c;
  }
  const clf = readClf(line);
  if (!clf.ok) return clf;
  clf.record.server = clf.record.server ?? hint(ctx);
  return accessEvent(clf.record, raw, line, received);
}

/**
 * Parses one web server log line (see the file comment). A W3C line may come with the directives
 * of its file before it, one per line (`#Software: ...\n#Fields: ...\n<line>`, as `vigil ingest`
 * sends IIS files): the line is read with those fields, and is the event's `event.original`.
 * Never throws.
 */
export const parseWeblog: Parser = (raw, ctx) => {
  if (raw.charCodeAt(0) === 0x23 /* # */ && raw.includes('\n')) {
    const lines = raw.split(/\r?\n/).filter((l) => l !== '');
    const last = lines[lines.length - 1] as string;
    if (lines.length > 1 && lines.slice(0, -1).every(isW3cDirective) && !isW3cDirective(last)) {
      const reader = weblogFileReader();
      for (const d of lines.slice(0, -1)) {
        const refused = reader.read(d, ctx);
        if (refused !== null) return refused;
      }
      return reader.read(last, ctx) ?? { ok: false, reason: 'weblog: no line after the W3C directives' };
    }
  }
  return parseLine(lineOf(raw), raw, ctx);
};

/** Reads the lines of one log file in order, keeping the W3C directives seen so far. */
export interface WeblogFileReader {
  /** The event of one line, or null for a directive line (remembered, not an event). */
  read(raw: string, ctx: ParseContext): ParseOutcome | null;
}

/**
 * A reader for one web server log file: `#Fields:` / `#Software:` directives set how the W3C
 * lines after them are read; other lines are read as {@link parseWeblog} reads them.
 */
export function weblogFileReader(): WeblogFileReader {
  const state: W3cDirectives = { fields: null, server: undefined };
  return {
    read(raw, ctx) {
      const line = lineOf(raw);
      if (isW3cDirective(line)) {
        const reason = applyDirective(state, line);
        return reason === null ? null : { ok: false, reason };
      }
      if (state.fields === null || line.trim() === '') return parseLine(line, raw, ctx);
      const w3c = readW3c(line, state.fields, state.server ?? hint(ctx));
      return w3c.ok ? accessEvent(w3c.record, raw, line, millisToIso(ctx.received)) : w3c;
    },
  };
}
