/**
 * Processes started on the staff workstations: applications by their users (Sysmon 1 plus the
 * Security 4688 twin), developer and admin tools by department, and SYSTEM housekeeping
 * (services, scheduled tasks, WMI, Defender updates, Intune PowerShell scripts).
 */
import { type Person, userSid, type WinHost } from './entities.ts';
import type { Rng } from './random.ts';
import { BIN, type BinKey } from './windows-catalog.ts';
import {
  domainUser,
  newProc,
  SYSTEM_USER,
  stableProc,
  sysmonProcessCreate,
  type WinProc,
} from './windows-events.ts';
import type { WinEvent } from './windows-render.ts';
import { sec4688 } from './windows-security.ts';

const DOCS = [
  'Q3 forecast',
  'board-pack-nov',
  'supplier list',
  'team-offsite',
  'pricing-2027',
  'handover notes',
];
export const DOWNLOADS = [
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
export function launch(t: number, p: WinProc, parent: WinProc): WinEvent[] {
  const sid = p.user === SYSTEM_USER ? 'S-1-5-18' : userSid(p.user.split('\\')[1] ?? '');
  return [sysmonProcessCreate(t, p, parent), sec4688(t + 2, p, parent, sid)];
}

export function appLaunch(rng: Rng, t: number, ws: WinHost, person: Person): WinEvent[] {
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
    [
      () => launch(t, newProc(rng, ws, 'msedge', `${q('msedge')} --profile-directory=Default`, du), explorer),
      3,
    ],
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
      () =>
        launch(
          t,
          newProc(rng, ws, 'notepad', `"C:\\Windows\\system32\\notepad.exe" ${home}\\Desktop\\notes.txt`, du),
          explorer,
        ),
      1,
    ],
  ];
  if (isEngineer(person)) {
    const code = stableProc(ws, 'code', du);
    options.push(
      [() => launch(t, newProc(rng, ws, 'code', q('code'), du), explorer), 2],
      [
        () => {
          const args = rng.pick([
            'fetch --prune origin',
            'status -z -uall',
            'pull --rebase',
            'log --oneline -20',
          ]);
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
          return launch(
            t,
            newProc(rng, ws, 'mstsc', `"C:\\Windows\\system32\\mstsc.exe" /v:${target}.northwind.local`, du),
            explorer,
          );
        },
        2,
      ],
    );
  }
  return rng.weighted(options)();
}

export function shellWithConsole(
  rng: Rng,
  t: number,
  ws: WinHost,
  parent: WinProc,
  key: 'cmd' | 'powershell',
  cmd: string,
  user: string,
): WinEvent[] {
  const shell = newProc(rng, ws, key, cmd, user);
  const con = newProc(
    rng,
    ws,
    'conhost',
    '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1',
    user,
  );
  return [...launch(t, shell, parent), ...launch(t + rng.int(8, 40), con, shell)];
}

export function systemProcess(rng: Rng, t: number, ws: WinHost): WinEvent[] {
  const services = stableProc(ws, 'services');
  const dcom = stableProc(ws, 'svchost', SYSTEM_USER, 'C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p');
  const sched = stableProc(
    ws,
    'svchost',
    SYSTEM_USER,
    'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule',
  );
  const choice = rng.weighted<() => WinEvent[]>([
    [
      () => {
        const svc = rng.pick([
          'netsvcs -p -s BITS',
          'LocalService -p -s fdPHost',
          'wsappx -p -s AppXSvc',
          'netsvcs -p -s wuauserv',
          'LocalSystemNetworkRestricted -p -s TrkWks',
        ]);
        return launch(
          t,
          newProc(rng, ws, 'svchost', `C:\\Windows\\system32\\svchost.exe -k ${svc}`, SYSTEM_USER),
          services,
        );
      },
      4,
    ],
    [
      () =>
        launch(
          t,
          newProc(
            rng,
            ws,
            'taskhostw',
            'taskhostw.exe -RegisterDevice -Settings NetworkStateChange -FreeNetworkOnly',
            SYSTEM_USER,
          ),
          sched,
        ),
      3,
    ],
    [
      () =>
        launch(
          t,
          newProc(
            rng,
            ws,
            'wmiprvse',
            'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding',
            SYSTEM_USER,
          ),
          dcom,
        ),
      3,
    ],
    [
      () =>
        launch(
          t,
          newProc(
            rng,
            ws,
            'dllhost',
            'C:\\Windows\\system32\\DllHost.exe /Processid:{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}',
            SYSTEM_USER,
          ),
          dcom,
        ),
      2,
    ],
    [
      () => {
        const mpeng = stableProc(ws, 'msmpeng');
        return launch(
          t,
          newProc(
            rng,
            ws,
            'mpcmdrun',
            `"${BIN.mpcmdrun.image}" SignatureUpdate -ScheduleJob -RestrictPrivileges`,
            SYSTEM_USER,
          ),
          mpeng,
        );
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
