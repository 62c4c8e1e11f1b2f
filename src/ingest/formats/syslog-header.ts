/**
 * Chooses the syslog header flavour of a line: `<PRI>` followed by a 1-2 digit VERSION and a space
 * (after an optional RFC 6587 octet count) is RFC 5424, anything else RFC 3164. A line that looks
 * like RFC 5424 but does not parse as it falls back to the lenient RFC 3164 reader (so its text is
 * kept as the message); when both fail the RFC 5424 reason is returned.
 */
import type { ParseContext } from '../types.ts';
import { readRfc3164 } from './syslog-3164.ts';
import { readRfc5424 } from './syslog-5424.ts';
import { type HeaderOutcome, lineEnd, skipOctetCount } from './syslog-scan.ts';

// Local copies: under tsx an imported binding costs a getter call per use, too slow in scan loops.
const GT = 0x3e;
const LT = 0x3c;
const SP = 0x20;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** True when the line starts like RFC 5424: `<PRI>VERSION ` (PRI digits are not range-checked here). */
export function looksLikeRfc5424(raw: string): boolean {
  let i = skipOctetCount(raw, 0, lineEnd(raw));
  if (raw.charCodeAt(i) !== LT) return false;
  i++;
  const priStart = i;
  while (i - priStart < 3 && isDigit(raw.charCodeAt(i))) i++;
  if (i === priStart || raw.charCodeAt(i) !== GT) return false;
  i++;
  if (!isDigit(raw.charCodeAt(i))) return false;
  if (isDigit(raw.charCodeAt(i + 1))) i++;
  return raw.charCodeAt(i + 1) === SP;
}

/** Reads the syslog header of `raw` in whichever flavour it has. */
export function readSyslogHeader(raw: string, ctx: ParseContext): HeaderOutcome {
  if (!looksLikeRfc5424(raw)) return readRfc3164(raw, ctx);
  const strict = readRfc5424(raw, ctx);
  if (strict.ok) return strict;
  const lenient = readRfc3164(raw, ctx);
  return lenient.ok ? lenient : strict;
}
