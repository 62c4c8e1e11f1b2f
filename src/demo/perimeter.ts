/**
 * Perimeter devices' wire formats: the EdgeWall firewall's CEF (`Northwind|EdgeWall|3.2`,
 * `rt=` epoch ms) and the MailGuard gateway's LEEF 2.0 (`^` delimiter, default devTime), each
 * inside an RFC 3164 syslog header whose time is the event's second.
 */
import { FIREWALL, MAIL_GATEWAY } from './entities.ts';
import { pri, rfc3164Bare } from './syslog.ts';
import { leefStamp } from './timefmt.ts';
import { type Pending, ready } from './types.ts';

const escHeader = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
const escExt = (v: string): string => v.replace(/\\/g, '\\\\').replace(/=/g, '\\=').replace(/\r?\n/g, '\\n');

export const CEF_SIGNATURES = {
  allow: { id: '100', name: 'Connection allowed', severity: 3 },
  deny: { id: '101', name: 'Connection denied', severity: 5 },
  reject: { id: '102', name: 'Connection rejected', severity: 5 },
  portScan: { id: '200', name: 'Port scan detected', severity: 8 },
  vpnLogin: { id: '300', name: 'VPN login succeeded', severity: 3 },
  vpnFail: { id: '301', name: 'VPN login failed', severity: 6 },
} as const;

export type CefKind = keyof typeof CEF_SIGNATURES;

/** CEF extension values in order of appearance. */
export type CefExtension = ReadonlyArray<readonly [string, string | number]>;

export function cefLine(time: number, kind: CefKind, ext: CefExtension): string {
  const sig = CEF_SIGNATURES[kind];
  const header = ['CEF:0', 'Northwind', 'EdgeWall', '3.2', sig.id, sig.name, String(sig.severity)]
    .map(escHeader)
    .join('|');
  const extension = [['rt', time] as const, ...ext, ['dvchost', FIREWALL.name] as const]
    .map(([k, v]) => `${k}=${escExt(String(v))}`)
    .join(' ');
  const syslogPri = sig.severity >= 7 ? pri('local4', 'warning') : pri('local4', 'notice');
  return rfc3164Bare(syslogPri, Math.floor(time / 1000) * 1000, FIREWALL.name, `${header}|${extension}`);
}

export function cef(time: number, kind: CefKind, ext: CefExtension): Pending {
  return ready({ format: 'cef', source: 'edgewall-fw', raw: cefLine(time, kind, ext), time });
}

export interface Traffic {
  src: string;
  spt: number;
  dst: string;
  dpt: number;
  proto: 'TCP' | 'UDP';
  rule: string;
  inIf: string;
  outIf: string;
  bytesOut?: number;
  bytesIn?: number;
  natDst?: string;
  natSrc?: string;
}

export function trafficExt(t: Traffic, act: string): CefExtension {
  const ext: (readonly [string, string | number])[] = [
    ['src', t.src],
    ['spt', t.spt],
    ['dst', t.dst],
    ['dpt', t.dpt],
    ['proto', t.proto],
    ['act', act],
    ['deviceInboundInterface', t.inIf],
    ['deviceOutboundInterface', t.outIf],
    ['cs1Label', 'Rule'],
    ['cs1', t.rule],
  ];
  if (t.bytesOut !== undefined) ext.push(['out', t.bytesOut]);
  if (t.bytesIn !== undefined) ext.push(['in', t.bytesIn]);
  if (t.natSrc) ext.push(['sourceTranslatedAddress', t.natSrc]);
  if (t.natDst) ext.push(['destinationTranslatedAddress', t.natDst]);
  return ext;
}

export interface MailEvent {
  id: 'MAIL_DELIVERED' | 'MAIL_BLOCKED_SPAM' | 'MAIL_BLOCKED_MALWARE' | 'MAIL_QUARANTINED';
  src: string;
  sender: string;
  recipient: string;
  subject: string;
  attachments: readonly string[];
  messageId: string;
  size: number;
  verdict: string;
  sev: number;
}

const clean = (v: string): string => v.replace(/[\^\r\n\t]/g, ' ');

/** LEEF 2.0 line from the mail gateway; `time` should be whole seconds. */
export function leefMail(time: number, m: MailEvent): Pending {
  const attrs: [string, string | number][] = [
    ['devTime', leefStamp(time)],
    ['cat', 'mail'],
    ['sev', m.sev],
    ['src', m.src],
    ['dst', MAIL_GATEWAY.ip],
    ['dstPort', 25],
    ['proto', 'TCP'],
    ['sender', m.sender],
    ['recipient', m.recipient],
    ['subject', m.subject],
    ['attachments', m.attachments.length > 0 ? m.attachments.join(',') : 'none'],
    ['size', m.size],
    ['msgId', m.messageId],
    ['verdict', m.verdict],
    [
      'action',
      m.id === 'MAIL_DELIVERED' ? 'delivered' : m.id === 'MAIL_QUARANTINED' ? 'quarantined' : 'blocked',
    ],
  ];
  const body = attrs.map(([k, v]) => `${k}=${clean(String(v))}`).join('^');
  const raw = rfc3164Bare(
    pri('local0', 'info'),
    time,
    MAIL_GATEWAY.name,
    `LEEF:2.0|Northwind|MailGuard|4.1|${m.id}|^|${body}`,
  );
  return ready({ format: 'leef', source: 'mailguard', raw, time });
}
