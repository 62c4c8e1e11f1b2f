/**
 * The fictional company behind the demo day: Northwind Labs (London office, UTC, domain
 * NORTHWIND / northwind.local). 40 staff each with a Windows workstation, three Windows servers
 * (DC01 is the domain controller), ten Linux servers, an EdgeWall firewall, a MailGuard mail
 * gateway, a Zeek sensor and a Suricata IDS on the uplink and core switch, and one AWS account.
 *
 * Addressing: workstations 10.10.1.0/24, Windows servers 10.20.0.0/24, Linux servers
 * 10.20.1.0/24, VPN clients 10.30.0.0/24. Internet addresses come only from the documentation
 * ranges 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24; the ones used by the attack stories
 * (see stories.ts) are never used by background traffic. Malicious domains use reserved names
 * (`.example`), benign ones are real public services (mapped to documentation addresses).
 */

export const DOMAIN = 'NORTHWIND';
export const DNS_SUFFIX = 'northwind.local';
export const AWS_ACCOUNT = '444455556666';
export const AWS_REGION = 'eu-west-2';

export interface Person {
  first: string;
  last: string;
  /** sAMAccountName, also the Linux login for admins. */
  user: string;
  dept: 'Finance' | 'Engineering' | 'Sales' | 'HR' | 'IT' | 'Operations';
  admin: boolean;
}

const NAMES: readonly (readonly [string, string, Person['dept']])[] = [
  ['Alice', 'Kowalski', 'IT'],
  ['Ben', 'Wong', 'IT'],
  ['Maria', 'Reyes', 'Finance'],
  ['David', 'Brooks', 'Engineering'],
  ['Priya', 'Natarajan', 'Engineering'],
  ['Tom', 'Okafor', 'Sales'],
  ['Hannah', 'Lindqvist', 'HR'],
  ['Jamal', 'Haddad', 'Engineering'],
  ['Chloe', 'Martin', 'Sales'],
  ['Oliver', 'Schmidt', 'Finance'],
  ['Sofia', 'Rossi', 'Operations'],
  ['Kenji', 'Tanaka', 'Engineering'],
  ['Grace', 'Adeyemi', 'Finance'],
  ['Lucas', 'Ferreira', 'Sales'],
  ['Emma', 'Novak', 'Engineering'],
  ['Ravi', 'Kapoor', 'Operations'],
  ['Isla', 'MacLeod', 'HR'],
  ['Noah', 'Bergstrom', 'Engineering'],
  ['Zara', 'Qureshi', 'Sales'],
  ['Felix', 'Dubois', 'Engineering'],
  ['Mei', 'Lin', 'Finance'],
  ['Samuel', 'Osei', 'Operations'],
  ['Ana', 'Petrovic', 'Engineering'],
  ['Leo', 'Carvalho', 'Sales'],
  ['Nina', 'Horvat', 'Engineering'],
  ['Omar', 'Farouk', 'Finance'],
  ['Julia', 'Weber', 'Sales'],
  ['Ethan', 'Moreau', 'Engineering'],
  ['Aisha', 'Bello', 'Operations'],
  ['Victor', 'Alves', 'Engineering'],
  ['Lena', 'Fischer', 'HR'],
  ['Marco', 'Bianchi', 'Sales'],
  ['Yuki', 'Sato', 'Engineering'],
  ['Freya', 'Hansen', 'Operations'],
  ['Daniel', 'Kim', 'Engineering'],
  ['Rosa', 'Jimenez', 'Finance'],
  ['Adam', 'Nowak', 'Sales'],
  ['Ingrid', 'Larsen', 'Engineering'],
  ['Kofi', 'Mensah', 'Operations'],
  ['Elena', 'Volkova', 'Engineering'],
];

export const PEOPLE: readonly Person[] = NAMES.map(([first, last, dept]) => ({
  first,
  last,
  user: `${first[0]}${last}`.toLowerCase(),
  dept,
  admin: dept === 'IT',
}));

export interface WinHost {
  name: string;
  fqdn: string;
  ip: string;
  role: 'workstation' | 'dc' | 'server';
  /** Shipper: winlogbeat JSON, or evtx_dump JSON exported from .evtx files. */
  shape: 'winlogbeat' | 'evtx';
  os: string;
  build: string;
  /** Primary user of a workstation. */
  owner?: Person;
}

const pad3 = (n: number): string => String(n).padStart(3, '0');

export const WORKSTATIONS: readonly WinHost[] = PEOPLE.map((p, i) => ({
  name: `WS-${pad3(i + 1)}`,
  fqdn: `WS-${pad3(i + 1)}.${DNS_SUFFIX}`,
  ip: `10.10.1.${20 + i}`,
  role: 'workstation',
  shape: 'winlogbeat',
  os: 'Windows 11 Pro',
  build: '22631.4460',
  owner: p,
}));

const server = (name: string, ip: string, role: WinHost['role'], shape: WinHost['shape']): WinHost => ({
  name,
  fqdn: `${name}.${DNS_SUFFIX}`,
  ip,
  role,
  shape,
  os: 'Windows Server 2022 Standard',
  build: '20348.2849',
});

export const DC01 = server('DC01', '10.20.0.10', 'dc', 'winlogbeat');
export const FS01 = server('FS01', '10.20.0.20', 'server', 'evtx');
export const SQL01 = server('SQL01', '10.20.0.30', 'server', 'evtx');
export const WIN_SERVERS: readonly WinHost[] = [DC01, FS01, SQL01];

export interface LinuxHost {
  name: string;
  ip: string;
  role: 'web' | 'app' | 'db' | 'ci' | 'monitoring' | 'bastion' | 'backup';
  /** Reachable from the internet on TCP 22 (so it sees internet SSH noise). */
  sshExposed: boolean;
}

export const LINUX_HOSTS: readonly LinuxHost[] = [
  { name: 'bastion-01', ip: '10.20.1.5', role: 'bastion', sshExposed: true },
  { name: 'web-01', ip: '10.20.1.11', role: 'web', sshExposed: true },
  { name: 'web-02', ip: '10.20.1.12', role: 'web', sshExposed: false },
  { name: 'app-01', ip: '10.20.1.21', role: 'app', sshExposed: false },
  { name: 'app-02', ip: '10.20.1.22', role: 'app', sshExposed: false },
  { name: 'db-01', ip: '10.20.1.31', role: 'db', sshExposed: false },
  { name: 'db-02', ip: '10.20.1.32', role: 'db', sshExposed: false },
  { name: 'ci-01', ip: '10.20.1.41', role: 'ci', sshExposed: false },
  { name: 'mon-01', ip: '10.20.1.51', role: 'monitoring', sshExposed: false },
  { name: 'backup-01', ip: '10.20.1.61', role: 'backup', sshExposed: false },
];

/** Linux logins: the IT admins plus service accounts. */
export const LINUX_ADMINS: readonly string[] = PEOPLE.filter((p) => p.admin).map((p) => p.user);
export const LINUX_SERVICE_USERS: readonly string[] = ['deploy', 'backup', 'prometheus'];

export const FIREWALL = { name: 'fw-edge01', ip: '10.0.0.1' } as const;
export const MAIL_GATEWAY = { name: 'mailguard-01', ip: '10.20.0.25' } as const;
export const ZEEK_SENSOR = 'zeek-sensor01';
export const SURICATA_SENSOR = 'ids-01';

/** Company internet addresses. */
export const OFFICE_EGRESS_IP = '198.51.100.2';
export const PUBLIC_WEB_IP = '198.51.100.10';
export const AWS_NAT_IP = '203.0.113.120';

/** Internet addresses reserved for the attack stories: background traffic never uses them. */
export const STORY_IPS = {
  sprayer: '203.0.113.45',
  payloadHost: '203.0.113.80',
  c2: '198.51.100.66',
  phishMta: '192.0.2.10',
  awsIntruder: '192.0.2.77',
  scanner: '192.0.2.200',
} as const;

/** Internet scanners and brute-forcers of the ambient background noise. */
export const NOISE_IPS: readonly string[] = [
  ...Array.from({ length: 30 }, (_, i) => `192.0.2.${100 + i * 3}`),
  ...Array.from({ length: 20 }, (_, i) => `203.0.113.${2 + i * 2}`),
];

/** Benign public services (real names, documentation addresses). */
export interface Service {
  domain: string;
  ip: string;
  port: 443 | 80;
}

const SERVICE_NAMES: readonly (readonly [string, 443 | 80])[] = [
  ['www.google.com', 443],
  ['outlook.office365.com', 443],
  ['login.microsoftonline.com', 443],
  ['teams.microsoft.com', 443],
  ['northwindlabs.sharepoint.com', 443],
  ['github.com', 443],
  ['api.github.com', 443],
  ['slack.com', 443],
  ['www.bbc.co.uk', 443],
  ['www.linkedin.com', 443],
  ['zoom.us', 443],
  ['www.salesforce.com', 443],
  ['docs.aws.amazon.com', 443],
  ['signin.aws.amazon.com', 443],
  ['s3.eu-west-2.amazonaws.com', 443],
  ['registry.npmjs.org', 443],
  ['pypi.org', 443],
  ['stackoverflow.com', 443],
  ['www.wikipedia.org', 443],
  ['update.googleapis.com', 443],
  ['ocsp.digicert.com', 80],
  ['ctldl.windowsupdate.com', 80],
  ['download.windowsupdate.com', 80],
  ['crl.microsoft.com', 80],
];

export const SERVICES: readonly Service[] = SERVICE_NAMES.map(([domain, port], i) => ({
  domain,
  port,
  ip: i % 2 === 0 ? `198.51.100.${120 + i}` : `203.0.113.${160 + i}`,
}));

export const INTERNAL_DNS = DC01.ip;

/** Customers of the public web shop and portal. */
export const CUSTOMER_IPS: readonly string[] = Array.from({ length: 50 }, (_, i) => `198.51.100.${150 + i}`);

/** A tiny fictional GeoIP table for the addresses above (enrichment demos may use it). */
export const DEMO_GEO: Readonly<Record<string, string>> = {
  [OFFICE_EGRESS_IP]: 'GB',
  [PUBLIC_WEB_IP]: 'GB',
  [AWS_NAT_IP]: 'GB',
  [STORY_IPS.sprayer]: 'VN',
  [STORY_IPS.payloadHost]: 'NL',
  [STORY_IPS.c2]: 'NL',
  [STORY_IPS.phishMta]: 'US',
  [STORY_IPS.awsIntruder]: 'BR',
  [STORY_IPS.scanner]: 'US',
};

export function personByUser(user: string): Person {
  const p = PEOPLE.find((x) => x.user === user);
  if (!p) throw new Error(`unknown demo user ${user}`);
  return p;
}

export function workstationOf(user: string): WinHost {
  const h = WORKSTATIONS.find((w) => w.owner?.user === user);
  if (!h) throw new Error(`no workstation for ${user}`);
  return h;
}

export function linuxHost(name: string): LinuxHost {
  const h = LINUX_HOSTS.find((x) => x.name === name);
  if (!h) throw new Error(`unknown demo host ${name}`);
  return h;
}

/** Deterministic domain SID tail for a user (RID from its position). */
export function userSid(user: string): string {
  const i = PEOPLE.findIndex((p) => p.user === user);
  return `S-1-5-21-3623811015-3361044348-30300820-${i >= 0 ? 1104 + i : 1500 + (user.length % 50)}`;
}
