/**
 * Background network telemetry from the Zeek sensor and the Suricata IDS (both see the core
 * switch and the uplink): workstation web sessions (DNS via DC01, then TLS or plain HTTP with
 * file transfers), internal service traffic, customers reaching the public web server, NTP,
 * and a trickle of low-severity IDS alerts about internet scanning and policy.
 */
import {
  CUSTOMER_IPS,
  DC01,
  FS01,
  INTERNAL_DNS,
  LINUX_HOSTS,
  linuxHost,
  NOISE_IPS,
  PUBLIC_WEB_IP,
  SERVICES,
  SQL01,
  WORKSTATIONS,
} from './entities.ts';
import { ephemeral, newFlow } from './flow.ts';
import { activityStream } from './merge.ts';
import type { Rng } from './random.ts';
import { arrivals, type DayWindow, flatProfile, officeProfile, serverProfile } from './schedule.ts';
import { alert, dnsAnswer, flowEnd, httpEvent, type Signature, tls } from './suricata.ts';
import type { Pending } from './types.ts';
import { conn, dns, files, http, newFuid, ssl } from './zeek.ts';

const WIN_UA = 'Microsoft-CryptoAPI/10.0';

/** A workstation resolves a name via DC01 and talks to the service. */
function webSession(rng: Rng, t: number): Pending[] {
  const ws = rng.pick(WORKSTATIONS);
  const svc = rng.pick(SERVICES);
  const q = newFlow(rng, t, ws.ip, ephemeral(rng), INTERNAL_DNS, 53, 'udp');
  const txId = rng.int(1, 65535);
  const out: Pending[] = [
    dns(rng, q, svc.domain, [svc.ip]),
    conn(q, { service: 'dns', duration: 0.002, origBytes: 40, respBytes: 56, state: 'SF', history: 'Dd' }),
    dnsAnswer(t + 2, q, txId, svc.domain, [svc.ip]),
  ];
  const start = t + rng.int(5, 60);
  const f = newFlow(rng, start, ws.ip, ephemeral(rng), svc.ip, svc.port);
  const duration = rng.exp(20_000);
  const sent = rng.int(600, 20_000);
  const got = Math.round(rng.exp(120_000)) + 900;
  out.push(
    conn(f, {
      service: svc.port === 443 ? 'ssl' : 'http',
      duration: duration / 1000,
      origBytes: sent,
      respBytes: got,
      state: 'SF',
      history: 'ShADadFf',
    }),
  );
  if (svc.port === 443) {
    out.push(ssl(start + 40, f, svc.domain), tls(start + 41, f, svc.domain));
  } else {
    const fuid = newFuid(rng);
    const uri = rng.pick([
      '/MFEwTzBNMEswSTAJBgUrDgMCGgUABBSAUQYBMq2awn1Rh6Doh%2FsBYgFV7gQU',
      '/msdownload/update/v3/static/trustedr/en/authrootstl.cab',
      '/pki/crl/products/MicRooCerAut2011_2011_03_22.crl',
    ]);
    const mime = uri.endsWith('.cab')
      ? 'application/vnd.ms-cab-compressed'
      : uri.endsWith('.crl')
        ? 'application/pkix-crl'
        : 'application/ocsp-response';
    out.push(
      http(start + 30, f, {
        method: 'GET',
        host: svc.domain,
        uri,
        userAgent: WIN_UA,
        status: 200,
        respLen: got,
        mime,
        fuid,
      }),
      files(rng, start + 35, f, fuid, mime, got),
      httpEvent(start + 31, f, {
        hostname: svc.domain,
        url: uri,
        userAgent: WIN_UA,
        method: 'GET',
        status: 200,
        length: got,
        contentType: mime,
      }),
    );
  }
  if (rng.chance(0.3))
    out.push(
      flowEnd(
        start + Math.round(duration) + 30_000,
        f,
        sent,
        got,
        'closed',
        svc.port === 443 ? 'tls' : 'http',
      ),
    );
  return out;
}

function internal(rng: Rng, t: number): Pending[] {
  const ws = rng.pick(WORKSTATIONS);
  const kind = rng.weighted([
    ['kerberos', 4],
    ['ldap', 3],
    ['smb-dc', 2],
    ['smb-fs', 5],
    ['db', 3],
    ['metrics', 4],
  ] as const);
  const dur = rng.exp(2000) / 1000;
  switch (kind) {
    case 'kerberos':
      return [
        conn(newFlow(rng, t, ws.ip, ephemeral(rng), DC01.ip, 88), {
          service: 'krb_tcp',
          duration: dur,
          origBytes: rng.int(1200, 1900),
          respBytes: rng.int(1300, 2200),
          state: 'SF',
          history: 'ShADadfF',
        }),
      ];
    case 'ldap':
      return [
        conn(newFlow(rng, t, ws.ip, ephemeral(rng), DC01.ip, 389), {
          service: 'ldap_tcp',
          duration: dur,
          origBytes: rng.int(300, 4000),
          respBytes: rng.int(400, 30000),
          state: 'SF',
          history: 'ShADadfF',
        }),
      ];
    case 'smb-dc':
      return [
        conn(newFlow(rng, t, ws.ip, ephemeral(rng), DC01.ip, 445), {
          service: 'smb,gssapi',
          duration: dur,
          origBytes: rng.int(2000, 9000),
          respBytes: rng.int(3000, 40000),
          state: 'SF',
          history: 'ShADadfF',
        }),
      ];
    case 'smb-fs':
      return [
        conn(newFlow(rng, t, ws.ip, ephemeral(rng), FS01.ip, 445), {
          service: 'smb,gssapi',
          duration: dur * 10,
          origBytes: rng.int(2000, 90000),
          respBytes: rng.int(3000, 4_000_000),
          state: 'SF',
          history: 'ShADadfF',
        }),
      ];
    case 'db': {
      const app = rng.pick(['app-01', 'app-02']);
      const toSql = rng.chance(0.2);
      const dst = toSql ? SQL01.ip : linuxHost(rng.pick(['db-01', 'db-02'])).ip;
      return [
        conn(newFlow(rng, t, linuxHost(app).ip, ephemeral(rng), dst, toSql ? 1433 : 5432), {
          duration: dur * 30,
          origBytes: rng.int(500, 50000),
          respBytes: rng.int(500, 900000),
          state: 'SF',
          history: 'ShADadFf',
        }),
      ];
    }
    case 'metrics': {
      const target = rng.pick(LINUX_HOSTS);
      return [
        conn(newFlow(rng, t, linuxHost('mon-01').ip, ephemeral(rng), target.ip, 9100), {
          service: 'http',
          duration: 0.03,
          origBytes: 180,
          respBytes: rng.int(20000, 60000),
          state: 'SF',
          history: 'ShADadFf',
        }),
      ];
    }
  }
}

function customerVisit(rng: Rng, t: number): Pending[] {
  const f = newFlow(rng, t, rng.pick(CUSTOMER_IPS), ephemeral(rng), PUBLIC_WEB_IP, 443);
  const dur = rng.exp(15_000);
  const sent = rng.int(800, 12_000);
  const got = rng.int(5_000, 900_000);
  const out = [
    conn(f, {
      service: 'ssl',
      duration: dur / 1000,
      origBytes: sent,
      respBytes: got,
      state: 'SF',
      history: 'ShADadFf',
    }),
    ssl(t + 35, f, 'portal.northwindlabs.co.uk'),
    tls(t + 36, f, 'portal.northwindlabs.co.uk'),
  ];
  if (rng.chance(0.25)) out.push(flowEnd(t + Math.round(dur) + 30_000, f, sent, got, 'closed', 'tls'));
  return out;
}

function ntp(rng: Rng, t: number): Pending[] {
  const f = newFlow(rng, t, DC01.ip, 123, `203.0.113.${rng.int(60, 70)}`, 123, 'udp');
  return [
    conn(f, { service: 'ntp', duration: 0.02, origBytes: 48, respBytes: 48, state: 'SF', history: 'Dd' }),
  ];
}

const NOISE_SIGS: readonly Signature[] = [
  {
    sid: 9100101,
    rev: 2,
    signature: 'NW-LOCAL SCAN Inbound probe for exposed RDP (tcp/3389)',
    category: 'Attempted Information Leak',
    severity: 2,
  },
  {
    sid: 9100102,
    rev: 1,
    signature: 'NW-LOCAL SCAN Zgrab/Masscan user agent on public web',
    category: 'Attempted Information Leak',
    severity: 3,
  },
  {
    sid: 9100103,
    rev: 3,
    signature: 'NW-LOCAL WEB Request for /.env or /.git/config',
    category: 'Web Application Attack',
    severity: 2,
  },
  {
    sid: 9100201,
    rev: 1,
    signature: 'NW-LOCAL POLICY curl user agent outbound from server network',
    category: 'Potential Corporate Privacy Violation',
    severity: 3,
  },
];

function ids(rng: Rng, t: number): Pending[] {
  const sig = rng.pick(NOISE_SIGS);
  if (sig.sid === 9100201) {
    const src = linuxHost(rng.pick(['ci-01', 'app-01', 'web-02'])).ip;
    const f = newFlow(rng, t, src, ephemeral(rng), rng.pick(SERVICES).ip, 80);
    return [alert(t, f, sig, 'http')];
  }
  const port = sig.sid === 9100101 ? 3389 : 443;
  const f = newFlow(rng, t, rng.pick(NOISE_IPS), ephemeral(rng), PUBLIC_WEB_IP, port);
  return [alert(t, f, sig, port === 443 ? 'http' : undefined)];
}

export function networkStreams(rng: Rng, window: DayWindow, scale: number): Iterable<Pending>[] {
  const stream = (
    label: string,
    perDay: number,
    profile: typeof flatProfile,
    act: (r: Rng, t: number) => Pending[],
  ) => {
    const r = rng.fork(label);
    return activityStream(arrivals(r, window, perDay * scale, profile), (t) => act(r, t), window.end);
  };
  return [
    stream('web', 480, officeProfile, webSession),
    stream('internal', 700, officeProfile, internal),
    stream('customers', 330, serverProfile, customerVisit),
    stream('ntp', 96, flatProfile, ntp),
    stream('ids', 60, flatProfile, ids),
  ];
}
