/**
 * Syslog framing: RFC 3164 lines (`<38>Nov 22 08:01:02 web-01 sshd[2211]: ...`, UTC, whole
 * seconds) and RFC 5424 lines with structured data and a millisecond `Z` timestamp.
 */
import { isoMillis, rfc3164Stamp } from './timefmt.ts';

export const FACILITY = {
  kern: 0,
  user: 1,
  daemon: 3,
  auth: 4,
  syslog: 5,
  cron: 9,
  authpriv: 10,
  local0: 16,
  local4: 20,
} as const;
export const SEVERITY = { crit: 2, err: 3, warning: 4, notice: 5, info: 6, debug: 7 } as const;

export const pri = (facility: keyof typeof FACILITY, severity: keyof typeof SEVERITY): number =>
  FACILITY[facility] * 8 + SEVERITY[severity];

/** RFC 3164 line; `time` should be whole seconds (the format has no fraction). */
export function rfc3164(
  priority: number,
  time: number,
  host: string,
  tag: string,
  pid: number | null,
  msg: string,
): string {
  return `<${priority}>${rfc3164Stamp(time)} ${host} ${tag}${pid === null ? '' : `[${pid}]`}: ${msg}`;
}

/** RFC 3164 header followed directly by content with no tag (how CEF/LEEF devices send). */
export function rfc3164Bare(priority: number, time: number, host: string, content: string): string {
  return `<${priority}>${rfc3164Stamp(time)} ${host} ${content}`;
}

export type StructuredData = Readonly<Record<string, Readonly<Record<string, string>>>>;

const escapeParam = (v: string): string => v.replace(/[\\"\]]/g, (c) => `\\${c}`);

/** RFC 5424 line: `<pri>1 TIMESTAMP HOST APP PROCID MSGID [sd] MSG`. */
export function rfc5424(
  priority: number,
  time: number,
  host: string,
  app: string,
  procId: string,
  msgId: string,
  sd: StructuredData,
  msg: string,
): string {
  const elements = Object.entries(sd).map(
    ([id, params]) =>
      `[${id}${Object.entries(params)
        .map(([k, v]) => ` ${k}="${escapeParam(v)}"`)
        .join('')}]`,
  );
  const sdText = elements.length > 0 ? elements.join('') : '-';
  return `<${priority}>1 ${isoMillis(time)} ${host} ${app} ${procId} ${msgId} ${sdText}${msg ? ` ${msg}` : ''}`;
}
