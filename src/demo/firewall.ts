/**
 * Background of the perimeter: EdgeWall firewall CEF (outbound web from the office behind NAT,
 * server updates, customers reaching the portal, internet noise dropped by the default rule,
 * legacy inbound SSH to web-01 and the bastion, staff VPN logins) and MailGuard LEEF (delivered
 * mail from partners and services, blocked spam).
 */
import {
  CUSTOMER_IPS,
  LINUX_HOSTS,
  linuxHost,
  NOISE_IPS,
  OFFICE_EGRESS_IP,
  PEOPLE,
  PUBLIC_WEB_IP,
  SERVICES,
  WORKSTATIONS,
} from './entities.ts';
import { ephemeral } from './flow.ts';
import { activityStream } from './merge.ts';
import { cef, leefMail, trafficExt } from './perimeter.ts';
import type { Rng } from './random.ts';
import {
  arrivals,
  type DayWindow,
  flatProfile,
  officeProfile,
  serverProfile,
  wholeSeconds,
} from './schedule.ts';
import type { Pending } from './types.ts';

export const BASTION_PUBLIC_IP = '198.51.100.11';
const STAFF_HOME_IPS = Array.from({ length: 20 }, (_, i) => `198.51.100.${70 + i}`);

function outbound(rng: Rng, t: number): Pending[] {
  const ws = rng.pick(WORKSTATIONS);
  const svc = rng.pick(SERVICES);
  const ext = trafficExt(
    {
      src: ws.ip,
      spt: ephemeral(rng),
      dst: svc.ip,
      dpt: svc.port,
      proto: 'TCP',
      rule: 'LAN-to-Internet',
      inIf: 'lan1',
      outIf: 'wan1',
      bytesOut: rng.int(500, 30000),
      bytesIn: rng.int(900, 900000),
      natSrc: OFFICE_EGRESS_IP,
    },
    'allow',
  );
  return [cef(t, 'allow', ext)];
}

function serverOutbound(rng: Rng, t: number): Pending[] {
  const host = rng.pick(LINUX_HOSTS);
  const ext = trafficExt(
    {
      src: host.ip,
      spt: ephemeral(rng),
      dst: rng.pick(SERVICES).ip,
      dpt: 443,
      proto: 'TCP',
      rule: 'DMZ-to-Internet',
      inIf: 'dmz1',
      outIf: 'wan1',
      bytesOut: rng.int(400, 9000),
      bytesIn: rng.int(2000, 2_000_000),
      natSrc: OFFICE_EGRESS_IP,
    },
    'allow',
  );
  return [cef(t, 'allow', ext)];
}

function inboundWeb(rng: Rng, t: number): Pending[] {
  const ext = trafficExt(
    {
      src: rng.pick(CUSTOMER_IPS),
      spt: ephemeral(rng),
      dst: PUBLIC_WEB_IP,
      dpt: 443,
      proto: 'TCP',
      rule: 'Inbound-HTTPS-portal',
      inIf: 'wan1',
      outIf: 'dmz1',
      bytesOut: rng.int(800, 12000),
      bytesIn: rng.int(5000, 900000),
      natDst: linuxHost(rng.pick(['web-01', 'web-02'])).ip,
    },
    'allow',
  );
  return [cef(t, 'allow', ext)];
}

function inboundNoise(rng: Rng, t: number): Pending[] {
  const dpt = rng.pick([23, 25, 445, 1433, 3306, 3389, 5900, 6379, 8080, 8443, 9200, 27017]);
  const reject = rng.chance(0.2);
  const ext = trafficExt(
    {
      src: rng.pick(NOISE_IPS),
      spt: ephemeral(rng),
      dst: rng.pick([PUBLIC_WEB_IP, OFFICE_EGRESS_IP, BASTION_PUBLIC_IP]),
      dpt,
      proto: 'TCP',
      rule: 'Default-Deny',
      inIf: 'wan1',
      outIf: '',
    },
    reject ? 'reject' : 'deny',
  ).filter(([k]) => k !== 'deviceOutboundInterface');
  return [cef(t, reject ? 'reject' : 'deny', ext)];
}

function inboundSsh(rng: Rng, t: number): Pending[] {
  const toWeb = rng.chance(0.5);
  const ext = trafficExt(
    {
      src: rng.pick(NOISE_IPS),
      spt: ephemeral(rng),
      dst: toWeb ? PUBLIC_WEB_IP : BASTION_PUBLIC_IP,
      dpt: 22,
      proto: 'TCP',
      rule: toWeb ? 'Legacy-SSH-web-01' : 'Inbound-SSH-bastion',
      inIf: 'wan1',
      outIf: 'dmz1',
      bytesOut: rng.int(1500, 4000),
      bytesIn: rng.int(1500, 4000),
      natDst: toWeb ? linuxHost('web-01').ip : linuxHost('bastion-01').ip,
    },
    'allow',
  );
  return [cef(t, 'allow', ext)];
}

function vpn(rng: Rng, t: number): Pending[] {
  const person = rng.pick(PEOPLE);
  const src = rng.pick(STAFF_HOME_IPS);
  const ok = rng.chance(0.93);
  return [
    cef(t, ok ? 'vpnLogin' : 'vpnFail', [
      ['src', src],
      ['dst', OFFICE_EGRESS_IP],
      ['dpt', 443],
      ['proto', 'TCP'],
      ['suser', person.user],
      ['act', ok ? 'login' : 'login-failed'],
      ['outcome', ok ? 'success' : 'failure'],
      ...(ok
        ? ([['cs2Label', 'AssignedIP'] as const, ['cs2', `10.30.0.${rng.int(10, 60)}`] as const] as const)
        : []),
      ['reason', ok ? 'mfa-ok' : 'bad-credentials'],
    ]),
  ];
}

const PARTNERS = [
  'accounts@contoso.com',
  'sales@fabrikam.com',
  'hello@tailspintoys.com',
  'noreply@github.com',
  'no-reply@zoom.us',
  'messages-noreply@linkedin.com',
  'notifications@slack.com',
  'billing@adatum.com',
];
const SUBJECTS = [
  'Re: Q4 planning',
  'Your invoice is ready',
  'Meeting notes',
  'Contract renewal',
  'Weekly digest',
  'Re: shipment delayed',
  '[GitHub] New pull request',
  'Action required: review access',
];

function mail(rng: Rng, t: number): Pending[] {
  const to = `${rng.pick(PEOPLE).user}@northwindlabs.co.uk`;
  const spam = rng.chance(0.12);
  const from = spam ? `promo${rng.int(10, 99)}@mailer-${rng.int(100, 999)}.example` : rng.pick(PARTNERS);
  const attach =
    !spam && rng.chance(0.25) ? [rng.pick(['invoice.pdf', 'notes.docx', 'figures.xlsx', 'agenda.pdf'])] : [];
  return [
    leefMail(t, {
      id: spam ? 'MAIL_BLOCKED_SPAM' : 'MAIL_DELIVERED',
      src: spam ? rng.pick(NOISE_IPS) : `203.0.113.${rng.int(200, 230)}`,
      sender: from,
      recipient: to,
      subject: spam ? 'You have won a gift card' : rng.pick(SUBJECTS),
      attachments: attach,
      messageId: `<${rng.hex(16)}@${from.split('@')[1]}>`,
      size: rng.int(4000, 900000),
      verdict: spam ? 'spam' : 'clean',
      sev: spam ? 3 : 1,
    }),
  ];
}

export function perimeterStreams(rng: Rng, window: DayWindow, scale: number): Iterable<Pending>[] {
  const stream = (
    label: string,
    perDay: number,
    profile: typeof flatProfile,
    act: (r: Rng, t: number) => Pending[],
    whole = false,
  ) => {
    const r = rng.fork(label);
    const times = arrivals(r, window, perDay * scale, profile);
    return activityStream(whole ? wholeSeconds(times) : times, (t) => act(r, t), window.end);
  };
  return [
    stream('fw-out', 800, officeProfile, outbound),
    stream('fw-server', 100, serverProfile, serverOutbound),
    stream('fw-web', 200, serverProfile, inboundWeb),
    stream('fw-noise', 350, flatProfile, inboundNoise),
    stream('fw-ssh', 30, flatProfile, inboundSsh),
    stream('fw-vpn', 25, officeProfile, vpn),
    stream('mail', 250, officeProfile, mail, true),
  ];
}
