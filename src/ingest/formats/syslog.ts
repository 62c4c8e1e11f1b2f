/**
 * Syslog of either flavour: `<PRI>VERSION ` lines are RFC 5424, the rest RFC 3164 (see
 * syslog-header.ts for the choice and the fallback). When the MSG starts with `CEF:` or `LEEF:`
 * it is parsed as such and merged over the header fields (the header supplies `host.*`,
 * `log.syslog.*` and the time when the payload has none); `vigil.format` then says `cef` or
 * `leef`, otherwise `rfc5424` or `rfc3164`. A MSG that starts with `CEF:`/`LEEF:` but does not
 * parse as one is kept as a plain syslog message rather than rejected. A bare `CEF:`/`LEEF:` line
 * (no syslog header, as some devices send) is accepted too. A MSG that is a Linux audit record
 * (audisp-syslog, rsyslog imfile, the kernel's `audit: type=…`) is parsed as one (auditd.ts).
 */
import type { ParseContext, ParseOutcome } from '../types.ts';
import { auditdPayloadAt, mergeAuditd } from './auditd.ts';
import { mergeCef, parseCef } from './cef.ts';
import { mergeLeef, parseLeef } from './leef.ts';
import { readSyslogHeader } from './syslog-header.ts';
import { setMessage } from './syslog-scan.ts';

/** Parses one syslog line of either flavour, with CEF/LEEF payloads (see the file comment). */
export function parseSyslog(raw: string, ctx: ParseContext): ParseOutcome {
  if (raw.startsWith('CEF:')) return parseCef(raw, ctx);
  if (raw.startsWith('LEEF:')) return parseLeef(raw, ctx);
  const header = readSyslogHeader(raw, ctx);
  if (!header.ok) return header;
  const { event, msgStart, msgEnd } = header;
  if (raw.startsWith('CEF:', msgStart) || raw.startsWith('LEEF:', msgStart)) {
    const merge = raw.charCodeAt(msgStart) === 0x43 ? mergeCef : mergeLeef;
    const embedded = merge(raw, msgStart, msgEnd, ctx, event);
    if (embedded.ok) return embedded;
  }
  const audit = auditdPayloadAt(raw, msgStart, msgEnd);
  if (audit >= 0) return mergeAuditd(raw, audit, msgEnd, ctx, event);
  setMessage(event, raw, msgStart, msgEnd);
  return { ok: true, event };
}
