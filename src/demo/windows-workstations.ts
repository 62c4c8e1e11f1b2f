/**
 * Background telemetry of the 40 staff workstations (winlogbeat): morning logons and
 * after-lunch unlocks (with the matching Kerberos logons on DC01), and office-hours activity:
 * applications started (Sysmon 1 + Security 4688), browsing (Sysmon 22 + 3), downloads and
 * attachments (Sysmon 11), registry writes (Sysmon 13), and SYSTEM housekeeping processes.
 */
import { DC01, PEOPLE, type Person, SERVICES, userSid, WORKSTATIONS, type WinHost } from './entities.ts';
import { activityStream, sortedStream } from './merge.ts';
import type { Rng } from './random.ts';
import { arrivals, atClock, type DayWindow, HOUR, officeProfile } from './schedule.ts';
import type { Pending } from './types.ts';
import { BIN, type BinKey } from './windows-catalog.ts';
import {
  domainUser,
  logonIdOf,
  newProc,
  SYSTEM_USER,
  sec4624,
  sec4625,
  sec4672,
  sec4688,
  stableProc,
  sysmonDns,
  sysmonFileCreate,
  sysmonNetwork,
  sysmonProcessCreate,
  sysmonRegistrySet,
  type WinProc,
} from './windows-events.ts';
import { type WinEvent, winPending } from './windows-render.ts';

const DOCS = ['Q3 forecast', 'board-pack-nov', 'supplier list', 'team-offsite', 'pricing-2027', 'handover notes'];
const DOWNLOADS = [
  'statement_2026-11.pdf',
  'Q3-report.pdf',
  'meeting-notes.docx',
  'budget-draft.xlsx',
  'contract_signed.pdf',
  'slides-final.pptx',
  'export.csv',
  'logo-pack.zip',
];

const isEngineer = (p: Person): boolean => p.dept === 'Engineering';

/** Process launch plus its Security 4688 twin. */
function launch(t: number, p: WinProc, parent: WinProc): WinEvent[] {
  const sid = p.user === SYSTEM_USER ? 'S-1-5-18' : userSid(p.user.split('\\')[1] ?? '');
  return [sysmonProcessCreate(t, p, parent), sec4688(t + 2, p, parent, sid)];
}

function appLaunch(rng: Rng, t: number, ws: WinHost, person: Person): WinEvent[] {
  const u = person.user;
  const du = domainUser(u);
  const home = `C:\\Users\\${u}`;
  const explorer = stableProc(ws, 'explorer', du);
  const q = (key: BinKey) => `"${BIN[key].image}"`;
  const options: [() => WinEvent[], number][] = [
    [() => launch(t, newProc(rng, ws, 'chrome', q('chrome'), du), explorer), 6],
    [
      () => {
        const chrome = stableProc(ws, 'chrome', du);
        const cmd = `${q('chrome')} --type=renderer --lang=en-GB --renderer-client-id=${rng.int(5, 400)} --launch-time-ticks=${rng.int(1e9, 9e9)} --mojo-platform-channel-handle=${rng.int(3000, 9000)} /prefetch:1`;
        return launch(t, newProc(rng, ws, 'chrome', cmd, du, 'Low'), chrome);
      },
      10,
    ],
    [() => launch(t, newProc(rng, ws, 'msedge', `${q('msedge')} --profile-directory=Default`, du), explorer), 3],
    [() => launch(t, newProc(rng, ws, 'outlook', q('outlook'), du), explorer), 3],
    [
      () => {
        const doc = `${home}\\Documents\\${rng.pick(DOCS)}.docx`;
        return launch(t, newProc(rng, ws, 'winword', `${q('winword')} /n "${doc}" /o ""`, du), explorer);
      },
      4,
    ],
    [
      () => {
        const xl = `${home}\\OneDrive - Northwind Labs\\${rng.pick(DOCS)}.xlsx`;
        return launch(t, newProc(rng, ws, 'excel', `${q('excel')} "${xl}"`, du), explorer);
      },
      person.dept === 'Finance' ? 8 : 3,
    ],
    [() => launch(t, newProc(rng, ws, 'teams', `${q('teams')} msteams:system-initiated`, du), explorer), 2],
    [
      () => {
        const pdf = `${home}\\Downloads\\${rng.pick(DOWNLOADS.filter((d) => d.endsWith('.pdf')))}`;
        return launch(t, newProc(rng, ws, 'acrobat', `${q('acrobat')} "${pdf}"`, du), explorer);
      },
      2,
    ],
    [
      () => launch(t, newProc(rng, ws, 'notepad', `"C:\\Windows\\system32\\notepad.exe" ${home}\\Desktop\\notes.txt`, du), explorer),
      1,
    ],
  ];
  if (isEngineer(person)) {
    const code = stableProc(ws, 'code', du);
    options.push(
      [() => launch(t, newProc(rng, ws, 'code', q('code'), du), explorer), 2],
      [
        () => {
          const args = rng.pick(['fetch --prune origin', 'status -z -uall', 'pull --rebase', 'log --oneline -20']);
          const git = newProc(rng, ws, 'git', `"C:\\Program Files\\Git\\cmd\\git.exe" ${args}`, du);
          git.currentDirectory = `${home}\\src\\northwind-portal\\`;
          return launch(t, git, code);
        },
        8,
      ],
      [() => shellWithConsole(rng, t, ws, explorer, 'cmd', `"C:\\Windows\\system32\\cmd.exe"`, du), 2],
    );
  }
  if (person.admin) {
    options.push(
      [
        () =>
          shellWithConsole(
            rng,
            t,
            ws,
            explorer,
            'powershell',
            `"${BIN.powershell.image}" -NoProfile -Command "Get-ADUser -Filter 'Enabled -eq $true' -SearchBase 'OU=Staff,DC=northwind,DC=local' | Measure-Object"`,
            du,
          ),
        3,
      ],
      [
        () => {
          const target = rng.pick(['FS01', 'SQL01', 'DC01']);
          return launch(t, newProc(rng, ws, 'mstsc', `"C:\\Windows\\system32\\mstsc.exe" /v:${target}.northwind.local`, du), explorer);
        },
        2,
      ],
    );
  }
  return rng.weighted(options)();
}

function shellWithConsole(
  rng: Rng,
  t: number,
  ws: WinHost,
  parent: WinProc,
  key: 'cmd' | 'powershell',
  cmd: string,
  user: string,
): WinEvent[] {
  const shell = newProc(rng, ws, key, cmd, user);
  const con = newProc(rng, ws, 'conhost', '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1', user);
  return [...launch(t, shell, parent), ...launch(t + rng.int(8, 40), con, shell)];
}

function systemProcess(rng: Rng, t: number, ws: WinHost): WinEvent[] {
  const services = stableProc(ws, 'services');
  const dcom = stableProc(ws, 'svchost', SYSTEM_USER, 'C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p');
  const sched = stableProc(ws, 'svchost', SYSTEM_USER, 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule');
  const choice = rng.weighted<() => WinEvent[]>([
    [
      () => {
        const svc = rng.pick(['netsvcs -p -s BITS', 'LocalService -p -s fdPHost', 'wsappx -p -s AppXSvc', 'netsvcs -p -s wuauserv', 'LocalSystemNetworkRestricted -p -s TrkWks']);
        return launch(t, newProc(rng, ws, 'svchost', `C:\\Windows\\system32\\svchost.exe -k ${svc}`, SYSTEM_USER), services);
      },
      4,
    ],
    [
      () => launch(t, newProc(rng, ws, 'taskhostw', 'taskhostw.exe -RegisterDevice -Settings NetworkStateChange -FreeNetworkOnly', SYSTEM_USER), sched),
      3,
    ],
    [() => launch(t, newProc(rng, ws, 'wmiprvse', 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', SYSTEM_USER), dcom), 3],
    [
      () => launch(t, newProc(rng, ws, 'dllhost', 'C:\\Windows\\system32\\DllHost.exe /Processid:{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}', SYSTEM_USER), dcom),
      2,
    ],
    [
      () => {
        const mpeng = stableProc(ws, 'msmpeng');
        return launch(t, newProc(rng, ws, 'mpcmdrun', `"${BIN.mpcmdrun.image}" SignatureUpdate -ScheduleJob -RestrictPrivileges`, SYSTEM_USER), mpeng);
      },
      1,
    ],
    [
      () => {
        const agent = stableProc(ws, 'agentExecutor');
        const script = `C:\\Program Files (x86)\\Microsoft Intune Management Extension\\Policies\\Scripts\\${rng.uuid()}_1.ps1`;
        const cmd = `"${BIN.powershell.image}" -NoProfile -executionPolicy bypass -file  "${script}"`;
        return shellWithConsole(rng, t, ws, agent, 'powershell', cmd, SYSTEM_USER);
      },
      0.5,
    ],
  ]);
  return choice();
}

function browse(rng: Rng, t: number, ws: WinHost, person: Person): WinEvent[] {
  const key = rng.weighted<BinKey>([['chrome', 6], ['msedge', 2], ['teams', 1], ['outlook', 1], ['onedrive', 1]]);
  const proc = stableProc(ws, key, domainUser(person.user));
  const svc = rng.pick(SERVICES);
  const port = rng.int(49152, 65535);
  const t2 = t + rng.int(15, 150);
  return [
    sysmonDns(t, proc, svc.domain, [svc.ip]),
    sysmonNetwork(t2, proc, { ip: ws.ip, port, host: ws.fqdn }, { ip: svc.ip, port: svc.port }),
  ];
}

function fileCreate(rng: Rng, t: number, ws: WinHost, person: Person): WinEvent[] {
  const du = domainUser(person.user);
  const home = `C:\\Users\\${person.user}`;
  const file = rng.pick(DOWNLOADS);
  return rng.weighted<() => WinEvent[]>([
    [() => [sysmonFileCreate(t, stableProc(ws, 'chrome', du), `${home}\\Downloads\\${file}`)], 4],
    [
      () => {
        const dir = rng.hex(8).toUpperCase();
        const target = `${home}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\${dir}\\${file}`;
        return [sysmonFileCreate(t, stableProc(ws, 'outlook', du), target)];
      },
      2,
    ],
    [() => [sysmonFileCreate(t, stableProc(ws, 'onedrive', du), `${home}\\OneDrive - Northwind Labs\\Documents\\${file}`)], 3],
    [() => [sysmonFileCreate(t, stableProc(ws, 'winword', du), `${home}\\AppData\\Roaming\\Microsoft\\Word\\~WRL${rng.int(1000, 9999)}.tmp`)], 1],
  ])();
}

function registrySet(rng: Rng, t: number, ws: WinHost, person: Person): WinEvent[] {
  const du = domainUser(person.user);
  const hku = `HKU\\${userSid(person.user)}`;
  return rng.weighted<() => WinEvent[]>([
    [
      () => {
        const svc = rng.pick(['edgeupdate', 'gupdate', 'BITS', 'sppsvc', 'wuauserv']);
        const p = stableProc(ws, 'services');
        return [sysmonRegistrySet(t, p, `HKLM\\System\\CurrentControlSet\\Services\\${svc}\\Start`, `DWORD (0x0000000${rng.pick([2, 3, 4])})`)];
      },
      4,
    ],
    [
      () => {
        const p = stableProc(ws, 'onedrive', du);
        return [sysmonRegistrySet(t, p, `${hku}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDrive`, `"${BIN.onedrive.image}" /background`)];
      },
      1,
    ],
    [
      () => {
        const p = stableProc(ws, 'msmpeng');
        return [sysmonRegistrySet(t, p, 'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates\\SignaturesLastUpdated', 'Binary Data')];
      },
      2,
    ],
  ])();
}

/** The workstations' office-hours activity stream. */
export function workstationActivity(rng: Rng, window: DayWindow, scale: number): Iterable<Pending> {
  const present = WORKSTATIONS.filter((_, i) => (i * 7 + 3) % 10 !== 0);
  const act = (t: number): Pending[] => {
    const ws = rng.pick(present);
    const person = ws.owner ?? (PEOPLE[0] as Person);
    const hour = (t % (24 * HOUR)) / HOUR;
    const offHours = hour < 7 || hour >= 19;
    const kind = offHours && rng.chance(0.8) ? 'system' : rng.weighted([['app', 28], ['browse', 30], ['file', 14], ['registry', 6], ['system', 16]] as const);
    const events =
      kind === 'app'
        ? appLaunch(rng, t, ws, person)
        : kind === 'browse'
          ? browse(rng, t, ws, person)
          : kind === 'file'
            ? fileCreate(rng, t, ws, person)
            : kind === 'registry'
              ? registrySet(rng, t, ws, person)
              : systemProcess(rng, t, ws);
    return events.map(winPending);
  };
  return activityStream(arrivals(rng, window, 3400 * scale, officeProfile), act, window.end);
}

/** Morning logons (a few typos first), admin special logons, after-lunch unlocks; DC01 sees Kerberos. */
export function workstationLogons(rng: Rng, window: DayWindow): Iterable<Pending> {
  const out: WinEvent[] = [];
  WORKSTATIONS.forEach((ws, i) => {
    const person = ws.owner;
    if (!person || (i * 7 + 3) % 10 === 0) return;
    const user = person.user;
    const sid = userSid(user);
    const logonId = logonIdOf(ws, user);
    const t = atClock(window, Math.round(rng.normal(8.4, 0.45) * HOUR + rng.int(0, 59_999)));
    if (rng.chance(0.1)) {
      out.push(sec4625(t - rng.int(8000, 30000), ws, { user, logonType: 2, auth: 'Negotiate', ip: '127.0.0.1', port: 0, workstation: ws.name }));
    }
    out.push(sec4624(t, ws, { user, sid, logonType: 2, auth: 'Negotiate', ip: '127.0.0.1', port: 0, workstation: ws.name, logonId }));
    if (person.admin) out.push(sec4672(t + 1, ws, user, sid, logonId));
    const userinit = newProc(rng, ws, 'userinit', 'C:\\Windows\\system32\\userinit.exe', domainUser(user));
    const explorer = stableProc(ws, 'explorer', domainUser(user));
    out.push(sysmonProcessCreate(t + 900, userinit, stableProc(ws, 'services')));
    out.push(sysmonProcessCreate(t + 1400, explorer, userinit));
    const dcLogon = logonIdOf(DC01, `${user}:${i}`);
    out.push(sec4624(t - 300, DC01, { user, sid, logonType: 3, auth: 'Kerberos', ip: ws.ip, port: rng.int(49152, 65535), workstation: '-', logonId: dcLogon }));
    const unlock = atClock(window, Math.round(rng.normal(13.3, 0.4) * HOUR + rng.int(0, 59_999)));
    if (Math.abs(unlock - t) > 2 * HOUR && rng.chance(0.85)) {
      out.push(sec4624(unlock, ws, { user, sid, logonType: 7, auth: 'Negotiate', ip: '127.0.0.1', port: 0, workstation: ws.name, logonId: logonIdOf(ws, `${user}:unlock`) }));
    }
    if (rng.chance(0.3)) {
      const late = atClock(window, Math.round(rng.normal(16, 1) * HOUR));
      out.push(sec4624(late, DC01, { user, sid, logonType: 3, auth: 'Kerberos', ip: ws.ip, port: rng.int(49152, 65535), workstation: '-', logonId: logonIdOf(DC01, `${user}:late`) }));
    }
  });
  return sortedStream(out.filter((e) => e.time >= window.start && e.time < window.end).map(winPending));
}
