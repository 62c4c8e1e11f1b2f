/**
 * Linux syslog messages as the daemons write them (sshd, sudo, pam_unix, CRON, systemd,
 * useradd/usermod/passwd, kernel UFW, audisp), framed as RFC 3164 records of 'linux-syslog'.
 * Times are whole seconds.
 */
import { pri, rfc3164 } from './syslog.ts';
import type { Pending } from './types.ts';
import { ready } from './types.ts';

export const LINUX_SOURCE = 'linux-syslog';

export function line(
  time: number,
  host: string,
  priority: number,
  tag: string,
  pid: number | null,
  msg: string,
): Pending {
  return ready({
    format: 'syslog',
    source: LINUX_SOURCE,
    raw: rfc3164(priority, time, host, tag, pid, msg),
    time,
  });
}

const AUTH_INFO = pri('auth', 'info');
const AUTHPRIV_INFO = pri('authpriv', 'info');
const AUTHPRIV_NOTICE = pri('authpriv', 'notice');

export const uidOf = (user: string): number =>
  user === 'root' ? 0 : 1000 + ([...user].reduce((a, c) => a + c.charCodeAt(0), 0) % 200);

export function sshAccepted(
  time: number,
  host: string,
  pid: number,
  user: string,
  ip: string,
  port: number,
  method: 'publickey' | 'password',
  keyFingerprint?: string,
): Pending {
  const suffix = method === 'publickey' ? `: ED25519 SHA256:${keyFingerprint ?? 'n/a'}` : '';
  return line(
    time,
    host,
    AUTH_INFO,
    'sshd',
    pid,
    `Accepted ${method} for ${user} from ${ip} port ${port} ssh2${suffix}`,
  );
}

export function sshSessionOpened(time: number, host: string, pid: number, user: string): Pending {
  return line(
    time,
    host,
    AUTHPRIV_INFO,
    'sshd',
    pid,
    `pam_unix(sshd:session): session opened for user ${user}(uid=${uidOf(user)}) by (uid=0)`,
  );
}

export function sshSessionClosed(time: number, host: string, pid: number, user: string): Pending {
  return line(
    time,
    host,
    AUTHPRIV_INFO,
    'sshd',
    pid,
    `pam_unix(sshd:session): session closed for user ${user}`,
  );
}

export function sshFailed(
  time: number,
  host: string,
  pid: number,
  user: string,
  ip: string,
  port: number,
  invalid: boolean,
): Pending {
  const who = invalid ? `invalid user ${user}` : user;
  return line(time, host, AUTH_INFO, 'sshd', pid, `Failed password for ${who} from ${ip} port ${port} ssh2`);
}

export function sshInvalidUser(
  time: number,
  host: string,
  pid: number,
  user: string,
  ip: string,
  port: number,
): Pending {
  return line(time, host, AUTH_INFO, 'sshd', pid, `Invalid user ${user} from ${ip} port ${port}`);
}

export function sshClosedPreauth(
  time: number,
  host: string,
  pid: number,
  user: string,
  ip: string,
  port: number,
  invalid: boolean,
): Pending {
  const who = invalid ? `invalid user ${user}` : `authenticating user ${user}`;
  return line(time, host, AUTH_INFO, 'sshd', pid, `Connection closed by ${who} ${ip} port ${port} [preauth]`);
}

export function logindNewSession(time: number, host: string, session: number, user: string): Pending {
  return line(time, host, AUTH_INFO, 'systemd-logind', 612, `New session ${session} of user ${user}.`);
}

export function sudo(
  time: number,
  host: string,
  user: string,
  tty: string,
  pwd: string,
  command: string,
  runAs = 'root',
): Pending[] {
  return [
    line(
      time,
      host,
      AUTHPRIV_NOTICE,
      'sudo',
      null,
      `${user} : TTY=${tty} ; PWD=${pwd} ; USER=${runAs} ; COMMAND=${command}`,
    ),
    line(
      time,
      host,
      AUTHPRIV_INFO,
      'sudo',
      null,
      `pam_unix(sudo:session): session opened for user ${runAs}(uid=${uidOf(runAs)}) by ${user}(uid=${uidOf(user)})`,
    ),
  ];
}

export function sudoClosed(time: number, host: string, runAs = 'root'): Pending {
  return line(
    time,
    host,
    AUTHPRIV_INFO,
    'sudo',
    null,
    `pam_unix(sudo:session): session closed for user ${runAs}`,
  );
}

export function cron(
  time: number,
  host: string,
  pid: number,
  user: string,
  command: string,
  duration: number,
): Pending[] {
  const p = pri('cron', 'info');
  return [
    line(
      time,
      host,
      AUTHPRIV_INFO,
      'CRON',
      pid,
      `pam_unix(cron:session): session opened for user ${user}(uid=${uidOf(user)}) by (uid=0)`,
    ),
    line(time, host, p, 'CRON', pid, `(${user}) CMD (${command})`),
    line(
      time + duration,
      host,
      AUTHPRIV_INFO,
      'CRON',
      pid,
      `pam_unix(cron:session): session closed for user ${user}`,
    ),
  ];
}

export function systemdUnit(
  time: number,
  host: string,
  unit: string,
  description: string,
  duration: number,
): Pending[] {
  const p = pri('daemon', 'info');
  return [
    line(time, host, p, 'systemd', 1, `Starting ${unit} - ${description}...`),
    line(time + duration, host, p, 'systemd', 1, `${unit}: Deactivated successfully.`),
    line(time + duration, host, p, 'systemd', 1, `Finished ${unit} - ${description}.`),
  ];
}

/** useradd's own lines for a new account with its own group. */
export function useradd(
  time: number,
  host: string,
  pid: number,
  user: string,
  uid: number,
  tty: string,
): Pending[] {
  const p = pri('authpriv', 'info');
  return [
    line(time, host, p, 'groupadd', pid - 1, `group added to /etc/group: name=${user}, GID=${uid}`),
    line(time, host, p, 'groupadd', pid - 1, `new group: name=${user}, GID=${uid}`),
    line(
      time + 1000,
      host,
      p,
      'useradd',
      pid,
      `new user: name=${user}, UID=${uid}, GID=${uid}, home=/home/${user}, shell=/bin/bash, from=${tty}`,
    ),
  ];
}

export function usermodAddGroup(
  time: number,
  host: string,
  pid: number,
  user: string,
  group: string,
): Pending[] {
  const p = pri('authpriv', 'info');
  return [
    line(time, host, p, 'usermod', pid, `add '${user}' to group '${group}'`),
    line(time, host, p, 'usermod', pid, `add '${user}' to shadow group '${group}'`),
  ];
}

export function passwdChanged(time: number, host: string, pid: number, user: string): Pending {
  return line(
    time,
    host,
    pri('authpriv', 'notice'),
    'passwd',
    pid,
    `pam_unix(passwd:chauthtok): password changed for ${user}`,
  );
}

/** An audisp-syslog record; `auditMs` is the kernel's event time (same second as the line). */
export function audit(
  time: number,
  host: string,
  auditMs: number,
  serial: number,
  type: string,
  body: string,
): Pending {
  const stamp = `${Math.floor(auditMs / 1000)}.${String(auditMs % 1000).padStart(3, '0')}`;
  return line(
    time,
    host,
    pri('user', 'info'),
    'audisp-syslog',
    1422,
    `type=${type} msg=audit(${stamp}:${serial}): ${body}`,
  );
}

export function ufwBlock(
  time: number,
  host: string,
  uptime: number,
  src: string,
  dst: string,
  spt: number,
  dpt: number,
): Pending {
  const up = uptime.toFixed(6).padStart(12, ' ');
  const msg = `[${up}] [UFW BLOCK] IN=eth0 OUT= MAC=00:50:56:a1:3c:7e:00:1c:73:00:00:99:08:00 SRC=${src} DST=${dst} LEN=44 TOS=0x00 PREC=0x00 TTL=${40 + (spt % 20)} ID=${spt % 65000} PROTO=TCP SPT=${spt} DPT=${dpt} WINDOW=1024 RES=0x00 SYN URGP=0`;
  return line(time, host, pri('kern', 'warning'), 'kernel', null, msg);
}
