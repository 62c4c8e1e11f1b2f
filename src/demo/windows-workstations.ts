/**
 * Background telemetry of the 40 staff workstations (winlogbeat) during the day: applications
 * and housekeeping processes (windows-apps.ts), browsing (Sysmon 22 + 3), downloads and mail
 * attachments (Sysmon 11), and registry writes (Sysmon 13). Quiet hours are mostly SYSTEM.
 */
import { PEOPLE, type Person, SERVICES, userSid, type WinHost, WORKSTATIONS } from './entities.ts';
import { activityStream } from './merge.ts';
import type { Rng } from './random.ts';
import { arrivals, type DayWindow, HOUR, officeProfile } from './schedule.ts';
import type { Pending } from './types.ts';
import { appLaunch, DOWNLOADS, systemProcess } from './windows-apps.ts';
import { BIN, type BinKey } from './windows-catalog.ts';
import {
  domainUser,
  stableProc,
  sysmonDns,
  sysmonFileCreate,
  sysmonNetwork,
  sysmonRegistrySet,
} from './windows-events.ts';
import { type WinEvent, winPending } from './windows-render.ts';

/** Workstations in use today (four owners are away). */
export const PRESENT = WORKSTATIONS.filter((_, i) => (i * 7 + 3) % 10 !== 0);

function browse(rng: Rng, t: number, ws: WinHost, person: Person): WinEvent[] {
  const key = rng.weighted<BinKey>([
    ['chrome', 6],
    ['msedge', 2],
    ['teams', 1],
    ['outlook', 1],
    ['onedrive', 1],
  ]);
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
    [
      () => [
        sysmonFileCreate(
          t,
          stableProc(ws, 'onedrive', du),
          `${home}\\OneDrive - Northwind Labs\\Documents\\${file}`,
        ),
      ],
      3,
    ],
    [
      () => [
        sysmonFileCreate(
          t,
          stableProc(ws, 'winword', du),
          `${home}\\AppData\\Roaming\\Microsoft\\Word\\~WRL${rng.int(1000, 9999)}.tmp`,
        ),
      ],
      1,
    ],
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
        return [
          sysmonRegistrySet(
            t,
            p,
            `HKLM\\System\\CurrentControlSet\\Services\\${svc}\\Start`,
            `DWORD (0x0000000${rng.pick([2, 3, 4])})`,
          ),
        ];
      },
      4,
    ],
    [
      () => {
        const p = stableProc(ws, 'onedrive', du);
        return [
          sysmonRegistrySet(
            t,
            p,
            `${hku}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDrive`,
            `"${BIN.onedrive.image}" /background`,
          ),
        ];
      },
      1,
    ],
    [
      () => {
        const p = stableProc(ws, 'msmpeng');
        return [
          sysmonRegistrySet(
            t,
            p,
            'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates\\SignaturesLastUpdated',
            'Binary Data',
          ),
        ];
      },
      2,
    ],
  ])();
}

/** The workstations' office-hours activity stream. */
export function workstationActivity(rng: Rng, window: DayWindow, scale: number): Iterable<Pending> {
  const act = (t: number): Pending[] => {
    const ws = rng.pick(PRESENT);
    const person = ws.owner ?? (PEOPLE[0] as Person);
    const hour = (t % (24 * HOUR)) / HOUR;
    const offHours = hour < 7 || hour >= 19;
    const kind =
      offHours && rng.chance(0.8)
        ? 'system'
        : rng.weighted([
            ['app', 28],
            ['browse', 30],
            ['file', 14],
            ['registry', 6],
            ['system', 16],
          ] as const);
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
  return activityStream(arrivals(rng, window, 3000 * scale, officeProfile), act, window.end);
}

/** Morning logons (a few typos first), admin special logons, after-lunch unlocks; DC01 sees Kerberos. */
