/**
 * Logons on the staff workstations: morning interactive logons (a few after a mistyped password),
 * special logons for admins, userinit and explorer starting, after-lunch unlocks, and the
 * matching Kerberos network logons on DC01.
 */
import { DC01, userSid, WORKSTATIONS } from './entities.ts';
import { sortedStream } from './merge.ts';
import type { Rng } from './random.ts';
import { atClock, type DayWindow, HOUR } from './schedule.ts';
import type { Pending } from './types.ts';
import { domainUser, logonIdOf, newProc, stableProc, sysmonProcessCreate } from './windows-events.ts';
import { type WinEvent, winPending } from './windows-render.ts';
import { sec4624, sec4625, sec4672 } from './windows-security.ts';

export function workstationLogons(rng: Rng, window: DayWindow): Iterable<Pending> {
  const out: WinEvent[] = [];
  WORKSTATIONS.forEach((ws, i) => {
    const person = ws.owner;
    if (!person || (i * 7 + 3) % 10 === 0) return; // away today (see PRESENT)
    const user = person.user;
    const sid = userSid(user);
    const logonId = logonIdOf(ws, user);
    const t = atClock(window, Math.round(rng.normal(8.4, 0.45) * HOUR + rng.int(0, 59_999)));
    if (rng.chance(0.1)) {
      out.push(
        sec4625(t - rng.int(8000, 30000), ws, {
          user,
          logonType: 2,
          auth: 'Negotiate',
          ip: '127.0.0.1',
          port: 0,
          workstation: ws.name,
        }),
      );
    }
    out.push(
      sec4624(t, ws, {
        user,
        sid,
        logonType: 2,
        auth: 'Negotiate',
        ip: '127.0.0.1',
        port: 0,
        workstation: ws.name,
        logonId,
      }),
    );
    if (person.admin) out.push(sec4672(t + 1, ws, user, sid, logonId));
    const userinit = newProc(rng, ws, 'userinit', 'C:\\Windows\\system32\\userinit.exe', domainUser(user));
    const explorer = stableProc(ws, 'explorer', domainUser(user));
    out.push(sysmonProcessCreate(t + 900, userinit, stableProc(ws, 'services')));
    out.push(sysmonProcessCreate(t + 1400, explorer, userinit));
    const dcLogon = logonIdOf(DC01, `${user}:${i}`);
    out.push(
      sec4624(t - 300, DC01, {
        user,
        sid,
        logonType: 3,
        auth: 'Kerberos',
        ip: ws.ip,
        port: rng.int(49152, 65535),
        workstation: '-',
        logonId: dcLogon,
      }),
    );
    const unlock = atClock(window, Math.round(rng.normal(13.3, 0.4) * HOUR + rng.int(0, 59_999)));
    if (Math.abs(unlock - t) > 2 * HOUR && rng.chance(0.85)) {
      out.push(
        sec4624(unlock, ws, {
          user,
          sid,
          logonType: 7,
          auth: 'Negotiate',
          ip: '127.0.0.1',
          port: 0,
          workstation: ws.name,
          logonId: logonIdOf(ws, `${user}:unlock`),
        }),
      );
    }
    if (rng.chance(0.3)) {
      const late = atClock(window, Math.round(rng.normal(16, 1) * HOUR));
      out.push(
        sec4624(late, DC01, {
          user,
          sid,
          logonType: 3,
          auth: 'Kerberos',
          ip: ws.ip,
          port: rng.int(49152, 65535),
          workstation: '-',
          logonId: logonIdOf(DC01, `${user}:late`),
        }),
      );
    }
  });
  return sortedStream(out.filter((e) => e.time >= window.start && e.time < window.end).map(winPending));
}
