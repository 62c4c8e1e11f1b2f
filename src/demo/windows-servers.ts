/**
 * Background telemetry of the Windows servers: DC01 (winlogbeat) sees Kerberos network logons
 * of users, machines and service accounts, the odd bad password, and one benign new-hire account
 * (09:41 UTC: akowalski creates `nhall` and adds her to Finance-Share-RW, a 4720 + 4732 look-alike
 * of an attack); FS01 and SQL01 (evtx_dump) see share logons, file writes, jobs and a nightly copy.
 */
import { DC01, FS01, PEOPLE, type Person, SQL01, userSid, type WinHost, WORKSTATIONS } from './entities.ts';
import { activityStream, sortedStream } from './merge.ts';
import type { Rng } from './random.ts';
import { arrivals, atClock, clock, type DayWindow, serverProfile } from './schedule.ts';
import type { Pending } from './types.ts';
import { BIN } from './windows-catalog.ts';
import {
  domainUser,
  logonIdOf,
  newProc,
  SYSTEM_USER,
  stableProc,
  sysmonDns,
  sysmonFileCreate,
  sysmonProcessCreate,
} from './windows-events.ts';
import { type WinEvent, winPending } from './windows-render.ts';
import { sec4624, sec4625, sec4672, sec4688, sec4720, sec4732 } from './windows-security.ts';

const SERVICE_ACCOUNTS = ['svc-backup', 'svc-sql'] as const;
const machineSid = (i: number): string => `S-1-5-21-3623811015-3361044348-30300820-${2100 + i}`;

function userLogon(rng: Rng, t: number, host: WinHost, auth: 'Kerberos' | 'NTLM' = 'Kerberos'): WinEvent[] {
  const i = rng.int(0, WORKSTATIONS.length - 1);
  const ws = WORKSTATIONS[i] as WinHost;
  const machine = rng.chance(0.35);
  const person = ws.owner as Person;
  const user = machine ? `${ws.name}$` : person.user;
  const sid = machine ? machineSid(i) : userSid(person.user);
  const logonId = `0x${rng.int(0x100000, 0xfffffff).toString(16)}`;
  const ev = sec4624(t, host, {
    user,
    sid,
    logonType: 3,
    auth,
    ip: ws.ip,
    port: rng.int(49152, 65535),
    workstation: auth === 'NTLM' ? ws.name : '-',
    logonId,
  });
  return !machine && person.admin ? [ev, sec4672(t + 1, host, user, sid, logonId)] : [ev];
}

function serviceLogon(rng: Rng, t: number, host: WinHost, from: WinHost): WinEvent[] {
  const user = rng.pick(SERVICE_ACCOUNTS);
  const sid = userSid(user);
  const logonId = `0x${rng.int(0x100000, 0xfffffff).toString(16)}`;
  return [
    sec4624(t, host, {
      user,
      sid,
      logonType: 3,
      auth: 'Kerberos',
      ip: from.ip,
      port: rng.int(49152, 65535),
      workstation: '-',
      logonId,
    }),
    sec4672(t + 1, host, user, sid, logonId),
  ];
}

function badPassword(rng: Rng, t: number, host: WinHost): WinEvent[] {
  const ws = rng.pick(WORKSTATIONS);
  const user = (ws.owner as Person).user;
  return [
    sec4625(t, host, {
      user,
      logonType: 3,
      auth: 'NTLM',
      ip: ws.ip,
      port: rng.int(49152, 65535),
      workstation: ws.name,
    }),
  ];
}

function housekeeping(rng: Rng, t: number, host: WinHost): WinEvent[] {
  const services = stableProc(host, 'services');
  const dcom = stableProc(
    host,
    'svchost',
    SYSTEM_USER,
    'C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p',
  );
  const [key, cmd, parent] = rng.pick([
    ['svchost', 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s gpsvc', services],
    [
      'svchost',
      'C:\\Windows\\system32\\svchost.exe -k LocalServiceNetworkRestricted -p -s W32Time',
      services,
    ],
    ['wmiprvse', 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', dcom],
    ['taskhostw', 'taskhostw.exe -RegisterDevice -Settings NetworkStateChange -FreeNetworkOnly', services],
  ] as const);
  const p = newProc(rng, host, key, cmd, SYSTEM_USER);
  return [sysmonProcessCreate(t, p, parent), sec4688(t + 2, p, parent, 'S-1-5-18')];
}

function dcActivity(rng: Rng, t: number): WinEvent[] {
  return rng.weighted<() => WinEvent[]>([
    [() => userLogon(rng, t, DC01), 60],
    [() => serviceLogon(rng, t, DC01, rng.pick([FS01, SQL01])), 8],
    [() => badPassword(rng, t, DC01), 3],
    [() => housekeeping(rng, t, DC01), 15],
    [
      () => {
        const p = stableProc(
          DC01,
          'svchost',
          SYSTEM_USER,
          'C:\\Windows\\system32\\svchost.exe -k NetworkService -p -s Dnscache',
        );
        const name = rng.pick([
          'time.windows.com',
          'ctldl.windowsupdate.com',
          'settings-win.data.microsoft.com',
        ]);
        return [sysmonDns(t, p, name, [`198.51.100.${rng.int(200, 220)}`])];
      },
      6,
    ],
  ])();
}

function fsActivity(rng: Rng, t: number): WinEvent[] {
  return rng.weighted<() => WinEvent[]>([
    [() => userLogon(rng, t, FS01, rng.chance(0.1) ? 'NTLM' : 'Kerberos'), 60],
    [
      () => {
        const person = rng.pick(PEOPLE);
        const file = rng.pick([
          'minutes.docx',
          'forecast.xlsx',
          'invoice-4471.pdf',
          'roadmap.pptx',
          'timesheet.xlsx',
        ]);
        return [
          sysmonFileCreate(
            t,
            stableProc(FS01, 'system'),
            `D:\\Shares\\${person.dept}\\${person.user}\\${file}`,
          ),
        ];
      },
      18,
    ],
    [() => housekeeping(rng, t, FS01), 15],
    [() => serviceLogon(rng, t, FS01, DC01), 5],
  ])();
}

function sqlActivity(rng: Rng, t: number): WinEvent[] {
  return rng.weighted<() => WinEvent[]>([
    [
      () => {
        const agent = stableProc(
          SQL01,
          'sqlagent',
          domainUser('svc-sql'),
          `"${BIN.sqlagent.image}" -i MSSQLSERVER`,
        );
        const job = rng.pick(['usp_refresh_reporting', 'usp_purge_sessions', 'usp_index_maintenance']);
        const p = newProc(
          rng,
          SQL01,
          'powershell',
          `"${BIN.powershell.image}" -ExecutionPolicy RemoteSigned -NoProfile -Command "Invoke-Sqlcmd -ServerInstance SQL01 -Query 'EXEC dbo.${job}'"`,
          domainUser('svc-sql'),
        );
        return [sysmonProcessCreate(t, p, agent), sec4688(t + 2, p, agent, userSid('svc-sql'))];
      },
      20,
    ],
    [
      () => {
        const admin = rng.pick(PEOPLE.filter((p) => p.admin));
        const ws = WORKSTATIONS.find((w) => w.owner === admin) as WinHost;
        const logonId = `0x${rng.int(0x100000, 0xfffffff).toString(16)}`;
        return [
          sec4624(t, SQL01, {
            user: admin.user,
            sid: userSid(admin.user),
            logonType: 3,
            auth: 'Kerberos',
            ip: ws.ip,
            port: rng.int(49152, 65535),
            workstation: '-',
            logonId,
          }),
          sec4672(t + 1, SQL01, admin.user, userSid(admin.user), logonId),
        ];
      },
      10,
    ],
    [() => housekeeping(rng, t, SQL01), 30],
  ])();
}

/** One scheduled-event list: the new hire on DC01 and the nightly robocopy on FS01. */
function scheduled(rng: Rng, window: DayWindow): WinEvent[] {
  const hire = atClock(window, clock(9, 41, 12) + 345);
  const actor = 'akowalski';
  const change = {
    actor,
    actorSid: userSid(actor),
    actorLogonId: logonIdOf(DC01, actor),
    user: 'nhall',
    userSid: 'S-1-5-21-3623811015-3361044348-30300820-1190',
    displayName: 'Nora Hall',
  };
  const group = {
    name: 'Finance-Share-RW',
    sid: 'S-1-5-21-3623811015-3361044348-30300820-1320',
    domain: 'NORTHWIND',
  };
  const copyAt = atClock(window, clock(1, 30, 0) + rng.int(0, 20_000));
  const backup = domainUser('svc-backup');
  const taskParent = stableProc(
    FS01,
    'svchost',
    SYSTEM_USER,
    'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule',
  );
  const copy = newProc(
    rng,
    FS01,
    'robocopy',
    'Robocopy.exe D:\\Shares \\\\backup-01\\nwbackup\\fs01 /MIR /R:1 /W:1 /NP /LOG:C:\\Logs\\robocopy.log',
    backup,
    'High',
  );
  return [
    sec4720(hire, DC01, change),
    sec4732(hire + 2150, DC01, change, group),
    sysmonProcessCreate(copyAt, copy, taskParent),
    sec4688(copyAt + 3, copy, taskParent, userSid('svc-backup')),
  ];
}

export function serverStreams(rng: Rng, window: DayWindow, scale: number): Iterable<Pending>[] {
  const r = (label: string) => rng.fork(label);
  const dc = r('dc');
  const fs = r('fs');
  const sql = r('sql');
  const fixed = scheduled(r('scheduled'), window).filter(
    (e) => e.time >= window.start && e.time < window.end,
  );
  return [
    activityStream(
      arrivals(dc, window, 1500 * scale, serverProfile),
      (t) => dcActivity(dc, t).map(winPending),
      window.end,
    ),
    activityStream(
      arrivals(fs, window, 600 * scale, serverProfile),
      (t) => fsActivity(fs, t).map(winPending),
      window.end,
    ),
    activityStream(
      arrivals(sql, window, 250 * scale, serverProfile),
      (t) => sqlActivity(sql, t).map(winPending),
      window.end,
    ),
    sortedStream(fixed.map(winPending)),
  ];
}
