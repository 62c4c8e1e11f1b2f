/**
 * The public surface of `ingest`: {@link parseEvent}, the dispatcher from a raw text and a format
 * hint to one ECS-normalized event, plus every parser, the detector and the splitter of documents
 * that hold many records (`splitRecords`).
 *
 * Dispatch:
 * - `auto`: {@link detectFormat} picks the format from the first bytes. Auto never loses a line
 *   it cannot place: a syslog/CEF/LEEF/auditd guess that its parser turns down is tried as generic
 *   syslog, then as plain text; text that starts with `{` but is not JSON becomes plain text.
 *   Valid JSON is kept to its JSON verdict (an HEC envelope without `event`, a CloudTrail file).
 * - `json` (and `auto` → json): an HEC envelope is unwrapped; any other object goes to
 *   `normalizeJsonObject` (its shape picks Windows, CloudTrail, Azure, GCP/Workspace,
 *   Kubernetes, Okta, OneLogin, GitHub, Bitbucket, Microsoft 365, Zeek, Suricata or generic).
 * - `windows`, `cloudtrail`, `azure`, `gcp`, `kubernetes`, `okta`, `onelogin`, `github`,
 *   `bitbucket`, `m365`, `zeek`, `suricata`: that normalizer is forced on the JSON object.
 * - `hec`: one HEC envelope; its text events are dispatched again (without further HEC unwrapping).
 * - `syslog`, `rfc5424`, `rfc3164`, `cef`, `leef`, `auditd`, `weblog`, `text`: the parser of that
 *   name (`weblog`: Apache/nginx access and error logs, IIS/W3C).
 * Inputs over {@link MAX_EVENT_BYTES} (UTF-8) are rejected before parsing. `ctx.meta` entries are
 * added to the event under their own names unless the parser already set that field; a declared
 * `event.dataset` / `event.module` (the sender says what the events are) replaces the parser's.
 */
import { Buffer } from 'node:buffer';
import type { Format } from '../core/event.ts';
import { parseAuditd } from './formats/auditd.ts';
import { parseCef } from './formats/cef.ts';
import { detectFormat } from './formats/detect.ts';
import { createHecParser, isHecEnvelope, normalizeHec } from './formats/hec.ts';
import { isJsonSourceFormat, normalizeJsonAs, normalizeJsonObject } from './formats/json.ts';
import { parseJsonObject } from './formats/json-event.ts';
import { setOwn } from './formats/json-values.ts';
import { parseLeef } from './formats/leef.ts';
import { parseSyslog } from './formats/syslog.ts';
import { parseRfc3164 } from './formats/syslog-3164.ts';
import { parseRfc5424 } from './formats/syslog-5424.ts';
import { parseText } from './formats/text.ts';
import { parseWeblog } from './formats/weblog.ts';
import type { ParseContext, ParseOutcome, Parser } from './types.ts';

export { parseAuditd } from './formats/auditd.ts';
export { parseAzure } from './formats/azure.ts';
export { parseBitbucket } from './formats/bitbucket.ts';
export { parseCef } from './formats/cef.ts';
export { parseCloudTrail } from './formats/cloudtrail.ts';
export { type DetectedFormat, detectFormat } from './formats/detect.ts';
export { parseGcp } from './formats/gcp.ts';
export { parseGitHub } from './formats/github.ts';
export { sourcetypeFormat } from './formats/hec.ts';
export { isJsonSourceFormat, parseJson } from './formats/json.ts';
export { parseKubernetes } from './formats/kubernetes.ts';
export { parseLeef } from './formats/leef.ts';
export { parseM365 } from './formats/m365.ts';
export { parseOkta } from './formats/okta.ts';
export { parseOneLogin } from './formats/onelogin.ts';
export { mayHoldRecords, splitRecords } from './formats/record-files.ts';
export { parseSuricata } from './formats/suricata.ts';
export { parseSyslog } from './formats/syslog.ts';
export { parseRfc3164 } from './formats/syslog-3164.ts';
export { parseRfc5424 } from './formats/syslog-5424.ts';
export { resolveZone } from './formats/syslog-zone.ts';
export { parseText } from './formats/text.ts';
export { parseWeblog, type WeblogFileReader, weblogFileReader } from './formats/weblog.ts';
export { parseWindows } from './formats/windows.ts';
export { parseZeek } from './formats/zeek.ts';
export type { ParseContext, ParseOutcome, Parser } from './types.ts';

/** Largest raw event accepted, in UTF-8 bytes (1 MiB). */
export const MAX_EVENT_BYTES = 1024 * 1024;

const TEXT_PARSERS: Readonly<
  Record<'syslog' | 'rfc5424' | 'rfc3164' | 'cef' | 'leef' | 'auditd' | 'weblog' | 'text', Parser>
> = {
  syslog: parseSyslog,
  rfc5424: parseRfc5424,
  rfc3164: parseRfc3164,
  cef: parseCef,
  leef: parseLeef,
  auditd: parseAuditd,
  weblog: parseWeblog,
  text: parseText,
};

function tooLarge(raw: string): string | null {
  // UTF-8 takes 1-3 bytes per UTF-16 unit (a surrogate pair, 2 units, takes 4): count only near the cap
  if (raw.length * 3 <= MAX_EVENT_BYTES) return null;
  const bytes = raw.length > MAX_EVENT_BYTES ? raw.length : Buffer.byteLength(raw, 'utf8');
  if (bytes <= MAX_EVENT_BYTES) return null;
  const size = raw.length > MAX_EVENT_BYTES ? `at least ${bytes}` : String(bytes);
  return `event is ${size} bytes, over the ${MAX_EVENT_BYTES}-byte limit per event; split it into smaller events`;
}

/** JSON text: an HEC envelope (when allowed) or any object by its shape. */
function parseJsonText(raw: string, ctx: ParseContext, allowHec: boolean, auto: boolean): ParseOutcome {
  const parsed = parseJsonObject(raw);
  if (!parsed.ok) return auto ? parseText(raw, ctx) : parsed;
  if (allowHec && isHecEnvelope(parsed.value)) return normalizeHec(parsed.value, raw, ctx, dispatchInner);
  return normalizeJsonObject(parsed.value, raw, ctx);
}

function parseAuto(raw: string, ctx: ParseContext, allowHec: boolean): ParseOutcome {
  const format = detectFormat(raw);
  if (format === 'json') return parseJsonText(raw, ctx, allowHec, true);
  if (format === 'text') return parseText(raw, ctx);
  const first = TEXT_PARSERS[format](raw, ctx);
  if (first.ok) return first;
  const syslog = format === 'cef' || format === 'leef' || format === 'auditd' ? parseSyslog(raw, ctx) : first;
  return syslog.ok ? syslog : parseText(raw, ctx);
}

function dispatch(raw: string, format: Format, ctx: ParseContext, allowHec: boolean): ParseOutcome {
  const big = tooLarge(raw);
  if (big !== null) return { ok: false, reason: big };
  if (isJsonSourceFormat(format)) {
    const parsed = parseJsonObject(raw);
    return parsed.ok ? normalizeJsonAs(format, parsed.value, raw, ctx) : parsed;
  }
  switch (format) {
    case 'auto':
      return parseAuto(raw, ctx, allowHec);
    case 'json':
      return parseJsonText(raw, ctx, allowHec, false);
    case 'hec':
      return parseHec(raw, ctx);
    default:
      return TEXT_PARSERS[format](raw, ctx);
  }
}

/** Parses a text found inside an HEC envelope: no further envelope unwrapping. */
function dispatchInner(raw: string, format: Format, ctx: ParseContext): ParseOutcome {
  return dispatch(raw, format, ctx, false);
}

/** Parses one Splunk HEC envelope (see `formats/hec.ts`). */
export const parseHec: Parser = createHecParser(dispatchInner);

/** Meta fields a sender declares that replace what the parser set (see `declaredDataset`). */
const DECLARED: ReadonlySet<string> = new Set(['event.dataset', 'event.module']);

function mergeMeta(out: ParseOutcome, meta: ParseContext['meta']): ParseOutcome {
  if (!out.ok || meta === undefined) return out;
  const ev = out.event;
  for (const key of Object.keys(meta)) {
    const v = meta[key];
    if (v !== undefined && (DECLARED.has(key) || !Object.hasOwn(ev, key))) setOwn(ev, key, v);
  }
  return out;
}

/**
 * Parses one raw event text in `format` (`auto` detects it) into one ECS-normalized event, or a
 * rejection with a reason the sender can act on. Never throws.
 */
export function parseEvent(raw: string, format: Format, ctx: ParseContext): ParseOutcome {
  let out: ParseOutcome;
  try {
    out = dispatch(raw, format, ctx, true);
  } catch (e) {
    // parsers are written not to throw; this keeps one bug from stopping a whole batch
    out = {
      ok: false,
      reason: `internal parser error (${format}): ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  return mergeMeta(out, ctx.meta);
}
